import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ParseError } from '../../../../../src/main/probes/parse-error'
import { parseVirshDomstats, virshDomstatsCommand } from '../../../../../src/main/probes/libvirt/virsh-domstats'

const fixture = (path: string): string => readFileSync(new URL(`../../../../fixtures/${path}`, import.meta.url), 'utf8')

describe('parseVirshDomstats', () => {
  it('reads both QEMU guests with typed figures', () => {
    const { domains } = parseVirshDomstats(fixture('libvirt/qemu.virsh-domstats-raw.txt'))
    expect(domains.map((domain) => domain.name)).toEqual(['lab-vm1', 'lab-vm2'])
    const [vm1, vm2] = domains
    expect(vm1).toMatchObject({
      state: 1,
      stateName: 'running',
      cpuTimeNs: 1729866000,
      balloonCurrentKiB: 65536,
      balloonMaximumKiB: 65536,
      vcpuCurrent: 1,
      vcpuMaximum: 1,
      nets: []
    })
    expect(vm1?.blocks).toEqual([
      {
        index: 0,
        name: 'vda',
        path: '/tmp/lab/run/libvirt/lab-vm1.qcow2',
        readBytes: 512,
        writeBytes: 0,
        readRequests: 1,
        writeRequests: 0,
        capacityBytes: 67108864,
        allocationBytes: 0,
        physicalBytes: 204800
      }
    ])
    expect(vm2).toMatchObject({ cpuTimeNs: 409518000, blocks: [{ path: '/tmp/lab/run/libvirt/lab-vm2.qcow2' }] })
    expect(vm2?.stats['balloon.rss']).toBe(45236)
  })

  it('keeps every statistic, numbers as numbers and words as strings', () => {
    const [vm1] = parseVirshDomstats(fixture('libvirt/qemu.virsh-domstats.txt')).domains
    expect(vm1?.stats['cpu.time']).toBe(1735278000)
    expect(vm1?.stats['vcpu.0.halt_wait_ns.sum']).toBe(5249101886)
    expect(vm1?.stats['vcpu.0.blocking.cur']).toBe('no')
    expect(vm1?.stats['dirtyrate.calc_mode']).toBe('page-sampling')
    expect(vm1?.stats['vm.pages_1g.cur']).toBe(0)
  })

  it('reads the test driver, which reports only the state', () => {
    expect(parseVirshDomstats(fixture('libvirt/virsh-domstats-raw.txt')).domains).toEqual([
      { name: 'test', stats: { 'state.state': 1, 'state.reason': 0 }, state: 1, stateName: 'running', cpuTimeNs: null, balloonCurrentKiB: null, balloonMaximumKiB: null, vcpuCurrent: null, vcpuMaximum: null, blocks: [], nets: [] }
    ])
    const states = parseVirshDomstats(fixture('libvirt/testdriver-probe.domstats-raw.txt')).domains.map((domain) => [domain.name, domain.stateName])
    expect(states).toEqual([
      ['web-01', 'running'],
      ['db 02', 'shut off'],
      ['batch-03', 'paused']
    ])
  })

  it('reads the blank line of a host without domains as an empty list', () => {
    expect(parseVirshDomstats(fixture('libvirt/testdriver-empty.domstats-raw.txt'))).toEqual({ domains: [] })
  })

  it('refuses zero bytes, orphan statistics, damaged numeric keys and repeats', () => {
    const text = fixture('libvirt/qemu.virsh-domstats-raw.txt')
    expect(() => parseVirshDomstats('')).toThrow(ParseError)
    expect(() => parseVirshDomstats('  state.state=1\n')).toThrow(/before any "Domain:" line at line 1/)
    expect(() => parseVirshDomstats(text.replace('cpu.time=1729866000', 'cpu.time=x'))).toThrow(/cpu.time must be a number at line 4/)
    expect(() => parseVirshDomstats(text.replace('  state.reason=1\n', '  state.state=1\n'))).toThrow(/state.state appears twice/)
    expect(() => parseVirshDomstats("Domain: 'lab-v")).toThrow(/line 1/)
  })

  it('asks for raw numbers', () => {
    expect(virshDomstatsCommand()).toEqual(['env', 'LC_ALL=C', 'virsh', 'domstats', '--raw'])
  })
})
