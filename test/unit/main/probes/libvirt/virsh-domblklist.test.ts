import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ParseError } from '../../../../../src/main/probes/parse-error'
import { parseVirshDomblklist, virshDomblklistCommand } from '../../../../../src/main/probes/libvirt/virsh-domblklist'

const fixture = (path: string): string => readFileSync(new URL(`../../../../fixtures/${path}`, import.meta.url), 'utf8')

describe('parseVirshDomblklist', () => {
  it('reads the detailed list of the test domain', () => {
    expect(parseVirshDomblklist(fixture('libvirt/virsh-domblklist-details-test.txt'))).toEqual({
      disks: [{ type: 'file', device: 'disk', target: 'vda', source: '/guest/diskimage1' }]
    })
  })

  it('reads network, block (path with a space) and an empty cdrom', () => {
    expect(parseVirshDomblklist(fixture('libvirt/testdriver-probe.domblklist-details-web-01.txt')).disks).toEqual([
      { type: 'network', device: 'disk', target: 'vda', source: 'vmstore/web-01.qcow2' },
      { type: 'block', device: 'disk', target: 'vdb', source: '/dev/vg0/web-01 data' },
      { type: 'file', device: 'cdrom', target: 'sda', source: null }
    ])
  })

  it('reads the short form without --details from QEMU and the test driver', () => {
    expect(parseVirshDomblklist(fixture('libvirt/qemu.virsh-domblklist-lab-vm1.txt')).disks).toEqual([{ type: null, device: null, target: 'vda', source: '/tmp/lab/run/libvirt/lab-vm1.qcow2' }])
    expect(parseVirshDomblklist(fixture('libvirt/virsh-domblklist-test.txt')).disks).toEqual([{ type: null, device: null, target: 'vda', source: '/guest/diskimage1' }])
  })

  it('refuses empty output, another table and short rows', () => {
    expect(() => parseVirshDomblklist('')).toThrow(ParseError)
    expect(() => parseVirshDomblklist(fixture('libvirt/virsh-domiflist-test.txt'))).toThrow(/header at line 1/)
    expect(() => parseVirshDomblklist(' Type   Device   Target   Source\n------\n file   disk\n')).toThrow(/expected 4 columns at line 3/)
  })

  it('asks for the detailed form', () => {
    expect(virshDomblklistCommand('web-01')).toEqual(['env', 'LC_ALL=C', 'virsh', 'domblklist', '--domain', 'web-01', '--details'])
  })
})
