// "What if this fails": which hosts a host, cabinet or power-feed failure takes down, what their
// Gluster bricks going offline does to each volume's health, and which VMs lose their hypervisor
// or their storage. Also the maintenance check for taking one host down. Pure: no I/O, no clock.
import type { Site } from '../model'
import {
  assessVolume,
  type GlusterHealReport,
  type GlusterHealth,
  type GlusterSubvolume,
  type GlusterVolumeAssessment,
  type GlusterVolumeInfo,
  type GlusterVolumeStatus
} from './gluster-health'

export interface BrickRef {
  host: string
  path: string
}

/**
 * The inventory host (Host.name) that serves a brick, or undefined when the brick's host is not in
 * the inventory. Gluster names brick hosts by whatever was given to `volume create` (an address or
 * a hostname), so this mapping is an input rather than a guess buried in here.
 */
export type BrickHostResolver = (brick: BrickRef) => string | undefined

/** Maps a brick host to the site host with that address, else that name (case-insensitive, as DNS is). */
export function brickHostsFromSite(site: Site): BrickHostResolver {
  const byAddress = new Map(site.hosts.map((host) => [host.address.toLowerCase(), host.name]))
  const byName = new Map(site.hosts.map((host) => [host.name.toLowerCase(), host.name]))
  return (brick) => {
    const key = brick.host.toLowerCase()
    return byAddress.get(key) ?? byName.get(key)
  }
}

export interface VmPlacement {
  vm: string
  /** Hypervisor, as a site host name. */
  host: string
  diskPaths: string[]
}

/** Where a volume is FUSE-mounted on the hypervisors (the same path on each). */
export interface SharedMount {
  volume: string
  mountPath: string
}

export interface FailureScenario {
  hosts?: string[]
  cabinets?: string[]
  /** One feed of one cabinet: only devices fed by nothing else go down. */
  feeds?: { cabinet: string; feed: string }[]
}

export interface FailureImpactInput {
  site: Site
  volumesInfo: GlusterVolumeInfo[]
  /** Live status; a volume without one is taken as having every brick up before the failure. */
  volumesStatus?: GlusterVolumeStatus[]
  brickHost: BrickHostResolver
  vmPlacement: VmPlacement[]
  sharedMounts: SharedMount[]
  failed: FailureScenario
}

export interface LostBrick {
  host: string
  path: string
  /** The failed site host that served it. */
  inventoryHost: string
}

export interface VolumeImpact {
  name: string
  before: GlusterHealth
  after: GlusterHealth
  lostBricks: LostBrick[]
  /** What changes, in gluster health's own words: reasons the failure adds. */
  reasons: string[]
}

export interface VmStorageLoss {
  vm: string
  host: string
  volume: string
  disks: string[]
  /**
   * certain: the volume goes DOWN. possible: a distributed volume goes DEGRADED; a disk image lives
   * on one subvolume picked by a hash of its file name (on all of them with sharding on), which
   * the inventory does not know, so any VM on that volume may have lost its disks.
   */
  certainty: 'certain' | 'possible'
}

export interface FailureImpact {
  /** Site host names, in site order. */
  failedHosts: string[]
  /** Site device names that lose power, in site order (switches and host-less boxes included). */
  failedDevices: string[]
  volumes: VolumeImpact[]
  vmsLosingHypervisor: { vm: string; host: string }[]
  vmsLosingStorage: VmStorageLoss[]
  /** Bricks whose host the resolver could not place: this scenario cannot take them down. */
  unmappedBricks: string[]
  summary: string
}

export type FailureScenarioErrorKind = 'unknown-host' | 'unknown-cabinet' | 'unknown-feed'

/** The scenario names a host, cabinet or feed the site does not have. */
export class FailureScenarioError extends Error {
  override name = 'FailureScenarioError'
  constructor(
    readonly kind: FailureScenarioErrorKind,
    readonly subject: string,
    message: string
  ) {
    super(message)
  }
}

const brickId = (brick: BrickRef): string => `${brick.host}:${brick.path}`
const plural = (count: number, one: string, many: string): string => `${count} ${count === 1 ? one : many}`

