// Gluster alerts as a pure reducer over samples: each sample of volume status, heal counts and
// peers raises the alerts whose condition newly holds and clears those whose condition is gone.
// The state is plain JSON, so it can be stored and sent to the renderer as it is. No clock: the
// sample carries its time.
import {
  assessVolume,
  brickFullCriticalPercent,
  brickFullWarnPercent,
  type GlusterSubvolume,
  type GlusterVolumeInfo,
  type GlusterVolumeStatus
} from './gluster-health'

export type GlusterAlertKind = 'brick-offline' | 'heal-backlog-growing' | 'split-brain' | 'brick-disk-full' | 'brick-inodes-full' | 'peer-disconnected'

export type GlusterAlertSeverity = 'warning' | 'critical'

export interface GlusterAlert {
  /** kind + volume + brick (host:path), or kind + peer: the same condition keeps the same id. */
  id: string
  kind: GlusterAlertKind
  severity: GlusterAlertSeverity
  volume: string | null
  /** host:path */
  brick: string | null
  peer: string | null
  /** With the latest numbers: the state's copy is rewritten on every sample that sees the condition. */
  message: string
  raisedAtMs: number
  /** The last escalation (warning → critical) or de-escalation; null while the severity is unchanged. */
  severityChangedAtMs: number | null
  /** null while active; set on the copy returned in `cleared`. */
  clearedAtMs: number | null
}

export interface GlusterAlertState {
  /** Active alerts, sorted by id. */
  active: GlusterAlert[]
  /** Last observed heal-pending counts by volume, then brick (host:path): oldest first, at most four. */
  healPending: Record<string, Record<string, number[]>>
  /** Time of the last sample taken in; older or equal samples are ignored. */
  lastAtMs: number | null
}

export const initialAlertState: GlusterAlertState = { active: [], healPending: {}, lastAtMs: null }

export interface AlertSampleBrick {
  host: string
  path: string
  online: boolean
  sizeTotalBytes: number | null
  sizeFreeBytes: number | null
  inodesTotal: number | null
  inodesFree: number | null
  /** The brick's replica or disperse set lost quorum: its data is unavailable, so an offline brick is critical. */
  subvolumeDown?: boolean
}

export interface AlertSampleVolume {
  name: string
  /** Bricks of a volume that is not started are down on purpose: no offline alerts for them. */
  started: boolean
  /** Every brick of the volume (from volume info, online as status shows it); null when status was not obtained. */
  bricks: AlertSampleBrick[] | null
}

export interface AlertSampleHealBrick {
  host: string
  path: string
  /** null where heal info gave no count (brick unreachable): nothing is concluded for that brick. */
  pending: number | null
  splitBrain: number | null
}

export interface AlertSamplePeer {
  /** Identifies the peer across samples when non-empty (hostnames may differ by who answered). */
  uuid: string
  hostname: string
  connected: boolean
}

/**
 * One observation. A section left out (undefined) was not observed this time, so its alerts are
 * kept as they are: no news is not good news. A section given is complete for what it covers:
 * - volumes: every volume that exists; a volume not listed is gone and all its alerts clear;
 *   within a volume with bricks, a brick not listed is gone too.
 * - heal: per volume; a volume not listed was not observed (heal info fails on its own often).
 * - peers: every peer; a peer not listed was detached.
 */
export interface GlusterAlertSample {
  atMs: number
  volumes?: AlertSampleVolume[]
  heal?: { volume: string; bricks: AlertSampleHealBrick[] }[]
  peers?: AlertSamplePeer[]
}

export interface GlusterAlertUpdate {
  state: GlusterAlertState
  raised: GlusterAlert[]
  cleared: GlusterAlert[]
  /**
   * Active alerts whose severity changed in this sample (a disk warning that reached the critical
   * level, or fell back): same id and raisedAtMs, new severity, message and severityChangedAtMs.
   * They are not raised again; a UI shows them as changed, a notifier may notify again.
   */
  updated: GlusterAlert[]
  /** Set when the sample was not newer than the last one and was left out. */
  ignored?: 'out-of-order'
}

