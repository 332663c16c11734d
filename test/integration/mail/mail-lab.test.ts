// The mail service against the lab's mail-01: real Dovecot and Postfix behind a real sshd, loaded
// by test/lab/mail-load.py. The same collector and rules as the app name each scenario's cause,
// and a kick really ends the user's IMAP session (doveadm who on the host confirms).
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MailReport, MailSample } from '../../../src/shared/api-parts/mail-api'
import type { Services } from '../../../src/main/services'
import { labMailUsers, labPaths, labSshText } from '../../lab/lab'
import { requireLab } from '../../lab/require-lab'
import { connectedServices, tempDir } from '../../helpers/temp-services'
import { LabMailClients, mailHostAddress, until } from './mail-lab-kit'

describe('mail service on the lab mail-01', () => {
  requireLab()
  const dir = tempDir('rackside-mail-lab-')
  let services: Services | undefined
  let report: MailReport | null = null
  const samples: MailSample[] = []
  const clients = new LabMailClients()
  let renew: NodeJS.Timeout | undefined
  const causes = () => report?.diagnosis.causes.map((cause) => cause.cause) ?? null

  beforeAll(async () => {
    const paths = labPaths()
    services = await connectedServices(join(dir.path, 'data'), { knownHosts: paths.knownHosts, homeDir: dir.path })
    const yaml = `site:\n  name: Lab\nhosts:\n  - { name: mail-01, address: ${mailHostAddress}, port: 22, user: root, roles: [mail], identityFile: ${paths.privateKey} }\n`
    const imported = await services.handlers['inventory.importYaml']({ text: yaml, fileName: 'lab.yaml' })
    expect(imported.ok).toBe(true)
    services.events.attach((topic, payload) => {
      if (topic === 'mail.report') report = payload as MailReport
      if (topic === 'mail.sample') samples.push(payload as MailSample)
    })
    const { watchId } = await services.handlers['mail.watch']({ host: 'mail-01', diagnosisWindowSeconds: 30 })
    // Renewed like the renderer does: a watch lapses after its lease.
    renew = setInterval(() => void services?.handlers['mail.watch']({ host: 'mail-01', diagnosisWindowSeconds: 30, watchId }), 20_000)
    await until('the log stream and probes running', () => {
      const sources = report?.sources ?? []
      return ['log', 'vmstat', 'probes'].every((name) => sources.find((source) => source.name === name)?.state === 'ok')
    }, 60_000)
  }, 240_000)
  afterAll(async () => {
    clearInterval(renew)
    await clients.endAll()
    await services?.close()
    dir.remove()
  })

  it('reads the real tools: samples with Dovecot limits, the log from /var/log/mail.log, busiest processes', async () => {
    await until('a sample with every fact', () => {
      const last = samples[samples.length - 1]
      return last !== undefined && last.load !== null && last.cpu !== null && last.connections !== null && last.processes !== null && last.queue !== null
    }, 20_000)
    const last = samples[samples.length - 1] as MailSample
    expect(last.processes?.find((entry) => entry.service === 'imap')?.limit).toBeGreaterThan(0)
    expect(report?.sources.find((source) => source.name === 'log')?.command).toBe('tail -n 0 -F -- /var/log/mail.log')
    expect(report?.breakdown.processes?.length ?? 0).toBeGreaterThan(0)
    expect(report?.sources.filter((source) => source.error !== undefined && source.name !== 'history')).toEqual([])
  }, 60_000)

  it('names no cause under normal load', async () => {
    await clients.load(['normal', '--duration-s', '8'])
    await until('a fresh report', () => (report?.atMs ?? 0) > Date.now() - 3_000, 10_000)
    expect(causes()).toEqual([])
  }, 90_000)

  it('names brute force while the lab is attacked from five addresses', async () => {
    await clients.load(['brute-force', '--max-ops', '200'])
    const cause = await until('brute-force named', () => report?.diagnosis.causes.find((entry) => entry.cause === 'brute-force'), 30_000)
    expect(cause.topSources.map((source) => source.ip).sort()).toEqual(['10.200.0.101', '10.200.0.102', '10.200.0.103', '10.200.0.104', '10.200.0.105'])
    expect(report?.breakdown.ipsByAuthFailures.length).toBe(5)
    await until('the attack out of the window', () => causes()?.length === 0, 90_000)
  }, 240_000)

  it('names a POP3 storm while clients poll back to back', async () => {
    await clients.load(['pop3-storm', '--max-ops', '400'])
    await until('pop3-storm named', () => causes()?.includes('pop3-storm'), 30_000)
    await until(`the storm out of the window (still: ${causes()?.join(', ')})`, () => causes()?.length === 0, 90_000)
  }, 240_000)

  it('kicks a user: doveadm who on the host no longer lists the session', async () => {
    const alice = labMailUsers[0] as { login: string; password: string }
    await clients.holdImapSession(alice.login, alice.password)
    await until('alice in the sessions table', () => report?.breakdown.usersBySessions.some((entry) => entry.user === alice.login), 20_000)
    expect(await labSshText('mail-01', 'doveadm who')).toContain(alice.login)
    const plan = await (services as Services).handlers['mail.planAction']({ action: 'kick', host: 'mail-01', user: alice.login })
    expect(plan.command).toBe(`doveadm kick ${alice.login}`)
    const result = await (services as Services).handlers['mail.runAction']({ confirmed: true, action: { action: 'kick', host: 'mail-01', user: alice.login } })
    expect(result).toMatchObject({ ok: true, exitCode: 0 })
    const deadline = Date.now() + 10_000
    let who = await labSshText('mail-01', 'doveadm who')
    while (who.includes(alice.login) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 500))
      who = await labSshText('mail-01', 'doveadm who')
    }
    expect(who).not.toContain(alice.login)
    const audit = await (services as Services).handlers['audit.list']({ limit: 3 })
    expect(audit[0]).toMatchObject({ action: 'mail.kick', target: 'mail-01', result: 'succeeded', command: `doveadm kick ${alice.login}` })
  }, 60_000)

  it('says plainly that the lab host has no fail2ban, and bans nothing', async () => {
    const plan = await (services as Services).handlers['mail.planAction']({ action: 'ban-ip', host: 'mail-01', ip: '10.200.0.101' })
    expect(plan.available).toBe(false)
    expect(plan.unavailableReason).toMatch(/^mail-01 has no fail2ban-client/)
  }, 30_000)
})