interface FailedSet {
  hosts: Set<string>
  devices: Set<string>
}

function resolveScenario(site: Site, failed: FailureScenario): FailedSet {
  const hosts = new Set<string>()
  const devices = new Set<string>()
  for (const host of failed.hosts ?? []) {
    if (!site.hosts.some((h) => h.name === host)) throw new FailureScenarioError('unknown-host', host, `unknown host ${host}: the site has no such host`)
    hosts.add(host)
  }
  for (const cabinet of failed.cabinets ?? []) {
    if (!site.cabinets.some((c) => c.name === cabinet)) throw new FailureScenarioError('unknown-cabinet', cabinet, `unknown cabinet ${cabinet}: the site has no such cabinet`)
  }
  const deadFeeds = new Map<string, Set<string>>()
  for (const { cabinet, feed } of failed.feeds ?? []) {
    const found = site.cabinets.find((c) => c.name === cabinet)
    if (found === undefined) throw new FailureScenarioError('unknown-cabinet', cabinet, `unknown cabinet ${cabinet}: the site has no such cabinet`)
    if (!found.feeds.some((f) => f.name === feed))
      throw new FailureScenarioError('unknown-feed', `${cabinet}/${feed}`, `cabinet ${cabinet} has no feed ${feed} (it has ${found.feeds.map((f) => f.name).join(', ')})`)
    deadFeeds.set(cabinet, (deadFeeds.get(cabinet) ?? new Set()).add(feed))
  }
  const deadCabinets = new Set(failed.cabinets ?? [])
  for (const device of site.devices) {
    const dead = deadFeeds.get(device.cabinet)
    // A device with no feeds recorded is not known to hang on a feed, so a feed failure spares it.
    const unpowered = dead !== undefined && device.feeds.length > 0 && device.feeds.every((feed) => dead.has(feed))
    if (deadCabinets.has(device.cabinet) || unpowered) {
      devices.add(device.name)
      if (device.host !== undefined) hosts.add(device.host)
    }
  }
  return { hosts, devices }
}

/** A status with every brick up: the baseline for volumes whose live status the caller lacks. */
function assumedStatus(info: GlusterVolumeInfo): GlusterVolumeStatus {
  return {
    name: info.name,
    daemons: [],
    bricks: info.bricks.map((brick) => ({
      host: brick.host,
      path: brick.path,
      online: true,
      pid: null,
      port: null,
      sizeTotalBytes: null,
      sizeFreeBytes: null,
      inodesTotal: null,
      inodesFree: null
    }))
  }
}

interface VolumeOutcome {
  info: GlusterVolumeInfo
  impact: VolumeImpact
  beforeAssessment: GlusterVolumeAssessment
  afterAssessment: GlusterVolumeAssessment
}

function volumeOutcome(info: GlusterVolumeInfo, given: GlusterVolumeStatus | undefined, statusKnown: boolean, failedHosts: Set<string>, brickHost: BrickHostResolver): VolumeOutcome {
  const baseline = given ?? assumedStatus(info)
  const lostBricks: LostBrick[] = []
  for (const brick of info.bricks) {
    const inventoryHost = brickHost(brick)
    if (inventoryHost !== undefined && failedHosts.has(inventoryHost)) lostBricks.push({ host: brick.host, path: brick.path, inventoryHost })
  }
  const lost = new Set(lostBricks.map(brickId))
  const afterStatus: GlusterVolumeStatus = {
    ...baseline,
    bricks: baseline.bricks.map((brick) => (lost.has(brickId(brick)) ? { ...brick, online: false, pid: null, port: null } : brick))
  }
  const beforeAssessment = assessVolume(info, baseline)
  const afterAssessment = assessVolume(info, afterStatus)
  const known = new Set(beforeAssessment.reasons)
  const reasons = afterAssessment.reasons.filter((reason) => !known.has(reason))
  // Status lists started volumes only, so its silence about a stopped one says nothing.
  if (given === undefined && statusKnown && info.status === 'started') reasons.unshift(`no volume status for ${info.name}: assumed every brick up before the failure`)
  return {
    info,
    beforeAssessment,
    afterAssessment,
    impact: { name: info.name, before: beforeAssessment.health, after: afterAssessment.health, lostBricks, reasons }
  }
}

