// Power, cooling, weight and rack-unit budget of a cabinet and a site. The failover-safe budget
// assumes the worst feed fails: every feed must carry the whole load on its own. The renderer
// calls previewMove() on every pointer move of a drag, so everything here is pure and cheap.
import type { Cabinet, DeviceModel, Face, Feed, Site } from '../model'
import {
  SiteLookupError,
  applyMove,
  findCabinet,
  findCollision,
  findModel,
  freeRuns,
  occupancy,
  placementOf,
  usedUnitCount,
  type Placement
} from './rack-units'

export const BTU_PER_HOUR_PER_WATT = 3.412
/** From this share of a limit on, the verdict is 'warn'. */
export const WARN_FRACTION = 0.8

export type Verdict = 'ok' | 'warn' | 'over'
export type LimitName = 'power' | 'cooling' | 'weight' | 'rack-units'
/** Order for ties when naming the binding limit. */
export const LIMIT_NAMES: readonly LimitName[] = ['power', 'cooling', 'weight', 'rack-units']

const VERDICT_RANK: Record<Verdict, number> = { ok: 0, warn: 1, over: 2 }

export function verdictFor(utilisation: number): Verdict {
  if (utilisation > 1) return 'over'
  if (utilisation >= WARN_FRACTION) return 'warn'
  return 'ok'
}

export function worstVerdict(verdicts: Iterable<Verdict>): Verdict {
  let worst: Verdict = 'ok'
  for (const v of verdicts) if (VERDICT_RANK[v] > VERDICT_RANK[worst]) worst = v
  return worst
}

/** What a feed can deliver continuously: V × A (× √3 for three-phase, V line-to-line) × derate. */
export function feedCapacityWatts(feed: Feed): number {
  const phaseFactor = feed.phases === 3 ? Math.sqrt(3) : 1
  // Percent divided last keeps 230 V × 16 A × 80 % an exact 2944.
  return (feed.volts * feed.amps * phaseFactor * feed.deratePercent) / 100
}

export interface FailoverBudget {
  watts: number
  /** 'feed': the weakest feed alone; 'contract': the contracted power is lower. */
  boundBy: 'feed' | 'contract'
  /** The feed that sets the budget (the weakest one). */
  feed: string
}

/**
 * The most a cabinet may draw and survive losing any one feed: the weakest feed alone (with one
 * feed, that feed), capped by the contracted power. With more than two feeds this is cautious:
 * it still asks one feed to carry everything.
 */
export function failoverBudget(cabinet: Cabinet): FailoverBudget {
  let weakest: Feed | undefined
  for (const feed of cabinet.feeds) if (weakest === undefined || feedCapacityWatts(feed) < feedCapacityWatts(weakest)) weakest = feed
  if (weakest === undefined) throw new Error(`cabinet ${cabinet.name} has no feeds`)
  const feedWatts = feedCapacityWatts(weakest)
  if (cabinet.contractWatts !== undefined && cabinet.contractWatts < feedWatts)
    return { watts: cabinet.contractWatts, boundBy: 'contract', feed: weakest.name }
  return { watts: feedWatts, boundBy: 'feed', feed: weakest.name }
}

/** A device's CPU utilisation was not a fraction between 0 and 1. */
export class UtilisationError extends Error {
  override name = 'UtilisationError'
  readonly kind = 'bad-utilisation'
  constructor(
    readonly device: string,
    readonly value: number
  ) {
    super(`${device}: CPU utilisation ${value} is not between 0 and 1`)
  }
}

/** Live draw estimate: idle plus the share of the idle-to-peak span the CPU is using. */
export function liveWattsAt(model: DeviceModel, cpuUtilisation: number): number {
  return model.watts.idle + (model.watts.peak - model.watts.idle) * cpuUtilisation
}

export interface DrawWatts {
  nameplate: number
  typical: number
  peak: number
  /** Live estimate: from CPU utilisation where known, typical otherwise. */
  live: number
}

export interface DeviceDraw {
  name: string
  model: string
  positionU: number
  heightU: number
  face: Face
  weightKg: number
  watts: DrawWatts
  liveSource: 'utilisation' | 'typical'
  /** The cabinet feeds this device really draws from (names it lists that the cabinet has). */
  feeds: string[]
}

export interface FeedLoad {
  name: string
  capacityWatts: number
  /** Peak load on this feed with every feed up (a dual-fed device puts half on each). */
  normalLoadWatts: number
  /** Peak load on this feed when the worst other feed fails (its own load with a single feed). */
  failoverLoadWatts: number
  failoverHeadroomWatts: number
  verdict: Verdict
}

