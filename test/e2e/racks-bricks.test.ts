// Gluster brick badges on the Racks view's devices in Chromium, over `rackside web` with the demo
// fleet (real SSH on 127.0.0.1): one badge per brick on the device of each brick host, the
// selected volume's bricks highlighted in every cabinet, and a brick killed through the demo API
// turning its badge offline within two polls.
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Locator, Page } from 'playwright-core'
import type { ApiSocket } from '../helpers/api-socket'
import { screenshot, screenshotDir } from '../helpers/browser'
import { DemoApp } from '../helpers/demo-app'

const BRICK_PATH = '/data/glusterfs/vmstore/brick1/brick'
/** The poller reads volume status every 10 s: two intervals plus the time one poll takes. */
const TWO_POLLS_MS = 2 * 10_000 + 3_000

describe('brick badges on the rack elevations', () => {
  let app: DemoApp
  let page: Page
  let api: ApiSocket
  let errors: string[]

  const badges = (device: string): Locator => page.locator(`.elev-device[data-device="${device}"][role="button"] .elev-brick`)
  const badge = (brick: string): Locator => page.locator(`.elev-brick[data-brick="${brick}"]`)
  const states = (device: string): Promise<(string | null)[]> => badges(device).evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-state')))

  beforeAll(async () => {
    app = await DemoApp.open({
      dataDirPrefix: 'rackside-racks-bricks-e2e-',
      viewportHeight: 1200,
      // hv-05 goes to R01 first, so the volume spans two cabinets.
      prepare: (api) => api.call('inventory.moveDevice', { device: 'hv-05', cabinet: 'R01', positionU: 10, face: 'front' })
    })
    ;({ page, api, errors } = app)
    await page.getByLabel('Cabinet R02 elevation').waitFor()
  })
  afterAll(async () => {
    await api?.call('demo.inject', { action: 'restart-bricks' }).catch(() => undefined)
    await app?.close()
  })

  it('draws one badge per brick on the devices of the brick hosts, with host:path and state on hover', async () => {
    await expect.poll(() => page.locator('.elev-brick').count(), { timeout: 30_000 }).toBe(6)
    // The demo volume: two replica sets of three over five Atoms, hv-01 holding a brick of each.
    expect(await badges('hv-01').count()).toBe(2)
    for (const device of ['hv-02', 'hv-03', 'hv-04', 'hv-05']) expect(await badges(device).count()).toBe(1)
    expect(await page.locator('[data-cabinet="R01"] .elev-brick').count()).toBe(1)
    expect(await badges('web-01').count()).toBe(0)
    await expect.poll(() => states('hv-02')).toEqual(['online'])
    const title = await badge(`hv-02:${BRICK_PATH}`).locator('title').textContent()
    expect(title).toMatch(new RegExp(`^hv-02:${BRICK_PATH} — vmstore, online`))
    expect(await badge(`hv-02:${BRICK_PATH}`).locator('text').textContent()).toBe('✓')
  })

  it('highlights the selected volume’s bricks in every cabinet', async () => {
    expect(await page.locator('.elev-brick[data-selected="true"]').count()).toBe(0)
    await page.getByLabel('Highlight the bricks of volume').selectOption('vmstore')
    await expect.poll(() => page.locator('.elev-brick[data-selected="true"]').count()).toBe(6)
    expect(await page.locator('[data-cabinet="R01"] .elev-brick[data-selected="true"]').count()).toBe(1)
    expect(await page.locator('[data-cabinet="R02"] .elev-brick[data-selected="true"]').count()).toBe(5)
    expect(await page.locator('.elev-device--volume[role="button"]').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-device')).sort())).toEqual([
      'hv-01',
      'hv-02',
      'hv-03',
      'hv-04',
      'hv-05'
    ])
    await page.locator('[data-cabinet="R02"]').screenshot({ path: join(screenshotDir, 'racks-bricks-highlighted.png') })
    await page.getByLabel('Highlight the bricks of volume').selectOption('')
    await expect.poll(() => page.locator('.elev-brick[data-selected="true"]').count()).toBe(0)
  })

  it("turns a killed brick's badge offline within two polls, leaving the others online", async () => {
    const injected = await api.call<{ message: string }>('demo.inject', { action: 'kill-brick', host: 'hv-02', brickPath: BRICK_PATH })
    expect(injected.message).toContain(`hv-02:${BRICK_PATH}`)
    const killedAtMs = Date.now()
    await expect.poll(() => badge(`hv-02:${BRICK_PATH}`).getAttribute('data-state'), { timeout: TWO_POLLS_MS }).toBe('offline')
    expect(Date.now() - killedAtMs).toBeLessThan(TWO_POLLS_MS)
    expect(await badge(`hv-02:${BRICK_PATH}`).locator('text').textContent()).toBe('✕')
    expect(await badge(`hv-02:${BRICK_PATH}`).locator('title').textContent()).toBe(`hv-02:${BRICK_PATH} — vmstore, offline`)
    expect(await badge(`hv-02:${BRICK_PATH}`).getAttribute('class')).toContain('elev-brick--offline')
    for (const device of ['hv-01', 'hv-03', 'hv-04', 'hv-05']) expect(await states(device)).not.toContain('offline')
    // The device's own tooltip lists its bricks too (for keyboard and screen-reader users).
    expect(await page.locator('.elev-device[data-device="hv-02"][role="button"] > title').textContent()).toContain(`brick hv-02:${BRICK_PATH} — vmstore, offline`)
    await screenshot(page, 'racks-brick-offline')
  })

  it('ran under the strict CSP without console errors', () => {
    expect(errors).toEqual([])
  })
})
