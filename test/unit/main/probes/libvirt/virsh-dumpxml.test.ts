import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ParseError } from '../../../../../src/main/probes/parse-error'
import { parseVirshDumpxml, virshDumpxmlCommand } from '../../../../../src/main/probes/libvirt/virsh-dumpxml'

const fixture = (path: string): string => readFileSync(new URL(`../../../../fixtures/${path}`, import.meta.url), 'utf8')

describe('parseVirshDumpxml', () => {
  it('reads the test driver domain', () => {
    expect(parseVirshDumpxml(fixture('libvirt/virsh-dumpxml-test.xml'))).toEqual({
      type: 'test',
      id: 1,
      name: 'test',
      uuid: '6695eb01-f6a4-8304-79aa-97f2502e193f',
      memoryKiB: 8388608,
      currentMemoryKiB: 2097152,
      vcpus: 2,
      vcpusCurrent: 2,
      cpu: null,
      disks: [{ device: 'disk', type: 'file', target: 'vda', source: '/guest/diskimage1', driverType: null }]
    })
  })

  it('reads the head -40 capture of the test domain, which is whole because the XML is shorter', () => {
    expect(parseVirshDumpxml(fixture('libvirt/virsh-dumpxml-test.head40.xml')).name).toBe('test')
  })

  it('builds a gluster:// URL for a network disk and keeps block paths and empty drives', () => {
    const domain = parseVirshDumpxml(fixture('libvirt/testdriver-probe.dumpxml-web-01.xml'))
    expect(domain).toMatchObject({ name: 'web-01', memoryKiB: 4194304, currentMemoryKiB: 2097152, vcpus: 4, vcpusCurrent: 2, cpu: { mode: 'host-model', model: null } })
    expect(domain.disks).toEqual([
      { device: 'disk', type: 'network', target: 'vda', source: 'gluster://hv-01:24007/vmstore/web-01.qcow2', driverType: 'qcow2' },
      { device: 'disk', type: 'block', target: 'vdb', source: '/dev/vg0/web-01 data', driverType: 'raw' },
      { device: 'cdrom', type: 'file', target: 'sda', source: null, driverType: 'raw' }
    ])
  })

  it('refuses the truncated QEMU dump instead of returning half a domain', () => {
    expect(() => parseVirshDumpxml(fixture('libvirt/qemu.virsh-dumpxml-lab-vm1.head40.xml'))).toThrow(
      /virsh dumpxml: the document ends before <domain> in <devices> in <controller> is closed \(truncated output\?\) at line 40/
    )
  })

  it('refuses other XML documents, HTML and empty output', () => {
    expect(() => parseVirshDumpxml(fixture('libvirt/virsh-capabilities.xml'))).toThrow(/root element is not <domain>/)
    expect(() => parseVirshDumpxml(fixture('libvirt/virsh-capabilities.head60.xml'))).toThrow(/truncated/)
    expect(() => parseVirshDumpxml('<html><body><h1>502 Bad Gateway</h1><hr></body></html>')).toThrow(ParseError)
    expect(() => parseVirshDumpxml('')).toThrow(/empty output/)
  })

  it('converts memory units and reads volume disks and CPU models', () => {
    const xml = `<domain type='kvm'>
  <name>vol-vm</name>
  <uuid>55555555-5555-4555-8555-555555555555</uuid>
  <memory unit='GiB'>2</memory>
  <vcpu>1</vcpu>
  <cpu mode='custom'><model fallback='forbid'>Broadwell</model></cpu>
  <devices><disk type='volume' device='disk'><source pool='vmstore' volume='vol-vm.qcow2'/><target dev='vda'/></disk></devices>
</domain>`
    expect(parseVirshDumpxml(xml)).toMatchObject({ id: null, memoryKiB: 2 * 1024 * 1024, currentMemoryKiB: 2 * 1024 * 1024, cpu: { mode: 'custom', model: 'Broadwell' }, disks: [{ source: 'vmstore/vol-vm.qcow2' }] })
    expect(() => parseVirshDumpxml(xml.replace("unit='GiB'", "unit='parsecs'"))).toThrow(/unknown unit "parsecs"/)
    expect(() => parseVirshDumpxml(xml.replace('<vcpu>1</vcpu>', '<vcpu>x</vcpu>'))).toThrow(/<vcpu> is not a whole number/)
  })

  it('dumps the domain by --domain', () => {
    expect(virshDumpxmlCommand('web-01')).toEqual(['env', 'LC_ALL=C', 'virsh', 'dumpxml', '--domain', 'web-01'])
  })
})
