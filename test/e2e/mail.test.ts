// The Mail view in Chromium over `rackside web` and the demo fleet: each load scenario switched
// through demo.inject is named by the diagnosis panel (and "no cause" for normal), the charts get
// a sample every second, and a kick goes through its confirm dialog into the audit log.
import { existsSync, statSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { ApiSocket } from '../helpers/api-socket'
import { launchChromium, screenshot, watchPageErrors } from '../helpers/browser'
import { startRacksideWeb, type RacksideWeb } from '../helpers/rackside-web'
import { tempDir } from '../helpers/temp-services'

describe('the Mail view on the demo fleet', () => {
  const dir = tempDir('rackside-e2e-mail-')
  let web: RacksideWeb
  let browser: Browser
  let page: Page
  let errors: string[]
  let api: ApiSocket
  const panel = () => page.getByRole('region', { name: 'mail-01 mail load' })
  const diagnosis = () => page.getByRole('region', { name: 'Diagnosis of mail-01' })
  const inject = (scenario: string) => api.call('demo.inject', { action: 'mail-scenario', scenario })

  beforeAll(async () => {
    web = await startRacksideWeb(dir.path)
    api = await ApiSocket.open(web.url)
    browser = await launchChromium()
    // Tall enough that the diagnosis, every chart and the tables are in one screenshot.
    page = await browser.newPage({ viewport: { width: 1440, height: 2100 } })
    errors = watchPageErrors(page)
    await page.goto(web.url)
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Mail', exact: true }).click()
    await page.getByRole('heading', { name: 'Mail', level: 1 }).waitFor()
    // A short diagnosis window, so each scenario shows (and clears) within seconds.
    await page.getByLabel('Diagnosis window').selectOption('30')
    await diagnosis().getByText('log of the last 30 s').waitFor({ timeout: 20_000 })
  }, 120_000)
  afterAll(async () => {
    api?.close()
    await browser?.close()
    await web?.stop()
    dir.remove()
  })

  it('updates the charts at least once a second', async () => {
    const count = async () => Number(await panel().getAttribute('data-samples-received'))
    const deadline = Date.now() + 20_000
    while ((await count()) <= 2) {
      if (Date.now() > deadline) throw new Error('no samples reached the Mail view within 20 s')
      await page.waitForTimeout(250)
    }
    const before = await count()
    const startedMs = Date.now()
    await page.waitForTimeout(6_000)
    const after = await count()
    const seconds = (Date.now() - startedMs) / 1000
    expect(after - before).toBeGreaterThanOrEqual(Math.floor(seconds) - 1)
    // Every chart has drawn (recharts' curves are in the SVG) and shows a sample of the last few seconds.
    const charts = panel().locator('.time-chart')
    await expect(charts.count()).resolves.toBe(7)
    const drawn = await charts.evaluateAll((nodes) => nodes.map((node) => ({ newestMs: Number(node.getAttribute('data-newest-ms')), curves: node.querySelectorAll('path.recharts-curve').length })))
    const newest = Math.max(...drawn.map((chart) => chart.newestMs))
    for (const chart of drawn) {
      expect(chart.curves).toBeGreaterThan(0)
      expect(newest - chart.newestMs).toBeLessThanOrEqual(3_000)
    }
    // The charts' header ages say the facts are current, with units.
    await panel().getByRole('figure', { name: 'CPU (% of all cores)' }).waitFor()
    await expect(panel().getByRole('figure', { name: 'Connections by protocol (connections)' }).locator('.mail-chart__summary').textContent()).resolves.toMatch(/imap \d+ · imaps \d+/)
  }, 60_000)

  it('labels the axes in clock time and numbers, and shows the sample under the pointer in a tooltip', async () => {
    // Enough samples that the newest ones sit side by side at the right edge.
    await expect.poll(async () => Number(await panel().getAttribute('data-samples-received')), { timeout: 30_000 }).toBeGreaterThanOrEqual(15)
    const chart = panel().getByRole('figure', { name: 'CPU (% of all cores)' }).locator('.time-chart__box')
    const timeLabels = await chart.locator('.recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value').allTextContents()
    expect(timeLabels.length).toBeGreaterThanOrEqual(3)
    for (const label of timeLabels) expect(label).toMatch(/^\d\d:\d\d(:\d\d)?$/)
    await expect(chart.locator('.recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value').allTextContents()).resolves.toEqual(['0', '20', '40', '60', '80', '100'])
    // The tooltip is mounted only while the chart is inspected (it costs every redraw).
    const tooltip = chart.locator('.recharts-tooltip-wrapper')
    // The sample's time, then each series with its value in the chart's unit.
    const sampleShown = /\d\d:\d\d:\d\d.*user.*% of all cores/s
    await expect(tooltip.count()).resolves.toBe(0)
    const box = await chart.boundingBox()
    if (box === null) throw new Error('the CPU chart has no box')
    // At the right edge of the plot (10 px inside the box), where the newest samples are.
    await page.mouse.move(box.x + box.width - 14, box.y + box.height / 2)
    await page.mouse.move(box.x + box.width - 12, box.y + box.height / 2)
    await expect.poll(() => tooltip.textContent(), { timeout: 5_000 }).toMatch(sampleShown)
    await page.mouse.move(1, 1)
    await expect.poll(() => tooltip.count(), { timeout: 5_000 }).toBe(0)
    // From the keyboard too: focus in the chart mounts it, and recharts moves it with the arrows.
    const surface = chart.locator('svg.recharts-surface')
    await surface.focus()
    await page.keyboard.press('ArrowRight')
    await expect.poll(() => tooltip.textContent(), { timeout: 5_000 }).toMatch(sampleShown)
    await surface.blur()
    await expect.poll(() => tooltip.count(), { timeout: 5_000 }).toBe(0)
  }, 30_000)

  it('names no cause under normal load', async () => {
    await inject('normal')
    await diagnosis().locator('[data-cause="none"]').waitFor({ timeout: 60_000 })
    await expect(diagnosis().getByText('No cause found').count()).resolves.toBe(1)
    expect(statSync(await screenshot(page, 'mail-normal')).size).toBeGreaterThan(10_000)
  }, 90_000)

  for (const scenario of ['brute-force', 'pop3-storm', 'io-bound'] as const) {
    it(`names ${scenario} when the demo mail server is under ${scenario}`, async () => {
      await inject(scenario)
      const cause = diagnosis().locator(`[data-cause="${scenario}"]`)
      await cause.waitFor({ timeout: 90_000 })
      // Each cause with its evidence numbers and suggested actions.
      await expect(cause.locator('.mail-cause__evidence li').first().textContent()).resolves.toMatch(/\d/)
      await expect(cause.locator('.mail-cause__actions li').count()).resolves.toBeGreaterThan(0)
      const file = await screenshot(page, `mail-${scenario}`)
      expect(existsSync(file)).toBe(true)
    }, 120_000)
  }

  it('clears the causes once the load is back to normal', async () => {
    await inject('normal')
    await diagnosis().locator('[data-cause="none"]').waitFor({ timeout: 90_000 })
  }, 120_000)

  it('kicks a user through the confirm dialog and audits it', async () => {
    const users = panel().getByRole('region', { name: 'Top users by sessions on mail-01' })
    const firstKick = users.getByRole('button', { name: /^Kick / }).first()
    await firstKick.waitFor({ timeout: 20_000 })
    const user = ((await firstKick.getAttribute('aria-label')) ?? '').replace(/^Kick /, '')
    expect(user).toMatch(/@/)
    await firstKick.click()
    const dialog = page.getByRole('dialog', { name: `Kick ${user} on mail-01?` })
    await dialog.waitFor()
    await expect(dialog.getByLabel('Command').textContent()).resolves.toBe(`doveadm kick ${user}`)
    await dialog.getByText('Runs on mail-01 over SSH').waitFor()
    await screenshot(page, 'mail-kick-confirm')
    await dialog.getByRole('button', { name: 'Run on mail-01' }).click()
    await dialog.getByText('✓ Done').waitFor({ timeout: 30_000 })
    await screenshot(page, 'mail-kick-done')
    await dialog.getByRole('button', { name: 'Close' }).click()
    const audit = await api.call<{ action: string; target: string; command?: string; result: string }[]>('audit.list', { limit: 10 })
    expect(audit.find((entry) => entry.action === 'mail.kick' && entry.result === 'succeeded')).toMatchObject({ target: 'mail-01', command: `doveadm kick ${user}` })
  }, 60_000)

  it('switches to the last hour and back to live', async () => {
    await page.getByRole('radiogroup', { name: 'Time range' }).getByText('Last hour (10 s)').click()
    await panel().getByRole('figure', { name: 'CPU (% of all cores)' }).waitFor()
    await screenshot(page, 'mail-last-hour')
    await page.getByRole('radiogroup', { name: 'Time range' }).getByText('Live (5 min, 1 s)').click()
  }, 30_000)

  it('runs under the strict CSP without errors', () => {
    expect(errors).toEqual([])
  })
})
