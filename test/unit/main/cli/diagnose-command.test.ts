import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { memoryIo } from '../../../../src/main/cli/cli-io'
import { runDiagnoseCommand } from '../../../../src/main/cli/diagnose-command'
import { composeAuthFailureLog, mailFixture, scenarioFixture } from '../../../fixtures/mail-scenarios/compose'

// Support bundles under the names an admin would give the captured outputs.
function normalBundle(): Record<string, string> {
  return {
    'dovecot.log': mailFixture('dovecot-log-tail.txt'),
    'postfix.log': mailFixture('postfix-log-tail.txt'),
    'mail.log': mailFixture('dovecot-log-tail.txt') + mailFixture('postfix-log-tail.txt'),
    'who.txt': mailFixture('doveadm-who.txt'),
    'ss.txt': mailFixture('ss-established-143-110.txt'),
    'service-status.txt': mailFixture('doveadm-service-status.txt'),
    'penalty.txt': mailFixture('doveadm-penalty.txt'),
    'loadavg.txt': mailFixture('proc-loadavg.txt'),
    // The mail capture read cpu and io pressure in one cat; the Linux capture has the io file alone.
    'pressure-io.txt': readLinuxFixture('proc-pressure-io.txt'),
    'vmstat.txt': mailFixture('vmstat-1-2.txt'),
    'postqueue.jsonl': mailFixture('postqueue-j.jsonl')
  }
}

function readLinuxFixture(name: string): string {
  return readFileSync(new URL(`../../../fixtures/linux/${name}`, import.meta.url), 'utf8')
}

const everyInput = [
  '--log', 'mail.log', '--who', 'who.txt', '--ss', 'ss.txt', '--service-status', 'service-status.txt', '--penalty', 'penalty.txt',
  '--loadavg', 'loadavg.txt', '--psi-io', 'pressure-io.txt', '--vmstat', 'vmstat.txt', '--postqueue', 'postqueue.jsonl', '--cores', '2'
]

async function run(args: string[], files: Record<string, string>) {
  const io = memoryIo('', files)
  const code = await runDiagnoseCommand(args, io)
  return { code, out: io.out, err: io.err }
}

describe('rackside diagnose mail on the captured normal load', () => {
  it('prints an empty cause list with --json and exits 0', async () => {
    const { code, out, err } = await run(['mail', ...everyInput, '--json'], normalBundle())
    expect(code).toBe(0)
    expect(err).toBe('')
    const result = JSON.parse(out)
    expect(result.causes).toEqual([])
    expect(result.window).toEqual({ firstTime: 'Dec 03 15:12:31', lastTime: 'Dec 03 15:13:21', seconds: 50, events: 129 })
    expect(result.notes).toEqual([])
  })

  it('says so in the readable report, naming the rules it could not check', async () => {
    const { code, out } = await run(['mail', '--log', 'dovecot.log'], normalBundle())
    expect(code).toBe(0)
    expect(out).toBe(
      [
        'Log window: Dec 03 15:12:41 to Dec 03 15:13:21 (40 s, 120 events)',
        '',
        'No cause of mail load found.',
        '',
        'note: io-bound not checked: no --vmstat',
        'note: queue-growth not checked: no --postqueue',
        ''
      ].join('\n')
    )
  })
})

