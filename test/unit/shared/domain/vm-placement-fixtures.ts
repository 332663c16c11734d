// Small builders for placement facts and sites, so each test states only the numbers it is about.
import type { VmFacts } from '../../../../src/shared/fleet'
import type { FactFreshness } from '../../../../src/shared/fleet'
import { SiteSchema, type Site, type SiteInput } from '../../../../src/shared/model'
import type { HostMount, HypervisorFacts, PlacementFacts, VmCpuSpec, VmDiskSpec, VmDomainSpec } from '../../../../src/shared/domain/vm-placement-types'

export const GIB = 1024 * 1024
export const VMSTORE = '/var/lib/libvirt/images/vmstore'
export const GLUSTER_MOUNTS: HostMount[] = [
  { mountPoint: '/', fsType: 'ext4' },
  { mountPoint: VMSTORE, fsType: 'fuse.glusterfs' }
]

export interface VmInput {
  name: string
  state?: string
  vcpus?: number | null
  memoryGiB?: number | null
  /** % of one host CPU; null = not measured yet. */
  cpuPercent?: number | null
  disks?: VmDiskSpec[]
  cpu?: VmCpuSpec | null
  /** false: no domain XML was read for this VM. */
  withSpec?: boolean
}

export interface VmEntry {
  facts: VmFacts
  spec: VmDomainSpec | null
}

export function qcow2(name: string, target = 'vda'): VmDiskSpec {
  return { device: 'disk', type: 'file', target, source: `${VMSTORE}/${name}.qcow2` }
}

export function vm(input: VmInput): VmEntry {
  const disks = input.disks ?? [qcow2(input.name)]
  const memoryKiB = input.memoryGiB === null ? null : (input.memoryGiB ?? 2) * GIB
  return {
    facts: {
      name: input.name,
      state: input.state ?? 'running',
      vcpus: input.vcpus === undefined ? 1 : input.vcpus,
      memoryKiB,
      maxMemoryKiB: memoryKiB,
      cpuPercent: input.cpuPercent === undefined ? 10 : input.cpuPercent,
      cpuTimeNs: 1,
      diskPaths: disks.map((d) => d.source).filter((s): s is string => s !== null)
    },
    spec: input.withSpec === false ? null : { cpu: input.cpu === undefined ? { mode: 'host-model', model: null } : input.cpu, disks }
  }
}

export interface HostInput {
  cpus: number
  memoryGiB: number
  /** MemAvailable; defaults to what the VMs leave unallocated. */
  availableGiB?: number
  /** Host CPU busy %; null = first sample. */
  busyPercent?: number | null
  cpuModel?: string | null
  mounts?: HostMount[] | null
  freshness?: FactFreshness
  error?: string
  vms?: VmEntry[]
  /** false: the VM list was never read. */
  listed?: boolean
}

export function hypervisor(input: HostInput): HypervisorFacts {
  const vms = input.vms ?? []
  const committedKiB = vms.filter((v) => v.facts.state !== 'shut off').reduce((sum, v) => sum + (v.facts.memoryKiB ?? 0), 0)
  const totalKiB = input.memoryGiB * GIB
  const domains: Record<string, VmDomainSpec> = {}
  for (const v of vms) if (v.spec !== null) domains[v.facts.name] = v.spec
  return {
    freshness: input.freshness ?? 'fresh',
    ...(input.error === undefined ? {} : { error: input.error }),
    system: {
      hostname: 'h',
      load1: 0,
      load5: 0,
      load15: 0,
      cpuCount: input.cpus,
      memTotalKiB: totalKiB,
      memAvailableKiB: input.availableGiB === undefined ? totalKiB - committedKiB : input.availableGiB * GIB,
      uptimeSeconds: 1000,
      cpuBusyPercent: input.busyPercent === undefined ? 10 : input.busyPercent,
      cpuIowaitPercent: 0
    },
    node: { cpuModel: 'x86_64', cpus: input.cpus, mhz: 2400, memoryKiB: totalKiB },
    vms: input.listed === false ? null : vms.map((v) => v.facts),
    cpuModel: input.cpuModel === undefined ? 'Broadwell' : input.cpuModel,
    mounts: input.mounts === undefined ? GLUSTER_MOUNTS : input.mounts,
    domains
  }
}

export function facts(hosts: Record<string, HypervisorFacts>): PlacementFacts {
  return { hosts }
}

export const XEON = { name: 'Xeon 2U', heightU: 2, watts: { nameplate: 750, typical: 210, idle: 110, peak: 380 }, weightKg: 26, cores: 16, ramGiB: 128 }
export const ATOM = { name: 'Atom 1U', heightU: 1, fullDepth: false, watts: { nameplate: 200, typical: 14, idle: 9, peak: 20 }, weightKg: 6, cores: 4, ramGiB: 16 }
export const SAN = { name: 'SAN 4U', role: 'storage' as const, heightU: 4, watts: { nameplate: 2200, typical: 1900, idle: 1800, peak: 2000 }, weightKg: 60 }

/** A cabinet on two 230 V / 16 A feeds: 2944 W failover-safe each, unless a contract caps it. */
export function cabinet(name: string, contractWatts?: number): NonNullable<SiteInput['cabinets']>[number] {
  return {
    name,
    heightU: 46,
    maxWeightKg: 1000,
    coolingWatts: 10000,
    ...(contractWatts === undefined ? {} : { contractWatts }),
    feeds: [
      { name: 'A', volts: 230, amps: 16 },
      { name: 'B', volts: 230, amps: 16 }
    ]
  }
}

/**
 * Xeons hvx-01/02 and a SAN in R01; Atoms hv-01/02 in R02. hv-03 is a host with no device, for
 * the unlinked cases. With `scores`, the models carry the demo site's performance scores: a Xeon
 * CPU does the work of two Atom CPUs (32 over 16 CPUs against 4 over 4).
 */
export function testSite(options: { r01ContractWatts?: number; scores?: boolean } = {}): Site {
  const models = options.scores ? [{ ...XEON, performanceScore: 32 }, { ...ATOM, performanceScore: 4 }, SAN] : [XEON, ATOM, SAN]
  return SiteSchema.parse({
    site: { name: 'test' },
    cabinets: [cabinet('R01', options.r01ContractWatts), cabinet('R02')],
    models,
    devices: [
      { name: 'san-01', model: SAN.name, cabinet: 'R01', positionU: 1, feeds: ['A', 'B'] },
      { name: 'hvx-01', model: XEON.name, cabinet: 'R01', positionU: 10, feeds: ['A', 'B'], host: 'hvx-01' },
      { name: 'hvx-02', model: XEON.name, cabinet: 'R01', positionU: 12, feeds: ['A', 'B'], host: 'hvx-02' },
      { name: 'hv-01', model: ATOM.name, cabinet: 'R02', positionU: 10, feeds: ['A'], host: 'hv-01' },
      { name: 'hv-02', model: ATOM.name, cabinet: 'R02', positionU: 11, feeds: ['B'], host: 'hv-02' }
    ],
    hosts: ['hvx-01', 'hvx-02', 'hv-01', 'hv-02', 'hv-03'].map((name, i) => ({ name, address: `10.0.0.${11 + i}`, roles: ['hypervisor'] }))
  })
}
