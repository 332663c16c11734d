// The fleet's live state as the renderer sees it: facts per host, each with the time it was
// observed, so a screen can show its age and grey it out when it is stale.
import type { GlusterDaemon, GlusterHealBrick, GlusterPeer, GlusterVolumeAssessment, GlusterVolumeInfo } from './domain/gluster-health'

/** One observed fact: the last good value with its time, and the last failure if newer. */
export interface Fact<T> {
  value: T | null
  /** When value was observed (ms since the epoch); null before the first success. */
  atMs: number | null
  /** How often this fact is refreshed: it is stale after three missed refreshes. */
  intervalMs: number
  error?: { message: string; atMs: number }
}

export interface SystemFacts {
  hostname: string
  load1: number
  load5: number
  load15: number
  cpuCount: number
  memTotalKiB: number
  memAvailableKiB: number
  uptimeSeconds: number
  /** CPU busy share between the last two samples (user + system + steal, not iowait); null on the first sample. */
  cpuBusyPercent: number | null
  cpuIowaitPercent: number | null
}

export interface NodeFacts {
  cpuModel: string
  cpus: number
  mhz: number
  memoryKiB: number
}

export interface VmFacts {
  name: string
  state: string
  vcpus: number | null
  memoryKiB: number | null
  maxMemoryKiB: number | null
  /** CPU use of the VM in % of one host CPU between the last two samples; null on the first. */
  cpuPercent: number | null
  cpuTimeNs: number | null
  diskPaths: string[]
}

/** One brick as `volume status … detail` reports it. */
export interface GlusterBrickFacts {
  volume: string
  host: string
  path: string
  online: boolean
  sizeTotalBytes: number | null
  sizeFreeBytes: number | null
  /** null while the brick process is not running (gluster prints N/A or -1). */
  pid: number | null
  port: number | null
  inodesTotal: number | null
  inodesFree: number | null
}

/** A volume's layout as `volume info` gives it: the brick order defines its replica / disperse sets. */
export interface GlusterVolumeLayout extends GlusterVolumeInfo {
  /** gluster's own words ("Distributed-Replicate"), null when the output had none. */
  typeStr: string | null
  /** Number of subvolumes (replica or disperse sets). */
  distCount: number
}

/** Per-brick counts of the last `volume heal VOL info summary`, taken on their own (slower) schedule. */
export interface GlusterHealFacts {
  atMs: number
  intervalMs: number
  bricks: (GlusterHealBrick & { volume: string })[]
  /**
   * Per volume: each pending entry shows on every good brick of its set, so a set counts its
   * largest brick count and the volume sums its sets. null when no brick of it gave a count.
   */
  volumes: { volume: string; pending: number | null; splitBrain: number | null }[]
}

export interface GlusterFacts {
  /** The node whose glusterd answered. */
  queriedHost: string
  volumes: GlusterVolumeAssessment[]
  /** Bricks by volume, as volume status reports them. */
  bricks: GlusterBrickFacts[]
  /** Every volume of `volume info`, started or not. */
  volumeInfo: GlusterVolumeLayout[]
  /** When `volume info` was read (it is refreshed less often than status). */
  infoAtMs: number
  /** Brick-less rows of volume status (self-heal daemons, …). */
  daemons: (GlusterDaemon & { volume: string })[]
  /** null until the first heal summary came back. */
  heal: GlusterHealFacts | null
  /** The last heal summary failure, while it is newer than the counts shown. */
  healError?: { message: string; atMs: number }
  /** `peer status` as queriedHost sees it (it leaves itself out); null when peer status failed. */
  peers: GlusterPeer[] | null
  peersError?: { message: string; atMs: number }
}

export interface HostFacts {
  host: string
  system?: Fact<SystemFacts>
  node?: Fact<NodeFacts>
  vms?: Fact<VmFacts[]>
}

export interface FleetSnapshot {
  hosts: Record<string, HostFacts>
  gluster?: Fact<GlusterFacts>
}

/** What changed: one fact of one host, or the site's Gluster facts. */
export type FleetDelta =
  | { kind: 'host'; host: string; key: 'system'; fact: Fact<SystemFacts> }
  | { kind: 'host'; host: string; key: 'node'; fact: Fact<NodeFacts> }
  | { kind: 'host'; host: string; key: 'vms'; fact: Fact<VmFacts[]> }
  | { kind: 'gluster'; fact: Fact<GlusterFacts> }
  | { kind: 'host-removed'; host: string }

export function applyFleetDelta(snapshot: FleetSnapshot, delta: FleetDelta): FleetSnapshot {
  if (delta.kind === 'gluster') return { ...snapshot, gluster: delta.fact }
  if (delta.kind === 'host-removed') {
    const { [delta.host]: _removed, ...hosts } = snapshot.hosts
    return { ...snapshot, hosts }
  }
  const current = snapshot.hosts[delta.host] ?? { host: delta.host }
  return { ...snapshot, hosts: { ...snapshot.hosts, [delta.host]: { ...current, [delta.key]: delta.fact } } }
}

export type FactFreshness = 'fresh' | 'stale' | 'missing'

/** A fact is stale once three refreshes have been missed: shown greyed, never as current. */
export function factFreshness(fact: Fact<unknown> | undefined, nowMs: number): FactFreshness {
  if (!fact || fact.atMs === null || fact.value === null) return 'missing'
  return nowMs - fact.atMs > fact.intervalMs * 3 ? 'stale' : 'fresh'
}
