// Where each Gluster volume is FUSE-mounted on the hypervisors. Configured mounts win; for the
// others the path is read off the VMs' disks: a disk under a directory named after the volume
// (/var/lib/libvirt/images/vmstore/web-01.qcow2) shows the volume mounted at that directory.
import type { SharedMountEntry } from '../../shared/api-parts/storage-api'

/** The directory named `volume` that holds `diskPath`, or undefined when no such directory holds it. */
function mountInPath(diskPath: string, volume: string): string | undefined {
  if (!diskPath.startsWith('/')) return undefined
  const segments = diskPath.split('/')
  // The last segment is the image file itself, never the mount point.
  for (let i = 1; i < segments.length - 1; i++) {
    if (segments[i] === volume) return segments.slice(0, i + 1).join('/')
  }
  return undefined
}

/** The most common mount path per volume among the disk paths; ties go to the shorter path. */
export function deriveSharedMounts(volumes: readonly string[], diskPaths: readonly string[]): SharedMountEntry[] {
  const mounts: SharedMountEntry[] = []
  for (const volume of volumes) {
    const counts = new Map<string, number>()
    for (const disk of diskPaths) {
      const mount = mountInPath(disk, volume)
      if (mount !== undefined) counts.set(mount, (counts.get(mount) ?? 0) + 1)
    }
    const best = [...counts].sort(([pathA, a], [pathB, b]) => b - a || pathA.length - pathB.length)[0]
    if (best) mounts.push({ volume, mountPath: best[0], source: 'vm-disks', disks: best[1] })
  }
  return mounts
}

/** Configured mounts, then derived ones for the volumes no setting covers. */
export function mergeSharedMounts(configured: readonly { volume: string; mountPath: string }[], derived: readonly SharedMountEntry[]): SharedMountEntry[] {
  const set = new Set(configured.map((mount) => mount.volume))
  return [...configured.map((mount) => ({ volume: mount.volume, mountPath: mount.mountPath.replace(/\/+$/, '') || '/', source: 'setting' as const })), ...derived.filter((mount) => !set.has(mount.volume))]
}
