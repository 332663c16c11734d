// Balancing plans over the hypervisors: spread the load evenly, or pack the VMs onto as few hosts
// as the pre-checks allow so the rest can be powered down. Every move is checked with checkMove()
// against the state left by the moves before it, so a plan never holds a move its own checks
// refuse; the moves then go into batches that may run at the same time. A hypervisor with another
// duty (a Gluster brick, the mail server) is never a power-down candidate: it stays on, is filled
// first, and the plan says why.
import { maintenanceCheck, type BrickHostResolver } from './failure-impact'
import type { GlusterVolumeInfo, GlusterVolumeStatus } from './gluster-health'
import type { Site } from '../model'
import {
  applyMove,
  buildPlacementState,
  checkMove,
  cloneState,
  freeKiB,
  powerDeltas,
  type CabinetPower,
  type CheckId,
  type MoveCheck,
  type PlacedVm,
  type PlacementHost,
  type PlacementState
} from './migration-checks'
import { PlacementPolicyError, placementPolicy, type PlacementFacts, type PlacementPolicy } from './vm-placement-types'
import { cpuUseOn, overloadsTarget } from './cpu-headroom'

/** The site's Gluster volumes as the fleet last saw them, to know which hypervisors serve bricks. */
export interface BalanceStorage {
  volumesInfo: GlusterVolumeInfo[]
  /** Live status, for the what-if wording; without it every brick is taken as up. */
  volumesStatus?: GlusterVolumeStatus[]
  brickHost: BrickHostResolver
}

export interface BalanceInput {
  facts: PlacementFacts
  site: Site
  /** Without it, brick hosts are known only by their `gluster` role. */
  storage?: BalanceStorage
}

export interface BalanceOptions extends Partial<PlacementPolicy> {
  /** Migrations running at once; no host takes part in two of one batch. */
  maxConcurrent?: number
  /** planEven stops after this many moves. */
  maxMoves?: number
  /** planEven only moves a VM when it lowers the busiest host's share by at least this much (0.02 = 2 points). */
  minGain?: number
}

export const DEFAULT_MAX_CONCURRENT = 2
export const DEFAULT_MAX_MOVES = 100
export const DEFAULT_MIN_GAIN = 0.02

/** A host's CPU and RAM in use, as shares of what it has; null when unknown. */
export interface HostShares {
  cpuShare: number | null
  ramShare: number | null
}

export interface PlannedMove {
  vm: string
  from: string
  to: string
  memoryKiB: number
  vcpus: number | null
  /** Needs --copy-storage-all (host-local disks, allowed by the policy). */
  copyStorage: boolean
  /** The warning-level checks of this move, worded for the user. */
  warnings: string[]
  source: { before: HostShares; after: HostShares }
  target: { before: HostShares; after: HostShares }
  /** Cabinet name -> change of its live draw (W). */
  powerDeltaWatts: Record<string, number>
}

export interface HostOutcome {
  host: string
  before: HostShares & { vms: number }
  after: HostShares & { vms: number }
}

export interface PowerDownHost {
  host: string
  /** The model's idle draw; null when the host is not linked to a device with a known model. */
  idleWatts: number | null
  /** The plan empties it (false: it runs no VM already). */
  emptiedByPlan: boolean
}

export interface StayOnHost {
  host: string
  /** Why it is never powered down, worded for the user: "Gluster brick host for vmstore". */
  reasons: string[]
}

export interface BalancePlan {
  strategy: 'even' | 'power-saving'
  moves: PlannedMove[]
  /** The moves in order, grouped into batches that may run concurrently. */
  batches: PlannedMove[][]
  /** Every host the plan could use, before and after. */
  hosts: HostOutcome[]
  /** Hosts running no VM after the plan, except those that stay on for another duty. */
  powerDown: PowerDownHost[]
  /** Usable hypervisors with another duty (Gluster bricks, mail): kept powered whatever they run. */
  stayOn: StayOnHost[]
  /** Sum of the idle watts of the hosts to power down (those with a known model). */
  wattsSaved: number
  /** What the plan left out and why: hosts it could not use, VMs it could not move. */
  notes: string[]
}

// Errors that no other move can cure: a pair failing one of these is never tried again.
const STATIC_CHECKS = new Set<CheckId>(['same-host', 'hosts-known', 'vm-found', 'reachable', 'vm-state', 'storage', 'cpu-model'])

