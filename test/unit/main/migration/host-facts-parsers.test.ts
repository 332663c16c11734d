import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseHostCpuModel, virshCapabilitiesCommand } from '../../../../src/main/migration/host-cpu-model'
import { parseProcMounts } from '../../../../src/main/migration/proc-mounts'
import { ParseError } from '../../../../src/main/probes/parse-error'

const own = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8')
const libvirt = (name: string) => readFileSync(join(__dirname, '..', '..', '..', 'fixtures', 'libvirt', name), 'utf8')

describe('parseProcMounts', () => {
  it('reads every mount point with its filesystem type from a real /proc/mounts', () => {
    const mounts = parseProcMounts(own('proc-mounts-debian12-container.txt'))
    expect(mounts).toHaveLength(12)
    expect(mounts[0]).toEqual({ mountPoint: '/proc', fsType: 'proc' })
    expect(mounts).toContainEqual({ mountPoint: '/', fsType: 'ext4' })
    expect(mounts).toContainEqual({ mountPoint: '/sys/fs/cgroup/cpu', fsType: 'cgroup' })
  })

  it('sees the Gluster FUSE mount and decodes the kernel’s octal escapes in paths', () => {
    expect(parseProcMounts(own('proc-mounts-gluster-lines.txt'))).toEqual([
      { mountPoint: '/var/lib/libvirt/images/vmstore', fsType: 'fuse.glusterfs' },
      { mountPoint: '/srv/vm images', fsType: 'ext4' }
    ])
  })

  it('refuses garbage and empty output instead of reporting no mounts', () => {
    expect(() => parseProcMounts('')).toThrow(ParseError)
    expect(() => parseProcMounts('cat: /proc/mounts: No such file or directory\n')).toThrow(/expected "source mountpoint fstype/)
    expect(() => parseProcMounts('/dev/vda / ext4\n')).toThrow(/line 1/)
    expect(() => parseProcMounts('\u0000\u0001\u0002 / ext4 rw 0 0\n')).toThrow(/binary/)
  })
})

describe('parseHostCpuModel', () => {
  it('names no model for the test driver’s host CPU (libvirt gives none)', () => {
    expect(parseHostCpuModel(libvirt('virsh-capabilities.xml'))).toBeNull()
  })

  it('reads the model of a real QEMU host (the capture closed after its CPU features)', () => {
    const head = libvirt('qemu.virsh-capabilities.head60.xml')
    expect(parseHostCpuModel(`${head}    </cpu>\n  </host>\n</capabilities>\n`)).toBe('Broadwell')
  })

  it('refuses a cut-off document and virsh errors with their words', () => {
    expect(() => parseHostCpuModel(libvirt('qemu.virsh-capabilities.head60.xml'))).toThrow(/not well-formed/)
    expect(() => parseHostCpuModel("error: failed to connect to the hypervisor\n")).toThrow(/virsh reported failed to connect/)
    expect(() => parseHostCpuModel('<domain/>')).toThrow(/not <capabilities>/)
  })

  it('asks virsh in the C locale, with the site’s URI when it has one', () => {
    expect(virshCapabilitiesCommand()).toEqual(['env', 'LC_ALL=C', 'virsh', 'capabilities'])
    expect(virshCapabilitiesCommand('qemu:///system')).toEqual(['env', 'LC_ALL=C', 'virsh', '-c', 'qemu:///system', 'capabilities'])
  })
})