const downSubvolumes = (assessment: GlusterVolumeAssessment): number => assessment.subvolumes.filter((subvolume) => subvolume.state === 'down').length

/** The volume whose mount holds a disk path; the longest mount path wins when mounts nest. */
function volumeOfDisk(path: string, mounts: SharedMount[]): string | undefined {
  let best: SharedMount | undefined
  for (const mount of mounts) {
    const root = mount.mountPath.replace(/\/+$/, '')
    const inside = path === root || path.startsWith(`${root}/`)
    if (inside && (best === undefined || root.length > best.mountPath.replace(/\/+$/, '').length)) best = mount
  }
  return best?.volume
}

function storageLosses(placements: VmPlacement[], mounts: SharedMount[], outcomes: Map<string, VolumeOutcome>): VmStorageLoss[] {
  const losses: VmStorageLoss[] = []
  for (const placement of placements) {
    const disksByVolume = new Map<string, string[]>()
    for (const disk of placement.diskPaths) {
      const volume = volumeOfDisk(disk, mounts)
      if (volume !== undefined) disksByVolume.set(volume, [...(disksByVolume.get(volume) ?? []), disk])
    }
    for (const [volume, disks] of disksByVolume) {
      const outcome = outcomes.get(volume)
      if (outcome === undefined) continue
      const { before, after } = outcome.impact
      if (after === 'DOWN' && before !== 'DOWN') losses.push({ vm: placement.vm, host: placement.host, volume, disks, certainty: 'certain' })
      else if (after === 'DEGRADED' && downSubvolumes(outcome.afterAssessment) > downSubvolumes(outcome.beforeAssessment))
        losses.push({ vm: placement.vm, host: placement.host, volume, disks, certainty: 'possible' })
    }
  }
  return losses
}

function scenarioText(failed: FailureScenario): string {
  const parts = [
    ...(failed.hosts ?? []).map((host) => `host ${host}`),
    ...(failed.cabinets ?? []).map((cabinet) => `cabinet ${cabinet}`),
    ...(failed.feeds ?? []).map(({ cabinet, feed }) => `feed ${feed} of ${cabinet}`)
  ]
  return parts.length === 0 ? 'Nothing fails' : `${parts.join(', ')} ${parts.length === 1 ? 'fails' : 'fail'}`
}

const listed = (names: string[], limit = 6): string => (names.length <= limit ? names.join(', ') : `${names.slice(0, limit).join(', ')} and ${names.length - limit} more`)

function summarize(failed: FailureScenario, impact: Omit<FailureImpact, 'summary'>): string {
  const text = scenarioText(failed)
  const sentences = [
    impact.failedHosts.length === 0 ? `${text}: no host goes down.` : `${text}: ${plural(impact.failedHosts.length, 'host', 'hosts')} down (${listed(impact.failedHosts)}).`
  ]
  const changed = impact.volumes.filter((volume) => volume.before !== volume.after)
  if (changed.length > 0) sentences.push(`${changed.map((volume) => `${volume.name} ${volume.before} → ${volume.after}`).join(', ')}.`)
  else if (impact.volumes.length > 0) sentences.push('Every Gluster volume keeps its health.')
  const hypervisorLosses = impact.vmsLosingHypervisor.map((entry) => entry.vm)
  sentences.push(
    hypervisorLosses.length === 0 ? 'No VM loses its hypervisor.' : `${plural(hypervisorLosses.length, 'VM loses its', 'VMs lose their')} hypervisor (${listed(hypervisorLosses)}).`
  )
  const certain = [...new Set(impact.vmsLosingStorage.filter((loss) => loss.certainty === 'certain').map((loss) => loss.vm))]
  const possible = [...new Set(impact.vmsLosingStorage.filter((loss) => loss.certainty === 'possible').map((loss) => loss.vm))].filter((vm) => !certain.includes(vm))
  if (certain.length > 0) sentences.push(`${plural(certain.length, 'VM loses its', 'VMs lose their')} storage (${listed(certain)}).`)
  if (possible.length > 0) sentences.push(`${plural(possible.length, 'VM', 'VMs')} may lose storage on a degraded distributed volume (${listed(possible)}).`)
  if (certain.length === 0 && possible.length === 0) sentences.push('No VM loses its storage.')
  return sentences.join(' ')
}

