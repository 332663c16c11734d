// The streamed mail log: rates per minute over what arrived, failures per IP, and a window that
// forgets what is older than it.
import { describe, expect, it } from 'vitest'
import { MailLogWindow } from '../../../../src/main/mail/mail-log-window'
import { fixture } from './mail-state-kit'

const NOW = Date.UTC(2026, 11, 3, 15, 30, 0)

describe('MailLogWindow', () => {
  it('has no rate until 10 s of log have streamed, then counts the last minute', () => {
    const log = new MailLogWindow()
    log.startCoverage(NOW - 5_000)
    log.add(fixture('mail', 'dovecot-log-tail.txt').split('\n'), NOW - 1_000)
    expect(log.ratesPerMinute(NOW)).toBeNull()
    const rates = log.ratesPerMinute(NOW + 25_000)
    const logins = fixture('mail', 'dovecot-log-tail.txt').split('\n').filter((line) => / Login: user=</.test(line)).length
    expect(logins).toBeGreaterThan(0)
    // 30 s of coverage: per minute is twice the count.
    expect(rates?.loginsPerMinute).toBeCloseTo(logins * 2, 5)
    expect(log.ratesPerMinute(NOW + 120_000)).toEqual({ loginsPerMinute: 0, authFailuresPerMinute: 0 })
  })

  it('ranks failing IPs with the user names they tried, and prunes by arrival', () => {
    const log = new MailLogWindow()
    log.add(fixture('mail-scenarios', 'dovecot-log.brute-force.txt').split('\n'), NOW - 200_000)
    log.add(fixture('mail', 'dovecot-log-auth-failures.txt').split('\n'), NOW - 10_000)
    const all = log.failuresByIp(NOW - 300_000)
    expect(all[0]?.failures).toBeGreaterThan(50)
    expect(all[0]?.users).toBeGreaterThan(1)
    const recent = log.failuresByIp(NOW - 60_000)
    expect(recent.map((entry) => entry.ip)).toEqual(['127.0.0.1'])
    log.prune(NOW - 60_000)
    expect(log.evidence(0).events.length).toBe(log.evidence(NOW - 60_000).events.length)
    expect(log.failuresByIp(0)).toEqual(recent)
  })

  it('counts lines it cannot read instead of dropping them silently', () => {
    const log = new MailLogWindow()
    log.add(['tail: /var/log/mail.log: file truncated'], NOW)
    expect(log.unreadLines).toBe(1)
    expect(log.lastParseProblem).toMatch(/^mail log: /)
    expect(log.evidence(0)).toEqual({ events: [], lineTimes: [] })
  })
})
