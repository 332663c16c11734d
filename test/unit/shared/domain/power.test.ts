import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import {
  BTU_PER_HOUR_PER_WATT,
  UtilisationError,
  cabinetBudget,
  failoverBudget,
  feedCapacityWatts,
  liveWattsAt,
  previewMove,
  siteBudget,
  verdictFor
} from '../../../../src/shared/domain/power'
import { SiteLookupError } from '../../../../src/shared/domain/rack-units'
import { CabinetSchema, FeedSchema, SiteSchema, type Site, type SiteInput } from '../../../../src/shared/model'

const demo: Site = SiteSchema.parse(parse(readFileSync(join(__dirname, '../../../../resources/demo-site.yaml'), 'utf8')))

function site(input: Omit<SiteInput, 'site'>): Site {
  return SiteSchema.parse({ site: { name: 'test' }, ...input })
}

// One 1000 W feed (125 V × 10 A × 80 %) and models whose peaks make round percentages of it.
function smallSite(devices: SiteInput['devices'], cabinet: Partial<NonNullable<SiteInput['cabinets']>[number]> = {}): Site {
  return site({
    cabinets: [{ name: 'C1', heightU: 10, maxWeightKg: 100, coolingWatts: 5000, feeds: [{ name: 'A', volts: 125, amps: 10 }], ...cabinet }],
    models: [
      { name: 'p400', heightU: 1, watts: { nameplate: 500, typical: 300, idle: 100, peak: 400 }, weightKg: 10 },
      { name: 'p200', heightU: 1, watts: { nameplate: 200, typical: 150, idle: 100, peak: 200 }, weightKg: 5 },
      { name: 'p1', heightU: 1, fullDepth: false, watts: { nameplate: 1, typical: 1, idle: 1, peak: 1 }, weightKg: 1 }
    ],
    devices
  })
}

describe('feedCapacityWatts', () => {
  it('is volts × amps × derate for a single-phase feed', () => {
    // 230 V × 16 A = 3680 W; × 80 % = 2944 W
    expect(feedCapacityWatts(FeedSchema.parse({ name: 'A', volts: 230, amps: 16, deratePercent: 80 }))).toBe(2944)
    // 230 V × 32 A = 7360 W; × 100 % = 7360 W
    expect(feedCapacityWatts(FeedSchema.parse({ name: 'A', volts: 230, amps: 32, deratePercent: 100 }))).toBe(7360)
  })

  it('multiplies by √3 for a three-phase feed, volts line-to-line', () => {
    // 400 V × 32 A × √3 = 22170.25 W; × 80 % = 17736.2 W
    expect(feedCapacityWatts(FeedSchema.parse({ name: 'A', volts: 400, amps: 32, phases: 3, deratePercent: 80 }))).toBeCloseTo(17736.2, 1)
  })

  it('derates by 80 % when the feed does not say', () => {
    // 120 V × 20 A × 80 % = 1920 W
    expect(feedCapacityWatts(FeedSchema.parse({ name: 'A', volts: 120, amps: 20 }))).toBe(1920)
  })
})

describe('failoverBudget', () => {
  const cabinet = (extra: object) =>
    CabinetSchema.parse({
      name: 'X',
      maxWeightKg: 500,
      coolingWatts: 5000,
      feeds: [
        { name: 'A', volts: 230, amps: 16 },
        { name: 'B', volts: 230, amps: 10 }
      ],
      ...extra
    })

  it('is what the weaker feed of an A+B pair carries alone', () => {
    // A: 230 × 16 × 0.8 = 2944 W, B: 230 × 10 × 0.8 = 1840 W -> B alone must carry all: 1840 W
    expect(failoverBudget(cabinet({}))).toEqual({ watts: 1840, boundBy: 'feed', feed: 'B' })
  })

  it('is capped by the contracted power when that is lower', () => {
    expect(failoverBudget(cabinet({ contractWatts: 1500 }))).toEqual({ watts: 1500, boundBy: 'contract', feed: 'B' })
    expect(failoverBudget(cabinet({ contractWatts: 2000 }))).toEqual({ watts: 1840, boundBy: 'feed', feed: 'B' })
  })

  it('is the feed itself with a single feed', () => {
    // 230 × 16 × 0.8 = 2944 W
    expect(failoverBudget(cabinet({ feeds: [{ name: 'A', volts: 230, amps: 16 }] })).watts).toBe(2944)
  })
})

