// Live facts as the poller pushes them, built with only the numbers a test is about.
import type { Fact, FleetSnapshot, HostFacts, SystemFacts, VmFacts } from '../../../../src/shared/fleet'
import { SiteSchema, type Site } from '../../../../src/shared/model'

export const GIB_KIB = 1024 * 1024

export function vmFacts(name: string, memoryGiB: number, options: Partial<VmFacts> = {}): VmFacts {
  return {
    name,
    state: 'running',
    vcpus: 1,
    memoryKiB: memoryGiB * GIB_KIB,
    maxMemoryKiB: memoryGiB * GIB_KIB,
    cpuPercent: 10,
    cpuTimeNs: 1,
    diskPaths: [`/var/lib/libvirt/images/vmstore/${name}.qcow2`],
    ...options
  }
}

function fact<T>(value: T, atMs: number, intervalMs = 5_000): Fact<T> {
  return { value, atMs, intervalMs }
}

export function hostFacts(host: string, options: { cpus: number; memoryGiB: number; availableGiB?: number; busyPercent?: number | null; vms: VmFacts[]; atMs: number }): HostFacts {
  const system: SystemFacts = {
    hostname: host,
    load1: 0,
    load5: 0,
    load15: 0,
    cpuCount: options.cpus,
    memTotalKiB: options.memoryGiB * GIB_KIB,
    memAvailableKiB: (options.availableGiB ?? options.memoryGiB / 2) * GIB_KIB,
    uptimeSeconds: 100,
    cpuBusyPercent: options.busyPercent === undefined ? 25 : options.busyPercent,
    cpuIowaitPercent: 0
  }
  return {
    host,
    system: fact(system, options.atMs),
    node: fact({ cpuModel: 'x86_64', cpus: options.cpus, mhz: 2400, memoryKiB: options.memoryGiB * GIB_KIB }, options.atMs, 60_000),
    vms: fact(options.vms, options.atMs)
  }
}

export function snapshot(...hosts: HostFacts[]): FleetSnapshot {
  return { hosts: Object.fromEntries(hosts.map((h) => [h.host, h])) }
}

/** Two Atoms in R02 (hv-01, hv-02) and a Xeon in R01 (hvx-01). */
export function site(): Site {
  const feeds = [
    { name: 'A', volts: 230, amps: 16 },
    { name: 'B', volts: 230, amps: 16 }
  ]
  return SiteSchema.parse({
    site: { name: 'test' },
    cabinets: [
      { name: 'R01', heightU: 46, maxWeightKg: 1000, coolingWatts: 10000, feeds },
      { name: 'R02', heightU: 46, maxWeightKg: 1000, coolingWatts: 10000, feeds }
    ],
    models: [
      { name: 'Xeon 2U', heightU: 2, watts: { nameplate: 750, typical: 210, idle: 110, peak: 380 }, weightKg: 26, cores: 16, ramGiB: 128 },
      { name: 'Atom 1U', heightU: 1, watts: { nameplate: 200, typical: 14, idle: 9, peak: 20 }, weightKg: 6, cores: 4, ramGiB: 16 }
    ],
    devices: [
      { name: 'hvx-01', model: 'Xeon 2U', cabinet: 'R01', positionU: 10, feeds: ['A', 'B'], host: 'hvx-01' },
      { name: 'hv-01', model: 'Atom 1U', cabinet: 'R02', positionU: 10, feeds: ['A'], host: 'hv-01' },
      { name: 'hv-02', model: 'Atom 1U', cabinet: 'R02', positionU: 11, feeds: ['B'], host: 'hv-02' }
    ],
    hosts: ['hvx-01', 'hv-01', 'hv-02'].map((name) => ({ name, address: `${name}.example`, port: 22, user: 'rackside', roles: ['hypervisor'] }))
  })
}