function computeImpact(input: FailureImpactInput): { impact: FailureImpact; outcomes: Map<string, VolumeOutcome> } {
  const failedSet = resolveScenario(input.site, input.failed)
  const failedHosts = input.site.hosts.filter((host) => failedSet.hosts.has(host.name)).map((host) => host.name)
  const failedDevices = input.site.devices.filter((device) => failedSet.devices.has(device.name)).map((device) => device.name)
  const statusByName = new Map((input.volumesStatus ?? []).map((status) => [status.name, status]))
  const outcomes = new Map(
    input.volumesInfo.map((info) => [info.name, volumeOutcome(info, statusByName.get(info.name), input.volumesStatus !== undefined, failedSet.hosts, input.brickHost)])
  )
  const unmappedBricks = input.volumesInfo.flatMap((info) => info.bricks.filter((brick) => input.brickHost(brick) === undefined).map(brickId))
  const partial = {
    failedHosts,
    failedDevices,
    volumes: [...outcomes.values()].map((outcome) => outcome.impact),
    vmsLosingHypervisor: input.vmPlacement.filter((placement) => failedSet.hosts.has(placement.host)).map((placement) => ({ vm: placement.vm, host: placement.host })),
    vmsLosingStorage: storageLosses(input.vmPlacement, input.sharedMounts, outcomes),
    unmappedBricks: [...new Set(unmappedBricks)]
  }
  return { impact: { ...partial, summary: summarize(input.failed, partial) }, outcomes }
}

/**
 * What a failure of hosts, whole cabinets or single feeds does: a cabinet takes all its devices'
 * hosts, a feed only the devices fed by nothing else (a dual-fed device survives one feed), every
 * brick of a failed host goes offline, and each volume is re-assessed with gluster health's rules.
 * Throws FailureScenarioError when the scenario names something the site does not have.
 */
export function whatIfHostsFail(input: FailureImpactInput): FailureImpact {
  return computeImpact(input).impact
}

export type MaintenanceVerdict = 'safe' | 'risky' | 'unsafe'

export interface MaintenanceInput extends Omit<FailureImpactInput, 'failed'> {
  /** Pending heals (`volume heal VOL info summary`, all volumes' bricks in one list). */
  heal?: GlusterHealReport
}

export interface MaintenanceCheck {
  host: string
  /**
   * unsafe: taking the host down now makes data unavailable (a volume goes DOWN or loses a
   * subvolume, VMs lose their disks). risky: it can be done, but only after migrating the VMs that
   * run there, or with a volume left without redundancy (PARTIAL) or with heals still pending.
   * safe: nothing on the host is needed elsewhere.
   */
  verdict: MaintenanceVerdict
  reasons: string[]
  impact: FailureImpact
}

/** Gluster's own subvolume names, as gluster health uses them, so reasons match logs and volfiles. */
function subvolumeName(info: GlusterVolumeInfo, index: number): string {
  if (info.disperseCount > 0) return `${info.name}-disperse-${index}`
  if (info.replicaCount > 1) return `${info.name}-replicate-${index}`
  return `${info.name}-client-${index}`
}

function touchedSubvolumes(outcome: VolumeOutcome): GlusterSubvolume[] {
  const lost = new Set(outcome.impact.lostBricks.map(brickId))
  return outcome.afterAssessment.subvolumes.filter((subvolume) => subvolume.bricks.some((brick) => lost.has(brickId(brick))))
}

