import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ParseError } from '../../../../../src/main/probes/parse-error'
import type { MailLogEvent } from '../../../../../src/main/probes/mail/mail-log'
import { mailLogTailCommand, parseMailLog } from '../../../../../src/main/probes/mail/mail-log'

const fixture = (path: string): string => readFileSync(new URL(`../../../../fixtures/${path}`, import.meta.url), 'utf8')

function kinds(events: MailLogEvent[]): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const event of events) counts[event.kind] = (counts[event.kind] ?? 0) + 1
  return counts
}

describe('parseMailLog on the load-test Dovecot log', () => {
  const log = parseMailLog(fixture('mail/dovecot-log-tail.txt'))

  it('finds every login, logout and auth failure of the 120 lines', () => {
    expect(kinds(log.events)).toEqual({ login: 37, logout: 59, 'auth-failure': 12, 'passdb-failure': 12 })
    expect(log.other).toBe(0)
    expect(log.malformed).toEqual([])
  })

  it('reads a login with its service, addresses and mail process', () => {
    expect(log.events[0]).toEqual({ kind: 'login', lineNumber: 1, time: 'Dec 03 15:12:41', service: 'imap', user: 'dave@example.test', rip: '127.0.0.1', lip: '127.0.0.1', pid: 17152, method: 'PLAIN' })
  })

  it('reads the auth failures of imap-login and the passdb reasons of auth', () => {
    const failure = log.events.find((event) => event.kind === 'auth-failure')
    expect(failure).toMatchObject({ service: 'imap', rip: '127.0.0.1', lip: '127.0.0.1', attempts: 1 })
    const passdb = log.events.filter((event) => event.kind === 'passdb-failure')
    expect(passdb.map((event) => event.kind === 'passdb-failure' && event.reason)).toEqual([...Array(6).fill('Password mismatch'), ...Array(6).fill('unknown user')])
  })

  it('reads IMAP and POP3 logouts with the mail process pid', () => {
    const pop3 = log.events.filter((event) => event.kind === 'logout' && event.service === 'pop3')
    expect(pop3).toHaveLength(5)
    expect(pop3[0]).toMatchObject({ user: 'alice@example.test', reason: 'Logged out' })
  })
})

describe('parseMailLog on the auth failure extract', () => {
  it('reads 6 password mismatches and 6 unknown users with the remote IP', () => {
    const { events } = parseMailLog(fixture('mail/dovecot-log-auth-failures.txt'))
    expect(events).toHaveLength(12)
    expect(events[0]).toEqual({ kind: 'passdb-failure', lineNumber: 1, time: 'Dec 03 15:12:42', driver: 'passwd-file', user: 'alice@example.test', rip: '127.0.0.1', reason: 'Password mismatch' })
    expect(events.filter((event) => event.kind === 'passdb-failure' && event.user === 'nosuchuser@example.test')).toHaveLength(6)
  })
})

describe('parseMailLog on the limits scenario in three log formats', () => {
  const limitEvents = (events: MailLogEvent[]): MailLogEvent[] => events.filter((event) => event.kind === 'service-limit-reached' || event.kind === 'userip-limit-exceeded')

  it('reads the Dovecot log file', () => {
    const log = parseMailLog(fixture('mail/dovecot-log.limits.txt'))
    expect(limitEvents(log.events)).toEqual([
      { kind: 'userip-limit-exceeded', lineNumber: 4, time: 'Dec 03 16:22:34', service: 'imap', user: 'alice@example.test', rip: '127.0.0.1', lip: '127.0.0.1', limit: 2 },
      { kind: 'service-limit-reached', lineNumber: 6, time: 'Dec 03 16:22:34', service: 'imap', setting: 'process_limit', limit: 3 }
    ])
    expect(log.events.find((event) => event.kind === 'logout' && event.user === 'carol@example.test')).toMatchObject({ pid: 27303, reason: 'Connection closed (No commands sent)' })
    // The start-up banner and the shutdown warning are of no interest.
    expect(log.other).toBe(2)
  })

  it('reads rsyslog default (RFC 3339) lines', () => {
    const log = parseMailLog(fixture('mail/dovecot-syslog-iso.limits.txt'))
    expect(limitEvents(log.events).map((event) => [event.kind, event.time])).toEqual([
      ['userip-limit-exceeded', '2026-12-03T16:23:15.103188+00:00'],
      ['service-limit-reached', '2026-12-03T16:23:15.141441+00:00']
    ])
    expect(log.events.find((event) => event.kind === 'login-disconnect')).toMatchObject({ user: 'carol@example.test', reason: 'Internal login failure (pid=28264 id=1)' })
    expect(kinds(log.events)).toEqual({ login: 3, 'userip-limit-exceeded': 1, 'service-limit-reached': 1, 'passdb-failure': 2, 'auth-failure': 2, 'login-disconnect': 1, logout: 3 })
  })

  it('reads rsyslog traditional lines with a space-padded day', () => {
    const log = parseMailLog(fixture('mail/dovecot-syslog-traditional.limits.txt'))
    expect(log.events[0]).toMatchObject({ kind: 'login', time: 'Dec  3 16:23:15', pid: 28258 })
    expect(limitEvents(log.events)).toHaveLength(2)
  })

  it('reads syslog lines tagged with a custom instance_name', () => {
    const log = parseMailLog(fixture('mail/dovecot-syslog-instance-name.limits.txt'))
    expect(kinds(log.events)).toEqual({ login: 4, 'userip-limit-exceeded': 1, 'service-limit-reached': 1, 'passdb-failure': 2, 'auth-failure': 2, logout: 4 })
  })
})

