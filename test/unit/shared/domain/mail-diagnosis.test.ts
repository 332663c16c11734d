import { describe, expect, it } from 'vitest'
import { parseDoveadmPenalty, parseDoveadmServiceStatus, parseDoveadmWho, parseMailLog, parsePostqueueJson, parseSsEstablished } from '../../../../src/main/probes/mail'
import { parseLoadavg, parsePsi, parsePsiFiles, parseVmstat } from '../../../../src/main/probes/linux'
import { DEFAULT_MAIL_THRESHOLDS, diagnoseMail, type MailCause, type MailCauseKind, type MailEvidence } from '../../../../src/shared/domain/mail-diagnosis'
import { lineTimestamps } from '../../../../src/shared/domain/mail-log-time'
import {
  composeAuthFailureLog,
  composedScenarioFiles,
  composePop3PollLog,
  composePostqueue,
  composePsiIo,
  composeUserIpLog,
  composeVmstat,
  capturedDelayReasons,
  mailFixture,
  scenarioFixture
} from '../../../fixtures/mail-scenarios/compose'

function logOf(text: string): NonNullable<MailEvidence['log']> {
  return { events: parseMailLog(text).events, lineTimes: lineTimestamps(text) }
}

/** The captured normal load of ../mail: 50 IMAP + 5 POP3 sessions, busy IMAP loops, 12 failed logins. */
function normalEvidence(): MailEvidence {
  return {
    log: logOf(mailFixture('dovecot-log-tail.txt') + mailFixture('postfix-log-tail.txt')),
    who: parseDoveadmWho(mailFixture('doveadm-who.txt')),
    ss: parseSsEstablished(mailFixture('ss-established-143-110.txt')),
    serviceStatus: parseDoveadmServiceStatus(mailFixture('doveadm-service-status.txt')),
    penalty: parseDoveadmPenalty(mailFixture('doveadm-penalty.txt')),
    loadavg: parseLoadavg(mailFixture('proc-loadavg.txt')),
    psiIo: parsePsiFiles(mailFixture('proc-pressure-cpu-io.txt'), ['cpu', 'io']).io,
    vmstat: parseVmstat(mailFixture('vmstat-1-2.txt')),
    postqueue: [parsePostqueueJson(mailFixture('postqueue-j.jsonl'))],
    cores: 2
  }
}

function only(causes: MailCause[], kind: MailCauseKind): MailCause {
  expect(causes.map((cause) => cause.cause)).toEqual([kind])
  return causes[0] as MailCause
}

describe('diagnoseMail on normal load', () => {
  it('fires nothing on the captured busy-but-healthy server, with every input given', () => {
    const diagnosis = diagnoseMail(normalEvidence())
    expect(diagnosis.causes).toEqual([])
    expect(diagnosis.notes).toEqual([])
    // Dovecot and Postfix lines together: the Postfix tail starts the window.
    expect(diagnosis.window).toMatchObject({ firstTime: 'Dec 03 15:12:31', lastTime: 'Dec 03 15:13:21', seconds: 50 })
  })

  it('fires nothing on the captured normal service status, although auth runs 1 of process_limit 1', () => {
    const serviceStatus = parseDoveadmServiceStatus(mailFixture('doveadm-service-status.txt'))
    expect(serviceStatus.services.find((service) => service.name === 'auth')).toMatchObject({ processCount: 1, processLimit: 1, clientLimit: 1000 })
    expect(diagnoseMail({ serviceStatus }).causes).toEqual([])
  })

  it('fires nothing on empty evidence and reports no window', () => {
    expect(diagnoseMail({})).toEqual({ causes: [], window: null, notes: [] })
  })

  it('stays quiet when polite POP3 clients poll every 5 minutes', () => {
    const pollers = Array.from({ length: 40 }, (_, index) => ({ user: `user${index}@example.test`, ip: `192.0.2.${index + 1}`, everySeconds: 300 }))
    const log = logOf(composePop3PollLog({ start: 'Dec 03 09:00:00', seconds: 600, pollers }))
    expect(log.events.filter((event) => event.kind === 'login')).toHaveLength(120)
    expect(diagnoseMail({ log }).causes).toEqual([])
  })
})