interface Planner {
  state: PlacementState
  initial: PlacementState
  moves: PlannedMove[]
  staticFailures: Set<string>
  /** Host -> why it stays on (another duty than running VMs); only hosts with one. */
  duties: ReadonlyMap<string, string[]>
}

function sharesOf(host: PlacementHost): HostShares {
  return {
    cpuShare: host.cpuLoadBasis === 'none' ? null : host.cpuLoad,
    ramShare: host.totalKiB === null || host.totalKiB === 0 ? null : host.committedKiB / host.totalKiB
  }
}

function activeVms(host: PlacementHost): PlacedVm[] {
  return [...host.vms.values()].filter((vm) => vm.active)
}

function usable(host: PlacementHost): boolean {
  return host.fresh && host.cpus !== null && host.totalKiB !== null && host.totalKiB > 0
}

// The source is part of the key: a CPU-model refusal from one host may not hold from another.
function pairKey(vm: PlacedVm, to: string): string {
  return `${vm.name}\u0000${vm.host}\u0000${to}`
}

/** The cheap half of the memory and vCPU checks, exactly as strict: a pair it rejects, checkMove would refuse. */
function fitsNumerically(vm: PlacedVm, to: PlacementHost, policy: PlacementPolicy): boolean {
  const free = freeKiB(to)
  if (free !== null && vm.memoryKiB !== null && free - vm.memoryKiB - policy.hostReserveKiB < 0) return false
  if (to.cpus !== null && vm.vcpus !== null && (vm.vcpus > to.cpus || (to.allocatedVcpus + vm.vcpus) / to.cpus > policy.vcpuMaxRatio)) return false
  return true
}

/** The pre-checks of one pair; a pair failing for good is remembered so it is never checked again. */
function checkPair(planner: Planner, vm: PlacedVm, to: PlacementHost): MoveCheck | null {
  const key = pairKey(vm, to.name)
  if (planner.staticFailures.has(key)) return null
  const result = checkMove(planner.state, vm.name, vm.host, to.name)
  const from = planner.state.hosts.get(vm.host)
  // A drag onto a saturated host only warns; a plan does not make that move.
  if (result.verdict !== 'error') return from !== undefined && overloadsTarget(vm, from, to) ? null : result
  if (result.checks.some((c) => c.level === 'error' && STATIC_CHECKS.has(c.id))) planner.staticFailures.add(key)
  return null
}

/** Runs the pre-checks; on success applies the move and records it. */
function tryMove(planner: Planner, vm: PlacedVm, to: PlacementHost): boolean {
  const result = checkPair(planner, vm, to)
  if (result === null) return false
  const from = planner.state.hosts.get(vm.host)
  if (from === undefined) return false
  const sourceBefore = sharesOf(from)
  const targetBefore = sharesOf(to)
  const deltas = powerDeltas(planner.state, vm, from, to)
  applyMove(planner.state, vm.name, from.name, to.name)
  planner.moves.push({
    vm: vm.name,
    from: from.name,
    to: to.name,
    memoryKiB: vm.memoryKiB ?? 0,
    vcpus: vm.vcpus,
    copyStorage: result.copyStorage,
    warnings: result.checks.filter((c) => c.level === 'warn').map((c) => c.message),
    source: { before: sourceBefore, after: sharesOf(from) },
    target: { before: targetBefore, after: sharesOf(to) },
    powerDeltaWatts: Object.fromEntries(deltas)
  })
  return true
}

function positiveWhole(value: number, what: string): number {
  if (!Number.isInteger(value) || value < 1) throw new PlacementPolicyError(`${what} must be a whole number of at least 1, not ${value}`)
  return value
}

/**
 * Why each of these hosts must stay powered besides its VMs. A brick host stays on even when its
 * volume would survive it (PARTIAL): a power-saving state lasts, and for that long the volume
 * runs without redundancy, one more failure from DEGRADED, with heals piling up — not worth an
 * idle host's watts. The what-if verdict goes into the reasons so the user sees the stake.
 */