/** Rises in a row (so four observed counts) before a heal backlog counts as growing. */
export const healBacklogRisesToAlert = 3
/** A fill alert clears (or drops back to warning) only this far below its threshold, so a brick sitting on the line does not flap. */
export const fillHysteresisPercent = 1

interface Condition {
  id: string
  kind: GlusterAlertKind
  severity: GlusterAlertSeverity
  volume: string | null
  brick: string | null
  peer: string | null
  message: string
}

const brickName = (brick: { host: string; path: string }): string => `${brick.host}:${brick.path}`
const brickAlertId = (kind: GlusterAlertKind, volume: string, brick: string): string => `${kind}:${volume}:${brick}`
const plural = (count: number, one: string, many: string): string => `${count} ${count === 1 ? one : many}`
const gib = (bytes: number): string => (bytes / 1024 ** 3).toFixed(1)

function percentUsed(total: number | null, free: number | null): number | null {
  if (total === null || free === null || total <= 0) return null
  return ((total - free) / total) * 100
}

/** Fill severity with hysteresis: an active alert holds its level until the use falls a margin below that level's threshold. */
function fillSeverity(usedPercent: number, previous: GlusterAlertSeverity | undefined): GlusterAlertSeverity | null {
  const criticalAt = previous === 'critical' ? brickFullCriticalPercent - fillHysteresisPercent : brickFullCriticalPercent
  const warnAt = previous === undefined ? brickFullWarnPercent : brickFullWarnPercent - fillHysteresisPercent
  if (usedPercent >= criticalAt) return 'critical'
  if (usedPercent >= warnAt) return 'warning'
  return null
}

/** What a sample says about one alert id: the condition holds, it is gone, or the sample cannot tell. */
type Verdict = { holds: Condition } | 'gone' | 'unknown'

/** Everything one sample says, read once: the conditions that hold and what was observed at all. */
class SampleReading {
  private readonly conditions = new Map<string, Condition>()
  /** Ids the sample judged: absent from `conditions`, their condition no longer holds. */
  private readonly judged = new Set<string>()
  /** Ids of every brick the sample listed, judged or not. */
  private readonly listed = new Set<string>()
  /** kind:volume pairs for which the sample listed every brick: an unlisted brick has left the volume. */
  private readonly completeScopes = new Set<string>()
  /** Every volume that exists, when the sample has a volumes section. */
  private readonly existingVolumes: Set<string> | null
  readonly healPending: Record<string, Record<string, number[]>>

  constructor(
    private readonly sample: GlusterAlertSample,
    private readonly previous: GlusterAlertState
  ) {
    this.existingVolumes = sample.volumes === undefined ? null : new Set(sample.volumes.map((volume) => volume.name))
    // Gone volumes take their heal history with them.
    this.healPending = Object.fromEntries(Object.entries(previous.healPending).filter(([volume]) => this.existingVolumes?.has(volume) ?? true))
    for (const volume of sample.volumes ?? []) this.readVolume(volume)
    for (const report of sample.heal ?? []) this.readHeal(report.volume, report.bricks)
    for (const peer of sample.peers ?? []) this.readPeer(peer)
  }

  verdict(alert: GlusterAlert): Verdict {
    const holds = this.conditions.get(alert.id)
    if (holds !== undefined) return { holds }
    if (this.judged.has(alert.id)) return 'gone'
    if (alert.kind === 'peer-disconnected') return this.sample.peers === undefined ? 'unknown' : 'gone'
    if (alert.volume === null) return 'unknown'
    if (this.existingVolumes !== null && !this.existingVolumes.has(alert.volume)) return 'gone'
    if (this.completeScopes.has(`${alert.kind}:${alert.volume}`) && !this.listed.has(alert.id)) return 'gone'
    return 'unknown'
  }

  conditionsHolding(): Condition[] {
    return [...this.conditions.values()]
  }

  private previousSeverity(id: string): GlusterAlertSeverity | undefined {
    return this.previous.active.find((alert) => alert.id === id)?.severity
  }

  /** condition: what holds (null: nothing wrong), or 'unknown' when the sample listed the brick without the numbers to judge it. */
  private observe(kind: GlusterAlertKind, volume: string, brick: string, condition: Pick<Condition, 'severity' | 'message'> | null | 'unknown'): void {
    const id = brickAlertId(kind, volume, brick)
    this.listed.add(id)
    if (condition === 'unknown') return
    this.judged.add(id)
    if (condition !== null) this.conditions.set(id, { id, kind, volume, brick, peer: null, ...condition })
  }

