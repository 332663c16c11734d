import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ParseError } from '../../../../../src/main/probes/parse-error'
import { parseVirshNodeinfo, virshNodeinfoCommand } from '../../../../../src/main/probes/libvirt/virsh-nodeinfo'

const fixture = (path: string): string => readFileSync(new URL(`../../../../fixtures/${path}`, import.meta.url), 'utf8')

describe('parseVirshNodeinfo', () => {
  it('reads the real QEMU host', () => {
    expect(parseVirshNodeinfo(fixture('libvirt/qemu.virsh-nodeinfo.txt'))).toEqual({
      cpuModel: 'x86_64',
      cpus: 2,
      mhz: 2600,
      sockets: 1,
      coresPerSocket: 2,
      threadsPerCore: 1,
      numaCells: 1,
      memoryKiB: 5859144
    })
  })

  it('reads the test driver hosts', () => {
    expect(parseVirshNodeinfo(fixture('libvirt/virsh-nodeinfo.txt'))).toEqual({ cpuModel: 'i686', cpus: 16, mhz: 1400, sockets: 2, coresPerSocket: 2, threadsPerCore: 2, numaCells: 2, memoryKiB: 3145728 })
    expect(parseVirshNodeinfo(fixture('libvirt/testdriver-custom-node.nodeinfo.txt'))).toMatchObject({ cpus: 32, sockets: 2, coresPerSocket: 8, threadsPerCore: 2, memoryKiB: 134217728 })
  })

  it('refuses empty output and damaged or missing fields', () => {
    const text = fixture('libvirt/qemu.virsh-nodeinfo.txt')
    expect(() => parseVirshNodeinfo('')).toThrow(ParseError)
    expect(() => parseVirshNodeinfo(text.replace('2600 MHz', '2600 GHz'))).toThrow(/CPU frequency is not "N MHz" at line 3/)
    expect(() => parseVirshNodeinfo(text.replace(/^NUMA.*\n/m, ''))).toThrow(/"NUMA cell\(s\)" is missing/)
    expect(() => parseVirshNodeinfo('<html><body>502 Bad Gateway</body></html>\n')).toThrow(/expected "Label: value"/)
  })

  it('runs virsh nodeinfo in the C locale', () => {
    expect(virshNodeinfoCommand()).toEqual(['env', 'LC_ALL=C', 'virsh', 'nodeinfo'])
  })
})