describe('verdictFor', () => {
  it('is ok below 80 %, warn from 80 % up to 100 % inclusive, over above', () => {
    expect([0.79, 0.8, 1, 1.0001].map(verdictFor)).toEqual(['ok', 'warn', 'warn', 'over'])
  })
})

describe('cabinetBudget on the demo site', () => {
  const r01 = cabinetBudget(demo, 'R01')

  it('adds up nameplate, typical and peak draw', () => {
    // 2 switches (150/45/60 W) + 2 Xeon 1U (550/210/380 W) + 4 Xeon 2U (750/220/380 W)
    // nameplate 2×150 + 2×550 + 4×750 = 4400; typical 2×45 + 2×210 + 4×220 = 1390; peak 2×60 + 6×380 = 2400
    expect(r01.drawWatts).toEqual({ nameplate: 4400, typical: 1390, peak: 2400, live: 1390 })
  })

  it('budgets the weaker feed, below the 3000 W contract', () => {
    // both feeds 230 × 16 × 0.8 = 2944 W < 3000 W contract; headroom 2944 − 2400 = 544 W
    expect(r01.budgetWatts).toBe(2944)
    expect(r01.budgetBoundBy).toBe('feed')
    expect(r01.headroomWatts).toBe(544)
  })

  it('splits dual-fed load in half and lands it all on the survivor on failover', () => {
    // normal: 6 Xeons × 380 / 2 = 1140 + one 60 W switch per feed = 1200 W
    // failover: all 2280 W of Xeons on the surviving feed + its own 60 W switch = 2340 W
    expect(r01.feeds.map((f) => [f.name, f.capacityWatts, f.normalLoadWatts, f.failoverLoadWatts])).toEqual([
      ['A', 2944, 1200, 2340],
      ['B', 2944, 1200, 2340]
    ])
    expect(r01.feeds[0]?.failoverHeadroomWatts).toBe(604)
    // 2340 / 2944 = 79.5 %
    expect(r01.feeds[0]?.verdict).toBe('ok')
  })

  it('gives heat in BTU/h from peak draw against cooling', () => {
    // 2400 W × 3.412 = 8188.8 BTU/h; 3500 W × 3.412 = 11942 BTU/h
    expect(r01.heatBtuPerHour).toBeCloseTo(8188.8, 6)
    expect(r01.coolingBtuPerHour).toBeCloseTo(11942, 6)
    expect(BTU_PER_HOUR_PER_WATT).toBe(3.412)
  })

  it('weighs the devices and counts units by face', () => {
    // 2 × 5 kg + 2 × 18 kg + 4 × 26 kg = 150 kg
    expect(r01.weightKg).toBe(150)
    expect(r01.maxWeightKg).toBe(1000)
    // Xeons: 1+1+2+2+2+2 = 10 U (both faces); switches at U45, U46 rear only -> 12 U used, 34 free
    expect(r01.usedU).toBe(12)
    expect(r01.freeU).toBe(34)
    expect(r01.freeUByFace).toEqual({ front: 36, rear: 34 })
  })

  it('warns on power at 81.5 % and names it the binding limit', () => {
    // power 2400 / 2944 = 81.5 % warn; cooling 2400 / 3500 = 68.6 %; weight 150 / 1000 = 15 %; U 12 / 46 = 26 %
    expect(r01.limits.power.utilisation).toBeCloseTo(0.815, 3)
    expect(r01.limits.power.verdict).toBe('warn')
    expect(r01.limits.cooling.verdict).toBe('ok')
    expect(r01.verdict).toBe('warn')
    expect(r01.bindingLimit).toBe('power')
  })

  it('keeps single-fed load on its own feed (R02)', () => {
    const r02 = cabinetBudget(demo, 'R02')
    // A: switch 60 + hv-01, hv-03, hv-05 at 20 W = 120 W; B: hv-02, hv-04 = 40 W; nothing dual-fed
    expect(r02.feeds.map((f) => [f.name, f.normalLoadWatts, f.failoverLoadWatts])).toEqual([
      ['A', 120, 120],
      ['B', 40, 40]
    ])
    expect(r02.drawWatts.peak).toBe(160)
  })

  it('throws a lookup error for an unknown cabinet', () => {
    expect(() => cabinetBudget(demo, 'R99')).toThrow(SiteLookupError)
    expect(() => cabinetBudget(demo, 'R99')).toThrow('no cabinet named R99')
  })
})

