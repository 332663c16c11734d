import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { highestFreePosition, relocateDevices } from '../../../../src/shared/domain/free-placement'
import { checkSite } from '../../../../src/shared/domain/site-rules'
import { SiteSchema, type Site } from '../../../../src/shared/model'

const demo: Site = SiteSchema.parse(parse(readFileSync(join(__dirname, '../../../../resources/demo-site.yaml'), 'utf8')))
const full = { heightU: 1, fullDepth: true }
const half = { heightU: 1, fullDepth: false }

describe('highestFreePosition', () => {
  it('proposes the top free units, on both faces for a full-depth model', () => {
    // R02: a switch at U46 rear, Atoms at U36–U40 front.
    expect(highestFreePosition(demo, 'R02', half, 'front')).toBe(46)
    expect(highestFreePosition(demo, 'R02', full, 'front')).toBe(45)
    expect(highestFreePosition(demo, 'R02', { heightU: 2, fullDepth: true }, 'rear')).toBe(44)
  })

  it('answers null when nothing fits', () => {
    const tiny: Site = { ...demo, cabinets: [{ ...demo.cabinets[1]!, name: 'T', heightU: 2 }], devices: [] }
    expect(highestFreePosition(tiny, 'T', { heightU: 3, fullDepth: false }, 'front')).toBeNull()
    expect(highestFreePosition(tiny, 'T', { heightU: 2, fullDepth: false }, 'front')).toBe(1)
  })
})

describe('relocateDevices', () => {
  it('keeps free units, takes the highest free span otherwise, and maps feeds by name then by position', () => {
    const site: Site = {
      ...demo,
      cabinets: [...demo.cabinets, { ...demo.cabinets[1]!, name: 'R03', feeds: [{ name: 'A', volts: 230, amps: 16, phases: 1, deratePercent: 80 }, { name: 'X', volts: 230, amps: 16, phases: 1, deratePercent: 80 }] }],
      // hv-03's unit is taken in R03 already.
      devices: [...demo.devices, { name: 'blocker', model: 'Atom C2550 1U', cabinet: 'R03', positionU: 38, face: 'front', feeds: ['A'] }]
    }
    const plan = relocateDevices(site, 'R02', 'R03')
    expect(plan.ok).toBe(true)
    if (!plan.ok) return
    expect(checkSite(plan.site)).toEqual([])
    const placed = Object.fromEntries(plan.moves.map((m) => [m.device, `${m.to.cabinet} U${m.to.positionU} ${m.to.face} ${m.to.feeds.join('+')}`]))
    expect(placed).toEqual({
      'sw-r02-a': 'R03 U46 rear A',
      'hv-01': 'R03 U40 front A',
      'hv-02': 'R03 U39 front X',
      'hv-03': 'R03 U46 front A',
      'hv-04': 'R03 U37 front X',
      'hv-05': 'R03 U36 front A'
    })
  })

  it('names the devices that do not fit (3U: the two switches and mail-01 do, the rest not)', () => {
    const site: Site = { ...demo, cabinets: [...demo.cabinets, { ...demo.cabinets[1]!, name: 'R03', heightU: 3 }] }
    expect(relocateDevices(site, 'R01', 'R03')).toEqual({ ok: false, unplaced: ['web-01', 'db-01', 'hvx-01', 'hvx-02', 'backup-01'] })
  })
})