export interface LimitUse {
  used: number
  limit: number
  /** used / limit */
  utilisation: number
  verdict: Verdict
}

export interface CabinetBudget {
  name: string
  heightU: number
  usedU: number
  freeU: number
  freeUByFace: Record<Face, number>
  /** Failover-safe budget (see failoverBudget). */
  budgetWatts: number
  budgetBoundBy: 'feed' | 'contract'
  drawWatts: DrawWatts
  /** budgetWatts − peak draw; negative when over. */
  headroomWatts: number
  /** Devices whose live figure came from CPU utilisation, and those counted at typical. */
  live: { measuredDevices: string[]; typicalDevices: string[] }
  feeds: FeedLoad[]
  /** Devices with no usable feed: their draw is counted in the cabinet but no feed carries it. */
  unpoweredDevices: string[]
  heatBtuPerHour: number
  coolingWatts: number
  coolingBtuPerHour: number
  weightKg: number
  maxWeightKg: number
  limits: Record<LimitName, LimitUse>
  verdict: Verdict
  /** The limit with the highest utilisation. */
  bindingLimit: LimitName
  devices: DeviceDraw[]
  /** Things the user should know that are not a limit: unpowered devices, unknown feeds. */
  warnings: string[]
}

export interface BudgetOptions {
  /** Device name -> CPU utilisation 0..1, for the live estimate. */
  utilisation?: Readonly<Record<string, number>>
}

function limitUse(used: number, limit: number): LimitUse {
  const utilisation = used / limit
  return { used, limit, utilisation, verdict: verdictFor(utilisation) }
}

function feedLoads(cabinet: Cabinet, devices: readonly DeviceDraw[]): FeedLoad[] {
  const normal = (feedName: string): number =>
    devices.reduce((sum, d) => (d.feeds.includes(feedName) ? sum + d.watts.peak / d.feeds.length : sum), 0)
  // When feed `failed` is lost, each device on `feedName` shares its peak among its surviving feeds.
  const whenLost = (feedName: string, failed: string): number =>
    devices.reduce((sum, d) => {
      if (!d.feeds.includes(feedName)) return sum
      const surviving = d.feeds.includes(failed) ? d.feeds.length - 1 : d.feeds.length
      return sum + d.watts.peak / surviving
    }, 0)
  return cabinet.feeds.map((feed) => {
    const capacityWatts = feedCapacityWatts(feed)
    const others = cabinet.feeds.filter((f) => f.name !== feed.name)
    const failoverLoadWatts = others.length === 0 ? normal(feed.name) : Math.max(...others.map((o) => whenLost(feed.name, o.name)))
    return {
      name: feed.name,
      capacityWatts,
      normalLoadWatts: normal(feed.name),
      failoverLoadWatts,
      failoverHeadroomWatts: capacityWatts - failoverLoadWatts,
      verdict: verdictFor(failoverLoadWatts / capacityWatts)
    }
  })
}

/**
 * The budget of one cabinet. Throws SiteLookupError for an unknown cabinet or a device whose
 * model is unknown, UtilisationError for a utilisation outside 0..1.
 */
