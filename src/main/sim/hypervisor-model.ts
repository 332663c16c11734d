// One libvirt host of the demo fleet: its domains (with ids, uuids, states) and what they
// consume. CPU time and I/O counters are computed from each VM's daily load pattern, so a
// domain's counters are exact at any instant and cost nothing while nobody asks.
import { VMSTORE_MOUNT, type VmSpec } from './demo-vms'
import { makeLoadPattern, utilisationAt, utilisationSeconds, type LoadPattern, type LoadProfile } from './load-pattern'
import { hash32, unitHash, uuidHash } from './seeded-random'

export type DomainState = 'running' | 'paused' | 'shut off'

export interface DomainDisk {
  target: string
  path: string
  capacityBytes: number
  /** Bytes the image file occupies on the volume (thin provisioning). */
  allocationBytes: number
}

/** A migration's finished job, as `virsh domjobinfo --completed` reports it. */
export interface CompletedJob {
  status: 'completed' | 'failed' | 'cancelled'
  operation: 'Outgoing migration' | 'Incoming migration'
  elapsedMs: number
  dataTotalBytes: number
  dataProcessedBytes: number
  dataRemainingBytes: number
  bandwidthBytesPerS: number
  downtimeMs: number
  setupMs: number
  iterations: number
  constantPages: number
  normalPages: number
  normalBytes: number
}

export interface Domain {
  spec: VmSpec
  uuid: string
  pattern: LoadPattern
  state: DomainState
  /** The running domain's id; null while shut off. */
  id: number | null
  persistent: boolean
  autostart: boolean
  /** When this host's QEMU process for the domain started: CPU time counts from here. */
  qemuStartMs: number
  macAddress: string
  /** The tap device number (vnetN) while running. */
  vnet: number | null
  disks: DomainDisk[]
  /** Fraction of the configured memory the guest has touched (balloon.rss). */
  rssFraction: number
  /** Set while this is the paused destination of an incoming live migration. */
  incomingMigrationId: string | null
  completedJob: CompletedJob | null
}

const GIB = 1024 ** 3

export class HypervisorModel {
  private readonly domains = new Map<string, Domain>()
  private nextId = 1
  private nextVnet = 0

  constructor(
    readonly hostName: string,
    readonly cpus: number,
    readonly memoryKiB: number,
    private readonly seed: string
  ) {}

  /** Domains in `virsh list --all` order: running by id, then inactive by name. */
  list(): Domain[] {
    const all = [...this.domains.values()]
    const active = all.filter((d) => d.id !== null).sort((a, b) => (a.id ?? 0) - (b.id ?? 0))
    const inactive = all.filter((d) => d.id === null).sort((a, b) => a.spec.name.localeCompare(b.spec.name))
    return [...active, ...inactive]
  }

  get(name: string): Domain | undefined {
    return this.domains.get(name)
  }

  /** Looks a domain up the way virsh does: by name, id or uuid. */
  lookup(ref: string): Domain | undefined {
    const byName = this.domains.get(ref)
    if (byName) return byName
    for (const domain of this.domains.values()) {
      if (domain.uuid === ref || (domain.id !== null && String(domain.id) === ref)) return domain
    }
    return undefined
  }

  /** Defines and starts a VM from its spec (the demo's initial placement). */
  bootDomain(spec: VmSpec, profile: LoadProfile, utcOffsetMinutes: number, startedMs: number): Domain {
    const domain = this.newDomain(spec, makeLoadPattern(profile, utcOffsetMinutes, this.seed, spec.name), uuidHash(this.seed, 'vm', spec.name), startedMs)
    domain.id = this.nextId++
    domain.vnet = this.nextVnet++
    this.domains.set(spec.name, domain)
    return domain
  }

  /** The paused placeholder a live migration creates on its destination. */
  receiveIncoming(source: Domain, migrationId: string, startMs: number): Domain {
    const domain = this.newDomain(source.spec, source.pattern, source.uuid, startMs)
    domain.macAddress = source.macAddress
    domain.disks = source.disks
    domain.rssFraction = source.rssFraction
    domain.state = 'paused'
    domain.id = this.nextId++
    domain.vnet = this.nextVnet++
    domain.persistent = false
    domain.autostart = false
    domain.incomingMigrationId = migrationId
    this.domains.set(source.spec.name, domain)
    return domain
  }

  /** The destination takes over: the guest runs here from `atMs`. */
  completeIncoming(name: string, atMs: number, persistent: boolean, job: CompletedJob): void {
    const domain = this.domains.get(name)
    if (!domain) return
    domain.state = 'running'
    domain.qemuStartMs = atMs
    domain.persistent = persistent
    domain.autostart = false
    domain.incomingMigrationId = null
    domain.completedJob = job
  }

  /** The source lets go after a successful migration. */
  releaseOutgoing(name: string, undefineSource: boolean, job: CompletedJob): void {
    const domain = this.domains.get(name)
    if (!domain) return
    if (undefineSource || !domain.persistent) {
      this.domains.delete(name)
      return
    }
    domain.state = 'shut off'
    domain.id = null
    domain.vnet = null
    domain.completedJob = job
  }

  /** An incoming migration that did not finish leaves nothing behind on the destination. */
  dropIncoming(name: string): void {
    const domain = this.domains.get(name)
    if (domain?.incomingMigrationId) this.domains.delete(name)
  }

  /** CPU cores the running guests use at an instant (vCPU threads only). */
  guestCores(tMs: number): number {
    let cores = 0
    for (const domain of this.domains.values()) {
      if (domain.state === 'running') cores += utilisationAt(domain.pattern, tMs) * domain.spec.vcpus
    }
    return cores
  }

