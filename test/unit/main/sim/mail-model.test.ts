import { describe, expect, it } from 'vitest'
import { mailLogLines } from '../../../../src/main/sim/mail-log'
import { parsePsi, parseVmstat } from '../../../../src/main/probes/linux'
import { parseDoveadmServiceStatus, parsePostqueueJson } from '../../../../src/main/probes/mail'
import { manualClock, run, testFleet } from './sim-test-kit'

function mailOf(fleet: ReturnType<typeof testFleet>) {
  const mail = fleet.host('mail-01')?.mail
  if (!mail) throw new Error('no mail server in the demo site')
  return mail
}

const AUTH_FAILED = /\(auth failed, \d+ attempts in \d+ secs\): user=<[^>]*>, method=PLAIN, rip=([\d.]+)/

describe('mail server scenarios', () => {
  it('brute-force: many failed logins from a few addresses in the log, penalties for them', async () => {
    const clock = manualClock()
    const fleet = testFleet({ clock })
    const mail = mailOf(fleet)
    const quietFailures = mailLogLines(mail, clock.now() - 120_000, clock.now()).filter((l) => AUTH_FAILED.test(l.line))

    fleet.setMailScenario('brute-force')
    const start = clock.now()
    clock.advance(120_000)
    const lines = mailLogLines(mail, start, clock.now())
    const failures = lines.filter((l) => AUTH_FAILED.test(l.line))
    const sources = new Set(failures.map((l) => AUTH_FAILED.exec(l.line)?.[1]))
    const passdb = lines.filter((l) => /auth: Info: passwd-file\([^)]*\): (unknown user|Password mismatch)$/.test(l.line))
    const sasl = lines.filter((l) => l.line.includes('SASL LOGIN authentication failed'))
    expect(failures.length).toBeGreaterThan(200)
    expect(failures.length).toBeGreaterThan(quietFailures.length * 20)
    expect(sources.size).toBeLessThanOrEqual(3)
    expect(passdb.length).toBeGreaterThan(200)
    expect(sasl.length).toBeGreaterThan(20)

    const penalty = await run(fleet, 'mail-01', 'doveadm penalty')
    expect(penalty.stdout).toMatch(/^IP\s+penalty\s+last_penalty\s+last_update\s*\n/)
    for (const ip of sources) expect(penalty.stdout).toMatch(new RegExp(`^${String(ip).replace(/\./g, '\\.')}\\s+4\\s`, 'm'))
  })

  it('pop3-storm: short POP3 sessions per user pile up to process_limit, with the master warning', async () => {
    const clock = manualClock()
    const fleet = testFleet({ clock })
    const mail = mailOf(fleet)
    fleet.setMailScenario('pop3-storm')
    const start = clock.now()
    clock.advance(90_000)
    const lines = mailLogLines(mail, start, clock.now())
    const logins = lines.filter((l) => l.line.includes('pop3-login: Info: Login: '))
    const perUser = new Map<string, number>()
    for (const l of logins) {
      const user = /user=<([^>]*)>/.exec(l.line)?.[1] ?? ''
      perUser.set(user, (perUser.get(user) ?? 0) + 1)
    }
    expect(Math.max(...perUser.values())).toBeGreaterThan(30)
    expect(lines.some((l) => l.line.endsWith('master: Warning: service(pop3): process_limit (150) reached, client connections are being dropped'))).toBe(true)
    expect(lines.some((l) => /pop3\([^)]*\)<\d+><[^>]+>: Info: Disconnected: Logged out top=0\/0, retr=\d+\/\d+, del=0\/\d+, size=\d+$/.test(l.line))).toBe(true)

    const services = parseDoveadmServiceStatus((await run(fleet, 'mail-01', 'doveadm service status')).stdout)
    const pop3 = services.services.find((s) => s.name === 'pop3')
    expect(pop3?.processCount).toBe(150)
    expect(pop3?.processLimit).toBe(150)
  })

  it('io-bound: iowait, blocked tasks and I/O pressure rise, and mail waits in the queue', async () => {
    const clock = manualClock()
    const fleet = testFleet({ clock })
    const before = parsePsi((await run(fleet, 'mail-01', 'cat /proc/pressure/io')).stdout)
    fleet.setMailScenario('io-bound')
    clock.advance(600_000)
    const after = parsePsi((await run(fleet, 'mail-01', 'cat /proc/pressure/io')).stdout)
    expect(after.some.avg60).toBeGreaterThan(20)
    expect(after.some.avg60).toBeGreaterThan(before.some.avg60 * 3)
    expect(after.full?.avg60 ?? 0).toBeGreaterThan(10)

    const vmstat = parseVmstat((await run(fleet, 'mail-01', 'vmstat')).stdout)
    expect(vmstat.samples[0]?.b).toBeGreaterThan(5)

    const load = (await run(fleet, 'mail-01', 'cat /proc/loadavg')).stdout.split(' ').map(Number)
    expect(load[0]).toBeGreaterThan(8)

    const queue = parsePostqueueJson((await run(fleet, 'mail-01', 'postqueue -j')).stdout)
    const lmtpStuck = queue.messages.filter((m) => m.recipients.some((r) => r.delayReason?.includes('dovecot-lmtp') ?? false))
    expect(lmtpStuck.length).toBeGreaterThan(10)
  })

  it('normal: office-hours sessions in doveadm who, and kick ends one user’s sessions', async () => {
    const clock = manualClock()
    const fleet = testFleet({ clock })
    const who = await run(fleet, 'mail-01', 'doveadm who -1')
    expect(who.stdout).toMatch(/^username\s+proto\s+pid\s+ip\s*\n/)
    const rows = who.stdout.trim().split('\n').slice(1)
    expect(rows.length).toBeGreaterThan(20)
    const user = rows[0]?.split(/\s+/)[0] ?? ''
    const kicked = await run(fleet, 'mail-01', `doveadm kick ${user}`)
    expect(kicked).toEqual({ stdout: `${user} kicked connections from the following users:\n\n`, stderr: '', code: 0 })
    clock.advance(1_000)
    expect((await run(fleet, 'mail-01', 'doveadm who -1')).stdout).not.toContain(`${user} `)
    expect(await run(fleet, 'mail-01', 'doveadm kick nobody@nowhere.example')).toEqual({ stdout: 'No users kicked\n', stderr: '', code: 68 })
    const log = mailLogLines(mailOf(fleet), clock.now() - 5_000, clock.now()).map((l) => l.line)
    expect(log.some((l) => l.includes(`(${user})<`) && l.includes('Info: Disconnected: Server shutting down. in='))).toBe(true)
  })
})