describe('rackside diagnose mail on the scenarios', () => {
  const scenarioFiles: Record<string, string> = {}
  for (const name of [
    'dovecot-log.brute-force.txt', 'doveadm-penalty.brute-force.txt', 'ss-established.brute-force.txt',
    'dovecot-log.pop3-storm.txt', 'doveadm-who.pop3-storm.txt',
    'dovecot-log.userip.txt', 'doveadm-who.userip.txt',
    'dovecot-log.process-limit.txt', 'doveadm-service-status.process-limit.txt', 'ss-established.process-limit.txt', 'doveadm-who.process-limit.txt',
    'vmstat.io-bound.txt', 'psi-io.io-bound.txt', 'proc-loadavg.io-bound.txt',
    'postqueue-j.queue-growth-1.jsonl', 'postqueue-j.queue-growth-2.jsonl'
  ]) {
    scenarioFiles[name] = scenarioFixture(name)
  }

  it('finds the brute-force attack with its IPs', async () => {
    const { code, out } = await run(
      ['mail', '--log', 'dovecot-log.brute-force.txt', '--penalty', 'doveadm-penalty.brute-force.txt', '--ss', 'ss-established.brute-force.txt', '--json'],
      scenarioFiles
    )
    expect(code).toBe(0)
    const [cause, ...rest] = JSON.parse(out).causes
    expect(rest).toEqual([])
    expect(cause.cause).toBe('brute-force')
    expect(cause.evidence[0]).toBe('608 auth failures in 2.8 min (218/min), 98 % from 5 IPs')
    expect(cause.topSources.slice(0, 5).map((source: { ip: string }) => source.ip)).toEqual(['127.0.0.23', '127.0.0.24', '127.0.0.25', '127.0.0.22', '127.0.0.21'])
  })

  it('finds the POP3 storm, the userip refusals and the process limit, each from its own bundle', async () => {
    const storm = JSON.parse((await run(['mail', '--log', 'dovecot-log.pop3-storm.txt', '--who', 'doveadm-who.pop3-storm.txt', '--json'], scenarioFiles)).out)
    expect(storm.causes.map((cause: { cause: string }) => cause.cause)).toEqual(['pop3-storm'])
    expect(storm.causes[0].topSources).toEqual([
      { ip: '127.0.0.11', count: 75 },
      { ip: '127.0.0.12', count: 75 },
      { ip: '127.0.0.13', count: 75 }
    ])
    const userip = JSON.parse((await run(['mail', '--log', 'dovecot-log.userip.txt', '--who', 'doveadm-who.userip.txt', '--json'], scenarioFiles)).out)
    expect(userip.causes.map((cause: { cause: string }) => cause.cause)).toEqual(['userip-limit'])
    expect(userip.causes[0].evidence[1]).toBe('top user+IP pairs: bob@example.test from 127.0.0.41 (89), alice@example.test from 127.0.0.42 (2)')
    const limit = JSON.parse(
      (
        await run(
          ['mail', '--log', 'dovecot-log.process-limit.txt', '--service-status', 'doveadm-service-status.process-limit.txt', '--ss', 'ss-established.process-limit.txt', '--json'],
          scenarioFiles
        )
      ).out
    )
    expect(limit.causes.map((cause: { cause: string }) => cause.cause)).toEqual(['process-limit'])
    expect(limit.causes[0].evidence[1]).toBe('doveadm service status: imap runs 20 of process_limit 20 processes (one client each)')
  })

  it('finds an I/O-bound box and a growing queue given as two --postqueue samples', async () => {
    const files = { ...scenarioFiles, 'quiet.log': mailFixture('dovecot-log-tail.txt') }
    const { code, out } = await run(
      [
        'mail', '--log', 'quiet.log', '--vmstat', 'vmstat.io-bound.txt', '--psi-io', 'psi-io.io-bound.txt', '--loadavg', 'proc-loadavg.io-bound.txt', '--cores', '2',
        '--postqueue', 'postqueue-j.queue-growth-1.jsonl', '--postqueue', 'postqueue-j.queue-growth-2.jsonl', '--json'
      ],
      files
    )
    expect(code).toBe(0)
    const causes = JSON.parse(out).causes as { cause: string; evidence: string[]; topSources: unknown[] }[]
    expect(causes.map((cause) => cause.cause)).toEqual(['io-bound', 'queue-growth'])
    expect(causes[0]?.evidence[0]).toBe('iowait 54 % (vmstat wa, mean of 4 samples) while CPU user+system is 10 %')
    expect(causes[0]?.evidence[3]).toBe('load average 16.42 12.10 6.33 on 2 cores (8.2 per core): tasks waiting on I/O count as load')
    expect(causes[1]?.evidence[1]).toBe('deferred + active went from 200 to 700 over 2 samples (+500)')
    expect(causes[1]?.topSources).toEqual([{ ip: '127.0.0.1', count: 640 }])
  })

  it('prints a readable report with severity, evidence, sources and actions', async () => {
    const { code, out } = await run(['mail', '--log', 'dovecot-log.userip.txt', '--vmstat', 'vmstat.io-bound.txt', '--postqueue', 'postqueue-j.queue-growth-1.jsonl'], scenarioFiles)
    expect(code).toBe(0)
    const lines = out.split('\n')
    expect(lines[0]).toBe('Log window: Dec 03 16:33:47 to Dec 03 16:35:19 (1.5 min, 131 events)')
    expect(lines.slice(2, 8)).toEqual([
      'CRITICAL  io-bound',
      '  iowait 54 % (vmstat wa, mean of 4 samples) while CPU user+system is 10 %',
      '  up to 17 processes blocked in uninterruptible sleep (vmstat b)',
      '  what to do:',
      expect.stringMatching(/^ {4}- Find the processes doing the I\/O/),
      expect.stringMatching(/^ {4}- /)
    ])
    expect(out).toContain('WARNING  userip-limit\n  91 logins refused by mail_max_userip_connections=10 in 1.5 min (59/min)\n')
    expect(out).toContain('  top sources: 127.0.0.41 (89), 127.0.0.42 (2)\n')
    expect(out).not.toContain('queue-growth')
    expect(out.endsWith('\n')).toBe(true)
  })

  it('measures the window from the log lines, not from the clock', async () => {
    const burst = composeAuthFailureLog({ start: 'Dec 03 15:00:00', seconds: 120, perIp: { '203.0.113.7': 300 }, users: ['root@example.test'], verbose: true })
    const { out } = await run(['mail', '--log', 'burst.log', '--json'], { 'burst.log': burst })
    const result = JSON.parse(out)
    expect(result.window).toEqual({ firstTime: 'Dec 03 15:00:00', lastTime: 'Dec 03 15:02:00', seconds: 120, events: 600 })
    expect(result.causes[0].evidence[0]).toBe('300 auth failures in 2.0 min (150/min), 100 % from 1 IP')
  })
})