export function cabinetBudget(site: Site, cabinetName: string, options: BudgetOptions = {}): CabinetBudget {
  const cabinet = findCabinet(site, cabinetName)
  const feedNames = new Set(cabinet.feeds.map((f) => f.name))
  const warnings: string[] = []
  const devices: DeviceDraw[] = []
  for (const device of site.devices) {
    if (device.cabinet !== cabinet.name) continue
    const model = findModel(site, device.model)
    const cpu = options.utilisation?.[device.name]
    if (cpu !== undefined && !(cpu >= 0 && cpu <= 1)) throw new UtilisationError(device.name, cpu)
    const unknownFeeds = device.feeds.filter((f) => !feedNames.has(f))
    for (const feed of unknownFeeds) warnings.push(`${device.name} is plugged into feed ${feed}, which ${cabinet.name} does not have`)
    devices.push({
      name: device.name,
      model: model.name,
      positionU: device.positionU,
      heightU: model.heightU,
      face: device.face,
      weightKg: model.weightKg,
      watts: {
        nameplate: model.watts.nameplate,
        typical: model.watts.typical,
        peak: model.watts.peak,
        live: cpu === undefined ? model.watts.typical : liveWattsAt(model, cpu)
      },
      liveSource: cpu === undefined ? 'typical' : 'utilisation',
      feeds: [...new Set(device.feeds.filter((f) => feedNames.has(f)))]
    })
  }
  const unpoweredDevices = devices.filter((d) => d.feeds.length === 0).map((d) => d.name)
  for (const name of unpoweredDevices) warnings.push(`${name} is not plugged into any feed of ${cabinet.name}; its draw is counted but no feed carries it`)

  const sum = (pick: (d: DeviceDraw) => number): number => devices.reduce((total, d) => total + pick(d), 0)
  const drawWatts: DrawWatts = {
    nameplate: sum((d) => d.watts.nameplate),
    typical: sum((d) => d.watts.typical),
    peak: sum((d) => d.watts.peak),
    live: sum((d) => d.watts.live)
  }
  const budget = failoverBudget(cabinet)
  const weightKg = sum((d) => d.weightKg)

  const occ = occupancy(site, cabinet.name)
  for (const name of occ.outOfRange) warnings.push(`${name} reaches above the top of ${cabinet.name} (${cabinet.heightU}U)`)
  const usedU = usedUnitCount(occ)
  const runs = freeRuns(occ)
  const runTotal = (list: { lengthU: number }[]): number => list.reduce((total, r) => total + r.lengthU, 0)

  const limits: Record<LimitName, LimitUse> = {
    power: limitUse(drawWatts.peak, budget.watts),
    cooling: limitUse(drawWatts.peak, cabinet.coolingWatts),
    weight: limitUse(weightKg, cabinet.maxWeightKg),
    'rack-units': limitUse(usedU, cabinet.heightU)
  }
  let bindingLimit: LimitName = 'power'
  for (const name of LIMIT_NAMES) if (limits[name].utilisation > limits[bindingLimit].utilisation) bindingLimit = name

  return {
    name: cabinet.name,
    heightU: cabinet.heightU,
    usedU,
    freeU: cabinet.heightU - usedU,
    freeUByFace: { front: runTotal(runs.front), rear: runTotal(runs.rear) },
    budgetWatts: budget.watts,
    budgetBoundBy: budget.boundBy,
    drawWatts,
    headroomWatts: budget.watts - drawWatts.peak,
    live: {
      measuredDevices: devices.filter((d) => d.liveSource === 'utilisation').map((d) => d.name),
      typicalDevices: devices.filter((d) => d.liveSource === 'typical').map((d) => d.name)
    },
    feeds: feedLoads(cabinet, devices),
    unpoweredDevices,
    heatBtuPerHour: drawWatts.peak * BTU_PER_HOUR_PER_WATT,
    coolingWatts: cabinet.coolingWatts,
    coolingBtuPerHour: cabinet.coolingWatts * BTU_PER_HOUR_PER_WATT,
    weightKg,
    maxWeightKg: cabinet.maxWeightKg,
    limits,
    verdict: worstVerdict(LIMIT_NAMES.map((n) => limits[n].verdict)),
    bindingLimit,
    devices,
    warnings
  }
}

export interface SiteTotals {
  cabinets: number
  heightU: number
  usedU: number
  freeU: number
  budgetWatts: number
  drawWatts: DrawWatts
  headroomWatts: number
  heatBtuPerHour: number
  coolingBtuPerHour: number
  weightKg: number
  maxWeightKg: number
  /** The worst cabinet verdict. */
  verdict: Verdict
  /** Devices naming a cabinet the site does not have: in no cabinet's figures. */
  unplacedDevices: string[]
}

export function siteBudget(site: Site, options: BudgetOptions = {}): { cabinets: CabinetBudget[]; totals: SiteTotals } {
  const cabinets = site.cabinets.map((c) => cabinetBudget(site, c.name, options))
  const cabinetNames = new Set(site.cabinets.map((c) => c.name))
  const sum = (pick: (b: CabinetBudget) => number): number => cabinets.reduce((total, b) => total + pick(b), 0)
  return {
    cabinets,
    totals: {
      cabinets: cabinets.length,
      heightU: sum((b) => b.heightU),
      usedU: sum((b) => b.usedU),
      freeU: sum((b) => b.freeU),
      budgetWatts: sum((b) => b.budgetWatts),
      drawWatts: {
        nameplate: sum((b) => b.drawWatts.nameplate),
        typical: sum((b) => b.drawWatts.typical),
        peak: sum((b) => b.drawWatts.peak),
        live: sum((b) => b.drawWatts.live)
      },
      headroomWatts: sum((b) => b.headroomWatts),
      heatBtuPerHour: sum((b) => b.heatBtuPerHour),
      coolingBtuPerHour: sum((b) => b.coolingBtuPerHour),
      weightKg: sum((b) => b.weightKg),
      maxWeightKg: sum((b) => b.maxWeightKg),
      verdict: worstVerdict(cabinets.map((b) => b.verdict)),
      unplacedDevices: site.devices.filter((d) => !cabinetNames.has(d.cabinet)).map((d) => d.name)
    }
  }
}