  private readVolume(volume: AlertSampleVolume): void {
    if (volume.bricks === null) return
    for (const kind of ['brick-offline', 'brick-disk-full', 'brick-inodes-full'] as const) this.completeScopes.add(`${kind}:${volume.name}`)
    for (const brick of volume.bricks) {
      const name = brickName(brick)
      const lostQuorum = brick.subvolumeDown === true
      const offline = volume.started && !brick.online
      this.observe(
        'brick-offline',
        volume.name,
        name,
        offline
          ? {
              severity: lostQuorum ? 'critical' : 'warning',
              message: lostQuorum
                ? `brick ${name} of ${volume.name} offline: its subvolume lost quorum, its data is unavailable`
                : `brick ${name} of ${volume.name} offline: the volume runs without that copy`
            }
          : null
      )
      this.readFill(volume.name, name, 'brick-disk-full', brick.sizeTotalBytes, brick.sizeFreeBytes)
      this.readFill(volume.name, name, 'brick-inodes-full', brick.inodesTotal, brick.inodesFree)
    }
  }

  private readFill(volume: string, brick: string, kind: 'brick-disk-full' | 'brick-inodes-full', total: number | null, free: number | null): void {
    const used = percentUsed(total, free)
    // An offline brick reports no sizes: nothing is known about its fill, so its alert stays as it was.
    if (used === null || total === null || free === null) return this.observe(kind, volume, brick, 'unknown')
    const severity = fillSeverity(used, this.previousSeverity(brickAlertId(kind, volume, brick)))
    if (severity === null) return this.observe(kind, volume, brick, null)
    const level = severity === 'critical' ? brickFullCriticalPercent : brickFullWarnPercent
    const message =
      kind === 'brick-disk-full'
        ? `brick ${brick} of ${volume} ${used.toFixed(1)} % full (${gib(total - free)} of ${gib(total)} GiB used; ${severity} at ${level} %)`
        : `brick ${brick} of ${volume}: ${used.toFixed(1)} % of inodes used (${total - free} of ${total}; ${severity} at ${level} %)`
    this.observe(kind, volume, brick, { severity, message })
  }

  private readHeal(volume: string, bricks: AlertSampleHealBrick[]): void {
    this.completeScopes.add(`split-brain:${volume}`)
    this.completeScopes.add(`heal-backlog-growing:${volume}`)
    // Rebuilt from the bricks listed, so bricks that left the volume take their history with them.
    const previousCounts = this.healPending[volume] ?? {}
    const counts: Record<string, number[]> = {}
    this.healPending[volume] = counts
    for (const brick of bricks) {
      const name = brickName(brick)
      const splitBrain = brick.splitBrain
      this.observe(
        'split-brain',
        volume,
        name,
        splitBrain === null
          ? 'unknown'
          : splitBrain > 0
            ? { severity: 'critical', message: `brick ${name} of ${volume}: ${plural(splitBrain, 'entry', 'entries')} in split-brain` }
            : null
      )
      this.readBacklog(volume, name, brick.pending, previousCounts[name] ?? [], counts)
    }
  }

  private readBacklog(volume: string, brick: string, pending: number | null, earlier: number[], counts: Record<string, number[]>): void {
    // Unreachable bricks give no count; the streak is judged over the samples that did count.
    if (pending === null) {
      if (earlier.length > 0) counts[brick] = earlier
      return this.observe('heal-backlog-growing', volume, brick, 'unknown')
    }
    const history = [...earlier, pending].slice(-(healBacklogRisesToAlert + 1))
    counts[brick] = history
    const active = this.previousSeverity(brickAlertId('heal-backlog-growing', volume, brick)) !== undefined
    const rising = history.length === healBacklogRisesToAlert + 1 && history.every((count, i) => i === 0 || count > (history[i - 1] ?? count))
    const before = history[history.length - 2]
    // Once raised it holds while the backlog does not shrink: a stuck heal is no better than a growing one.
    const holds = active ? pending > 0 && before !== undefined && pending >= before : rising
    const trend = `${history.join(' → ')} entries pending`
    this.observe(
      'heal-backlog-growing',
      volume,
      brick,
      holds
        ? {
            severity: 'warning',
            message: active
              ? `heal backlog on brick ${brick} of ${volume} not shrinking: ${trend}`
              : `heal backlog on brick ${brick} of ${volume} grew ${healBacklogRisesToAlert} samples in a row: ${trend}`
          }
        : null
    )
  }