describe('live estimate', () => {
  it('is idle + (peak − idle) × CPU utilisation, typical for devices without a figure', () => {
    const b = cabinetBudget(demo, 'R01', { utilisation: { 'hvx-01': 0.5, 'hvx-02': 1, 'db-01': 0 } })
    // hvx-01: 120 + (380 − 120) × 0.5 = 250; hvx-02: 380; db-01: 120
    // the rest at typical: 2 switches 45 + 45, mail-01 210, web-01 210, backup-01 220 = 730
    // 250 + 380 + 120 + 730 = 1480 W
    expect(b.drawWatts.live).toBe(1480)
    expect(b.live.measuredDevices.sort()).toEqual(['db-01', 'hvx-01', 'hvx-02'])
    expect(b.live.typicalDevices).toHaveLength(5)
    expect(b.devices.find((d) => d.name === 'hvx-01')?.liveSource).toBe('utilisation')
    expect(b.devices.find((d) => d.name === 'web-01')?.liveSource).toBe('typical')
  })

  it('rejects a utilisation outside 0..1', () => {
    expect(() => cabinetBudget(demo, 'R01', { utilisation: { 'hvx-01': 1.5 } })).toThrow(UtilisationError)
    expect(() => cabinetBudget(demo, 'R01', { utilisation: { 'hvx-01': Number.NaN } })).toThrow('hvx-01')
  })

  it('liveWattsAt spans idle to peak', () => {
    const atom = demo.models.find((m) => m.name === 'Atom C2550 1U')
    if (atom === undefined) throw new Error('demo site lost its Atom model')
    // 9 + (20 − 9) × 0.25 = 11.75 W
    expect(liveWattsAt(atom, 0.25)).toBe(11.75)
  })
})

describe('cabinetBudget limits and verdicts', () => {
  it('is ok below 80 %, warn at 80 % and at 100 %, over above', () => {
    // budget 125 V × 10 A × 80 % = 1000 W
    const at = (models: string[]) =>
      cabinetBudget(smallSite(models.map((model, i) => ({ name: `d${i}`, model, cabinet: 'C1', positionU: i + 1, feeds: ['A'] }))), 'C1').limits.power
    // 400 W = 40 %
    expect(at(['p400'])).toMatchObject({ used: 400, verdict: 'ok' })
    // 400 + 400 = 800 W = 80 %
    expect(at(['p400', 'p400'])).toMatchObject({ used: 800, limit: 1000, verdict: 'warn' })
    // 400 + 400 + 200 = 1000 W = 100 %: exactly the budget is still warn
    expect(at(['p400', 'p400', 'p200'])).toMatchObject({ used: 1000, verdict: 'warn' })
    // 400 + 400 + 200 + 1 = 1001 W = 100.1 %
    expect(at(['p400', 'p400', 'p200', 'p1'])).toMatchObject({ used: 1001, verdict: 'over' })
  })

  it('names cooling as binding when it is the tightest', () => {
    // peak 800 W against 900 W cooling = 88.9 %, power 800 / 1000 = 80 %
    const b = cabinetBudget(
      smallSite(
        [
          { name: 'a', model: 'p400', cabinet: 'C1', positionU: 1, feeds: ['A'] },
          { name: 'b', model: 'p400', cabinet: 'C1', positionU: 2, feeds: ['A'] }
        ],
        { coolingWatts: 900 }
      ),
      'C1'
    )
    expect(b.bindingLimit).toBe('cooling')
    expect(b.limits.cooling.verdict).toBe('warn')
  })

  it('names weight and is over when the devices are too heavy', () => {
    // 2 × 10 kg = 20 kg against 15 kg = 133 %; power 800 / 1000 W = 80 %
    const b = cabinetBudget(
      smallSite(
        ['a', 'b'].map((name, i) => ({ name, model: 'p400', cabinet: 'C1', positionU: i + 1, feeds: ['A'] })),
        { maxWeightKg: 15 }
      ),
      'C1'
    )
    expect(b.limits.weight).toMatchObject({ used: 20, limit: 15, verdict: 'over' })
    expect(b.verdict).toBe('over')
    expect(b.bindingLimit).toBe('weight')
  })

  it('reports a device with no feed as unpowered, still counting its draw', () => {
    const b = cabinetBudget(
      smallSite([
        { name: 'a', model: 'p400', cabinet: 'C1', positionU: 1, feeds: ['A'] },
        { name: 'loose', model: 'p400', cabinet: 'C1', positionU: 2 }
      ]),
      'C1'
    )
    expect(b.unpoweredDevices).toEqual(['loose'])
    expect(b.warnings.join('\n')).toContain('loose is not plugged into any feed of C1')
    expect(b.drawWatts.peak).toBe(800)
    // only 'a' is on feed A
    expect(b.feeds[0]?.normalLoadWatts).toBe(400)
  })

  it('treats a feed name the cabinet lacks as no feed and says so', () => {
    const b = cabinetBudget(smallSite([{ name: 'a', model: 'p400', cabinet: 'C1', positionU: 1, feeds: ['Z'] }]), 'C1')
    expect(b.unpoweredDevices).toEqual(['a'])
    expect(b.warnings[0]).toBe('a is plugged into feed Z, which C1 does not have')
  })

  it('puts the whole load of a single-feed cabinet on that feed, failover or not', () => {
    const b = cabinetBudget(smallSite([{ name: 'a', model: 'p400', cabinet: 'C1', positionU: 1, feeds: ['A'] }]), 'C1')
    expect(b.feeds).toEqual([expect.objectContaining({ name: 'A', capacityWatts: 1000, normalLoadWatts: 400, failoverLoadWatts: 400 })])
  })

  it('splits mixed A+B load and computes each survivor', () => {
    const s = site({
      cabinets: [
        {
          name: 'C',
          maxWeightKg: 500,
          coolingWatts: 9000,
          feeds: [
            { name: 'A', volts: 230, amps: 16 },
            { name: 'B', volts: 230, amps: 16 }
          ]
        }
      ],
      models: [{ name: 'm', heightU: 1, watts: { nameplate: 600, typical: 300, idle: 100, peak: 500 }, weightKg: 10 }],
      devices: [
        { name: 'dual', model: 'm', cabinet: 'C', positionU: 1, feeds: ['A', 'B'] },
        { name: 'onA', model: 'm', cabinet: 'C', positionU: 2, feeds: ['A'] },
        { name: 'onA2', model: 'm', cabinet: 'C', positionU: 3, feeds: ['A'] }
      ]
    })
    const b = cabinetBudget(s, 'C')
    // normal: A = 250 + 500 + 500 = 1250, B = 250
    // B fails: A carries dual 500 + its own 1000 = 1500; A fails: B carries dual 500 (the rest goes dark)
    expect(b.feeds.map((f) => [f.name, f.normalLoadWatts, f.failoverLoadWatts])).toEqual([
      ['A', 1250, 1500],
      ['B', 250, 500]
    ])
  })
})

