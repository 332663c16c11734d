import { describe, expect, it } from 'vitest'
import { grabOffsetU, targetPositionU, unitAtY } from '../../../../src/renderer/src/features/racks/drag-geometry'

// A 46U face drawn 460 px tall from y=100: 10 px per unit, U46 at the top.
const face = { top: 100, bottom: 560 }

describe('unitAtY', () => {
  it('reads the unit under the pointer from the top of the face down', () => {
    expect(unitAtY(face, 46, 100)).toBe(46)
    expect(unitAtY(face, 46, 109.9)).toBe(46)
    expect(unitAtY(face, 46, 110)).toBe(45)
    expect(unitAtY(face, 46, 555)).toBe(1)
  })

  it('clamps a pointer above or below the face to the end units', () => {
    expect(unitAtY(face, 46, 20)).toBe(46)
    expect(unitAtY(face, 46, 900)).toBe(1)
  })

  it('follows a scaled drawing', () => {
    // The same face at 0.5 scale: 5 px per unit.
    expect(unitAtY({ top: 0, bottom: 230 }, 46, 5 * 26 + 1)).toBe(20)
  })
})

describe('grabOffsetU and targetPositionU', () => {
  it('keeps the grabbed unit of a 2U device under the pointer', () => {
    // A 2U device drawn from y=300 to y=320: its upper unit spans 300–310.
    expect(grabOffsetU({ top: 300, bottom: 320 }, 2, 305)).toBe(1)
    expect(grabOffsetU({ top: 300, bottom: 320 }, 2, 315)).toBe(0)
    // Holding the upper unit over U20 puts the device's lowest unit at U19.
    expect(targetPositionU(20, 1, 2, 46)).toBe(19)
  })

  it('keeps the device inside the cabinet', () => {
    expect(targetPositionU(46, 0, 2, 46)).toBe(45)
    expect(targetPositionU(1, 1, 2, 46)).toBe(1)
    expect(targetPositionU(10, 0, 4, 3)).toBe(1)
  })
})
