// The fleet's live state as the renderer sees it: facts per host, each with the time it was
// observed, so a screen can show its age and grey it out when it is stale.
import type { GlusterVolumeAssessment } from './domain/gluster-health'

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

export interface GlusterFacts {
  /** The node whose glusterd answered. */
  queriedHost: string
  volumes: GlusterVolumeAssessment[]
  /** Bricks by volume, as volume status reports them. */
  bricks: { volume: string; host: string; path: string; online: boolean; sizeTotalBytes: number | null; sizeFreeBytes: number | null }[]
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
