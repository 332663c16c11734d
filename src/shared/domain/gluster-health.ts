// Gluster volume health from the facts the gluster probes parse. Pure: no I/O, no clock.
// The interfaces below are the public JSON shapes of the probes (`rackside parse gluster-*`);
// the parsers in src/main return these, possibly with extra fields.

/** Volume layout, normalised from gluster's counts (typeStr is kept raw by the parser). */
export type GlusterVolumeType = 'replicate' | 'distributed-replicate' | 'arbiter' | 'disperse' | 'distributed-disperse' | 'distribute'

export type GlusterVolumeState = 'created' | 'started' | 'stopped'

export interface GlusterInfoBrick {
  host: string
  path: string
  isArbiter: boolean
}

export interface GlusterVolumeInfo {
  name: string
  type: GlusterVolumeType
  status: GlusterVolumeState
  brickCount: number
  /** Bricks per replica set, the arbiter included (3 for `replica 3 arbiter 1`); 1 when not replicated. */
  replicaCount: number
  arbiterCount: number
  /** Bricks per disperse set; 0 when not dispersed. */
  disperseCount: number
  redundancyCount: number
  /** In gluster's order: consecutive runs of replicaCount (or disperseCount) bricks form one subvolume. */
  bricks: GlusterInfoBrick[]
}

export interface GlusterVolumeInfoList {
  volumes: GlusterVolumeInfo[]
}

export interface GlusterStatusBrick {
  host: string
  path: string
  online: boolean
  pid: number | null
  port: number | null
  sizeTotalBytes: number | null
  sizeFreeBytes: number | null
  inodesTotal: number | null
  inodesFree: number | null
}

/** A non-brick row of `volume status` (Self-heal Daemon, NFS Server, Quota Daemon, …). */
export interface GlusterDaemon {
  name: string
  host: string
  online: boolean
  pid: number | null
}

export interface GlusterVolumeStatus {
  name: string
  bricks: GlusterStatusBrick[]
  daemons: GlusterDaemon[]
}

export interface GlusterVolumeStatusList {
  volumes: GlusterVolumeStatus[]
}

/** One brick of `volume heal VOL info [summary]`; counts are null where the tool gave none (unreachable brick). */
export interface GlusterHealBrick {
  host: string
  path: string
  connected: boolean
  pending: number | null
  splitBrain: number | null
  possiblyHealing: number | null
}

export interface GlusterHealReport {
  bricks: GlusterHealBrick[]
}

export interface GlusterPeer {
  uuid: string
  hostname: string
  connected: boolean
  /** gluster's stateStr ("Peer in Cluster"); null where the tool gave none (the localhost row of pool list). */
  state: string | null
}

export interface GlusterPeerList {
  peers: GlusterPeer[]
}

export type GlusterHealth = 'UP' | 'PARTIAL' | 'DEGRADED' | 'DOWN'

export interface GlusterSubvolumeBrick {
  host: string
  path: string
  isArbiter: boolean
  online: boolean
}

export interface GlusterSubvolume {
  /** 0-based, as in gluster's own names (vol0-replicate-0). */
  index: number
  bricks: GlusterSubvolumeBrick[]
  state: 'up' | 'partial' | 'down'
}

export interface GlusterVolumeAssessment {
  name: string
  health: GlusterHealth
  subvolumes: GlusterSubvolume[]
  reasons: string[]
}

export interface AssessOptions {
  /** `volume heal VOL info [summary]`; bricks of other volumes are ignored, so one report may serve many volumes. */
  heal?: GlusterHealReport
  peers?: GlusterPeerList
}

/** Brick fill levels (disk and inodes) that earn a reason, in percent used. */
export const brickFullWarnPercent = 89
export const brickFullCriticalPercent = 94

const brickId = (brick: { host: string; path: string }): string => `${brick.host}:${brick.path}`

/** Gluster's own subvolume name, so a reason matches what the admin sees in logs and volfiles. */
function subvolumeName(info: GlusterVolumeInfo, index: number): string {
  if (info.disperseCount > 0) return `${info.name}-disperse-${index}`
  if (info.replicaCount > 1) return `${info.name}-replicate-${index}`
  return `${info.name}-client-${index}`
}

function subvolumeSize(info: GlusterVolumeInfo): number {
  if (info.disperseCount > 0) return info.disperseCount
  if (info.replicaCount > 1) return info.replicaCount
  return 1
}

/** gstatus's rules: replica sets keep quorum while ceil(n/2) bricks are up, disperse sets while redundancy covers the losses. */
function subvolumeState(info: GlusterVolumeInfo, bricks: GlusterSubvolumeBrick[]): GlusterSubvolume['state'] {
  const up = bricks.filter((brick) => brick.online).length
  const down = bricks.length - up
  if (down === 0 && bricks.length > 0) return 'up'
  if (up === 0) return 'down'
  if (info.disperseCount > 0) return down <= info.redundancyCount ? 'partial' : 'down'
  if (info.replicaCount > 1) return up >= Math.ceil(bricks.length / 2) ? 'partial' : 'down'
  return 'down'
}

