import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import {
  MoveError,
  SiteLookupError,
  applyMove,
  facesTaken,
  findCollision,
  formatUnits,
  freeRuns,
  occupancy,
  unitsSpanned,
  usedUnitCount
} from '../../../../src/shared/domain/rack-units'
import { SiteSchema, type Site } from '../../../../src/shared/model'

const demo: Site = SiteSchema.parse(parse(readFileSync(join(__dirname, '../../../../resources/demo-site.yaml'), 'utf8')))
const xeon2u = { name: 'new-2u', model: 'Xeon E5-2637 v3 2U' }
const atom = { name: 'new-atom', model: 'Atom C2550 1U' }

describe('units and faces', () => {
  it('spans upwards from the lowest unit', () => {
    expect(unitsSpanned(35, 2)).toEqual([35, 36])
    expect(unitsSpanned(1, 1)).toEqual([1])
  })

  it('blocks both faces for full depth, one for half depth', () => {
    expect(facesTaken('rear', true)).toEqual(['rear', 'front'])
    expect(facesTaken('rear', false)).toEqual(['rear'])
  })

  it('formats a unit or a span', () => {
    expect(formatUnits([12])).toBe('U12')
    expect(formatUnits([12, 13])).toBe('U12–U13')
  })
})

describe('occupancy', () => {
  const r01 = occupancy(demo, 'R01')

  it('puts full-depth devices on both faces and half-depth on their own', () => {
    expect(r01.taken.front.get(35)).toBe('db-01')
    expect(r01.taken.front.get(36)).toBe('db-01')
    expect(r01.taken.rear.get(36)).toBe('db-01')
    // the switches are half depth, mounted at the rear
    expect(r01.taken.rear.get(46)).toBe('sw-r01-a')
    expect(r01.taken.front.has(46)).toBe(false)
    expect(r01.taken.front.has(37)).toBe(false)
  })

  it('counts a unit used when either face holds something', () => {
    // 10 U of Xeons + U45 and U46 rear
    expect(usedUnitCount(r01)).toBe(12)
  })

  it('leaves out the excluded device', () => {
    expect(occupancy(demo, 'R01', { exclude: 'db-01' }).taken.front.has(35)).toBe(false)
  })

  it('throws for an unknown cabinet', () => {
    expect(() => occupancy(demo, 'R42')).toThrow(SiteLookupError)
  })
})

describe('findCollision', () => {
  it('names the device and units that are taken', () => {
    // a 2U box at U36–U37 overlaps db-01 (U35–U36) on U36 only
    expect(findCollision(demo, xeon2u, { cabinet: 'R01', positionU: 36, face: 'front' })).toEqual({
      kind: 'collision',
      with: 'db-01',
      units: [36],
      face: 'front',
      reason: 'U36 front is taken by db-01'
    })
    // U35–U36 exactly on db-01
    expect(findCollision(demo, xeon2u, { cabinet: 'R01', positionU: 35, face: 'front' })).toMatchObject({ units: [35, 36], reason: 'U35–U36 front is taken by db-01' })
  })

  it('blocks a full-depth device by a half-depth one on the other face', () => {
    // sw-r01-b is at U45 rear; a full-depth box at U44–U45 front needs U45 rear too
    expect(findCollision(demo, xeon2u, { cabinet: 'R01', positionU: 44, face: 'front' })).toMatchObject({
      with: 'sw-r01-b',
      face: 'rear',
      reason: 'U45 rear is taken by sw-r01-b'
    })
  })

  it('lets a half-depth device share a unit with a half-depth one on the other face', () => {
    expect(findCollision(demo, atom, { cabinet: 'R01', positionU: 45, face: 'front' })).toBeNull()
    expect(findCollision(demo, atom, { cabinet: 'R01', positionU: 45, face: 'rear' })).toMatchObject({ with: 'sw-r01-b' })
  })

  it('reports units above the top or below U1 as out of range', () => {
    expect(findCollision(demo, xeon2u, { cabinet: 'R01', positionU: 46, face: 'front' })).toEqual({
      kind: 'out-of-range',
      cabinet: 'R01',
      heightU: 46,
      units: [46, 47],
      reason: 'U46–U47 is outside R01 (46U)'
    })
    expect(findCollision(demo, atom, { cabinet: 'R01', positionU: 0, face: 'front' })).toMatchObject({ kind: 'out-of-range' })
  })

  it('does not collide a device with its own place', () => {
    expect(findCollision(demo, { name: 'db-01', model: 'Xeon E5-2637 v3 2U' }, { cabinet: 'R01', positionU: 36, face: 'front' })).toBeNull()
  })

  it('throws for an unknown model or cabinet', () => {
    expect(() => findCollision(demo, { name: 'x', model: 'Nope' }, { cabinet: 'R01', positionU: 1, face: 'front' })).toThrow('no device model named Nope')
    expect(() => findCollision(demo, atom, { cabinet: 'R09', positionU: 1, face: 'front' })).toThrow('no cabinet named R09')
  })
})