function hostDuties(site: Site, storage: BalanceStorage | undefined, hostNames: Iterable<string>): Map<string, string[]> {
  const duties = new Map<string, string[]>()
  for (const name of hostNames) {
    const host = site.hosts.find((h) => h.name === name)
    if (host === undefined) continue
    const reasons: string[] = []
    if (storage !== undefined) {
      const volumes = storage.volumesInfo.filter((volume) => volume.bricks.some((brick) => storage.brickHost(brick) === name)).map((volume) => volume.name)
      if (volumes.length > 0) {
        reasons.push(`Gluster brick host for ${volumes.join(', ')}`)
        const whatIf = maintenanceCheck(name, {
          site,
          volumesInfo: storage.volumesInfo,
          ...(storage.volumesStatus === undefined ? {} : { volumesStatus: storage.volumesStatus }),
          brickHost: storage.brickHost,
          vmPlacement: [],
          sharedMounts: []
        })
        if (whatIf.verdict !== 'safe') reasons.push(...whatIf.reasons.map((reason) => `if powered down, ${reason}`))
      }
    } else if (host.roles.includes('gluster')) {
      reasons.push('GlusterFS node (gluster role; its bricks are not known yet)')
    }
    if (host.roles.includes('mail')) reasons.push('mail server (mail role)')
    if (reasons.length > 0) duties.set(name, reasons)
  }
  return duties
}

function startPlanner(input: BalanceInput, options: BalanceOptions): { planner: Planner; notes: string[] } {
  const initial = buildPlacementState(input.facts, input.site, placementPolicy(options))
  const notes: string[] = []
  for (const host of initial.hosts.values()) {
    if (usable(host)) continue
    const why = !host.fresh ? `its libvirt facts are ${host.facts.freshness}` : host.cpus === null ? 'its CPU count is unknown' : 'its memory size is unknown'
    notes.push(`${host.name} is left out: ${why}; its VMs stay where they are`)
  }
  const usableNames = [...initial.hosts.values()].filter(usable).map((host) => host.name)
  const duties = hostDuties(input.site, input.storage, usableNames)
  return { planner: { state: cloneState(initial), initial, moves: [], staticFailures: new Set(), duties }, notes }
}

/**
 * Groups the ordered moves into batches of at most `maxConcurrent` that may run at once. A move
 * waits for every earlier move that touches one of its hosts, or one of its cabinets when that
 * cabinet is tight (its live draw plus every raise in the plan would pass its budget): then each
 * move meets its hosts and tight cabinets exactly as its pre-checks did, whatever runs beside it,
 * and no other cabinet can pass its budget in any order. Otherwise a later move may run early.
 */
export function batchMoves(moves: readonly PlannedMove[], maxConcurrent: number, cabinets: ReadonlyMap<string, CabinetPower>): PlannedMove[][] {
  positiveWhole(maxConcurrent, 'maxConcurrent')
  const raises = new Map<string, number>()
  for (const move of moves) for (const [name, watts] of Object.entries(move.powerDeltaWatts)) if (watts > 0) raises.set(name, (raises.get(name) ?? 0) + watts)
  const tight = new Set<string>()
  for (const [name, watts] of raises) {
    const cabinet = cabinets.get(name)
    if (cabinet?.kind === 'ok' && cabinet.liveWatts + watts > cabinet.budgetWatts) tight.add(name)
  }
  const batches: PlannedMove[][] = []
  // Resource ("host:hv-01", "cabinet:R02") -> the batch of the last move that touched it.
  const lastBatch = new Map<string, number>()
  for (const move of moves) {
    const resources = [`host:${move.from}`, `host:${move.to}`, ...Object.keys(move.powerDeltaWatts).filter((c) => tight.has(c)).map((c) => `cabinet:${c}`)]
    let index = Math.max(0, ...resources.map((r) => (lastBatch.get(r) ?? -1) + 1))
    while ((batches[index]?.length ?? 0) >= maxConcurrent) index++
    const batch = batches[index] ?? []
    batch.push(move)
    batches[index] = batch
    for (const resource of resources) lastBatch.set(resource, index)
  }
  return batches
}

