import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ParseError } from '../../../../../src/main/probes/parse-error'
import { doveadmWhoCommand, doveadmWhoOnePerLineCommand, parseDoveadmWho } from '../../../../../src/main/probes/mail/doveadm-who'

const fixture = (path: string): string => readFileSync(new URL(`../../../../fixtures/${path}`, import.meta.url), 'utf8')

describe('parseDoveadmWho, grouped form', () => {
  const who = parseDoveadmWho(fixture('mail/doveadm-who.txt'))

  it('counts the 59 connections of the load test, alice with 14 IMAP and 1 POP3', () => {
    expect(who.users.map((user) => [user.username, user.connections])).toEqual([
      ['carol@example.test', 11],
      ['erin@example.test', 11],
      ['alice@example.test', 15],
      ['dave@example.test', 11],
      ['bob@example.test', 11]
    ])
    const alice = who.users.find((user) => user.username === 'alice@example.test')
    expect(alice?.services).toEqual(['pop3', 'imap'])
    expect(alice?.pids).toHaveLength(15)
    expect(alice?.pids[0]).toBe(17115)
    expect(alice?.ips).toEqual(['127.0.0.1'])
  })

  it('gives one session per pid with the single IP of its row', () => {
    expect(who.sessions).toHaveLength(59)
    expect(who.sessions[0]).toEqual({ username: 'carol@example.test', service: 'pop3', pid: 17125, ip: '127.0.0.1' })
    expect(who.sessions.filter((session) => session.service === 'pop3')).toHaveLength(5)
  })

  it('reads the limits scenario: alice twice, bob once', () => {
    expect(parseDoveadmWho(fixture('mail/doveadm-who.limits.txt')).users).toEqual([
      { username: 'alice@example.test', connections: 2, services: ['imap'], pids: [27051, 27053], ips: ['127.0.0.1'] },
      { username: 'bob@example.test', connections: 1, services: ['imap'], pids: [27056], ips: ['127.0.0.1'] }
    ])
  })

  it('reads the header printed after everyone logged out as nobody', () => {
    expect(parseDoveadmWho(fixture('mail/doveadm-who.after-logout.txt'))).toEqual({ sessions: [], users: [] })
  })

  it('leaves the IP of a session unknown when its row lists several', () => {
    const who = parseDoveadmWho('username # proto (pids) (ips)\nbob 2 imap (10 11) (192.0.2.1 2001:db8::1)\n')
    expect(who.sessions.map((session) => session.ip)).toEqual([null, null])
    expect(who.users[0]?.ips).toEqual(['192.0.2.1', '2001:db8::1'])
  })
})

describe('parseDoveadmWho, one per line (-1)', () => {
  it('reads all 59 connections of the load test', () => {
    const who = parseDoveadmWho(fixture('mail/doveadm-who-1.txt'))
    expect(who.sessions).toHaveLength(59)
    expect(who.sessions[0]).toEqual({ username: 'erin@example.test', service: 'imap', pid: 17146, ip: '127.0.0.1' })
    expect(who.users.find((user) => user.username === 'alice@example.test')?.connections).toBe(15)
    expect(who.users.reduce((sum, user) => sum + user.connections, 0)).toBe(59)
  })

  it('reads the limits scenario', () => {
    expect(parseDoveadmWho(fixture('mail/doveadm-who-1.limits.txt')).sessions.map((session) => session.pid)).toEqual([27056, 27051, 27053])
  })
})

describe('parseDoveadmWho refusals', () => {
  it('refuses no output, other tables and damaged rows', () => {
    const text = fixture('mail/doveadm-who.txt')
    expect(() => parseDoveadmWho('')).toThrow(/doveadm who: empty output/)
    expect(() => parseDoveadmWho(fixture('mail/doveadm-penalty.txt'))).toThrow(ParseError)
    expect(() => parseDoveadmWho(text.replace('(17125)', '(17x25)'))).toThrow(/pid is not a whole number.*line 2/)
    expect(() => parseDoveadmWho(text.replace('carol@example.test 1 pop3', 'carol@example.test one pop3'))).toThrow(/line 2/)
    expect(() => parseDoveadmWho(fixture('mail/doveadm-who-1.txt').replace('imap  17146', 'imap  x'))).toThrow(/line 2/)
  })

  it('runs doveadm who in both forms', () => {
    expect(doveadmWhoCommand).toEqual(['doveadm', 'who'])
    expect(doveadmWhoOnePerLineCommand).toEqual(['doveadm', 'who', '-1'])
  })
})
