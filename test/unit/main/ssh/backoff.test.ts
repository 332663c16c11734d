import { describe, expect, it } from 'vitest'
import { backoffDelayMs, defaultBackoffPolicy } from '../../../../src/main/ssh/backoff'

describe('backoffDelayMs', () => {
  const policy = { initialDelayMs: 1000, maxDelayMs: 30_000, multiplier: 2, jitterRatio: 0.5 }

  it('doubles per attempt up to the cap when there is no jitter', () => {
    const noJitter = () => 0
    expect([1, 2, 3, 4, 5, 6, 7].map((attempt) => backoffDelayMs(attempt, policy, noJitter))).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000])
  })

  it('takes at most jitterRatio off and never exceeds the cap', () => {
    expect(backoffDelayMs(3, policy, () => 1)).toBe(2000)
    expect(backoffDelayMs(3, policy, () => 0.5)).toBe(3000)
    for (let attempt = 1; attempt < 40; attempt += 1) {
      const delay = backoffDelayMs(attempt, defaultBackoffPolicy, Math.random)
      expect(delay).toBeLessThanOrEqual(defaultBackoffPolicy.maxDelayMs)
      expect(delay).toBeGreaterThanOrEqual(700)
    }
  })
})