  /** Host memory the guests occupy (QEMU resident sets). */
  guestResidentKiB(): number {
    let kib = 0
    for (const domain of this.domains.values()) {
      if (domain.id !== null) kib += domainMemoryKiB(domain) * (domain.state === 'running' ? domain.rssFraction : 0.3) + 180 * 1024
    }
    return kib
  }

  /** Guest disk writes and reads in KiB/s, following each VM's load. */
  guestDiskKiBps(tMs: number): { readKiBps: number; writeKiBps: number } {
    let read = 0
    let write = 0
    for (const domain of this.domains.values()) {
      if (domain.state !== 'running') continue
      const u = utilisationAt(domain.pattern, tMs)
      read += u * ioReadKiBpsPerUnit(domain)
      write += u * ioWriteKiBpsPerUnit(domain)
    }
    return { readKiBps: read, writeKiBps: write }
  }

  runningCount(): number {
    let count = 0
    for (const domain of this.domains.values()) if (domain.id !== null) count++
    return count
  }

  /** Memory still free for another guest, as a migration's destination would see it. */
  freeForGuestsKiB(): number {
    let committed = 0
    for (const domain of this.domains.values()) if (domain.id !== null) committed += domainMemoryKiB(domain)
    return this.memoryKiB - committed - 1024 * 1024
  }

  private newDomain(spec: VmSpec, pattern: LoadPattern, uuid: string, startedMs: number): Domain {
    const mac = hash32(this.seed, 'mac', spec.name)
    const macAddress = `52:54:00:${[mac >>> 16, mac >>> 8, mac].map((b) => (b & 0xff).toString(16).padStart(2, '0')).join(':')}`
    const disks = spec.disksGiB.map((sizeGiB, i) => ({
      target: `vd${String.fromCharCode(97 + i)}`,
      path: `${VMSTORE_MOUNT}/${spec.name}${i === 0 ? '' : `-data${i}`}.qcow2`,
      capacityBytes: sizeGiB * GIB,
      allocationBytes: Math.round(sizeGiB * GIB * (0.25 + 0.5 * unitHash(this.seed, 'alloc', spec.name, i)))
    }))
    return {
      spec,
      uuid,
      pattern,
      state: 'running',
      id: null,
      persistent: true,
      autostart: true,
      qemuStartMs: startedMs,
      macAddress,
      vnet: null,
      disks,
      rssFraction: 0.55 + 0.4 * unitHash(this.seed, 'rss', spec.name),
      incomingMigrationId: null,
      completedJob: null
    }
  }
}

export function domainMemoryKiB(domain: Domain): number {
  return domain.spec.memoryGiB * 1024 * 1024
}

function ioReadKiBpsPerUnit(domain: Domain): number {
  return domain.spec.kind === 'db' ? 6000 : domain.spec.kind === 'backup-agent' ? 9000 : 900
}

function ioWriteKiBpsPerUnit(domain: Domain): number {
  return domain.spec.kind === 'db' ? 4000 : domain.spec.kind === 'backup-agent' ? 2500 : 600
}

/** Counters of one domain since its QEMU started, as `virsh domstats` reports them. */
export interface DomainCounters {
  cpuTimeNs: number
  cpuUserNs: number
  cpuSystemNs: number
  vcpuTimeNs: number[]
  diskReadBytes: number
  diskWriteBytes: number
  diskReadReqs: number
  diskWriteReqs: number
  diskFlushReqs: number
  netRxBytes: number
  netTxBytes: number
  netRxPackets: number
  netTxPackets: number
}

export function domainCounters(domain: Domain, tMs: number): DomainCounters {
  if (domain.state !== 'running' || tMs <= domain.qemuStartMs) {
    return {
      cpuTimeNs: 0,
      cpuUserNs: 0,
      cpuSystemNs: 0,
      vcpuTimeNs: Array.from({ length: domain.spec.vcpus }, () => 0),
      diskReadBytes: 0,
      diskWriteBytes: 0,
      diskReadReqs: 0,
      diskWriteReqs: 0,
      diskFlushReqs: 0,
      netRxBytes: 0,
      netTxBytes: 0,
      netRxPackets: 0,
      netTxPackets: 0
    }
  }
  const busySeconds = utilisationSeconds(domain.pattern, domain.qemuStartMs, tMs)
  const elapsedS = (tMs - domain.qemuStartMs) / 1000
  // QEMU's own threads add a little on top of the guest's vCPUs.
  const cpuTimeNs = Math.round((busySeconds * domain.spec.vcpus + elapsedS * 0.004) * 1e9)
  const vcpuTimeNs = Array.from({ length: domain.spec.vcpus }, (_, i) => Math.round(busySeconds * 1e9 * (0.93 + 0.02 * i)))
  const diskReadBytes = Math.round(busySeconds * ioReadKiBpsPerUnit(domain) * 1024)
  const diskWriteBytes = Math.round(busySeconds * ioWriteKiBpsPerUnit(domain) * 1024)
  const netTxBytes = Math.round(busySeconds * (domain.spec.kind === 'web' ? 2_500_000 : 300_000) + elapsedS * 200)
  const netRxBytes = Math.round(netTxBytes * 0.18 + elapsedS * 350)
  return {
    cpuTimeNs,
    cpuUserNs: Math.round(cpuTimeNs * 0.18),
    cpuSystemNs: Math.round(cpuTimeNs * 0.07),
    vcpuTimeNs,
    diskReadBytes,
    diskWriteBytes,
    diskReadReqs: Math.round(diskReadBytes / 24_576),
    diskWriteReqs: Math.round(diskWriteBytes / 12_288),
    diskFlushReqs: Math.round(diskWriteBytes / 262_144),
    netRxBytes,
    netTxBytes,
    netRxPackets: Math.round(netRxBytes / 420),
    netTxPackets: Math.round(netTxBytes / 1100)
  }
}
