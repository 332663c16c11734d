// Scale up or scale out: for a workload, how many boxes of each model it takes, and what they
// cost in rack units, watts and cabinets. Few big boxes against many small ones.
import type { Cabinet, DeviceModel } from '../model'
import { failoverBudget, type LimitName } from './power'

/** A workload in CPU cores or in performance units (the models' performanceScore). */
export type Workload = { cores: number } | { performance: number }

export interface ScaleOutOption {
  model: string
  /** Cores or performance units one box contributes. */
  perBox: number
  boxes: number
  totalU: number
  peakWatts: number
  typicalWatts: number
  weightKg: number
  /** performanceScore / peak W of one box; null without a score or at 0 W. */
  performancePerPeakWatt: number | null
  /** Boxes one template cabinet holds, and the limit that sets it. */
  boxesPerCabinet: number
  cabinetLimitedBy: LimitName
  cabinetsNeeded: number
}

export interface ScaleOutComparison {
  /** Sorted by peak watts, lowest first. */
  options: ScaleOutOption[]
  /** Models that cannot serve this workload, with why. */
  skipped: { model: string; reason: string }[]
}

export interface ScaleOutOptions {
  /** Half-depth boxes may also be mounted on the rear face (back to back). Default true. */
  halfDepthOnBothFaces?: boolean
}

/** A workload that is not a positive number. */
export class WorkloadError extends Error {
  override name = 'WorkloadError'
  readonly kind = 'bad-workload'
}

function perCabinet(model: DeviceModel, template: Cabinet, bothFaces: boolean): { boxes: number; limitedBy: LimitName } {
  const fit = (headroom: number, each: number): number => (each > 0 ? Math.floor(headroom / each) : Number.POSITIVE_INFINITY)
  const facesUsable = !model.fullDepth && bothFaces ? 2 : 1
  const byLimit: [LimitName, number][] = [
    ['rack-units', Math.floor(template.heightU / model.heightU) * facesUsable],
    ['power', fit(failoverBudget(template).watts, model.watts.peak)],
    ['cooling', fit(template.coolingWatts, model.watts.peak)],
    ['weight', fit(template.maxWeightKg, model.weightKg)]
  ]
  let best: [LimitName, number] = byLimit[0] as [LimitName, number]
  for (const entry of byLimit) if (entry[1] < best[1]) best = entry
  return { boxes: best[1], limitedBy: best[0] }
}

/**
 * Compare models for a workload, each filling empty cabinets shaped like `template` (its
 * failover-safe budget, cooling, weight limit and height; whichever binds first).
 */
export function compareScaleOut(models: readonly DeviceModel[], workload: Workload, template: Cabinet, options: ScaleOutOptions = {}): ScaleOutComparison {
  const amount = 'cores' in workload ? workload.cores : workload.performance
  if (!(amount > 0) || !Number.isFinite(amount)) throw new WorkloadError(`workload must be a positive number, got ${amount}`)
  const unit = 'cores' in workload ? 'cores' : 'performanceScore'
  const result: ScaleOutComparison = { options: [], skipped: [] }
  for (const model of models) {
    const perBox = 'cores' in workload ? model.cores : model.performanceScore
    if (perBox === undefined) {
      result.skipped.push({ model: model.name, reason: `${model.name} has no ${unit}` })
      continue
    }
    const cabinet = perCabinet(model, template, options.halfDepthOnBothFaces ?? true)
    if (cabinet.boxes < 1) {
      result.skipped.push({ model: model.name, reason: `one ${model.name} exceeds the ${cabinet.limitedBy} of a ${template.name} cabinet` })
      continue
    }
    const boxes = Math.ceil(amount / perBox)
    result.options.push({
      model: model.name,
      perBox,
      boxes,
      totalU: boxes * model.heightU,
      peakWatts: boxes * model.watts.peak,
      typicalWatts: boxes * model.watts.typical,
      weightKg: boxes * model.weightKg,
      performancePerPeakWatt: model.performanceScore !== undefined && model.watts.peak > 0 ? model.performanceScore / model.watts.peak : null,
      boxesPerCabinet: cabinet.boxes,
      cabinetLimitedBy: cabinet.limitedBy,
      cabinetsNeeded: Math.ceil(boxes / cabinet.boxes)
    })
  }
  result.options.sort((a, b) => a.peakWatts - b.peakWatts)
  return result
}
