import { describe, expect, it } from 'vitest'
import { ELEVATION, fitText, layoutElevation, unitTopY } from '../../../../../src/renderer/src/features/racks/elevation-layout'
import { cageSite, site } from '../../site-fixture'

function cabinetOf(s: ReturnType<typeof cageSite>, name: string) {
  const cabinet = s.cabinets.find((c) => c.name === name)
  if (cabinet === undefined) throw new Error(`no cabinet ${name}`)
  return cabinet
}

describe('layoutElevation', () => {
  const s = cageSite()
  const r01 = layoutElevation(cabinetOf(s, 'R01'), s.devices, s.models)

  it('draws full-depth devices on both faces, the far one as a see-through copy', () => {
    const hvx = r01.items.filter((i) => i.device.name === 'hvx-01')
    expect(hvx.map((i) => [i.face, i.through])).toEqual(
      expect.arrayContaining([
        ['front', false],
        ['rear', true]
      ])
    )
    expect(hvx).toHaveLength(2)
  })

  it('draws half-depth devices only on their own face', () => {
    const sw = r01.items.filter((i) => i.device.name === 'sw-r01-a')
    expect(sw.map((i) => [i.face, i.through])).toEqual([['rear', false]])
  })

  it('places U1 at the bottom: a 2U device at U30 covers the rows of U31 and U30', () => {
    const hvx = r01.items.find((i) => i.device.name === 'hvx-01' && i.face === 'front')
    expect(hvx?.bottomU).toBe(30)
    expect(hvx?.topU).toBe(31)
    expect(hvx?.y).toBe(unitTopY(46, 31))
    expect(hvx?.heightPx).toBe(2 * ELEVATION.unitPx)
    expect(unitTopY(46, 1)).toBeGreaterThan(unitTopY(46, 46))
    expect(unitTopY(46, 46)).toBe(ELEVATION.headPx)
  })

  it('only lays out devices of its own cabinet', () => {
    expect(r01.items.some((i) => i.device.cabinet !== 'R01')).toBe(false)
    expect(new Set(r01.items.map((i) => i.device.name)).size).toBe(s.devices.filter((d) => d.cabinet === 'R01').length)
  })

  it('draws mounted faces after see-through copies so real devices win overlaps', () => {
    const firstMounted = r01.items.findIndex((i) => !i.through)
    expect(r01.items.slice(firstMounted).every((i) => !i.through)).toBe(true)
  })

  it('clips a device above the top and reports it and unknown models', () => {
    const bad = site({
      cabinets: [{ name: 'C', heightU: 10, maxWeightKg: 500, coolingWatts: 2000, feeds: [{ name: 'A', volts: 230, amps: 16 }] }],
      models: [{ name: 'big', heightU: 4, watts: { nameplate: 100, typical: 50, idle: 40, peak: 80 }, weightKg: 5 }],
      devices: [
        { name: 'tall', model: 'big', cabinet: 'C', positionU: 9 },
        { name: 'ghost', model: 'nope', cabinet: 'C', positionU: 1 }
      ]
    })
    const layout = layoutElevation(cabinetOf(bad, 'C'), bad.devices, bad.models)
    expect(layout.outOfRange).toEqual(['tall'])
    expect(layout.unknownModel).toEqual(['ghost'])
    const tall = layout.items.find((i) => i.device.name === 'tall' && !i.through)
    expect([tall?.bottomU, tall?.topU]).toEqual([9, 10])
    const ghost = layout.items.filter((i) => i.device.name === 'ghost')
    expect(ghost.map((i) => [i.heightU, i.role])).toEqual([
      [1, 'other'],
      [1, 'other']
    ])
  })
})

describe('fitText', () => {
  it('keeps text that fits and ends longer text with an ellipsis', () => {
    expect(fitText('hv-01', 100, 10)).toBe('hv-01')
    const cut = fitText('Xeon E5-2637 v3 2U', 60, 10)
    expect(cut.endsWith('…')).toBe(true)
    expect(cut.length).toBeLessThanOrEqual(10)
    expect(fitText('anything', 5, 10)).toBe('')
  })
})
