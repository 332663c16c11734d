// A second of a mail host from the collector's state: facts with their units and times, and a
// fact that stopped arriving shown as a gap rather than as its last value.
import { describe, expect, it } from 'vitest'
import { composeSample, connectionsByProtocol, queueCounts } from '../../../../src/main/mail/mail-sample'
import { mailBreakdown } from '../../../../src/main/mail/mail-breakdown'
import { parsePostqueueJson, parseSsEstablished } from '../../../../src/main/probes/mail'
import { fixture, freshness, stateFrom } from './mail-state-kit'

const NOW = Date.UTC(2026, 11, 3, 15, 30, 0)

describe('composeSample', () => {
  it('counts connections per protocol port and messages per queue', () => {
    const ss = parseSsEstablished(fixture('mail', 'ss-established-143-110.txt'))
    const counts = connectionsByProtocol(ss.connections)
    expect(counts.imap + counts.pop3).toBe(ss.connections.length)
    expect(counts.imaps + counts.pop3s + counts.submission).toBe(0)
    const queue = queueCounts(parsePostqueueJson(fixture('mail-scenarios', 'postqueue-j.queue-growth-2.jsonl')).messages)
    expect(queue).toEqual({ active: 60, deferred: 640, hold: 0, incoming: 0, maildrop: 0 })
  })

  it('carries fresh facts and the time each was measured, and blanks stale ones', () => {
    const state = stateFrom({ loadavg: fixture('mail-scenarios', 'proc-loadavg.io-bound.txt'), psiIo: fixture('mail-scenarios', 'psi-io.io-bound.txt'), vmstat: fixture('mail-scenarios', 'vmstat.io-bound.txt'), services: fixture('mail', 'doveadm-service-status.txt') }, NOW)
    const sample = composeSample(state, NOW, freshness)
    expect(sample.load).toEqual({ load1: 16.42, load5: expect.any(Number), load15: expect.any(Number), cores: 2 })
    expect(sample.psi).toEqual({ cpuPercent: null, ioPercent: 63.41, memoryPercent: null })
    expect(sample.vmstat?.blocked).toBeGreaterThanOrEqual(12)
    expect(sample.processes?.find((entry) => entry.service === 'imap')).toEqual({ service: 'imap', count: expect.any(Number), limit: expect.any(Number) })
    expect(sample.measuredAtMs.load).toBe(NOW)
    const later = composeSample(state, NOW + 60_000, freshness)
    expect(later.load).toBeNull()
    expect(later.psi).toBeNull()
    expect(later.vmstat).toBeNull()
    expect(later.measuredAtMs.load).toBe(NOW)
  })

  it('gives log rates only while the log streams', () => {
    const state = stateFrom({ log: fixture('mail-scenarios', 'dovecot-log.brute-force.txt') }, NOW)
    const streaming = composeSample(state, NOW, freshness)
    expect(streaming.logins?.authFailuresPerMinute).toBe(608)
    state.logStreaming = false
    expect(composeSample(state, NOW, freshness).logins).toBeNull()
  })
})

describe('mailBreakdown', () => {
  it('ranks IPs by connections and by failures, users by sessions, and deferral reasons', () => {
    const state = stateFrom(
      { log: fixture('mail-scenarios', 'dovecot-log.brute-force.txt'), ss: fixture('mail-scenarios', 'ss-established.brute-force.txt'), who: fixture('mail', 'doveadm-who-1.txt'), queues: [fixture('mail-scenarios', 'postqueue-j.queue-growth-2.jsonl')] },
      NOW
    )
    const breakdown = mailBreakdown(state, NOW - 300_000, NOW)
    const failures = breakdown.ipsByAuthFailures
    expect(failures.length).toBeGreaterThanOrEqual(5)
    expect(failures.map((entry) => entry.failures)).toEqual([...failures.map((entry) => entry.failures)].sort((a, b) => b - a))
    expect(failures.reduce((sum, entry) => sum + entry.failures, 0)).toBeLessThanOrEqual(608)
    expect(breakdown.ipsByConnections[0]?.connections).toBeGreaterThan(0)
    expect(breakdown.usersBySessions[0]).toMatchObject({ user: 'alice@example.test' })
    expect(breakdown.usersBySessions[0]?.sessions).toBeGreaterThanOrEqual(breakdown.usersBySessions[1]?.sessions ?? 0)
    expect(breakdown.deferralReasons.reduce((sum, entry) => sum + entry.recipients, 0)).toBeGreaterThan(0)
    expect(breakdown.processes).toBeNull()
    expect(breakdown.measuredAtMs).toMatchObject({ connections: NOW, sessions: NOW, queue: NOW, logins: NOW })
  })
})