export interface MovePreview {
  allowed: boolean
  /** Why the move is refused (when not allowed). */
  reason?: string
  /** Budgets of the cabinets the move touches (source first), before and after. */
  before: CabinetBudget[]
  after: CabinetBudget[]
  /** Limits the move pushes to warn or over, worded for the user. */
  warnings: string[]
  /** The worst level among the warnings ('ok' when there are none). */
  verdict: Verdict
}

const LIMIT_WORDS: Record<LimitName, string> = {
  power: 'failover-safe power budget',
  cooling: 'cooling',
  weight: 'weight limit',
  'rack-units': 'rack units'
}

function formatLimit(name: LimitName, value: number): string {
  if (name === 'weight') return `${Math.round(value)} kg`
  if (name === 'rack-units') return `${value}U`
  return `${Math.round(value)} W`
}

// Only what the move makes worse is reported, so a cabinet already over budget does not nag on
// every pointer move inside it.
function moveWarnings(before: CabinetBudget | undefined, after: CabinetBudget): { text: string; verdict: Verdict }[] {
  const found: { text: string; verdict: Verdict }[] = []
  for (const feed of after.feeds) {
    const was = before?.feeds.find((f) => f.name === feed.name)
    const grew = was === undefined || feed.failoverLoadWatts > was.failoverLoadWatts
    if (grew && feed.failoverLoadWatts > feed.capacityWatts)
      found.push({
        text: `${after.name}: would exceed feed ${feed.name} on failover by ${Math.ceil(feed.failoverLoadWatts - feed.capacityWatts)} W`,
        verdict: 'over'
      })
  }
  for (const name of LIMIT_NAMES) {
    const use = after.limits[name]
    const was = before?.limits[name]
    if (use.verdict === 'ok' || (was !== undefined && use.utilisation <= was.utilisation)) continue
    const words = name === 'power' && after.budgetBoundBy === 'contract' ? 'contracted power' : LIMIT_WORDS[name]
    const text =
      use.verdict === 'over'
        ? `${after.name}: would exceed its ${words} (${formatLimit(name, use.limit)}) by ${formatLimit(name, Math.ceil(use.used - use.limit))}`
        : `${after.name}: would reach ${Math.round(use.utilisation * 100)} % of its ${words} (${formatLimit(name, use.limit)})`
    found.push({ text, verdict: use.verdict })
  }
  return found
}

/**
 * What moving a device to `target` would do, without doing it: refused (with the reason) on a
 * collision, an out-of-range unit or an unknown name; otherwise the budgets of the touched
 * cabinets before and after and the limits the move would strain.
 */
export function previewMove(site: Site, deviceName: string, target: Placement, options: BudgetOptions = {}): MovePreview {
  const refuse = (reason: string, before: CabinetBudget[] = []): MovePreview => ({
    allowed: false,
    reason,
    before,
    after: before,
    warnings: [],
    verdict: 'ok'
  })
  const device = site.devices.find((d) => d.name === deviceName)
  if (device === undefined) return refuse(`no device named ${deviceName}`)
  const touched = [...new Set([device.cabinet, target.cabinet])].filter((name) => site.cabinets.some((c) => c.name === name))
  const budgets = (s: Site): CabinetBudget[] => touched.map((name) => cabinetBudget(s, name, options))
  const before = budgets(site)
  if (!site.cabinets.some((c) => c.name === target.cabinet)) return refuse(`no cabinet named ${target.cabinet}`, before)
  let problem
  try {
    problem = findCollision(site, device, target)
  } catch (error) {
    if (error instanceof SiteLookupError) return refuse(error.message, before)
    throw error
  }
  if (problem !== null) return refuse(problem.reason, before)

  const moved = applyMove(site, { type: 'move', device: deviceName, from: placementOf(site, deviceName), to: target })
  const after = budgets(moved)
  const found = after.flatMap((b) =>
    moveWarnings(
      before.find((x) => x.name === b.name),
      b
    )
  )
  const targetCabinet = findCabinet(site, target.cabinet)
  const missing = device.feeds.filter((f) => !targetCabinet.feeds.some((feed) => feed.name === f))
  if (target.cabinet !== device.cabinet && missing.length > 0)
    found.push({
      text: `${target.cabinet} has no feed ${missing.join(', ')}: ${deviceName} would need re-plugging`,
      verdict: missing.length === device.feeds.length ? 'over' : 'warn'
    })
  return {
    allowed: true,
    before,
    after,
    warnings: found.map((w) => w.text),
    verdict: worstVerdict(found.map((w) => w.verdict))
  }
}