describe('parseMailLog on the Postfix log', () => {
  const log = parseMailLog(fixture('mail/postfix-log-tail.txt'))

  it('finds the 7 deferred and 2 bounced recipients and counts the rest as other', () => {
    const deliveries = log.events.filter((event) => event.kind === 'delivery')
    expect(deliveries.map((event) => event.kind === 'delivery' && event.status)).toEqual(['deferred', 'deferred', 'deferred', 'deferred', 'deferred', 'deferred', 'deferred', 'bounced', 'bounced'])
    expect(log.other).toBe(31)
  })

  it('reads status, relay, delay, dsn and reason', () => {
    expect(log.events[0]).toEqual({
      kind: 'delivery',
      lineNumber: 6,
      time: 'Dec 03 15:12:31',
      agent: 'smtp',
      queueId: '082A516E0C5',
      to: 'user3@customer0.example',
      status: 'deferred',
      relay: 'none',
      delaySeconds: 0.01,
      dsn: '4.4.1',
      reason: 'connect to 127.0.0.1[127.0.0.1]:2525: Connection refused'
    })
    expect(log.events[7]).toMatchObject({ agent: 'local', to: 'nosuchlocaluser@localhost', status: 'bounced', dsn: '5.1.1', reason: 'unknown user: "nosuchlocaluser"' })
  })
})

describe('parseMailLog on damaged lines', () => {
  const lines = fixture('mail/dovecot-log.limits.txt').split('\n')
  const authFailed = lines[7] as string
  const login = lines[1] as string
  const delivery = fixture('mail/postfix-log-tail.txt').split('\n')[5] as string

  it('keeps a mangled auth failure out of the events instead of half-filling one', () => {
    for (const mangled of [authFailed.replace('rip=127.0.0.1', 'rip=127.0.x.1'), authFailed.slice(0, authFailed.indexOf('in 2 secs') + 4), authFailed.replace('user=<dave@example.test>', 'user=dave')]) {
      const log = parseMailLog(mangled)
      expect(log.events).toEqual([])
      expect(log.malformed).toHaveLength(1)
      expect(log.malformed[0]?.lineNumber).toBe(1)
    }
  })

  it('keeps mangled logins and deliveries out of the events too', () => {
    expect(parseMailLog(login.replace('user=<alice@example.test>, ', '')).malformed[0]?.detail).toBe('user is missing')
    expect(parseMailLog(delivery.replace('status=deferred', 'status=deferrd')).malformed[0]?.detail).toMatch(/unknown delivery status/)
    expect(parseMailLog(delivery.replace('dsn=4.4.1', 'dsn=x')).malformed[0]?.detail).toMatch(/dsn is malformed/)
  })

  it('counts free text between log lines as other and refuses text with no log line at all', () => {
    expect(parseMailLog(`${login}\nsomething else entirely\n-- No entries --\n`)).toMatchObject({ other: 2, malformed: [] })
    expect(parseMailLog('')).toEqual({ events: [], other: 0, malformed: [] })
    expect(() => parseMailLog('<!DOCTYPE html>\n<html><body>502 Bad Gateway</body></html>\n')).toThrow(ParseError)
    expect(() => parseMailLog('<!DOCTYPE html>\n')).toThrow(/mail log: no line looks like a syslog, journal or Dovecot log line at line 1/)
  })

  it('tails a log by path', () => {
    expect(mailLogTailCommand('/var/log/mail.log', 200)).toEqual(['tail', '-n', '200', '--', '/var/log/mail.log'])
    expect(() => mailLogTailCommand('/var/log/mail.log', 0)).toThrow(RangeError)
  })
})
