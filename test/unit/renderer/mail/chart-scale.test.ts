import { describe, expect, it } from 'vitest'
import { niceCeiling, steadyTop, timeTicks, valueTicks } from '../../../../src/renderer/src/features/mail/chart-scale'

describe('steady chart scales', () => {
  it('rounds an axis top up to 1, 2, 2.5 or 5 times a power of ten', () => {
    expect([0, 0.3, 1, 7, 11, 24, 26, 180, 1001].map(niceCeiling)).toEqual([0, 0.5, 1, 10, 20, 25, 50, 200, 2000])
  })

  it('grows at once for a spike, holds while the data uses the axis, shrinks when it falls well below', () => {
    let top = steadyTop(null, 3, 10)
    expect(top).toBe(10)
    top = steadyTop(top, 42, 10)
    expect(top).toBe(50)
    expect(steadyTop(top, 25, 10)).toBe(50)
    expect(steadyTop(top, 21, 10)).toBe(50)
    expect(steadyTop(top, 19, 10)).toBe(20)
    expect(steadyTop(50, 0, 10)).toBe(10)
  })

  it('puts time ticks on round clock steps', () => {
    const from = Date.UTC(2026, 11, 3, 17, 12, 40)
    expect(timeTicks(from, from + 5 * 60_000).map((t) => new Date(t).toISOString().slice(11, 19))).toEqual(['17:13:00', '17:14:00', '17:15:00', '17:16:00', '17:17:00'])
    const dayTicks = timeTicks(from, from + 24 * 3_600_000, 5, 3_600_000)
    expect(dayTicks).toHaveLength(4)
    // Six-hour steps on a UTC+1 clock fall on 00:00, 06:00, ... local time.
    expect(dayTicks.every((t) => ((t + 3_600_000) / 3_600_000) % 6 === 0)).toBe(true)
    expect(timeTicks(from, from)).toEqual([])
  })

  it('labels the y-axis in round steps of at most five intervals that end on the top', () => {
    expect(valueTicks(100)).toEqual([0, 20, 40, 60, 80, 100])
    expect(valueTicks(25)).toEqual([0, 5, 10, 15, 20, 25])
    expect(valueTicks(2)).toEqual([0, 0.5, 1, 1.5, 2])
    expect(valueTicks(2.5)).toEqual([0, 0.5, 1, 1.5, 2, 2.5])
    expect(valueTicks(0.2)).toEqual([0, 0.05, 0.1, 0.15, 0.2])
    expect(valueTicks(0)).toEqual([0])
  })
})