describe('rackside diagnose mail input errors', () => {
  it('exits 1 with one line naming the option and the file for garbage', async () => {
    const files = { ...normalBundle(), 'html.txt': '<html><body>502 Bad Gateway</body></html>\n', 'both-pressures.txt': mailFixture('proc-pressure-cpu-io.txt') }
    for (const [option, expected] of [
      ['--vmstat', /^rackside diagnose: --vmstat html\.txt: vmstat: a data row before the column header at line 1: /],
      ['--who', /^rackside diagnose: --who html\.txt: doveadm who: expected the /],
      ['--postqueue', /^rackside diagnose: --postqueue html\.txt: postqueue -j: not a complete JSON object/],
      ['--log', /^rackside diagnose: --log html\.txt: mail log: no line looks like a syslog, journal or Dovecot log line at line 1/]
    ] as const) {
      const args = option === '--log' ? ['mail', '--log', 'html.txt'] : ['mail', '--log', 'dovecot.log', option, 'html.txt']
      const { code, out, err } = await run(args, files)
      expect(code, option).toBe(1)
      expect(out, option).toBe('')
      expect(err, option).toMatch(expected)
      expect(err.trimEnd().split('\n'), option).toHaveLength(1)
    }
    const pressure = await run(['mail', '--log', 'dovecot.log', '--psi-io', 'both-pressures.txt'], files)
    expect(pressure.code).toBe(1)
    expect(pressure.err).toMatch(/^rackside diagnose: --psi-io both-pressures\.txt: \/proc\/pressure: a second "some" line/)
  })

  it('exits 1 when a file cannot be read', async () => {
    const { code, err } = await run(['mail', '--log', 'dovecot.log', '--ss', 'missing.txt'], normalBundle())
    expect(code).toBe(1)
    expect(err).toBe('rackside diagnose: --ss missing.txt: cannot read (ENOENT)\n')
  })

  it('reports damaged log lines as a note and still diagnoses the rest', async () => {
    const damaged = `${mailFixture('dovecot-log-tail.txt')}Dec 03 15:13:22 imap-login: Info: Disconnected: Connection closed (auth failed): user=<x>\n`
    const { code, out } = await run(['mail', '--log', 'damaged.log', '--json'], { 'damaged.log': damaged })
    expect(code).toBe(0)
    const result = JSON.parse(out)
    expect(result.causes).toEqual([])
    expect(result.notes[0]).toBe('--log damaged.log: 1 damaged line left out (first at line 121: auth failure without "(auth failed, N attempts in N secs): params")')
  })

  it('runs on an empty log and says that no log rule could fire', async () => {
    const { code, out } = await run(['mail', '--log', 'empty.log', '--json'], { 'empty.log': '' })
    expect(code).toBe(0)
    expect(JSON.parse(out)).toMatchObject({ causes: [], window: null, notes: ['--log empty.log is empty: no log rule could fire', 'io-bound not checked: no --vmstat', 'queue-growth not checked: no --postqueue'] })
  })
})

describe('rackside diagnose usage errors', () => {
  it('exits 2 with the usage line', async () => {
    for (const [args, message] of [
      [['--log', 'dovecot.log'], 'missing what to diagnose (only "mail" is known)'],
      [['web', '--log', 'dovecot.log'], 'unknown diagnosis target "web" (only "mail" is known)'],
      [['mail'], '--log FILE is required (Dovecot/Postfix log lines: the log file, syslog mail.log or journalctl output)'],
      [['mail', '--log', 'dovecot.log', '--cores', 'two'], '--cores must be a whole number of CPUs, got "two"'],
      [['mail', '--log', 'dovecot.log', '--cores', '0'], '--cores must be a whole number of CPUs, got "0"'],
      [['mail', '--log', 'dovecot.log', 'extra'], 'unexpected argument "extra"'],
      [['mail', '--log', ''], '--log needs a file name']
    ] as const) {
      const { code, out, err } = await run([...args], normalBundle())
      expect(code, args.join(' ')).toBe(2)
      expect(out).toBe('')
      expect(err).toBe(`rackside diagnose: ${message}\nusage: rackside diagnose mail --log FILE [--who FILE] [--ss FILE] [--service-status FILE] [--penalty FILE] [--loadavg FILE] [--psi-io FILE] [--vmstat FILE] [--postqueue FILE]... [--cores N] [--json]\n`)
    }
    const unknown = await run(['mail', '--log', 'dovecot.log', '--bogus'], normalBundle())
    expect(unknown.code).toBe(2)
    expect(unknown.err).toMatch(/^rackside diagnose: Unknown option '--bogus'/)
  })
})
