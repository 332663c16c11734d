// The Mail view in Chromium against the lab's mail-01 (real Dovecot and Postfix behind a real sshd),
// loaded by test/lab/mail-load.py: the diagnosis panel names no cause under normal load and the
// right one, with its evidence numbers, under brute force, a POP3 storm and busy IMAP clients; the
// charts redraw at least once a second; a kick from the sessions table goes through the confirm
// dialog and `doveadm who` on the host no longer lists the session.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { labBridgeAddress, labClientAddresses, labMailUsers, labSshText } from '../../lab/lab'
import { requireLab } from '../../lab/require-lab'
import { screenshot } from '../../helpers/browser'
import { labHostYaml, openLabPage, startLabWeb, type LabWeb } from '../../helpers/lab-web'
import { LabMailClients, until } from './mail-lab-kit'

describe('the Mail view in Chromium on the lab mail-01', () => {
  const lab = requireLab()
  const clients = new LabMailClients()
  let web: LabWeb | undefined
  let browser: Browser | undefined
  let page: Page
  let errors: string[] = []
  const panel = () => page.getByRole('region', { name: 'mail-01 mail load' })
  const diagnosis = () => page.getByRole('region', { name: 'Diagnosis of mail-01' })
  /** The causes the panel names right now, by their data-cause. */
  const namedCauses = async () => (await diagnosis().locator('article.mail-cause').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-cause')))).sort()
  const evidenceOf = (cause: string) => diagnosis().locator(`[data-cause="${cause}"] .mail-cause__evidence li`).allTextContents()
  /** Waits until the panel names exactly `expected` (none: the "No cause found" line). */
  const untilCauses = (expected: string[], timeoutMs: number) => {
    let seen: (string | null)[] = []
    return until(
      () => `the diagnosis to name ${expected.join(', ') || 'no cause'} (it names ${seen.join(', ') || 'none'})`,
      async () => {
        seen = await namedCauses()
        if (expected.length === 0) return seen.length === 0 && (await diagnosis().locator('[data-cause="none"]').count()) === 1
        return JSON.stringify(seen) === JSON.stringify([...expected].sort())
      },
      timeoutMs,
      500
    )
  }

  beforeAll(async () => {
    if (!lab.available) return
    web = await startLabWeb(`site:\n  name: Lab mail\nhosts:\n${labHostYaml('mail-01', ['mail'])}\n`)
    const opened = await openLabPage(web)
    browser = opened.browser
    page = opened.page
    errors = opened.errors
    await page.setViewportSize({ width: 1440, height: 2100 })
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Mail', exact: true }).click()
    await page.getByRole('heading', { name: 'Mail', level: 1 }).waitFor()
    // A short diagnosis window, so each scenario shows and clears within seconds.
    await page.getByLabel('Diagnosis window').selectOption('30')
    await diagnosis().getByText('log of the last 30 s').waitFor({ timeout: 60_000 })
    // The log stream feeds the log-based rules: no verdict counts until it delivers.
    await until('the mail log streaming', async () => (await panel().getByRole('figure', { name: 'Logins and auth failures (per minute)' }).locator('.mail-chart__summary').textContent())?.includes('logins/min'), 60_000)
  }, 180_000)

  afterAll(async () => {
    await clients.endAll()
    await browser?.close()
    await web?.close()
  })

  it('redraws the charts at least once a second', async () => {
    const plot = panel().getByRole('figure', { name: 'CPU (% of all cores)' }).locator('.time-chart')
    const drawn: number[] = []
    const startedMs = Date.now()
    while (Date.now() - startedMs < 5_000) {
      const newest = Number(await plot.getAttribute('data-newest-ms'))
      if (newest > 0 && newest !== drawn[drawn.length - 1]) drawn.push(newest)
      await page.waitForTimeout(100)
    }
    expect(drawn.length, `newest sample drawn, over 5 s: ${drawn.join(', ')}`).toBeGreaterThanOrEqual(4)
    // Each redraw shows a newer sample, about a second after the one before.
    for (let i = 1; i < drawn.length; i++) expect((drawn[i] as number) - (drawn[i - 1] as number)).toBeGreaterThan(0)
    // The header's age says the fact is current ("now" when the sample is newer than the view's clock tick).
    await expect(panel().getByRole('figure', { name: 'CPU (% of all cores)' }).locator('.mail-chart__age').textContent()).resolves.toMatch(/^(just now|now|[1-4] s ago)$/)
  }, 30_000)

  it('names no cause under normal load', async () => {
    const load = clients.startLoad(['normal', '--duration-s', '10'])
    // Sessions come and go, and the panel stays quiet the whole time.
    const deadline = Date.now() + 10_000
    while (Date.now() < deadline) {
      expect(await namedCauses()).toEqual([])
      await page.waitForTimeout(1_000)
    }
    const summary = await load.done
    expect(summary.counts.imapSessions ?? 0).toBeGreaterThan(0)
    await diagnosis().locator('[data-cause="none"]').waitFor()
    // The load was seen: the login chart counts it.
    const logins = await panel().getByRole('figure', { name: 'Logins and auth failures (per minute)' }).locator('.mail-chart__summary').textContent()
    expect(Number(/([\d.]+) logins\/min/.exec(logins ?? '')?.[1] ?? 0), logins ?? '').toBeGreaterThan(0)
    await screenshot(page, 'mail-lab-normal')
  }, 60_000)

  it('names brute force, with the failure rate and the five attacking addresses', async () => {
    const load = clients.startLoad(['brute-force', '--max-ops', '200'])
    await untilCauses(['brute-force'], 60_000)
    const [rateLine = '', topLine = ''] = await evidenceOf('brute-force')
    const rate = /^(\d+) auth failures in (\d+) s \((\d+)\/min\), (\d+) % from 5 IPs$/.exec(rateLine)
    expect(rate, rateLine).not.toBeNull()
    expect(Number(rate?.[3])).toBeGreaterThanOrEqual(30)
    for (const ip of labClientAddresses) expect(topLine).toContain(ip)
    // One ban button per attacking address, each with its count.
    for (const ip of labClientAddresses) await expect(diagnosis().getByRole('button', { name: new RegExp(`^Ban ${ip.replace(/\./g, '\\.')} \\(\\d+\\)…$`) }).count()).resolves.toBe(1)
    await screenshot(page, 'mail-lab-brute-force')
    const summary = await load.done
    expect(summary.counts.failedLogins).toBe(200)
    await untilCauses([], 90_000)
  }, 180_000)

  it('names a POP3 storm, with the polling rate per user', async () => {
    const load = clients.startLoad(['pop3-storm', '--max-ops', '400'])
    await untilCauses(['pop3-storm'], 60_000)
    const [loginLine = '', stormLine = ''] = await evidenceOf('pop3-storm')
    expect(loginLine).toMatch(/^\d+ POP3 logins in \d+ s \([\d.]+\/min\); \d+ sessions ended within 10 s \(median \d+\.\d s\)$/)
    expect(stormLine).toMatch(/^\d users? polling 4\/min or faster make \d+ short sessions \([\d.]+\/min\): \w+@lab\.test \([\d.]+\/min\)/)
    await screenshot(page, 'mail-lab-pop3-storm')
    const summary = await load.done
    expect(summary.counts.pop3Polls).toBe(400)
    await untilCauses([], 90_000)
  }, 180_000)

  it('names the user+IP connection limit when a busy IMAP client opens more sessions than Dovecot allows', async () => {
    const limit = Number((await labSshText('mail-01', 'doveconf -h mail_max_userip_connections')).trim())
    expect(limit).toBeGreaterThan(0)
    const load = clients.startLoad(['busy-imap', '--duration-s', '20', '--concurrency', String(limit + 4)])
    await untilCauses(['userip-limit'], 60_000)
    // The evidence names the host's real limit, the refused pair and the sessions it holds.
    await until('the doveadm who line in the evidence', async () => (await evidenceOf('userip-limit')).some((line) => line.startsWith('doveadm who:')), 20_000)
    const [refusedLine = '', pairLine = '', whoLine = ''] = await evidenceOf('userip-limit')
    const refused = new RegExp(`^(\\d+) logins refused by mail_max_userip_connections=${limit} in \\d+ s \\(([\\d.]+)/min\\)$`).exec(refusedLine)
    expect(refused, refusedLine).not.toBeNull()
    expect(Number(refused?.[1])).toBeGreaterThanOrEqual(5)
    expect(pairLine).toMatch(new RegExp(`^top user\\+IP pairs: alice@lab\\.test from ${labBridgeAddress.replace(/\./g, '\\.')} \\(\\d+\\)$`))
    expect(whoLine).toBe(`doveadm who: alice@lab.test from ${labBridgeAddress} (${limit} connections open)`)
    const who = await labSshText('mail-01', 'doveadm who -1 alice@lab.test')
    expect(who.split('\n').filter((line) => line.startsWith('alice@lab.test')).length).toBe(limit)
    await screenshot(page, 'mail-lab-busy-imap')
    const summary = await load.done
    expect(summary.counts.imapSessions).toBeGreaterThanOrEqual(limit)
    expect(summary.counts.useripRefused ?? 0).toBeGreaterThanOrEqual(Number(refused?.[1]))
    expect(summary.errors).toBe(0)
  }, 120_000)

  it('kicks a user from the sessions table: the dialog shows the command, doveadm who then lists no session', async () => {
    const dave = labMailUsers[3] as { login: string; password: string }
    await clients.holdImapSession(dave.login, dave.password)
    const kick = panel().getByRole('region', { name: 'Top users by sessions on mail-01' }).getByRole('button', { name: `Kick ${dave.login}`, exact: true })
    await kick.waitFor({ timeout: 20_000 })
    expect(await labSshText('mail-01', 'doveadm who')).toContain(dave.login)
    await kick.click()
    const dialog = page.getByRole('dialog', { name: `Kick ${dave.login} on mail-01?` })
    await dialog.waitFor()
    await expect(dialog.getByLabel('Command').textContent()).resolves.toBe(`doveadm kick ${dave.login}`)
    await dialog.getByText('Runs on mail-01 over SSH').waitFor()
    await dialog.getByRole('button', { name: 'Run on mail-01' }).click()
    await dialog.getByText('✓ Done').waitFor({ timeout: 30_000 })
    await screenshot(page, 'mail-lab-kick-done')
    await dialog.getByRole('button', { name: 'Close' }).click()
    await until('doveadm who without the kicked session', async () => !(await labSshText('mail-01', 'doveadm who')).includes(dave.login), 10_000, 500)
    await kick.waitFor({ state: 'detached', timeout: 15_000 })
    const audit = await web?.services.handlers['audit.list']({ limit: 5 })
    expect(audit?.find((entry) => entry.action === 'mail.kick')).toMatchObject({ target: 'mail-01', result: 'succeeded', command: `doveadm kick ${dave.login}` })
  }, 90_000)

  it('runs under the strict CSP without page errors', () => {
    expect(errors).toEqual([])
  })
})
