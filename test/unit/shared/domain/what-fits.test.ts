import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { SiteLookupError } from '../../../../src/shared/domain/rack-units'
import { whatFits } from '../../../../src/shared/domain/what-fits'
import { SiteSchema, type Site, type SiteInput } from '../../../../src/shared/model'

const demo: Site = SiteSchema.parse(parse(readFileSync(join(__dirname, '../../../../resources/demo-site.yaml'), 'utf8')))

describe('whatFits on the demo site', () => {
  it('fits one more 16-core Xeon in R01: power binds long before rack units', () => {
    // rack units: free on both faces 19 + 5 + 1 + 3 + 1 + 1 + 4 = 34 single units
    // power: (2944 − 2400) / 380 = 1.43 -> 1; cooling: (3500 − 2400) / 380 = 2.89 -> 2
    // weight: (1000 − 150) / 18 = 47.2 -> 47
    expect(whatFits(demo, 'R01', 'Xeon E5-2637 v3 1U')).toEqual({
      count: 1,
      limitedBy: 'power',
      byLimit: { rackUnits: 34, power: 1, cooling: 2, weight: 47 }
    })
  })

  it('places 2U models only into runs of two free units', () => {
    // runs 19, 5, 1, 3, 1, 1, 4 -> 9 + 2 + 0 + 1 + 0 + 0 + 2 = 14; weight (1000 − 150) / 26 = 32.7 -> 32
    expect(whatFits(demo, 'R01', 'Xeon E5-2637 v3 2U').byLimit).toEqual({ rackUnits: 14, power: 1, cooling: 2, weight: 32 })
  })

  it('uses both faces for a half-depth model in R02, where rack units bind', () => {
    // front: 46 − 5 Atoms = 41 free; rear: 46 − 1 switch = 45 free -> 86
    // power (2944 − 160) / 20 = 139.2 -> 139; cooling (3500 − 160) / 20 = 167; weight (1000 − 35) / 6 = 160.8 -> 160
    expect(whatFits(demo, 'R02', 'Atom C2550 1U')).toEqual({
      count: 86,
      limitedBy: 'rack-units',
      byLimit: { rackUnits: 86, power: 139, cooling: 167, weight: 160 }
    })
  })

  it('throws for an unknown cabinet or model', () => {
    expect(() => whatFits(demo, 'R07', 'Atom C2550 1U')).toThrow(SiteLookupError)
    expect(() => whatFits(demo, 'R01', 'Cray')).toThrow('no device model named Cray')
  })
})

describe('whatFits limits', () => {
  const site = (cabinet: Partial<NonNullable<SiteInput['cabinets']>[number]>, models: SiteInput['models'], devices: SiteInput['devices'] = []): Site =>
    SiteSchema.parse({
      site: { name: 't' },
      cabinets: [{ name: 'C', heightU: 10, maxWeightKg: 1000, coolingWatts: 100000, feeds: [{ name: 'A', volts: 230, amps: 32, deratePercent: 100 }], ...cabinet }],
      models,
      devices
    })

  it('binds on weight for heavy boxes', () => {
    // weight 100 / 30 = 3.3 -> 3; U 10; power 7360 / 100 = 73
    const s = site({ maxWeightKg: 100 }, [{ name: 'heavy', heightU: 1, watts: { nameplate: 100, typical: 100, idle: 100, peak: 100 }, weightKg: 30 }])
    expect(whatFits(s, 'C', 'heavy')).toEqual({ count: 3, limitedBy: 'weight', byLimit: { rackUnits: 10, power: 73, cooling: 1000, weight: 3 } })
  })

  it('binds on cooling when cooling is below the power budget', () => {
    // cooling 1000 / 300 = 3.3 -> 3; power 7360 / 300 = 24.5 -> 24
    const s = site({ coolingWatts: 1000 }, [{ name: 'hot', heightU: 1, watts: { nameplate: 300, typical: 300, idle: 100, peak: 300 }, weightKg: 1 }])
    expect(whatFits(s, 'C', 'hot')).toMatchObject({ count: 3, limitedBy: 'cooling' })
  })

  it('counts no limit for a model that draws nothing, and none at all when over budget', () => {
    const models: SiteInput['models'] = [
      { name: 'panel', role: 'patch-panel', heightU: 1, fullDepth: false, watts: { nameplate: 0, typical: 0, idle: 0, peak: 0 }, weightKg: 0 },
      { name: 'big', heightU: 2, watts: { nameplate: 5000, typical: 4000, idle: 1000, peak: 5000 }, weightKg: 10 }
    ]
    expect(whatFits(site({}, models), 'C', 'panel')).toEqual({
      count: 20,
      limitedBy: 'rack-units',
      byLimit: { rackUnits: 20, power: null, cooling: null, weight: null }
    })
    // 2 × 5000 W = 10000 W drawn against 7360 W: negative headroom fits none
    const full = site({}, models, [
      { name: 'b1', model: 'big', cabinet: 'C', positionU: 1, feeds: ['A'] },
      { name: 'b2', model: 'big', cabinet: 'C', positionU: 3, feeds: ['A'] }
    ])
    expect(whatFits(full, 'C', 'big')).toMatchObject({ count: 0, limitedBy: 'power', byLimit: { rackUnits: 3, power: 0 } })
  })
})
