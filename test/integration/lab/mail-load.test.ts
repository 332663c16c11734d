/**
 * test/lab/mail-load.py against the lab's mail-01: each named scenario stays within its bounds, says
 * what it did in one JSON line, and leaves the matching evidence in Dovecot's log.
 */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { labClientAddresses, labMailLog, labRun, labScriptsDir, labSshText } from '../../lab/lab'
import { requireLab } from '../../lab/require-lab'
import type { MailLoadSummary as LoadSummary } from '../mail/mail-lab-kit'

async function load(args: string[]): Promise<{ exitCode: number; summary: LoadSummary }> {
  const r = await labRun('python3', [join(labScriptsDir, 'mail-load.py'), ...args], 120_000)
  const lines = r.stdout.trim().split('\n')
  expect(lines, `one JSON line; stderr: ${r.stderr}`).toHaveLength(1)
  return { exitCode: r.exitCode, summary: JSON.parse(lines[0] ?? '') as LoadSummary }
}

/** Lines appended to mail-01's log by `action`. */
async function newLogLines(action: () => Promise<void>): Promise<string[]> {
  const before = Number.parseInt(await labSshText('mail-01', `wc -l < ${labMailLog}`), 10)
  await action()
  // Dovecot's log process writes asynchronously; give it a moment to catch up.
  await new Promise((r) => setTimeout(r, 500))
  const text = await labSshText('mail-01', `tail -n +${before + 1} ${labMailLog}`)
  return text.split('\n').filter((l) => l !== '')
}

describe('mail-load.py scenarios against mail-01', () => {
  requireLab()

  it('normal: successful IMAP and POP3 sessions, no failures, stops at its time bound', async () => {
    let summary: LoadSummary | undefined
    const lines = await newLogLines(async () => {
      const r = await load(['normal', '--duration-s', '4'])
      expect(r.exitCode).toBe(0)
      summary = r.summary
    })
    if (!summary) throw new Error('no summary')
    expect(summary.scenario).toBe('normal')
    expect(summary.errors).toBe(0)
    expect(summary.counts.imapSessions ?? 0).toBeGreaterThan(0)
    expect(summary.durationMs).toBeLessThan(4000 + 3000)
    expect(lines.some((l) => /imap-login: Info: Login: user=<\w+@lab\.test>/.test(l))).toBe(true)
    expect(lines.some((l) => /auth failed/.test(l))).toBe(false)
  }, 60_000)

  it('brute-force: exactly --max-ops failed logins, spread over the client addresses', async () => {
    let summary: LoadSummary | undefined
    const lines = await newLogLines(async () => {
      const r = await load(['brute-force', '--max-ops', '100'])
      expect(r.exitCode).toBe(0)
      summary = r.summary
    })
    if (!summary) throw new Error('no summary')
    expect(summary.counts.failedLogins).toBe(100)
    expect(summary.counts.unexpectedSuccess).toBeUndefined()
    expect(Object.keys(summary.bySource).sort()).toEqual([...labClientAddresses].sort())
    const failed = lines.filter((l) => /imap-login: Info: .*\(auth failed, 1 attempts/.test(l))
    expect(failed).toHaveLength(100)
    const rips = new Set(failed.map((l) => /rip=([\d.]+)/.exec(l)?.[1]))
    expect([...rips].sort()).toEqual([...labClientAddresses].sort())
  }, 90_000)

  it('pop3-storm: many short POP3 polls, all logged in and out', async () => {
    let summary: LoadSummary | undefined
    const lines = await newLogLines(async () => {
      const r = await load(['pop3-storm', '--max-ops', '150'])
      expect(r.exitCode).toBe(0)
      summary = r.summary
    })
    if (!summary) throw new Error('no summary')
    expect(summary.counts.pop3Polls).toBe(150)
    expect(summary.errors).toBe(0)
    expect(lines.filter((l) => /pop3-login: Info: Login: user=</.test(l))).toHaveLength(150)
  }, 60_000)

  it('busy-imap: SEARCH/FETCH loops over a seeded mailbox until the time bound', async () => {
    const r = await load(['busy-imap', '--duration-s', '3', '--concurrency', '2', '--seed-messages', '50'])
    expect(r.exitCode).toBe(0)
    expect(r.summary.errors).toBe(0)
    expect(r.summary.counts.searchFetchLoops ?? 0).toBeGreaterThan(5)
    const inbox = await labSshText('mail-01', 'doveadm mailbox status -u alice@lab.test messages INBOX')
    expect(Number.parseInt(inbox.replace(/\D+/g, ''), 10)).toBeGreaterThanOrEqual(50)
  }, 60_000)

  it('busy-imap: sessions beyond mail_max_userip_connections are refused, logged with the limit, and retry', async () => {
    const limit = Number((await labSshText('mail-01', 'doveconf -h mail_max_userip_connections')).trim())
    let summary: LoadSummary | undefined
    const lines = await newLogLines(async () => {
      const r = await load(['busy-imap', '--duration-s', '4', '--concurrency', String(limit + 2), '--seed-messages', '50'])
      expect(r.exitCode).toBe(0)
      summary = r.summary
    })
    if (!summary) throw new Error('no summary')
    expect(summary.errors).toBe(0)
    expect(summary.counts.imapSessions).toBe(limit)
    // Two clients over the limit, retrying every second for 4 s.
    expect(summary.counts.useripRefused ?? 0).toBeGreaterThanOrEqual(4)
    const refused = lines.filter((l) => l.includes(`imap-login: Info: Disconnected: Maximum number of connections from user+IP exceeded (mail_max_userip_connections=${limit}): user=<alice@lab.test>`))
    expect(refused).toHaveLength(summary.counts.useripRefused ?? -1)
  }, 60_000)
})

describe('mail-load.py without the lab', () => {
  it('refuses targets outside the lab and loopback (usage error, nothing sent)', async () => {
    const r = await labRun('python3', [join(labScriptsDir, 'mail-load.py'), 'normal', '--host', '192.0.2.1'], 30_000)
    expect(r.exitCode).toBe(2)
    expect(r.stderr).toContain('only lab (10.200.0.0/24) or loopback addresses')
  })
})