describe('fail2ban on the demo mail server', () => {
  it('is not installed unless asked for', async () => {
    const fleet = testFleet({ clock: manualClock() })
    expect(await run(fleet, 'mail-01', 'fail2ban-client status')).toEqual({ stdout: '', stderr: 'sh: 1: fail2ban-client: not found\n', code: 127 })
  })

  it('lists mail jails and bans an attacker, whose attempts then stop', async () => {
    const clock = manualClock()
    const fleet = testFleet({ clock, mailFail2ban: true })
    const mail = mailOf(fleet)
    expect(await run(fleet, 'mail-01', 'fail2ban-client status')).toEqual({ stdout: 'Status\n|- Number of jail:\t3\n`- Jail list:\tdovecot, postfix-sasl, sshd\n', stderr: '', code: 0 })
    fleet.setMailScenario('brute-force')
    clock.advance(60_000)
    const attacker = AUTH_FAILED.exec(mailLogLines(mail, clock.now() - 60_000, clock.now()).find((l) => AUTH_FAILED.test(l.line))?.line ?? '')?.[1] ?? ''
    expect(attacker).not.toBe('')
    expect(await run(fleet, 'mail-01', `fail2ban-client set dovecot banip ${attacker}`)).toEqual({ stdout: '1\n', stderr: '', code: 0 })
    const bannedAt = clock.now()
    clock.advance(120_000)
    const after = mailLogLines(mail, bannedAt + 16_000, clock.now()).filter((l) => AUTH_FAILED.test(l.line))
    expect(after.length).toBeGreaterThan(50)
    expect(after.some((l) => l.line.includes(`rip=${attacker},`))).toBe(false)
    expect((await run(fleet, 'mail-01', 'fail2ban-client status dovecot')).stdout).toContain(`Banned IP list:\t${attacker}\n`)
    expect(await run(fleet, 'mail-01', 'fail2ban-client set nojail banip 192.0.2.1')).toEqual({ stdout: '', stderr: "Sorry but the jail 'nojail' does not exist\n", code: 255 })
    expect((await run(fleet, 'hv-01', 'fail2ban-client status')).code).toBe(127)
  })
})

describe('ps on the demo hosts', () => {
  it('ranks processes by CPU the way the mail screen asks for them', async () => {
    const clock = manualClock()
    const fleet = testFleet({ clock })
    fleet.setMailScenario('io-bound')
    clock.advance(120_000)
    const { parsePsTop } = await import('../../../../src/main/mail/ps-top')
    const ps = await run(fleet, 'mail-01', 'ps -eo pid,user,pcpu,comm --sort=-pcpu')
    const top = parsePsTop(ps.stdout)
    expect(ps.stdout.split('\n')[0]).toBe('    PID USER     %CPU COMMAND')
    expect(top[0]?.command).toBe('imap')
    expect(top[0]?.cpuPercent).toBeGreaterThan(10)
    expect(top.map((p) => p.cpuPercent)).toEqual([...top.map((p) => p.cpuPercent)].sort((a, b) => b - a))
    const hv = parsePsTop((await run(fleet, 'hvx-01', 'ps -eo pid,user,pcpu,comm --sort=-pcpu')).stdout)
    expect(hv[0]).toMatchObject({ user: 'libvirt+', command: 'qemu-system-x86' })
  })
})
