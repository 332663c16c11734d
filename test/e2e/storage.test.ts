// The Storage view in Chromium over `rackside web` with the demo fleet (real SSH on 127.0.0.1):
// a brick killed through the API shows offline within two polls, the volume turns PARTIAL and an
// alert is raised; the restart action runs only after its confirm dialog showed the exact
// command, brings the volume back to UP, and leaves its entries in the audit log; after a restart
// of Rackside on the same data folder the alert is still listed with its raised and cleared times.
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Locator, Page } from 'playwright-core'
import { screenshot, screenshotDir } from '../helpers/browser'
import { DemoApp } from '../helpers/demo-app'
import type { ApiSocket } from '../helpers/api-socket'
import type { StorageAlertsState } from '../../src/shared/api-parts/storage-api'

const BRICK = 'hv-02:/data/glusterfs/vmstore/brick1/brick'
/** The poller reads volume status every 10 s: two intervals plus the time one poll takes. */
const TWO_POLLS_MS = 2 * 10_000 + 3_000

interface AuditRow {
  action: string
  target: string
  command?: string
  result: string
  detail?: string
}

describe('the Storage view in Chromium with the demo fleet', () => {
  let app: DemoApp
  let page: Page
  let api: ApiSocket
  let errors: string[]

  const volume = (): Locator => page.getByRole('region', { name: 'Volume vmstore' })
  const brickRow = (brick: string): Locator => volume().locator(`tr[data-brick="${brick}"]`)
  const activeAlerts = (): Locator => page.getByRole('list', { name: 'Active alerts' })

  beforeAll(async () => {
    app = await DemoApp.open({ dataDirPrefix: 'rackside-storage-e2e-', viewportHeight: 1100 })
    ;({ page, api, errors } = app)
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Storage', exact: true }).click()
    await page.getByRole('heading', { name: 'Storage', level: 1 }).waitFor()
  })
  afterAll(async () => {
    await app?.close()
  })

  it('shows vmstore UP with its six bricks in two replica sets, peers and capacity with units', async () => {
    await expect.poll(() => volume().getAttribute('data-health'), { timeout: 30_000 }).toBe('UP')
    await expect(volume().getByText('distributed-replicate 2 × 3').count()).resolves.toBe(1)
    const rows = volume().locator('tr[data-brick]')
    await expect(rows.count()).resolves.toBe(6)
    await expect(volume().locator('tr[data-online="true"]').count()).resolves.toBe(6)
    await expect(volume().locator('tbody[data-set]').evaluateAll((sets) => sets.map((s) => s.getAttribute('data-set')))).resolves.toEqual([
      'vmstore-replicate-0',
      'vmstore-replicate-1'
    ])
    expect(await brickRow(BRICK).innerText()).toMatch(/online\s+\d+\s+4915\d/)
    const capacity = await volume().getByRole('meter', { name: 'Capacity (usable)' }).getAttribute('aria-valuetext')
    expect(capacity).toMatch(/^[\d.]+ GiB of [\d.]+ TiB used, ok$/)
    const peers = page.getByRole('region', { name: 'Gluster peers' })
    await expect(peers.locator('[data-peer]').count()).resolves.toBe(5)
    await expect(page.getByTestId('gluster-age').innerText()).resolves.toMatch(/^from hv-0\d, (just now|\d+ s ago)/)
    await screenshot(page, 'storage-healthy')
  })

  it('shows a killed brick offline and the volume PARTIAL within two poll intervals, with an alert', async () => {
    const injected = await api.call<{ message: string }>('demo.inject', { action: 'kill-brick', host: 'hv-02', brickPath: '/data/glusterfs/vmstore/brick1/brick' })
    expect(injected.message).toContain(`brick ${BRICK}`)
    const killedAtMs = Date.now()
    await expect.poll(() => brickRow(BRICK).getAttribute('data-online'), { timeout: TWO_POLLS_MS }).toBe('false')
    await expect.poll(() => volume().getAttribute('data-health'), { timeout: 5_000 }).toBe('PARTIAL')
    expect(Date.now() - killedAtMs).toBeLessThan(TWO_POLLS_MS)
    await expect(brickRow(BRICK).getByTestId('brick-state').innerText()).resolves.toContain('offline')
    await expect(volume().getByRole('list', { name: 'Why vmstore is PARTIAL' }).innerText()).resolves.toContain(`brick ${BRICK} offline`)

    const alert = activeAlerts().locator(`li[data-alert-id="brick-offline:vmstore:${BRICK}"]`)
    await alert.waitFor({ timeout: 5_000 })
    const text = await alert.innerText()
    expect(text).toContain('warning')
    expect(text).toContain(`brick ${BRICK} of vmstore offline`)
    expect(text).toMatch(/raised (just now|\d+ s ago)/)
    await screenshot(page, 'storage-brick-down')
  })

  it('restarts the dead brick through the confirm dialog showing the exact command and host, then the volume is UP again', async () => {
    await volume().getByRole('button', { name: /^Restart dead bricks \(1\)/ }).click()
    const dialog = page.getByRole('dialog', { name: 'Restart dead bricks of vmstore?' })
    await dialog.waitFor()
    await expect(dialog.getByTestId('action-command').innerText()).resolves.toBe('gluster volume start vmstore force')
    const host = await dialog.getByTestId('action-host').innerText()
    expect(host).toMatch(/^hv-0[1-5]$/)
    await expect(dialog.getByText(BRICK).count()).resolves.toBe(1)
    await screenshot(page, 'storage-confirm-restart')

    // Escape cancels: nothing runs, the brick stays down.
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'hidden' })
    const before = await api.call<AuditRow[]>('audit.list', { limit: 20 })
    expect(before.some((row) => row.action === 'gluster.restart-bricks')).toBe(false)

    await volume().getByRole('button', { name: /^Restart dead bricks \(1\)/ }).click()
    await page.getByRole('dialog', { name: 'Restart dead bricks of vmstore?' }).getByRole('button', { name: `Run on ${host}` }).click()
    const done = page.getByRole('dialog', { name: 'Restart dead bricks of vmstore: done' })
    await done.waitFor({ timeout: 30_000 })
    await expect(done.getByTestId('action-result').innerText()).resolves.toContain('volume start: vmstore: success')
    await screenshot(page, 'storage-restart-result')
    await done.getByRole('button', { name: 'Close' }).click()

    const lastAction = (await volume().getByTestId('last-action').textContent())?.replace(/\s+/g, ' ')
    expect(lastAction).toMatch(new RegExp(`^✓ ?Last action: gluster volume start vmstore force on ${host} succeeded (just now|\\d+ s ago)$`))
    await expect.poll(() => volume().getAttribute('data-health'), { timeout: TWO_POLLS_MS }).toBe('UP')
    await expect.poll(() => brickRow(BRICK).getAttribute('data-online'), { timeout: 5_000 }).toBe('true')
    await expect.poll(() => activeAlerts().count(), { timeout: 5_000 }).toBe(0)
    await page.getByText(/^Recently cleared \(\d+\)/).click()
    const cleared = page.getByRole('list', { name: 'Cleared alerts' }).locator(`li[data-alert-id="brick-offline:vmstore:${BRICK}"]`)
    await expect(cleared.innerText()).resolves.toMatch(/cleared (just now|\d+ s ago)/)
    await screenshot(page, 'storage-recovered')

    const audit = await api.call<AuditRow[]>('audit.list', { limit: 20 })
    const rows = audit.filter((row) => row.action === 'gluster.restart-bricks')
    expect(rows.map((row) => [row.result, row.command, row.target])).toEqual([
      ['succeeded', 'gluster volume start vmstore force', `vmstore via ${host}`],
      ['started', 'gluster volume start vmstore force', `vmstore via ${host}`]
    ])
    expect(rows[0]?.detail).toMatch(/^volume start: vmstore: success \(exit 0\), \d+ ms$/)
  })

  it('refuses to run an action without the confirmed flag', async () => {
    await expect(api.call('storage.runAction', { action: 'start-heal', volume: 'vmstore', host: 'hv-01' })).rejects.toThrow(/confirmed/)
    const audit = await api.call<AuditRow[]>('audit.list', { limit: 20 })
    expect(audit.some((row) => row.action === 'gluster.start-heal')).toBe(false)
  })

  it('answers "what if hv-01 fails" from a brick row in one click: the volume stays available without a copy', async () => {
    await brickRow('hv-01:/data/glusterfs/vmstore/brick1/brick').getByRole('button', { name: 'What if hv-01 fails?' }).click()
    const result = page.getByTestId('what-if-result')
    await result.waitFor({ timeout: 10_000 })
    await expect(result.getByRole('status').innerText()).resolves.toMatch(/^host hv-01 fails: 1 host down \(hv-01\)\. vmstore UP → PARTIAL\./)
    await expect(result.getByTestId('what-if-after').innerText()).resolves.toContain('PARTIAL')
    await expect(result.getByText(/vmstore at \/var\/lib\/libvirt\/images\/vmstore \(read from \d+ VM disks\)/).count()).resolves.toBe(1)
    await screenshot(page, 'storage-what-if')
    await page.getByRole('region', { name: 'What if this fails' }).screenshot({ path: join(screenshotDir, 'storage-what-if-panel.png') })
  })

  it('judges a feed failure: feed A of R02 takes three nodes and vmstore goes DOWN', async () => {
    const panel = page.getByRole('region', { name: 'What if this fails' })
    await panel.getByRole('checkbox', { name: 'hv-01' }).uncheck()
    await panel.getByRole('checkbox', { name: 'R02 feed A' }).check()
    await panel.getByRole('button', { name: 'Check' }).click()
    await expect.poll(() => panel.getByTestId('what-if-after').innerText(), { timeout: 10_000 }).toContain('DOWN')
    await expect(panel.getByRole('status').innerText()).resolves.toMatch(/^feed A of R02 fails: 3 hosts down \(hv-01, hv-03, hv-05\)\. vmstore UP → DOWN\./)
  })

  it('runs under the strict CSP without console errors', () => {
    expect(errors).toEqual([])
  })

  it('still lists the brick alert with its raised and cleared times after Rackside restarts on the same data folder', async () => {
    const id = `brick-offline:vmstore:${BRICK}`
    const before = (await api.call<StorageAlertsState>('storage.alerts', {})).cleared.find((alert) => alert.id === id)
    expect(before?.clearedAtMs).toBeGreaterThan(before?.raisedAtMs ?? Infinity)
    await app.restart()
    ;({ page, api } = app)
    const restartErrors = app.errors
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Storage', exact: true }).click()
    await page.getByText(/^Recently cleared \(\d+/).click()
    const line = page.getByRole('list', { name: 'Cleared alerts' }).locator(`li[data-alert-id="${id}"]`)
    await expect(line.innerText()).resolves.toMatch(/raised (\d+ (s|min) ago|just now) \(.+\) · cleared (\d+ (s|min) ago|just now) \(.+\)/)
    const after = (await api.call<StorageAlertsState>('storage.alerts', {})).cleared.find((alert) => alert.id === id)
    expect(after).toEqual(before)
    await screenshot(page, 'storage-alerts-after-restart')
    expect(restartErrors).toEqual([])
  })
})
