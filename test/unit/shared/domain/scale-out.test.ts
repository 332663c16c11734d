import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { WorkloadError, compareScaleOut } from '../../../../src/shared/domain/scale-out'
import { SiteSchema, type Site } from '../../../../src/shared/model'

const demo: Site = SiteSchema.parse(parse(readFileSync(join(__dirname, '../../../../resources/demo-site.yaml'), 'utf8')))
const model = (name: string) => {
  const found = demo.models.find((m) => m.name === name)
  if (found === undefined) throw new Error(`demo site has no model ${name}`)
  return found
}
const xeon = model('Xeon E5-2637 v3 1U')
const atom = model('Atom C2550 1U')
const template = demo.cabinets[0]!

describe('compareScaleOut: 16-core Xeon against 4-core Atom (demo site)', () => {
  const { options, skipped } = compareScaleOut([xeon, atom], { performance: 128 }, template)
  const byModel = (name: string) => options.find((o) => o.model === name)

  it('needs 4 Xeons at 1520 W or 32 Atoms at 640 W for 128 performance units', () => {
    // Xeon: 128 / 32 = 4 boxes, 4 × 1U = 4U, 4 × 380 W = 1520 W, 4 × 210 W typical = 840 W
    expect(byModel(xeon.name)).toMatchObject({ perBox: 32, boxes: 4, totalU: 4, peakWatts: 1520, typicalWatts: 840, weightKg: 72 })
    // Atom: 128 / 4 = 32 boxes, 32U, 32 × 20 W = 640 W, 32 × 14 W typical = 448 W
    expect(byModel(atom.name)).toMatchObject({ perBox: 4, boxes: 32, totalU: 32, peakWatts: 640, typicalWatts: 448, weightKg: 192 })
    expect(skipped).toEqual([])
  })

  it('ranks the Atom first on watts and on performance per watt, the Xeon on rack units', () => {
    expect(options.map((o) => o.model)).toEqual([atom.name, xeon.name])
    // 4 / 20 W = 0.2 per W against 32 / 380 W = 0.084 per W
    expect(byModel(atom.name)?.performancePerPeakWatt).toBe(0.2)
    expect(byModel(xeon.name)?.performancePerPeakWatt).toBeCloseTo(0.0842, 4)
    expect(byModel(atom.name)!.totalU).toBeGreaterThan(byModel(xeon.name)!.totalU)
  })

  it('fills a demo cabinet until its budget or its units run out', () => {
    // Xeon per cabinet: U 46, power 2944 / 380 = 7.7 -> 7, cooling 3500 / 380 = 9, weight 1000 / 18 = 55 -> power binds at 7
    expect(byModel(xeon.name)).toMatchObject({ boxesPerCabinet: 7, cabinetLimitedBy: 'power', cabinetsNeeded: 1 })
    // Atom per cabinet: half depth on both faces 92, power 2944 / 20 = 147, cooling 175, weight 166 -> rack units bind at 92
    expect(byModel(atom.name)).toMatchObject({ boxesPerCabinet: 92, cabinetLimitedBy: 'rack-units', cabinetsNeeded: 1 })
  })

  it('needs more cabinets of Xeons than of Atoms for a large workload', () => {
    const large = compareScaleOut([xeon, atom], { performance: 1024 }, template)
    // Xeon: 1024 / 32 = 32 boxes, 7 per cabinet -> 5 cabinets; Atom: 256 boxes, 92 per cabinet -> 3 cabinets
    expect(large.options.map((o) => [o.model, o.boxes, o.cabinetsNeeded])).toEqual([
      [atom.name, 256, 3],
      [xeon.name, 32, 5]
    ])
    // front face only: 46 Atoms per cabinet -> 256 / 46 = 5.6 -> 6 cabinets
    const frontOnly = compareScaleOut([atom], { performance: 1024 }, template, { halfDepthOnBothFaces: false })
    expect(frontOnly.options[0]).toMatchObject({ boxesPerCabinet: 46, cabinetsNeeded: 6 })
  })
})

describe('compareScaleOut inputs', () => {
  it('counts boxes by cores', () => {
    const { options } = compareScaleOut([xeon, atom], { cores: 64 }, template)
    // 64 / 16 = 4 Xeons; 64 / 4 = 16 Atoms; 70 cores round up: 5 Xeons
    expect(options.map((o) => [o.model, o.boxes])).toEqual([
      [atom.name, 16],
      [xeon.name, 4]
    ])
    expect(compareScaleOut([xeon], { cores: 70 }, template).options[0]?.boxes).toBe(5)
  })

  it('skips models that lack the workload unit or cannot fit one box in a cabinet', () => {
    const furnace = { ...xeon, name: 'furnace', watts: { nameplate: 5000, typical: 4000, idle: 1000, peak: 5000 } }
    const { options, skipped } = compareScaleOut([model('Switch 48x1G 1U'), furnace, atom], { performance: 8 }, template)
    expect(options.map((o) => o.model)).toEqual([atom.name])
    expect(skipped).toEqual([
      { model: 'Switch 48x1G 1U', reason: 'Switch 48x1G 1U has no performanceScore' },
      { model: 'furnace', reason: 'one furnace exceeds the power of a R01 cabinet' }
    ])
  })

  it('rejects a workload that is not a positive number', () => {
    expect(() => compareScaleOut([xeon], { cores: 0 }, template)).toThrow(WorkloadError)
    expect(() => compareScaleOut([xeon], { performance: Number.NaN }, template)).toThrow('positive number')
  })
})