function finish(strategy: BalancePlan['strategy'], planner: Planner, notes: string[], options: BalanceOptions): BalancePlan {
  const maxConcurrent = positiveWhole(options.maxConcurrent ?? DEFAULT_MAX_CONCURRENT, 'maxConcurrent')
  const hosts: HostOutcome[] = []
  const powerDown: PowerDownHost[] = []
  const stayOn: StayOnHost[] = []
  for (const before of planner.initial.hosts.values()) {
    const after = planner.state.hosts.get(before.name)
    if (after === undefined || !usable(before)) continue
    const vmsBefore = activeVms(before).length
    const vmsAfter = activeVms(after).length
    hosts.push({ host: before.name, before: { ...sharesOf(before), vms: vmsBefore }, after: { ...sharesOf(after), vms: vmsAfter } })
    const duties = planner.duties.get(before.name)
    if (duties !== undefined) stayOn.push({ host: before.name, reasons: duties })
    if (vmsAfter > 0 || duties !== undefined) continue
    const idleWatts = after.power.kind === 'linked' ? after.power.model.watts.idle : null
    powerDown.push({ host: after.name, idleWatts, emptiedByPlan: vmsBefore > 0 })
    if (idleWatts === null) notes.push(`${after.name} could be powered down, but its idle draw is unknown: it is not linked to a device with a known model`)
    const stopped = [...after.vms.values()].filter((vm) => !vm.active).map((vm) => vm.name)
    if (stopped.length > 0) notes.push(`${after.name} still holds shut-off ${stopped.join(', ')}: unavailable while it is powered down`)
  }
  return {
    strategy,
    moves: planner.moves,
    batches: batchMoves(planner.moves, maxConcurrent, planner.initial.cabinets),
    hosts,
    powerDown,
    stayOn,
    wattsSaved: powerDown.reduce((sum, h) => sum + (h.idleWatts ?? 0), 0),
    notes
  }
}

/** The host's load with the VM gone (-1) or added (+1); `cpuUse` in this host's CPUs. */
function loadAfter(host: PlacementHost, vm: PlacedVm, sign: 1 | -1, cpuUse = vm.cpuUse): number {
  const cpus = host.cpus ?? 1
  const total = host.totalKiB ?? 1
  return Math.max(host.cpuLoad + (sign * cpuUse) / cpus, (host.committedKiB + sign * (vm.memoryKiB ?? 0)) / total)
}

function loadOf(host: PlacementHost): number {
  return Math.max(host.cpuLoad, host.committedKiB / (host.totalKiB ?? 1))
}

/**
 * Spreads the load: repeatedly moves one VM off the busiest host (by the larger of its CPU and RAM
 * shares) to the host where the pair ends up least loaded, among the moves that pass every
 * pre-check and lower the busiest host's share by at least `minGain`. Stops when no such move
 * is left or after `maxMoves`.
 */
export function planEven(input: BalanceInput, options: BalanceOptions = {}): BalancePlan {
  const { planner, notes } = startPlanner(input, options)
  const maxMoves = options.maxMoves ?? DEFAULT_MAX_MOVES
  const minGain = options.minGain ?? DEFAULT_MIN_GAIN
  if (!(Number.isInteger(maxMoves) && maxMoves >= 0)) throw new PlacementPolicyError(`maxMoves must be a whole number of 0 or more, not ${maxMoves}`)
  if (!(Number.isFinite(minGain) && minGain >= 0)) throw new PlacementPolicyError(`minGain must be 0 or more, not ${minGain}`)
  const hosts = [...planner.state.hosts.values()].filter(usable)
  while (planner.moves.length < maxMoves) {
    let busiest: PlacementHost | undefined
    for (const host of hosts) if (busiest === undefined || loadOf(host) > loadOf(busiest)) busiest = host
    if (busiest === undefined) break
    const ceiling = loadOf(busiest) - minGain
    const candidates: { vm: PlacedVm; to: PlacementHost; score: number }[] = []
    for (const vm of activeVms(busiest)) {
      const sourceLoad = loadAfter(busiest, vm, -1)
      for (const to of hosts) {
        if (to === busiest || planner.staticFailures.has(pairKey(vm, to.name))) continue
        const score = Math.max(sourceLoad, loadAfter(to, vm, 1, cpuUseOn(vm, busiest, to)))
        if (score < ceiling && fitsNumerically(vm, to, planner.state.policy)) candidates.push({ vm, to, score })
      }
    }
    // Least loaded pair first; among equals the smaller VM, which migrates faster.
    candidates.sort((a, b) => a.score - b.score || (a.vm.memoryKiB ?? 0) - (b.vm.memoryKiB ?? 0) || a.vm.name.localeCompare(b.vm.name) || a.to.name.localeCompare(b.to.name))
    if (!candidates.some((c) => tryMove(planner, c.vm, c.to))) break
  }
  if (planner.moves.length >= maxMoves && maxMoves > 0) notes.push(`stopped after ${maxMoves} moves (maxMoves)`)
  return finish('even', planner, notes, options)
}

/**
 * Anti-affinity members first, each part largest RAM first: placed last, a group member may find
 * only full hosts and its partner's host left.
 */