describe('brute-force', () => {
  it('names the five guessing IPs of the captured attack with their counts', () => {
    const diagnosis = diagnoseMail({
      log: logOf(scenarioFixture('dovecot-log.brute-force.txt')),
      penalty: parseDoveadmPenalty(scenarioFixture('doveadm-penalty.brute-force.txt')),
      ss: parseSsEstablished(scenarioFixture('ss-established.brute-force.txt'))
    })
    const cause = only(diagnosis.causes, 'brute-force')
    expect(cause.severity).toBe('critical')
    expect(cause.evidence).toEqual([
      '608 auth failures in 2.8 min (218/min), 98 % from 5 IPs',
      'top IPs: 127.0.0.23 (128), 127.0.0.24 (128), 127.0.0.25 (128), 127.0.0.22 (111), 127.0.0.21 (102)',
      '11 user names tried, most: admin@example.test (80), info@example.test (80), test@example.test (77); 69 % for unknown users',
      'doveadm penalty: 127.0.0.21 penalty 3, 127.0.0.22 penalty 2, 127.0.0.25 penalty 2, 127.0.0.24 penalty 2, 127.0.0.23 penalty 2',
      'ss: the top IPs hold 40 of 41 mail connections (127.0.0.23 (8), 127.0.0.24 (8), 127.0.0.25 (8))'
    ])
    expect(cause.topSources).toEqual([
      { ip: '127.0.0.23', count: 128 },
      { ip: '127.0.0.24', count: 128 },
      { ip: '127.0.0.25', count: 128 },
      { ip: '127.0.0.22', count: 111 },
      { ip: '127.0.0.21', count: 102 },
      { ip: '127.0.0.30', count: 11 }
    ])
    expect(cause.suggestedActions[0]).toContain('Block 127.0.0.23, 127.0.0.24, 127.0.0.25, 127.0.0.22, 127.0.0.21')
    expect(diagnosis.window).toMatchObject({ firstTime: 'Dec 03 16:30:41', lastTime: 'Dec 03 16:33:28', seconds: 167 })
  })

  const attack = {
    start: 'Dec 03 15:00:00',
    seconds: 300,
    perIp: { '203.0.113.7': 120, '203.0.113.8': 90, '198.51.100.23': 80, '198.51.100.24': 60, '192.0.2.200': 46 } as Record<string, number>,
    users: ['admin@example.test', 'alice@example.test', 'info@example.test']
  }
  // 16 customers mistyping once each, from their own addresses.
  for (let index = 1; index <= 16; index += 1) attack.perIp[`192.0.2.${index}`] = 1

  it('counts each failure once when both the passdb and the login line are logged', () => {
    const cause = only(diagnoseMail({ log: logOf(composeAuthFailureLog({ ...attack, verbose: true })) }).causes, 'brute-force')
    expect(cause.evidence[0]).toBe('412 auth failures in 5.0 min (82/min), 96 % from 5 IPs')
    expect(cause.evidence[2]).toBe('3 user names tried, most: admin@example.test (138), alice@example.test (137), info@example.test (137); 67 % for unknown users')
    expect(cause.topSources.slice(0, 5)).toEqual([
      { ip: '203.0.113.7', count: 120 },
      { ip: '203.0.113.8', count: 90 },
      { ip: '198.51.100.23', count: 80 },
      { ip: '198.51.100.24', count: 60 },
      { ip: '192.0.2.200', count: 46 }
    ])
    expect(cause.topSources).toHaveLength(10)
    expect(cause.severity).toBe('critical')
  })

  it('reads the login lines alone when auth_verbose is off', () => {
    const cause = only(diagnoseMail({ log: logOf(composeAuthFailureLog({ ...attack, verbose: false })) }).causes, 'brute-force')
    expect(cause.evidence[0]).toBe('412 auth failures in 5.0 min (82/min), 96 % from 5 IPs')
    expect(cause.evidence[2]).toBe('3 user names tried, most: admin@example.test (138), alice@example.test (137), info@example.test (137)')
  })

  it('does not call 400 failures spread over 100 IPs an attack from few IPs', () => {
    const perIp = Object.fromEntries(Array.from({ length: 100 }, (_, index) => [`198.51.100.${index + 1}`, 4]))
    const log = logOf(composeAuthFailureLog({ start: 'Dec 03 15:00:00', seconds: 300, perIp, users: ['alice@example.test'], verbose: true }))
    expect(diagnoseMail({ log }).causes).toEqual([])
    expect(diagnoseMail({ log }, { bruteForceTopIpShare: 0.05 }).causes.map((cause) => cause.cause)).toEqual(['brute-force'])
  })

  it('fires from 30 failures a minute and not at 29', () => {
    const at = (count: number) => logOf(composeAuthFailureLog({ start: 'Dec 03 15:00:00', seconds: 300, perIp: { '203.0.113.7': count }, users: ['root@example.test'], verbose: true }))
    expect(diagnoseMail({ log: at(145) }).causes).toEqual([])
    const cause = only(diagnoseMail({ log: at(150) }).causes, 'brute-force')
    expect(cause.evidence[0]).toBe('150 auth failures in 5.0 min (30/min), 100 % from 1 IP')
    expect(cause.severity).toBe('warning')
  })

  it('does not extrapolate a burst of seconds to a rate per minute', () => {
    const log = logOf(composeAuthFailureLog({ start: 'Dec 03 15:00:00', seconds: 5, perIp: { '203.0.113.7': 20 }, users: ['root@example.test'], verbose: true }))
    expect(DEFAULT_MAIL_THRESHOLDS.minRateWindowMinutes).toBe(1)
    expect(diagnoseMail({ log }).causes).toEqual([])
    expect(diagnoseMail({ log }, { minRateWindowMinutes: 5 / 60 }).causes.map((cause) => cause.cause)).toEqual(['brute-force'])
  })
})

