import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ParseError } from '../../../../../src/main/probes/parse-error'
import { parseVirshList, virshListCommand } from '../../../../../src/main/probes/libvirt/virsh-list'

const fixture = (path: string): string => readFileSync(new URL(`../../../../fixtures/${path}`, import.meta.url), 'utf8')

describe('parseVirshList', () => {
  it('reads the two running QEMU guests', () => {
    expect(parseVirshList(fixture('libvirt/qemu.virsh-list-all.txt'))).toEqual({
      domains: [
        { id: 2, name: 'lab-vm2', state: 'running' },
        { id: 3, name: 'lab-vm1', state: 'running' }
      ]
    })
  })

  it('reads the test driver hosts', () => {
    expect(parseVirshList(fixture('libvirt/virsh-list-all.txt')).domains).toEqual([{ id: 1, name: 'test', state: 'running' }])
    expect(parseVirshList(fixture('libvirt/testdriver-custom-node.list-all.txt')).domains.map((domain) => domain.name)).toEqual(['web-01', 'db-01'])
  })

  it('gives a shut-off domain a null id and keeps two-word states and names with spaces', () => {
    expect(parseVirshList(fixture('libvirt/testdriver-probe.list-all.txt')).domains).toEqual([
      { id: 1, name: 'web-01', state: 'running' },
      { id: 2, name: 'batch-03', state: 'paused' },
      { id: null, name: 'db 02', state: 'shut off' }
    ])
  })

  it('reads a host without domains, which prints only the header, as an empty list', () => {
    expect(parseVirshList(fixture('libvirt/testdriver-empty.list-all.txt'))).toEqual({ domains: [] })
  })

  it('refuses empty output, a missing header, damaged ids and virsh errors', () => {
    const text = fixture('libvirt/qemu.virsh-list-all.txt')
    expect(() => parseVirshList('')).toThrow(ParseError)
    expect(() => parseVirshList(text.split('\n').slice(2).join('\n'))).toThrow(/"Id Name State" header at line 1/)
    expect(() => parseVirshList(text.replace(' 2    lab-vm2', ' x    lab-vm2'))).toThrow(/Id is not a whole number.*line 3/)
    expect(() => parseVirshList(fixture('libvirt/testdriver-probe.dominfo-missing.txt'))).toThrow(/virsh reported failed to get domain/)
  })

  it('lists all domains in the C locale, optionally against another URI', () => {
    expect(virshListCommand()).toEqual(['env', 'LC_ALL=C', 'virsh', 'list', '--all'])
    expect(virshListCommand('qemu:///system')).toEqual(['env', 'LC_ALL=C', 'virsh', '-c', 'qemu:///system', 'list', '--all'])
  })
})