function packingOrder(groupsByVm: ReadonlyMap<string, string[]>): (a: PlacedVm, b: PlacedVm) => number {
  const grouped = (vm: PlacedVm): number => ((groupsByVm.get(vm.name)?.length ?? 0) > 0 ? 1 : 0)
  return (a, b) => grouped(b) - grouped(a) || (b.memoryKiB ?? 0) - (a.memoryKiB ?? 0) || (b.vcpus ?? 0) - (a.vcpus ?? 0) || a.name.localeCompare(b.name)
}

/** The fewest leading hosts of `order` whose usable RAM and vCPU room could hold every VM at all. */
function capacityLowerBound(order: readonly PlacementHost[], policy: PlacementPolicy): number {
  let memoryKiB = 0
  let vcpus = 0
  for (const vm of order.flatMap(activeVms)) {
    memoryKiB += vm.memoryKiB ?? 0
    vcpus += vm.vcpus ?? 0
  }
  let roomKiB = 0
  let roomVcpus = 0
  for (let k = 0; k < order.length; k++) {
    if (roomKiB >= memoryKiB && roomVcpus >= vcpus) return k
    const host = order[k]
    if (host === undefined) break
    roomKiB += (host.totalKiB ?? 0) - policy.hostReserveKiB
    roomVcpus += (host.cpus ?? 0) * policy.vcpuMaxRatio
  }
  return order.length
}

type PackResult = { ok: true; planner: Planner } | { ok: false; vm: PlacedVm; blockedEverywhere: boolean }

/** First-fit decreasing (by RAM, anti-affinity members first) of every VM outside `kept` into `kept`, in that order of hosts. */
function pack(base: Planner, kept: readonly PlacementHost[]): PackResult {
  const planner: Planner = { ...base, state: cloneState(base.initial), moves: [] }
  const keptNames = new Set(kept.map((h) => h.name))
  const targets = kept.map((h) => planner.state.hosts.get(h.name)).filter((h): h is PlacementHost => h !== undefined)
  const items = [...planner.state.hosts.values()]
    .filter((h) => usable(h) && !keptNames.has(h.name))
    .flatMap(activeVms)
    .sort(packingOrder(planner.state.groupsByVm))
  for (const vm of items) {
    if (targets.some((to) => fitsNumerically(vm, to, planner.state.policy) && tryMove(planner, vm, to))) continue
    // Settle the pairs the cheap test skipped, to know whether room could ever help this VM.
    for (const to of targets) checkPair(planner, vm, to)
    return { ok: false, vm, blockedEverywhere: targets.every((to) => planner.staticFailures.has(pairKey(vm, to.name))) }
  }
  return { ok: true, planner }
}

/**
 * Packs the VMs onto the fewest hypervisors so the others can be powered down. Hosts with another
 * duty (Gluster bricks, mail) stay on, so they are kept first and filled first; then hosts are kept
 * fullest first (fewest migrations); for k = a capacity lower bound upwards, the VMs of all but the
 * first k hosts go first-fit-decreasing by RAM onto those k (members of anti-affinity groups first), every move passing the pre-checks
 * (RAM, vCPUs, storage, CPU model, anti-affinity, cabinet power) in order. A VM that no kept host
 * could ever take (local disk, CPU model) keeps its own host in the kept set.
 */
export function planPowerSaving(input: BalanceInput, options: BalanceOptions = {}): BalancePlan {
  const { planner: base, notes } = startPlanner(input, options)
  const policy = base.initial.policy
  const candidates = [...base.initial.hosts.values()].filter(usable)
  const forced = new Set<string>(base.duties.keys())
  const keepOrder = (): PlacementHost[] =>
    [...candidates].sort(
      (a, b) =>
        Number(forced.has(b.name)) - Number(forced.has(a.name)) ||
        b.committedKiB - a.committedKiB ||
        (b.totalKiB ?? 0) - (a.totalKiB ?? 0) ||
        a.name.localeCompare(b.name)
    )
  let k = 0
  for (;;) {
    const order = keepOrder()
    k = Math.max(k, forced.size, capacityLowerBound(order, policy))
    if (k >= order.length) break
    const result = pack(base, order.slice(0, k))
    if (result.ok) return finish('power-saving', result.planner, notes, options)
    if (result.blockedEverywhere) {
      notes.push(`${result.vm.name} cannot move to any kept host, so ${result.vm.host} stays on`)
      forced.add(result.vm.host)
    } else k++
  }
  return finish('power-saving', base, notes, options)
}