describe('pop3-storm', () => {
  it('names the three users polling every 2 s in the captured storm', () => {
    const diagnosis = diagnoseMail({ log: logOf(scenarioFixture('dovecot-log.pop3-storm.txt')), who: parseDoveadmWho(scenarioFixture('doveadm-who.pop3-storm.txt')) })
    const cause = only(diagnosis.causes, 'pop3-storm')
    expect(cause.evidence).toEqual([
      '231 POP3 logins in 3.0 min (77/min); 231 sessions ended within 10 s (median 0.0 s)',
      '3 users polling 4/min or faster make 225 short sessions (75/min): carol@example.test (25/min), dave@example.test (25/min), erin@example.test (25/min)',
      'doveadm who: 0 POP3 sessions open'
    ])
    expect(cause.topSources).toEqual([
      { ip: '127.0.0.11', count: 75 },
      { ip: '127.0.0.12', count: 75 },
      { ip: '127.0.0.13', count: 75 }
    ])
    expect(cause.severity).toBe('critical')
    expect(cause.suggestedActions[0]).toContain('carol@example.test, dave@example.test, erin@example.test')
  })

  it('pairs a logout logged just before its login (the capture has seven)', () => {
    const lines = scenarioFixture('dovecot-log.pop3-storm.txt').split('\n')
    // Lines 26 and 27 of the capture: dave's logout, then the login of the same process.
    expect(lines[25]).toContain('pop3(dave@example.test)<2131>')
    expect(lines[26]).toContain('mpid=2131')
    const log = logOf(`${lines[25]}\n${lines[26]}\n`)
    const cause = only(diagnoseMail({ log }, { pop3StormSessionsPerMinute: 1, pop3StormSessionsPerUserPerMinute: 1 }).causes, 'pop3-storm')
    expect(cause.evidence[0]).toBe('1 POP3 login in 0 s (1/min); 1 session ended within 10 s (median 0.0 s)')
  })

  it('needs the storming users together to matter, not one fast client', () => {
    const log = logOf(composePop3PollLog({ start: 'Dec 03 09:00:00', seconds: 300, pollers: [{ user: 'carol@example.test', ip: '192.0.2.5', everySeconds: 10 }] }))
    expect(diagnoseMail({ log }).causes).toEqual([])
    const fourUsers = logOf(
      composePop3PollLog({
        start: 'Dec 03 09:00:00',
        seconds: 300,
        pollers: ['carol', 'dave', 'erin', 'bob'].map((name, index) => ({ user: `${name}@example.test`, ip: `192.0.2.${index + 5}`, everySeconds: 10 }))
      })
    )
    const cause = only(diagnoseMail({ log: fourUsers }).causes, 'pop3-storm')
    expect(cause.evidence[1]).toBe(
      '4 users polling 4/min or faster make 124 short sessions (25/min): bob@example.test (6.2/min), carol@example.test (6.2/min), dave@example.test (6.2/min), erin@example.test (6.2/min)'
    )
    expect(cause.severity).toBe('warning')
  })

  it('does not count long POP3 sessions as polls', () => {
    const text = composePop3PollLog({ start: 'Dec 03 09:00:00', seconds: 300, pollers: [1, 2, 3, 4].map((n) => ({ user: `u${n}@example.test`, ip: `192.0.2.${n}`, everySeconds: 10 })) })
    // Every logout 30 s after its login: downloads, not polls.
    const later = (time: string): string => {
      const [, minutes, seconds] = /^Dec 03 09:(\d\d):(\d\d)$/.exec(time) as unknown as [string, string, string]
      const total = Number(minutes) * 60 + Number(seconds) + 30
      return `Dec 03 09:${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`
    }
    const slow = text
      .split('\n')
      .map((line) => (line.includes('Logged out') ? later(line.slice(0, 15)) + line.slice(15) : line))
      .join('\n')
    expect(diagnoseMail({ log: logOf(text) }).causes.map((cause) => cause.cause)).toEqual(['pop3-storm'])
    expect(diagnoseMail({ log: logOf(slow) }).causes).toEqual([])
  })
})