describe('freeRuns', () => {
  it('lists free runs per face and on both faces', () => {
    const runs = freeRuns(occupancy(demo, 'R01'))
    const spans = (list: { fromU: number; toU: number }[]) => list.map((r) => `${r.fromU}-${r.toU}`)
    // Xeons at 20–21, 27–28, 30–31, 35–36, 38, 40; switches at 45, 46 rear
    expect(spans(runs.bothFaces)).toEqual(['1-19', '22-26', '29-29', '32-34', '37-37', '39-39', '41-44'])
    expect(spans(runs.front)).toEqual(['1-19', '22-26', '29-29', '32-34', '37-37', '39-39', '41-46'])
    expect(spans(runs.rear)).toEqual(spans(runs.bothFaces))
    expect(runs.bothFaces[0]?.lengthU).toBe(19)
  })

  it('is one run for an empty cabinet', () => {
    const empty = { ...demo, devices: [] }
    expect(freeRuns(occupancy(empty, 'R02')).front).toEqual([{ fromU: 1, toU: 46, lengthU: 46 }])
  })
})

describe('applyMove', () => {
  const from = { cabinet: 'R02', positionU: 40, face: 'front' as const }

  it('returns a new site with the device moved, leaving the input alone', () => {
    const moved = applyMove(demo, { type: 'move', device: 'hv-01', from, to: { cabinet: 'R01', positionU: 10, face: 'front' } })
    expect(moved.devices.find((d) => d.name === 'hv-01')).toMatchObject({ cabinet: 'R01', positionU: 10, face: 'front', feeds: ['A'] })
    expect(demo.devices.find((d) => d.name === 'hv-01')).toMatchObject({ cabinet: 'R02', positionU: 40 })
  })

  it('refuses a move whose origin is stale, blocked or whose device is gone', () => {
    const to = { cabinet: 'R01', positionU: 10, face: 'front' as const }
    const attempt = (move: Parameters<typeof applyMove>[1]) => {
      try {
        applyMove(demo, move)
      } catch (error) {
        return error
      }
      throw new Error('applyMove accepted the move')
    }
    expect(attempt({ type: 'move', device: 'hv-01', from: { ...from, positionU: 12 }, to })).toMatchObject({
      kind: 'stale',
      message: 'hv-01 is no longer at R02 U12 front (it is at R02 U40 front)'
    })
    expect(attempt({ type: 'move', device: 'hv-01', from, to: { cabinet: 'R01', positionU: 35, face: 'front' } })).toMatchObject({
      kind: 'blocked',
      message: 'hv-01: U35 front is taken by db-01'
    })
    const gone = attempt({ type: 'move', device: 'ghost', from, to })
    expect(gone).toBeInstanceOf(MoveError)
    expect(gone).toMatchObject({ kind: 'unknown-device' })
  })
})
