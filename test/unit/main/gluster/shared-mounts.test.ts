import { describe, expect, it } from 'vitest'
import { deriveSharedMounts, mergeSharedMounts } from '../../../../src/main/gluster/shared-mounts'

describe('deriveSharedMounts', () => {
  it('reads the mount off disks under a directory named after the volume, the most common path winning', () => {
    const disks = [
      '/var/lib/libvirt/images/vmstore/web-01.qcow2',
      '/var/lib/libvirt/images/vmstore/db-01-data.qcow2',
      '/mnt/vmstore/old.qcow2',
      '/var/lib/libvirt/images/local/vmstore.qcow2',
      'vmstore/network-disk.qcow2'
    ]
    expect(deriveSharedMounts(['vmstore', 'backups'], disks)).toEqual([{ volume: 'vmstore', mountPath: '/var/lib/libvirt/images/vmstore', source: 'vm-disks', disks: 2 }])
  })

  it('never takes the image file itself for the mount', () => {
    expect(deriveSharedMounts(['vmstore'], ['/srv/vmstore'])).toEqual([])
  })
})

describe('mergeSharedMounts', () => {
  it('lets a configured mount override the derived one and keeps derived ones for other volumes', () => {
    const derived = deriveSharedMounts(['vmstore', 'scratch'], ['/var/lib/libvirt/images/vmstore/a.qcow2', '/data/scratch/b.img'])
    expect(mergeSharedMounts([{ volume: 'vmstore', mountPath: '/gluster/vmstore/' }], derived)).toEqual([
      { volume: 'vmstore', mountPath: '/gluster/vmstore', source: 'setting' },
      { volume: 'scratch', mountPath: '/data/scratch', source: 'vm-disks', disks: 1 }
    ])
  })
})