function volumeMaintenanceReason(outcome: VolumeOutcome): string {
  const { name, before, after } = outcome.impact
  const touched = touchedSubvolumes(outcome)
  const single = outcome.afterAssessment.subvolumes.length === 1
  const counts = touched.map((subvolume) => {
    const up = subvolume.bricks.filter((brick) => brick.online).length
    return `${up} of ${subvolume.bricks.length} bricks up${single ? '' : ` in ${subvolumeName(outcome.info, subvolume.index)}`}`
  })
  const was = before === after ? ` (already ${before})` : before === 'UP' ? '' : ` (now ${before})`
  return `${name} would be ${after}${was}: ${counts.join(', ')}`
}

/**
 * Heal entries pending per subvolume the host holds bricks of: there, its copy may be the only
 * good one. The largest brick count stands for the set, as each pending file shows on every good brick.
 */
function pendingHeals(outcome: VolumeOutcome, heal: GlusterHealReport | undefined): { subvolume: string; entries: number }[] {
  return touchedSubvolumes(outcome)
    .map((subvolume) => {
      const members = new Set(subvolume.bricks.map(brickId))
      const counts = (heal?.bricks ?? []).filter((brick) => members.has(brickId(brick))).map((brick) => brick.pending ?? 0)
      return { subvolume: subvolumeName(outcome.info, subvolume.index), entries: Math.max(0, ...counts) }
    })
    .filter((entry) => entry.entries > 0)
}

const worse = (verdict: MaintenanceVerdict, than: MaintenanceVerdict): MaintenanceVerdict => {
  const rank: Record<MaintenanceVerdict, number> = { safe: 0, risky: 1, unsafe: 2 }
  return rank[verdict] > rank[than] ? verdict : than
}

/** Whether one host can be taken down for maintenance now, and what to do first if not. */
export function maintenanceCheck(hostName: string, input: MaintenanceInput): MaintenanceCheck {
  const { impact, outcomes } = computeImpact({ ...input, failed: { hosts: [hostName] } })
  const reasons: string[] = []
  let verdict: MaintenanceVerdict = 'safe'

  for (const outcome of outcomes.values()) {
    if (outcome.impact.lostBricks.length === 0 || outcome.info.status !== 'started') continue
    const { before, after } = outcome.impact
    const losesData = (after === 'DOWN' && before !== 'DOWN') || downSubvolumes(outcome.afterAssessment) > downSubvolumes(outcome.beforeAssessment)
    verdict = worse(losesData ? 'unsafe' : 'risky', verdict)
    reasons.push(volumeMaintenanceReason(outcome))
    if (losesData) continue
    for (const { subvolume, entries } of pendingHeals(outcome, input.heal))
      reasons.push(`${subvolume} has ${plural(entries, 'heal entry', 'heal entries')} pending: let the heal finish before taking ${hostName} down`)
  }

  for (const volume of new Set(impact.vmsLosingStorage.map((loss) => loss.volume))) {
    verdict = 'unsafe'
    for (const certainty of ['certain', 'possible'] as const) {
      const vms = impact.vmsLosingStorage.filter((loss) => loss.volume === volume && loss.certainty === certainty).map((loss) => loss.vm)
      if (vms.length === 0) continue
      const who = `${plural(vms.length, 'VM', 'VMs')} (${listed(vms)})`
      reasons.push(
        certainty === 'certain'
          ? `${who} would lose ${vms.length === 1 ? 'its' : 'their'} disks on ${volume}`
          : `${who} may lose ${vms.length === 1 ? 'its' : 'their'} disks on ${volume}: a disk lives on one distribute subvolume, and one would be down`
      )
    }
  }

  const vms = impact.vmsLosingHypervisor.map((entry) => entry.vm)
  if (vms.length > 0) {
    verdict = worse('risky', verdict)
    reasons.push(`${plural(vms.length, 'VM runs', 'VMs run')} on ${hostName}: migrate ${vms.length === 1 ? 'it' : 'them'} first (${listed(vms)})`)
  }

  if (reasons.length === 0) reasons.push(`no started volume has a brick on ${hostName} and no VM runs there`)
  return { host: hostName, verdict, reasons, impact }
}
