import { describe, expect, it } from 'vitest'
import { formatAge, formatBtuPerHour, formatCount, formatKg, formatPercent, formatWatts } from '../../../../src/renderer/src/ui/format'

describe('number formatting', () => {
  it('puts the unit on every number and groups thousands', () => {
    expect(formatWatts(2944)).toBe('2,944 W')
    expect(formatWatts(189.6)).toBe('190 W')
    expect(formatBtuPerHour(8188.8)).toBe('8,189 BTU/h')
    expect(formatKg(150)).toBe('150 kg')
    expect(formatKg(12.25)).toBe('12.3 kg')
    expect(formatPercent(0.815)).toBe('82 %')
  })

  it('picks singular or plural', () => {
    expect(formatCount(1, 'core')).toBe('1 core')
    expect(formatCount(16, 'core')).toBe('16 cores')
    expect(formatCount(2, 'Gluster host')).toBe('2 Gluster hosts')
  })
})

describe('formatAge', () => {
  const now = 1_700_000_000_000
  it('reads seconds, minutes, hours and days ago', () => {
    expect(formatAge(now - 500, now)).toBe('just now')
    expect(formatAge(now - 12_400, now)).toBe('12 s ago')
    expect(formatAge(now - 3 * 60_000 - 5_000, now)).toBe('3 min ago')
    expect(formatAge(now - 2 * 3_600_000, now)).toBe('2 h ago')
    expect(formatAge(now - 4 * 86_400_000, now)).toBe('4 d ago')
  })

  it('reads a time in the future as "in …" (a retry that is due later)', () => {
    expect(formatAge(now + 30_000, now)).toBe('in 30 s')
  })
})