function percentUsed(total: number | null, free: number | null): number | null {
  if (total === null || free === null || total <= 0) return null
  return ((total - free) / total) * 100
}

function fillReason(id: string, what: 'disk' | 'inodes', usedPercent: number | null): string | null {
  if (usedPercent === null || usedPercent < brickFullWarnPercent) return null
  const level = usedPercent >= brickFullCriticalPercent ? `critical: >= ${brickFullCriticalPercent} %` : `warning: >= ${brickFullWarnPercent} %`
  const verb = what === 'disk' ? 'full' : 'used'
  return `brick ${id} ${what} ${usedPercent.toFixed(1)} % ${verb} (${level})`
}

const plural = (count: number, one: string, many: string): string => `${count} ${count === 1 ? one : many}`

/**
 * Health of one volume from `volume info` and `volume status` (the status entry of that volume, or
 * undefined when status did not list it). A brick that info lists but status does not show counts as
 * not up: its node's glusterd did not answer.
 */
export function assessVolume(info: GlusterVolumeInfo, status: GlusterVolumeStatus | undefined, options: AssessOptions = {}): GlusterVolumeAssessment {
  const reasons: string[] = []
  const started = info.status === 'started'
  if (!started) reasons.push(`volume ${info.name} not started (status: ${info.status})`)

  const statusBricks = new Map((status?.bricks ?? []).map((brick) => [brickId(brick), brick]))
  const offline = new Set<string>()
  const bricks: GlusterSubvolumeBrick[] = info.bricks.map((brick) => {
    const id = brickId(brick)
    const seen = statusBricks.get(id)
    const online = started && seen !== undefined && seen.online
    if (started && !online) {
      offline.add(id)
      reasons.push(seen === undefined ? `brick ${id} offline (not listed by volume status: glusterd on ${brick.host} unreachable?)` : `brick ${id} offline`)
    }
    return { host: brick.host, path: brick.path, isArbiter: brick.isArbiter, online }
  })

  const size = subvolumeSize(info)
  const subvolumes: GlusterSubvolume[] = []
  for (let start = 0, index = 0; start < bricks.length; start += size, index += 1) {
    const members = bricks.slice(start, start + size)
    const state = subvolumeState(info, members)
    subvolumes.push({ index, bricks: members, state })
    if (started && state !== 'up') {
      const up = members.filter((brick) => brick.online).length
      reasons.push(`subvolume ${subvolumeName(info, index)} ${state}: ${up} of ${members.length} bricks up`)
    }
  }
  if (bricks.length === 0) reasons.push(`volume ${info.name} has no bricks`)

  for (const brick of status?.bricks ?? []) {
    const id = brickId(brick)
    const disk = fillReason(id, 'disk', percentUsed(brick.sizeTotalBytes, brick.sizeFreeBytes))
    const inodes = fillReason(id, 'inodes', percentUsed(brick.inodesTotal, brick.inodesFree))
    if (disk !== null) reasons.push(disk)
    if (inodes !== null) reasons.push(inodes)
  }

  const volumeBricks = new Set(bricks.map(brickId))
  for (const brick of options.heal?.bricks ?? []) {
    const id = brickId(brick)
    if (!volumeBricks.has(id)) continue
    if (!brick.connected && !offline.has(id)) reasons.push(`brick ${id} not reachable for heal info`)
    if (brick.pending !== null && brick.pending > 0) reasons.push(`brick ${id}: ${plural(brick.pending, 'heal entry', 'heal entries')} pending`)
    if (brick.splitBrain !== null && brick.splitBrain > 0) reasons.push(`brick ${id}: ${plural(brick.splitBrain, 'entry', 'entries')} in split-brain`)
  }

  for (const peer of options.peers?.peers ?? []) {
    if (!peer.connected) reasons.push(`peer ${peer.hostname} disconnected`)
  }

  return { name: info.name, health: volumeHealth(started, subvolumes), subvolumes, reasons }
}

function volumeHealth(started: boolean, subvolumes: GlusterSubvolume[]): GlusterHealth {
  if (!started || subvolumes.every((subvolume) => subvolume.state === 'down')) return 'DOWN'
  if (subvolumes.some((subvolume) => subvolume.state === 'down')) return 'DEGRADED'
  if (subvolumes.some((subvolume) => subvolume.state === 'partial')) return 'PARTIAL'
  return 'UP'
}

/**
 * Every volume of a `volume info` list. A started volume that the status output does not list is
 * left out: the status was most likely taken for another volume, and guessing DOWN would cry wolf.
 */
export function assessVolumes(info: GlusterVolumeInfoList, status: GlusterVolumeStatusList, options: AssessOptions = {}): GlusterVolumeAssessment[] {
  const byName = new Map(status.volumes.map((volume) => [volume.name, volume]))
  return info.volumes
    .filter((volume) => volume.status !== 'started' || byName.has(volume.name))
    .map((volume) => assessVolume(volume, byName.get(volume.name), options))
}
