// The mail service against the demo fleet over real SSH, as `rackside web` runs it: 1 Hz samples
// while watched, the streams restarted after the host drops, brute force named within a short
// window, an audited kick that doveadm who confirms, and the history surviving a restart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MailReport, MailSample } from '../../../src/shared/api-parts/mail-api'
import { launchDemoFleet } from '../../../src/main/fleet/demo-launcher'
import { createServices, type Services } from '../../../src/main/services'
import { resourcesDir, tempDir } from '../../helpers/temp-services'

async function until<T>(what: string, check: () => T | undefined | null | false, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = check()
    if (value !== undefined && value !== null && value !== false) return value
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}

const start = (dataDir: string) => createServices({ dataDir, resourcesDir, version: '0.0.0-test', secretStoreKind: 'memory', connectFleet: true, launchDemoFleet })

describe('mail service on the demo fleet', () => {
  const dir = tempDir('rackside-mail-demo-')
  let services: Services
  const samples: MailSample[] = []
  let report: MailReport | null = null
  let watchId = ''
  let renew: NodeJS.Timeout | undefined

  const attach = (s: Services) =>
    s.events.attach((topic, payload) => {
      if (topic === 'mail.sample') samples.push(payload as MailSample)
      if (topic === 'mail.report') report = payload as MailReport
    })

  beforeAll(async () => {
    services = await start(dir.path)
    attach(services)
    const live = await services.handlers['mail.watch']({ host: 'mail-01', diagnosisWindowSeconds: 30 })
    watchId = live.watchId
    expect(live.diagnosisWindowSeconds).toBe(30)
    // Renewed like the renderer does: a watch lapses after its lease.
    renew = setInterval(() => void services.handlers['mail.watch']({ host: 'mail-01', diagnosisWindowSeconds: 30, watchId }), 20_000)
  })
  afterAll(async () => {
    clearInterval(renew)
    await services?.close()
    dir.remove()
  })

  it('pushes a sample every second with load, CPU, connections, Dovecot processes and the queue', async () => {
    const from = samples.length
    await new Promise((resolve) => setTimeout(resolve, 5_500))
    const recent = samples.slice(from)
    expect(recent.length).toBeGreaterThanOrEqual(4)
    const gaps = recent.slice(1).map((sample, index) => sample.atMs - (recent[index] as MailSample).atMs)
    expect(Math.max(...gaps)).toBeLessThan(1_600)
    const last = recent[recent.length - 1] as MailSample
    expect(last.host).toBe('mail-01')
    expect(last.load?.cores).toBeGreaterThan(0)
    expect(last.cpu).not.toBeNull()
    expect(last.connections?.imap ?? 0).toBeGreaterThan(0)
    expect(last.processes?.find((entry) => entry.service === 'pop3')?.limit).toBe(150)
    expect(last.queue).not.toBeNull()
    expect(report?.sources.find((source) => source.name === 'vmstat')?.state).toBe('ok')
    expect(report?.sources.find((source) => source.name === 'log')).toMatchObject({ state: 'ok', command: 'tail -n 0 -F -- /var/log/mail.log' })
  })

  it('names brute force within the short window and lists the attackers', async () => {
    expect(report?.diagnosis.causes).toEqual([])
    await services.handlers['demo.inject']({ action: 'mail-scenario', scenario: 'brute-force' })
    const found = await until('brute-force named', () => report?.diagnosis.causes.find((cause) => cause.cause === 'brute-force'), 60_000)
    expect(found.evidence[0]).toMatch(/auth failures in .* from 3 IPs/)
    expect(report?.breakdown.ipsByAuthFailures.map((entry) => entry.ip).sort()).toEqual(['198.51.100.201', '203.0.113.45', '203.0.113.77'])
    const plan = await services.handlers['mail.planAction']({ action: 'ban-ip', host: 'mail-01', ip: '203.0.113.45' })
    expect(plan.available).toBe(false)
    await expect(services.handlers['mail.runAction']({ confirmed: true, action: { action: 'ban-ip', host: 'mail-01', ip: '203.0.113.45' } })).rejects.toMatchObject({ kind: 'action-unavailable' })
    await services.handlers['demo.inject']({ action: 'mail-scenario', scenario: 'normal' })
  })

  it('kicks a user after confirmation, audits it, and doveadm who no longer lists the user', async () => {
    const user = await until('a user with sessions', () => report?.breakdown.usersBySessions.find((entry) => entry.sessions >= 1)?.user, 10_000)
    const plan = await services.handlers['mail.planAction']({ action: 'kick', host: 'mail-01', user })
    expect(plan.command).toBe(`doveadm kick ${user}`)
    const result = await services.handlers['mail.runAction']({ confirmed: true, action: { action: 'kick', host: 'mail-01', user } })
    expect(result).toMatchObject({ ok: true, command: `doveadm kick ${user}`, exitCode: 0 })
    expect(result.output).toContain(user)
    const audit = await services.handlers['audit.list']({ limit: 5 })
    expect(audit.find((entry) => entry.id === result.auditId)).toMatchObject({ action: 'mail.kick', target: 'mail-01', command: `doveadm kick ${user}`, result: 'succeeded' })
    expect(audit.some((entry) => entry.action === 'mail.kick' && entry.result === 'started')).toBe(true)
    const kickedAtMs = Date.now()
    await until('who without the user', () => (report !== null && (report.breakdown.measuredAtMs.sessions ?? 0) > kickedAtMs && !report.breakdown.usersBySessions.some((entry) => entry.user === user)) || null, 10_000)
  })

  it('restarts its streams after the host drops and comes back', async () => {
    await services.handlers['demo.inject']({ action: 'cut-host', host: 'mail-01', mode: 'refuse' })
    await until('vmstat restarting', () => report?.sources.find((source) => source.name === 'vmstat' && source.state === 'restarting'), 20_000)
    const down = report?.sources.find((source) => source.name === 'vmstat')
    expect(down?.error).toMatch(/mail-01/)
    await services.handlers['demo.inject']({ action: 'restore-host', host: 'mail-01' })
    await until('vmstat and log streaming again', () => {
      const sources = report?.sources ?? []
      return sources.find((s) => s.name === 'vmstat')?.state === 'ok' && sources.find((s) => s.name === 'log')?.state === 'ok' && (report?.atMs ?? 0) > Date.now() - 3_000
    }, 90_000)
  }, 120_000)

  it('keeps 10 s history rows that the next start reads back', async () => {
    const before = await services.handlers['mail.history']({ host: 'mail-01', range: '1h' })
    expect(before.resolutionMs).toBe(10_000)
    expect(before.samples.length).toBeGreaterThanOrEqual(3)
    const live = await services.handlers['mail.history']({ host: 'mail-01', range: 'live' })
    expect(live.resolutionMs).toBe(1_000)
    expect(live.samples.length).toBeGreaterThan(before.samples.length)
    clearInterval(renew)
    await services.handlers['mail.unwatch']({ host: 'mail-01', watchId })
    await services.close()
    services = await start(dir.path)
    const after = await services.handlers['mail.history']({ host: 'mail-01', range: '1h' })
    const oldest = before.samples[0]?.atMs ?? 0
    expect(after.samples.filter((sample) => sample.atMs <= (before.samples[before.samples.length - 2]?.atMs ?? 0)).length).toBeGreaterThanOrEqual(before.samples.length - 1)
    expect(after.samples[0]?.atMs).toBe(oldest)
    const day = await services.handlers['mail.history']({ host: 'mail-01', range: '24h' })
    expect(day.resolutionMs).toBe(120_000)
    expect(day.samples.length).toBeGreaterThanOrEqual(1)
  })

  it('refuses hosts that are not mail hosts, in words', async () => {
    await expect(services.handlers['mail.watch']({ host: 'hv-01' })).rejects.toMatchObject({ kind: 'not-a-mail-host' })
    await expect(services.handlers['mail.watch']({ host: 'nope' })).rejects.toMatchObject({ kind: 'not-found', message: 'no host named nope' })
  })
})
