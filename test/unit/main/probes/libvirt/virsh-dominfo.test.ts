import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ParseError } from '../../../../../src/main/probes/parse-error'
import { parseVirshDominfo, virshDominfoCommand } from '../../../../../src/main/probes/libvirt/virsh-dominfo'

const fixture = (path: string): string => readFileSync(new URL(`../../../../fixtures/${path}`, import.meta.url), 'utf8')

describe('parseVirshDominfo', () => {
  it('reads the real QEMU guest lab-vm1', () => {
    expect(parseVirshDominfo(fixture('libvirt/qemu.virsh-dominfo-lab-vm1.txt'))).toEqual({
      id: 3,
      name: 'lab-vm1',
      uuid: '176d779a-b00d-4fce-a8a8-324bc29d9bec',
      osType: 'hvm',
      state: 'running',
      vcpus: 1,
      cpuTimeSeconds: 1.7,
      maxMemoryKiB: 65536,
      usedMemoryKiB: 65536,
      persistent: true,
      autostart: false,
      managedSave: false
    })
  })

  it('reads the test driver domains, whose memory differs from their maximum', () => {
    expect(parseVirshDominfo(fixture('libvirt/virsh-dominfo-test.txt'))).toMatchObject({ id: 1, name: 'test', vcpus: 2, maxMemoryKiB: 8388608, usedMemoryKiB: 2097152, cpuTimeSeconds: 1796310816.2 })
    expect(parseVirshDominfo(fixture('libvirt/testdriver-custom-node.dominfo-db-01.txt'))).toMatchObject({ id: 2, name: 'db-01', vcpus: 8, maxMemoryKiB: 16777216 })
    expect(parseVirshDominfo(fixture('libvirt/testdriver-probe.dominfo-batch-03.txt'))).toMatchObject({ name: 'batch-03', state: 'paused', usedMemoryKiB: 1048576 })
  })

  it('reads a shut-off domain with no id', () => {
    expect(parseVirshDominfo(fixture('libvirt/testdriver-probe.dominfo-db-02.txt'))).toMatchObject({ id: null, name: 'db 02', state: 'shut off', maxMemoryKiB: 2097152 })
  })

  it('leaves cpuTimeSeconds out when virsh prints no CPU time', () => {
    const text = fixture('libvirt/qemu.virsh-dominfo-lab-vm1.txt').replace(/^CPU time:.*\n/m, '')
    expect(parseVirshDominfo(text)).not.toHaveProperty('cpuTimeSeconds')
  })

  it('refuses empty output, virsh errors, missing and damaged fields', () => {
    const text = fixture('libvirt/qemu.virsh-dominfo-lab-vm1.txt')
    expect(() => parseVirshDominfo('')).toThrow(ParseError)
    expect(() => parseVirshDominfo(fixture('libvirt/testdriver-probe.dominfo-missing.txt'))).toThrow(/virsh dominfo: virsh reported failed to get domain 'no-such-vm'/)
    expect(() => parseVirshDominfo(text.replace(/^Used memory:.*\n/m, ''))).toThrow(/"Used memory" is missing/)
    expect(() => parseVirshDominfo(text.replace('Max memory:     65536 KiB', 'Max memory:     x KiB'))).toThrow(/Max memory is not "N KiB" at line 8/)
    expect(() => parseVirshDominfo(text.replace('Persistent:     yes', 'Persistent:     maybe'))).toThrow(/Persistent is neither yes nor no/)
    expect(() => parseVirshDominfo(`${text}Name:           other\n`)).toThrow(/Name appears twice/)
  })

  it('names the domain with --domain so a name cannot pass for an option', () => {
    expect(virshDominfoCommand('-rf')).toEqual(['env', 'LC_ALL=C', 'virsh', 'dominfo', '--domain', '-rf'])
  })
})
