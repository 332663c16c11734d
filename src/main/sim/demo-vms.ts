// The demo site's production VMs: what a small hosting company runs on hvx-01/02 and the
// Atom pool. Disks live on the Gluster volume's FUSE mount, so every VM is live-migratable.
import type { LoadProfile } from './load-pattern'

export const VMSTORE_MOUNT = '/var/lib/libvirt/images/vmstore'

export type VmKind = 'web' | 'app' | 'db' | 'cache' | 'dns' | 'mail-relay' | 'monitoring' | 'backup-agent' | 'vpn' | 'git'

export interface VmSpec {
  name: string
  kind: VmKind
  vcpus: number
  memoryGiB: number
  /** The hypervisor (site host name) the VM runs on when the demo starts. */
  host: string
  /** Disk sizes in GiB; the first is the system disk (vda), others are data disks. */
  disksGiB: number[]
}

/** Daily shapes by role: web traffic peaks in the afternoon, backups at night. */
export const VM_PROFILES: Record<VmKind, LoadProfile> = {
  web: { base: 0.08, amplitude: 0.45, peakHour: 14, noise: 0.06 },
  app: { base: 0.06, amplitude: 0.35, peakHour: 13, noise: 0.05 },
  db: { base: 0.1, amplitude: 0.35, peakHour: 14.5, noise: 0.05 },
  cache: { base: 0.04, amplitude: 0.3, peakHour: 15, noise: 0.04 },
  dns: { base: 0.02, amplitude: 0.04, peakHour: 12, noise: 0.01 },
  'mail-relay': { base: 0.04, amplitude: 0.2, peakHour: 10, noise: 0.03 },
  monitoring: { base: 0.22, amplitude: 0.05, peakHour: 12, noise: 0.04 },
  'backup-agent': { base: 0.03, amplitude: 0.65, peakHour: 2, noise: 0.03 },
  vpn: { base: 0.02, amplitude: 0.1, peakHour: 10, noise: 0.02 },
  git: { base: 0.03, amplitude: 0.25, peakHour: 11, noise: 0.04 }
}

export const DEMO_VMS: readonly VmSpec[] = [
  { name: 'web-01', kind: 'web', vcpus: 4, memoryGiB: 8, host: 'hvx-01', disksGiB: [40] },
  { name: 'web-02', kind: 'web', vcpus: 4, memoryGiB: 8, host: 'hvx-01', disksGiB: [40] },
  { name: 'db-01', kind: 'db', vcpus: 4, memoryGiB: 8, host: 'hvx-01', disksGiB: [40, 200] },
  { name: 'app-01', kind: 'app', vcpus: 2, memoryGiB: 4, host: 'hvx-01', disksGiB: [30] },
  { name: 'db-02', kind: 'db', vcpus: 4, memoryGiB: 8, host: 'hvx-02', disksGiB: [40, 200] },
  { name: 'monitoring-01', kind: 'monitoring', vcpus: 2, memoryGiB: 4, host: 'hvx-02', disksGiB: [60] },
  { name: 'dns-01', kind: 'dns', vcpus: 1, memoryGiB: 1, host: 'hv-01', disksGiB: [10] },
  { name: 'mail-relay-01', kind: 'mail-relay', vcpus: 1, memoryGiB: 2, host: 'hv-01', disksGiB: [20] },
  { name: 'dns-02', kind: 'dns', vcpus: 1, memoryGiB: 1, host: 'hv-02', disksGiB: [10] },
  { name: 'backup-agent-01', kind: 'backup-agent', vcpus: 1, memoryGiB: 2, host: 'hv-02', disksGiB: [20] },
  { name: 'vpn-01', kind: 'vpn', vcpus: 1, memoryGiB: 1, host: 'hv-03', disksGiB: [10] },
  { name: 'cache-01', kind: 'cache', vcpus: 2, memoryGiB: 4, host: 'hv-03', disksGiB: [20] },
  { name: 'git-01', kind: 'git', vcpus: 2, memoryGiB: 4, host: 'hv-04', disksGiB: [80] }
]

const GENERATED_KINDS: readonly VmKind[] = ['web', 'app', 'db', 'cache', 'dns', 'git', 'vpn', 'web', 'app', 'mail-relay']

/**
 * Small customer VMs for a generated (or unplanned) hypervisor: about ten on an Atom, sized
 * so their daily peaks stay under the host's cores and memory.
 */
export function generatedVmSpecs(host: string, hostIndex: number, count: number): VmSpec[] {
  const tag = String(hostIndex).padStart(3, '0')
  return Array.from({ length: count }, (_, k) => {
    const kind = GENERATED_KINDS[k % GENERATED_KINDS.length] ?? 'web'
    const large = kind === 'db' || kind === 'cache'
    return { name: `c${tag}-${kind}-${k + 1}`, kind, vcpus: 1, memoryGiB: large ? 2 : 1, host, disksGiB: [large ? 40 : 20] }
  })
}

/** Generated VMs run quieter than the named ones: ten of them share a 4-core Atom. */
export function generatedProfile(kind: VmKind): LoadProfile {
  const profile = VM_PROFILES[kind]
  return { ...profile, base: profile.base * 0.5, amplitude: profile.amplitude * 0.45, noise: profile.noise * 0.6 }
}
