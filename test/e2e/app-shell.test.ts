import { existsSync, statSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { screenshot } from '../helpers/browser'
import { DemoApp } from '../helpers/demo-app'

describe('the app shell in Chromium over `rackside web`', () => {
  let app: DemoApp
  let page: Page
  let errors: string[]

  beforeAll(async () => {
    app = await DemoApp.open({ dataDirPrefix: 'rackside-e2e-', viewportHeight: 900 })
    ;({ page, errors } = app)
  })
  afterAll(async () => {
    await app?.close()
  })

  it('shows the five views by name and reaches the service', async () => {
    const nav = page.getByRole('navigation', { name: 'Views' })
    for (const name of ['Racks', 'VMs', 'Storage', 'Mail', 'Hosts']) await expect(nav.getByRole('button', { name, exact: true }).count()).resolves.toBe(1)
    await page.getByRole('status', { name: 'Status bar' }).getByText('API: Connected').waitFor()
    // The token left the address bar once read.
    expect(page.url()).not.toContain('token=')
  })

  it('opens on the demo site inventory and takes a screenshot of every view', async () => {
    await page.getByRole('heading', { name: 'Racks', level: 1 }).waitFor()
    await page.getByLabel('Cabinet R01 elevation').first().waitFor()
    await page.getByLabel('Cabinet R02 elevation').first().waitFor()
    expect(await page.locator('[data-device="hv-03"]').count()).toBeGreaterThan(0)
    for (const name of ['Racks', 'VMs', 'Storage', 'Mail', 'Hosts']) {
      await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name, exact: true }).click()
      await page.getByRole('heading', { name, level: 1 }).waitFor()
      const file = await screenshot(page, `view-${name.toLowerCase()}`)
      expect(existsSync(file) && statSync(file).size).toBeGreaterThan(10_000)
    }
    const hosts = page.getByRole('table', { name: 'Hosts' })
    for (const host of ['mail-01', 'hv-01', 'hvx-02']) await hosts.getByRole('rowheader', { name: host, exact: true }).waitFor()
  })

  it('switches views with the keyboard', async () => {
    await page.keyboard.press('Alt+1')
    await page.getByRole('heading', { name: 'Racks', level: 1 }).waitFor()
    await page.keyboard.press('Alt+5')
    await page.getByRole('heading', { name: 'Hosts', level: 1 }).waitFor()
  })

  it('runs under the strict CSP without errors', () => {
    expect(errors).toEqual([])
  })

  it('applies the <style> elements the app creates and refuses one injected as markup', async () => {
    // Page scripts as expressions: the test files compile without the DOM library.
    const outline = () => page.evaluate<string>("getComputedStyle(document.getElementById('root')).outlineColor")
    const before = await outline()
    // Created by the app's code (as xterm.js does): it carries the page's nonce and applies.
    await page.evaluate(`(() => {
      const own = document.createElement('style')
      own.id = 'own-style'
      own.textContent = '#root { outline: 3px solid rgb(1, 2, 3) }'
      document.head.append(own)
    })()`)
    expect(await outline()).toBe('rgb(1, 2, 3)')
    await page.evaluate("document.getElementById('own-style').remove()")
    expect(await outline()).toBe(before)
    // Injected as markup (what an HTML injection would do): no nonce, refused by the CSP.
    await page.evaluate(`(() => {
      const holder = document.createElement('div')
      holder.innerHTML = '<style>#root { outline: 3px solid rgb(4, 5, 6) }</style>'
      document.body.append(holder)
    })()`)
    await expect.poll(() => errors.length).toBe(1)
    // Chromium's wording varies by version ("Refused to apply…" / "Applying… The action has been blocked").
    expect(errors[0]).toMatch(/inline style .*violates the following Content Security Policy directive:? ["']style-src 'self' 'nonce-/)
    expect(await outline()).toBe(before)
  })
})

describe('rehearsing an incident on the demo fleet', () => {
  let app: DemoApp
  let page: Page

  beforeAll(async () => {
    app = await DemoApp.open({ dataDirPrefix: 'rackside-e2e-demo-', viewportHeight: 900 })
    page = app.page
  })
  afterAll(async () => {
    await app?.close()
  })

  it('cuts a demo host off from the panel, sees it go down, and restores it', async () => {
    const banner = page.getByRole('region', { name: 'Demo fleet' })
    await banner.getByText('Rehearse an incident').click()
    const panel = banner.getByRole('group', { name: 'Demo incidents' })
    await panel.getByLabel('Host').selectOption('hv-04')
    await panel.getByRole('button', { name: 'Cut it off' }).click()
    await banner.getByRole('status').getByText('hv-04 is cut off', { exact: false }).waitFor()
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Hosts', exact: true }).click()
    const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'hv-04', exact: true }) })
    // Keepalive or the next probe notices the cut: the state leaves "connected".
    await row.locator('.state--down, .state--warn').first().waitFor({ timeout: 45_000 })
    await panel.getByRole('button', { name: 'Restore it' }).click()
    await row.locator('.state--ok', { hasText: 'connected' }).waitFor({ timeout: 60_000 })
  })
})
