// "What fits": how many more of one model a cabinet can take, limit by limit, and which limit
// stops it first. The result is a public format (the `fits` CLI prints it as JSON).
import type { Site } from '../model'
import { cabinetBudget } from './power'
import { findModel, freeRuns, occupancy, type UnitRun } from './rack-units'

export type FitLimit = 'rack-units' | 'power' | 'cooling' | 'weight'

export interface FitResult {
  count: number
  limitedBy: FitLimit
  /** How many each limit alone allows; null when the model does not use that resource (0 W, 0 kg). */
  byLimit: { rackUnits: number; power: number | null; cooling: number | null; weight: number | null }
}

function perRun(runs: readonly UnitRun[], heightU: number): number {
  return runs.reduce((count, run) => count + Math.floor(run.lengthU / heightU), 0)
}

// How many items of `each` fit into `headroom` (nothing when there is no headroom left).
function within(headroom: number, each: number): number | null {
  if (each <= 0) return null
  return Math.max(0, Math.floor(headroom / each))
}

/**
 * Full-depth models need their units free on both faces; half-depth ones fit into the free runs
 * of either face. Power headroom is the failover-safe budget minus the peak draw, against the
 * model's peak. Throws SiteLookupError for an unknown cabinet or model.
 */
export function whatFits(site: Site, cabinetName: string, modelName: string): FitResult {
  const model = findModel(site, modelName)
  const budget = cabinetBudget(site, cabinetName)
  const runs = freeRuns(occupancy(site, cabinetName))
  const rackUnits = model.fullDepth ? perRun(runs.bothFaces, model.heightU) : perRun(runs.front, model.heightU) + perRun(runs.rear, model.heightU)
  const byLimit = {
    rackUnits,
    power: within(budget.headroomWatts, model.watts.peak),
    cooling: within(budget.coolingWatts - budget.drawWatts.peak, model.watts.peak),
    weight: within(budget.maxWeightKg - budget.weightKg, model.weightKg)
  }
  const candidates: [FitLimit, number | null][] = [
    ['rack-units', byLimit.rackUnits],
    ['power', byLimit.power],
    ['cooling', byLimit.cooling],
    ['weight', byLimit.weight]
  ]
  let count = rackUnits
  let limitedBy: FitLimit = 'rack-units'
  for (const [limit, allowed] of candidates)
    if (allowed !== null && allowed < count) {
      count = allowed
      limitedBy = limit
    }
  return { count, limitedBy, byLimit }
}