  private readPeer(peer: AlertSamplePeer): void {
    if (peer.connected) return
    const id = `peer-disconnected:${peer.uuid === '' ? peer.hostname : peer.uuid}`
    this.conditions.set(id, { id, kind: 'peer-disconnected', severity: 'warning', volume: null, brick: null, peer: peer.hostname, message: `peer ${peer.hostname} disconnected` })
  }
}

/**
 * Takes in one sample. An alert that keeps holding is not raised again (its message follows the
 * numbers); one whose severity changes is listed in `updated`; one the sample shows gone is
 * returned in `cleared` with clearedAtMs; one the sample cannot judge is kept.
 */
export function updateAlerts(previous: GlusterAlertState, sample: GlusterAlertSample): GlusterAlertUpdate {
  if (previous.lastAtMs !== null && sample.atMs <= previous.lastAtMs) return { state: previous, raised: [], cleared: [], updated: [], ignored: 'out-of-order' }
  const reading = new SampleReading(sample, previous)
  const raised: GlusterAlert[] = []
  const cleared: GlusterAlert[] = []
  const updated: GlusterAlert[] = []
  const active = new Map<string, GlusterAlert>()

  for (const alert of previous.active) {
    const verdict = reading.verdict(alert)
    if (verdict === 'gone') cleared.push({ ...alert, clearedAtMs: sample.atMs })
    else if (verdict === 'unknown') active.set(alert.id, alert)
    else {
      const changed = verdict.holds.severity !== alert.severity
      const next: GlusterAlert = { ...alert, ...verdict.holds, severityChangedAtMs: changed ? sample.atMs : alert.severityChangedAtMs }
      active.set(alert.id, next)
      if (changed) updated.push(next)
    }
  }
  for (const condition of reading.conditionsHolding()) {
    if (active.has(condition.id)) continue
    const alert: GlusterAlert = { ...condition, raisedAtMs: sample.atMs, severityChangedAtMs: null, clearedAtMs: null }
    active.set(alert.id, alert)
    raised.push(alert)
  }

  const byId = (a: GlusterAlert, b: GlusterAlert): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  return {
    state: { active: [...active.values()].sort(byId), healPending: reading.healPending, lastAtMs: sample.atMs },
    raised: raised.sort(byId),
    cleared: cleared.sort(byId),
    updated: updated.sort(byId)
  }
}

/**
 * The sample entry of one volume from `volume info` and its `volume status … detail` (undefined
 * when status was not obtained): bricks in info's order, online and subvolume quorum as gluster
 * health judges them, sizes from status.
 */
export function alertSampleVolume(info: GlusterVolumeInfo, status: GlusterVolumeStatus | undefined): AlertSampleVolume {
  const started = info.status === 'started'
  if (status === undefined) return { name: info.name, started, bricks: null }
  const assessment = assessVolume(info, status)
  const subvolumeOf = new Map<string, GlusterSubvolume>()
  for (const subvolume of assessment.subvolumes) for (const brick of subvolume.bricks) subvolumeOf.set(brickName(brick), subvolume)
  const statusBricks = new Map(status.bricks.map((brick) => [brickName(brick), brick]))
  return {
    name: info.name,
    started,
    bricks: info.bricks.map((brick) => {
      const seen = statusBricks.get(brickName(brick))
      return {
        host: brick.host,
        path: brick.path,
        online: seen?.online ?? false,
        sizeTotalBytes: seen?.sizeTotalBytes ?? null,
        sizeFreeBytes: seen?.sizeFreeBytes ?? null,
        inodesTotal: seen?.inodesTotal ?? null,
        inodesFree: seen?.inodesFree ?? null,
        subvolumeDown: subvolumeOf.get(brickName(brick))?.state === 'down'
      }
    })
  }
}
