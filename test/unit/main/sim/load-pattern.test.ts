import { describe, expect, it } from 'vitest'
import { VM_PROFILES } from '../../../../src/main/sim/demo-vms'
import { makeLoadPattern, utilisationAt, utilisationSeconds } from '../../../../src/main/sim/load-pattern'
import { NOON_MS } from './sim-test-kit'

const HOUR = 3_600_000

describe('daily load pattern', () => {
  it('puts a web server near its peak at 14:00 and near its floor at 02:00', () => {
    const pattern = makeLoadPattern(VM_PROFILES.web, 0, 'seed', 'web-01')
    const afternoon = utilisationAt(pattern, NOON_MS + 2 * HOUR)
    const night = utilisationAt(pattern, NOON_MS + 14 * HOUR)
    expect(afternoon).toBeGreaterThan(0.4)
    expect(night).toBeLessThan(0.2)
  })

  it('runs a backup agent hot at night and idle at noon', () => {
    const pattern = makeLoadPattern(VM_PROFILES['backup-agent'], 0, 'seed', 'backup-agent-01')
    expect(utilisationAt(pattern, NOON_MS + 14 * HOUR)).toBeGreaterThan(utilisationAt(pattern, NOON_MS) + 0.4)
  })

  it('follows the local time zone: the peak moves with the UTC offset', () => {
    const utc = makeLoadPattern(VM_PROFILES.web, 0, 'seed', 'web-01')
    const tokyo = makeLoadPattern(VM_PROFILES.web, 9 * 60, 'seed', 'web-01')
    // 05:00 UTC is 14:00 in Tokyo: busy there, quiet in UTC.
    const fiveUtc = NOON_MS - 7 * HOUR
    expect(utilisationAt(tokyo, fiveUtc)).toBeGreaterThan(utilisationAt(utc, fiveUtc) + 0.3)
  })

  it('integrates exactly: the closed form matches a fine numeric sum', () => {
    const pattern = makeLoadPattern(VM_PROFILES.db, 60, 'seed', 'db-01')
    const from = NOON_MS - 5 * HOUR
    const to = NOON_MS + 3 * HOUR
    let numeric = 0
    const stepMs = 1000
    for (let t = from; t < to; t += stepMs) numeric += ((utilisationAt(pattern, t) + utilisationAt(pattern, t + stepMs)) / 2) * (stepMs / 1000)
    expect(utilisationSeconds(pattern, from, to)).toBeCloseTo(numeric, 0)
  })

  it('stays within 0..1 and gives the same curve for the same seed', () => {
    const a = makeLoadPattern(VM_PROFILES.monitoring, 0, 'seed', 'monitoring-01')
    const b = makeLoadPattern(VM_PROFILES.monitoring, 0, 'seed', 'monitoring-01')
    const c = makeLoadPattern(VM_PROFILES.monitoring, 0, 'other', 'monitoring-01')
    for (let t = NOON_MS; t < NOON_MS + 24 * HOUR; t += 7 * 60_000) {
      const value = utilisationAt(a, t)
      expect(value).toBeGreaterThanOrEqual(0)
      expect(value).toBeLessThanOrEqual(1)
      expect(utilisationAt(b, t)).toBe(value)
    }
    expect(utilisationAt(c, NOON_MS)).not.toBe(utilisationAt(a, NOON_MS))
  })
})