describe('process-limit', () => {
  it('reports the captured imap process_limit warning, the full service and who holds the slots', () => {
    const diagnosis = diagnoseMail({
      log: logOf(scenarioFixture('dovecot-log.process-limit.txt')),
      serviceStatus: parseDoveadmServiceStatus(scenarioFixture('doveadm-service-status.process-limit.txt')),
      ss: parseSsEstablished(scenarioFixture('ss-established.process-limit.txt'))
    })
    const cause = only(diagnosis.causes, 'process-limit')
    expect(cause.severity).toBe('critical')
    expect(cause.evidence).toEqual([
      'service(imap): process_limit (20) reached, client connections are being dropped: 1 warning in the log (Dec 03 16:35:46)',
      'doveadm service status: imap runs 20 of process_limit 20 processes (one client each)',
      'ss: 28 established mail connections from 6 IPs'
    ])
    expect(cause.topSources[0]).toEqual({ ip: '127.0.0.60', count: 8 })
    expect(cause.topSources).toHaveLength(6)
    expect(cause.suggestedActions[0]).toContain('process_limit of service imap')
  })

  it('reads the warning in all three captured log layouts', () => {
    for (const name of ['dovecot-log.limits.txt', 'dovecot-syslog-iso.limits.txt', 'dovecot-syslog-traditional.limits.txt', 'dovecot-syslog-instance-name.limits.txt']) {
      const causes = diagnoseMail({ log: logOf(mailFixture(name)) }).causes
      const cause = only(causes, 'process-limit')
      expect(cause.evidence[0]).toMatch(/^service\(imap\): process_limit \(3\) reached, client connections are being dropped: 1 warning in the log \(/)
    }
  })

  it('fires from service status alone, falling back to doveadm who for the sources', () => {
    const cause = only(
      diagnoseMail({
        serviceStatus: parseDoveadmServiceStatus(scenarioFixture('doveadm-service-status.process-limit.txt')),
        who: parseDoveadmWho(scenarioFixture('doveadm-who.process-limit.txt'))
      }).causes,
      'process-limit'
    )
    expect(cause.evidence).toEqual(['doveadm service status: imap runs 20 of process_limit 20 processes (one client each)'])
    expect(cause.topSources).toEqual(['127.0.0.51', '127.0.0.52', '127.0.0.53', '127.0.0.54', '127.0.0.55'].map((ip) => ({ ip, count: 4 })))
  })
})

describe('io-bound', () => {
  const files = composedScenarioFiles()
  const ioEvidence = (): MailEvidence => ({
    vmstat: parseVmstat(scenarioFixture('vmstat.io-bound.txt')),
    psiIo: parsePsi(scenarioFixture('psi-io.io-bound.txt')),
    loadavg: parseLoadavg(scenarioFixture('proc-loadavg.io-bound.txt')),
    cores: 2
  })

  it('keeps the composed files in this folder equal to what compose.ts makes', () => {
    for (const [name, text] of Object.entries(files)) expect(scenarioFixture(name), name).toBe(text)
  })

  it('names iowait, PSI and blocked tasks while the CPU idles', () => {
    const cause = only(diagnoseMail(ioEvidence()).causes, 'io-bound')
    expect(cause.evidence).toEqual([
      'iowait 54 % (vmstat wa, mean of 4 samples) while CPU user+system is 10 %',
      'up to 17 processes blocked in uninterruptible sleep (vmstat b)',
      'PSI io some avg10 63.41 % (avg60 55.20 %), full avg10 48.90 %',
      'load average 16.42 12.10 6.33 on 2 cores (8.2 per core): tasks waiting on I/O count as load'
    ])
    expect(cause.severity).toBe('critical')
    expect(cause.topSources).toEqual([])
  })

  it('stays quiet when the CPU is busy too, when PSI disagrees, or on the captured CPU-bound load', () => {
    const busy = parseVmstat(composeVmstat([{ r: 9, b: 6, bi: 9000, bo: 4000, us: 48, sy: 22, id: 5, wa: 25 }]))
    expect(diagnoseMail({ ...ioEvidence(), vmstat: busy }).causes).toEqual([])
    const calm = parsePsi(composePsiIo({ avg10: 4.2, avg60: 3.1, avg300: 2.0 }, { avg10: 1.0, avg60: 0.5, avg300: 0.2 }))
    expect(diagnoseMail({ ...ioEvidence(), psiIo: calm }).causes).toEqual([])
    const captured = normalEvidence()
    expect(diagnoseMail({ vmstat: captured.vmstat, psiIo: captured.psiIo, loadavg: captured.loadavg, cores: 2 }).causes).toEqual([])
  })

  it('ignores the since-boot row vmstat prints first', () => {
    const [banner, header, , ioRow] = scenarioFixture('vmstat.io-bound.txt').split('\n') as [string, string, string, string]
    const calmRow = mailFixture('vmstat-1-2.txt').split('\n')[2] as string
    // An I/O-bound since-boot row followed by a calm sample is history, not now.
    const history = parseVmstat([banner, header, ioRow, calmRow, ''].join('\n'))
    expect(history.samples[0]?.wa).toBe(52)
    expect(diagnoseMail({ vmstat: history })).toMatchObject({ causes: [], notes: [] })
    // A single row is all there is to go on: it is used, and the note says what it is.
    const single = diagnoseMail({ vmstat: parseVmstat([banner, header, ioRow, ''].join('\n')) })
    expect(single.causes.map((cause) => cause.evidence[0])).toEqual(['iowait 52 % (vmstat wa, mean of 1 sample) while CPU user+system is 10 %'])
    expect(single.notes).toEqual(['vmstat has a single row, which vmstat prints as the average since boot: CPU and iowait are read from it'])
  })

  it('fires from vmstat alone, without PSI or load', () => {
    const cause = only(diagnoseMail({ vmstat: parseVmstat(scenarioFixture('vmstat.io-bound.txt')) }).causes, 'io-bound')
    expect(cause.evidence).toHaveLength(2)
  })
})

describe('userip-limit', () => {
  it('names bob from 127.0.0.41 in the captured refusals, with the connections he holds', () => {
    const cause = only(
      diagnoseMail({ log: logOf(scenarioFixture('dovecot-log.userip.txt')), who: parseDoveadmWho(scenarioFixture('doveadm-who.userip.txt')) }).causes,
      'userip-limit'
    )
    expect(cause.evidence).toEqual([
      '91 logins refused by mail_max_userip_connections=10 in 1.5 min (59/min)',
      'top user+IP pairs: bob@example.test from 127.0.0.41 (89), alice@example.test from 127.0.0.42 (2)',
      'doveadm who: alice@example.test from 127.0.0.42 (10 connections open), bob@example.test from 127.0.0.41 (10 connections open)'
    ])
    expect(cause.topSources).toEqual([
      { ip: '127.0.0.41', count: 89 },
      { ip: '127.0.0.42', count: 2 }
    ])
    expect(cause.severity).toBe('warning')
    expect(cause.suggestedActions[0]).toContain('bob@example.test from 127.0.0.41')
  })

  it('lets a single refusal pass by default and reports it when asked to', () => {
    const log = logOf(mailFixture('dovecot-log.limits.txt'))
    expect(diagnoseMail({ log }).causes.map((cause) => cause.cause)).toEqual(['process-limit'])
    const cause = diagnoseMail({ log }, { userIpRejections: 1 }).causes.find((found) => found.cause === 'userip-limit')
    expect(cause?.evidence[0]).toBe('1 login refused by mail_max_userip_connections=2 in 11 s (1/min)')
  })

  it('stays quiet for a few refusals spread over two hours', () => {
    const log = logOf(composeUserIpLog('Dec 03 08:00:00', 7200, 10, 'bob@example.test', '192.0.2.7'))
    expect(diagnoseMail({ log }).causes).toEqual([])
    const burst = logOf(composeUserIpLog('Dec 03 08:00:00', 120, 10, 'bob@example.test', '192.0.2.7'))
    expect(only(diagnoseMail({ log: burst }).causes, 'userip-limit').evidence[0]).toBe('10 logins refused by mail_max_userip_connections=10 in 2.0 min (5/min)')
  })
})

describe('queue-growth', () => {
  const [refused] = capturedDelayReasons()
  const samples = () => [parsePostqueueJson(scenarioFixture('postqueue-j.queue-growth-1.jsonl')), parsePostqueueJson(scenarioFixture('postqueue-j.queue-growth-2.jsonl'))]

  it('reports the growth between two samples, the deferral reason and the relay', () => {
    const cause = only(diagnoseMail({ postqueue: samples() }).causes, 'queue-growth')
    expect(cause.evidence).toEqual([
      'postqueue: 640 deferred, 60 active, 0 on hold (700 messages)',
      'deferred + active went from 200 to 700 over 2 samples (+500)',
      `deferral reasons: ${refused} (640 recipients)`,
      'top senders: newsletter@mail.test.invalid (700)'
    ])
    expect(cause.topSources).toEqual([{ ip: '127.0.0.1', count: 640 }])
    expect(cause.severity).toBe('critical')
    expect(cause.suggestedActions[0]).toBe(`Fix the top deferral first: "${refused}"`)
  })

  it('fires on a large deferred queue without a second sample, and not on a small one', () => {
    const [small, large] = samples()
    expect(diagnoseMail({ postqueue: [small as never] }).causes).toEqual([])
    const cause = only(diagnoseMail({ postqueue: [large as never] }).causes, 'queue-growth')
    expect(cause.severity).toBe('warning')
    expect(cause.evidence).toHaveLength(3)
  })

  it('adds the deferrals the Postfix log shows', () => {
    const cause = only(diagnoseMail({ postqueue: samples(), log: logOf(mailFixture('postfix-log-tail.txt')) }).causes, 'queue-growth')
    expect(cause.evidence).toContain('log: 7 delivery attempts deferred in 3 s (7/min)')
  })

  it('does not fire on the captured queue (6 deferred, 2 on hold) nor on 99 messages of growth', () => {
    expect(diagnoseMail({ postqueue: [parsePostqueueJson(mailFixture('postqueue-j.jsonl'))] }).causes).toEqual([])
    const before = parsePostqueueJson(composePostqueue({ deferred: 100, active: 0, reasons: [refused as string], sender: 'app@mail.test.invalid' }))
    const after = parsePostqueueJson(composePostqueue({ deferred: 199, active: 0, reasons: [refused as string], sender: 'app@mail.test.invalid' }))
    expect(diagnoseMail({ postqueue: [before, after] }).causes).toEqual([])
  })
})

describe('the window and several causes at once', () => {
  it('measures rates over every line of the log, not only the lines that are events', () => {
    const attackText = composeAuthFailureLog({ start: 'Dec 03 15:00:00', seconds: 60, perIp: { '203.0.113.7': 60 }, users: ['root@example.test'], verbose: false })
    expect(diagnoseMail({ log: logOf(attackText) }).causes.map((cause) => cause.cause)).toEqual(['brute-force'])
    // The same minute inside a quiet hour: Dovecot's start-up line at 14:00 stretches the window.
    const startUp = (mailFixture('dovecot-log.limits.txt').split('\n')[0] as string).replace(/^Dec 03 \d\d:\d\d:\d\d/, 'Dec 03 14:00:00')
    expect(startUp).toBe('Dec 03 14:00:00 master: Info: Dovecot v2.3.19.1 (9b53102964) starting up for imap (core dumps disabled)')
    const diagnosis = diagnoseMail({ log: logOf(`${startUp}\n${attackText}`) })
    expect(diagnosis.causes).toEqual([])
    expect(diagnosis.window).toEqual({ firstTime: 'Dec 03 14:00:00', lastTime: 'Dec 03 15:01:00', seconds: 3660, events: 60 })
  })

  it('lists critical causes before warnings', () => {
    const diagnosis = diagnoseMail({
      log: logOf(scenarioFixture('dovecot-log.userip.txt') + scenarioFixture('dovecot-log.process-limit.txt')),
      vmstat: parseVmstat(scenarioFixture('vmstat.io-bound.txt'))
    })
    expect(diagnosis.causes.map((cause) => [cause.cause, cause.severity])).toEqual([
      ['process-limit', 'critical'],
      ['io-bound', 'critical'],
      ['userip-limit', 'warning']
    ])
  })

  it('notes events whose timestamps it cannot read instead of counting them', () => {
    const diagnosis = diagnoseMail({
      log: { events: [{ kind: 'userip-limit-exceeded', time: 'Dez 03 15:00:00', service: 'imap', user: 'bob', rip: '192.0.2.7', limit: 10 }] }
    })
    expect(diagnosis.notes).toEqual(['1 log event with unreadable timestamps (first: "Dez 03 15:00:00") left out of every rate'])
    expect(diagnosis.window).toBeNull()
    expect(diagnosis.causes).toEqual([])
  })
})