describe('siteBudget', () => {
  it('totals every cabinet of the demo site', () => {
    const { cabinets, totals } = siteBudget(demo)
    expect(cabinets.map((c) => c.name)).toEqual(['R01', 'R02'])
    // budgets 2944 + 2944 = 5888 W; peak 2400 + 160 = 2560 W; headroom 5888 − 2560 = 3328 W
    expect(totals).toMatchObject({ cabinets: 2, budgetWatts: 5888, headroomWatts: 3328, heightU: 92, usedU: 18, weightKg: 185, verdict: 'warn' })
    expect(totals.drawWatts.peak).toBe(2560)
    expect(totals.unplacedDevices).toEqual([])
  })

  it('names devices in a cabinet the site does not have instead of dropping them', () => {
    const s = { ...demo, devices: [...demo.devices, { ...demo.devices[0]!, name: 'lost', cabinet: 'R77' }] }
    expect(siteBudget(s).totals.unplacedDevices).toEqual(['lost'])
  })
})

describe('previewMove', () => {
  // Two spare Xeon 2U boxes in R02, to be dragged into R01.
  const withSpares: Site = {
    ...demo,
    devices: [
      ...demo.devices,
      { name: 'spare-01', model: 'Xeon E5-2637 v3 2U', cabinet: 'R02', positionU: 10, face: 'front', feeds: ['A', 'B'] },
      { name: 'spare-02', model: 'Xeon E5-2637 v3 2U', cabinet: 'R02', positionU: 12, face: 'front', feeds: ['A', 'B'] }
    ]
  }

  it('moves within a cabinet without changing its power or warning', () => {
    const p = previewMove(demo, 'hv-01', { cabinet: 'R02', positionU: 20, face: 'front' })
    expect(p.allowed).toBe(true)
    expect(p.warnings).toEqual([])
    expect(p.verdict).toBe('ok')
    expect(p.after[0]?.drawWatts).toEqual(p.before[0]?.drawWatts)
    expect(p.after[0]?.devices.find((d) => d.name === 'hv-01')?.positionU).toBe(20)
  })

  it('shows both cabinets before and after and warns at 80 %', () => {
    const p = previewMove(withSpares, 'spare-01', { cabinet: 'R01', positionU: 10, face: 'front' })
    expect(p.allowed).toBe(true)
    expect(p.before.map((b) => b.name)).toEqual(['R02', 'R01'])
    // R02: 160 + 760 = 920 W before, 540 W after; R01: 2400 W before, 2780 W after
    expect(p.before.map((b) => b.drawWatts.peak)).toEqual([920, 2400])
    expect(p.after.map((b) => b.drawWatts.peak)).toEqual([540, 2780])
    // 2780 / 2944 = 94.4 %; feed failover 2340 + 380 = 2720 W < 2944 W
    expect(p.warnings).toEqual(['R01: would reach 94 % of its failover-safe power budget (2944 W)'])
    expect(p.verdict).toBe('warn')
  })

  it('says by how much a feed would be exceeded on failover', () => {
    const first = previewMove(withSpares, 'spare-01', { cabinet: 'R01', positionU: 10, face: 'front' })
    expect(first.allowed).toBe(true)
    const moved: Site = {
      ...withSpares,
      devices: withSpares.devices.map((d) => (d.name === 'spare-01' ? { ...d, cabinet: 'R01' } : d))
    }
    const p = previewMove(moved, 'spare-02', { cabinet: 'R01', positionU: 12, face: 'front' })
    // R01 peak 2400 + 380 + 380 = 3160 W: 216 W over the 2944 W budget
    // feed A on failover: 8 dual-fed Xeons 3040 W + switch 60 W = 3100 W: 156 W over 2944 W (same for B)
    expect(p.allowed).toBe(true)
    expect(p.warnings).toEqual([
      'R01: would exceed feed A on failover by 156 W',
      'R01: would exceed feed B on failover by 156 W',
      'R01: would exceed its failover-safe power budget (2944 W) by 216 W',
      // cooling 3160 / 3500 = 90.3 %
      'R01: would reach 90 % of its cooling (3500 W)'
    ])
    expect(p.verdict).toBe('over')
  })

  it('refuses a collision with the reason and leaves the budgets alone', () => {
    // db-01 (2U) holds U35–U36, full depth
    const p = previewMove(demo, 'hv-01', { cabinet: 'R01', positionU: 36, face: 'front' })
    expect(p).toMatchObject({ allowed: false, reason: 'U36 front is taken by db-01' })
    expect(p.after).toEqual(p.before)
  })

  it('refuses a half-depth device behind a full-depth one, but allows it behind a half-depth one', () => {
    // mail-01 is full depth at U40: the rear of U40 is taken too
    expect(previewMove(demo, 'sw-r01-a', { cabinet: 'R01', positionU: 40, face: 'rear' })).toMatchObject({
      allowed: false,
      reason: 'U40 rear is taken by mail-01'
    })
    // sw-r01-b is half depth at U45 rear: the front of U45 is free for a half-depth Atom
    expect(previewMove(demo, 'hv-01', { cabinet: 'R01', positionU: 45, face: 'front' }).allowed).toBe(true)
  })

  it('refuses a place outside the cabinet', () => {
    expect(previewMove(demo, 'db-01', { cabinet: 'R01', positionU: 46, face: 'front' })).toMatchObject({
      allowed: false,
      reason: 'U46–U47 is outside R01 (46U)'
    })
  })

  it('refuses unknown devices and cabinets', () => {
    expect(previewMove(demo, 'nope', { cabinet: 'R01', positionU: 1, face: 'front' })).toMatchObject({ allowed: false, reason: 'no device named nope' })
    expect(previewMove(demo, 'hv-01', { cabinet: 'R09', positionU: 1, face: 'front' })).toMatchObject({ allowed: false, reason: 'no cabinet named R09' })
  })

  it('warns when the target cabinet lacks the feeds the device is plugged into', () => {
    const s: Site = {
      ...demo,
      cabinets: [...demo.cabinets, { ...demo.cabinets[0]!, name: 'R03', feeds: [{ name: 'C', volts: 230, amps: 16, phases: 1, deratePercent: 80 }] }]
    }
    const p = previewMove(s, 'hv-01', { cabinet: 'R03', positionU: 1, face: 'front' })
    expect(p.allowed).toBe(true)
    expect(p.warnings).toContain('R03 has no feed A: hv-01 would need re-plugging')
    expect(p.verdict).toBe('over')
  })
})
