// Editing the inventory from the Racks view in Chromium over `rackside web` on the demo site: a
// cabinet with two feeds, a model, a device whose draw shows in the budget, the bad inputs
// refused with their message and nothing stored, a model in use and a full cabinet refused with
// who and how many, and a device removed again. One server for the file: the tests build on each
// other in order.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Locator, Page } from 'playwright-core'
import type { ApiSocket } from '../helpers/api-socket'
import { screenshot } from '../helpers/browser'
import { DemoApp } from '../helpers/demo-app'

interface SiteShape {
  cabinets: { name: string; feeds: { name: string; amps: number }[] }[]
  models: { name: string }[]
  devices: { name: string; cabinet: string; positionU: number }[]
}

describe('editing the inventory in the Racks view', () => {
  let app: DemoApp
  let page: Page
  let api: ApiSocket
  let errors: string[]

  const toolbar = (): Locator => page.getByRole('toolbar', { name: 'Racks actions' })
  const dialog = (name: string | RegExp): Locator => page.getByRole('dialog', { name })
  const powerText = async (cabinet: string): Promise<string> =>
    (await page.getByRole('region', { name: `Cabinet ${cabinet} budget` }).getByRole('meter', { name: 'Power, failover-safe' }).getAttribute('aria-valuetext')) ?? ''
  const auditCount = async (): Promise<number> => (await api.call<unknown[]>('audit.list', { limit: 5000 })).length

  /** The stored inventory and audit log, to check that a refused edit stored nothing. */
  async function stored(): Promise<{ site: SiteShape; audit: number }> {
    return { site: await api.call<SiteShape>('inventory.get', {}), audit: await auditCount() }
  }

  beforeAll(async () => {
    app = await DemoApp.open({ dataDirPrefix: 'rackside-racks-editing-e2e-', viewportHeight: 1200 })
    ;({ page, api, errors } = app)
    await page.getByLabel('Cabinet R02 elevation').waitFor()
  })
  afterAll(async () => {
    await app?.close()
  })

  it('adds a cabinet with two feeds; the new cabinet shows its failover-safe budget and survives a reload', async () => {
    await toolbar().getByRole('button', { name: 'Add cabinet' }).click()
    const form = dialog('Add a cabinet')
    await form.getByLabel('Name', { exact: true }).fill('R03')
    await form.getByLabel('Height').fill('42')
    await form.getByLabel('Max weight').fill('800')
    await form.getByLabel('Cooling').fill('4000')
    // The form starts from the last cabinet's figures: this one has no power contract.
    await form.getByLabel('Contracted power').fill('')
    for (const feed of [1, 2]) {
      await form.getByLabel(`Feed ${feed} volts`).fill('230')
      await form.getByLabel(`Feed ${feed} amps`).fill('32')
    }
    expect(await form.getByLabel('Feed 1 capacity').innerText()).toBe('5,888 W')
    await form.getByRole('list', { name: 'Budget after this change' }).getByText(/R03 peak 0 W of 5,888 W/).waitFor()
    await screenshot(page, 'racks-add-cabinet')
    await form.getByRole('button', { name: 'Add cabinet' }).click()
    await form.waitFor({ state: 'hidden' })

    await toolbar().getByRole('status').getByText('Added cabinet R03').waitFor()
    expect(await powerText('R03')).toMatch(/^peak 0 W of 5,888 W/)
    await page.reload()
    await page.getByLabel('Cabinet R03 elevation').waitFor()
    expect(await page.getByRole('heading', { name: 'R03', level: 2 }).count()).toBe(1)
    const site = (await stored()).site
    expect(site.cabinets.find((c) => c.name === 'R03')?.feeds).toEqual([
      { name: 'A', volts: 230, amps: 32, phases: 1, deratePercent: 80 },
      { name: 'B', volts: 230, amps: 32, phases: 1, deratePercent: 80 }
    ])
  })

  it('refuses a feed with negative amps with the message on the field, and stores nothing', async () => {
    const before = await stored()
    await page.getByRole('button', { name: 'Edit cabinet R03' }).click()
    const form = dialog('Edit cabinet R03')
    await form.getByLabel('Feed 2 amps').fill('-16')
    // Shown as it is typed, before saving.
    await form.getByText('amps must be above 0').waitFor()
    expect(await form.getByLabel('Feed 2 amps').getAttribute('aria-invalid')).toBe('true')
    await form.getByRole('button', { name: 'Save' }).click()
    await screenshot(page, 'racks-edit-cabinet-refused')
    // Still open, nothing stored, the last line of the status bar unchanged.
    expect(await form.isVisible()).toBe(true)
    await form.getByRole('button', { name: 'Cancel' }).click()
    expect(await stored()).toEqual(before)
  })

  it('adds a model, refusing a peak below idle first', async () => {
    await toolbar().getByRole('button', { name: 'Models…' }).click()
    const models = dialog('Device models')
    await models.getByRole('button', { name: 'Add model' }).click()
    const form = dialog('Add a device model')
    await form.getByLabel('Name', { exact: true }).fill('Epyc 7302 2U')
    await form.getByLabel('Height').fill('2')
    await form.getByLabel('Weight').fill('24')
    await form.getByLabel('Idle').fill('120')
    await form.getByLabel('Typical').fill('250')
    await form.getByLabel('Peak').fill('90')
    await form.getByLabel('Nameplate').fill('800')
    await form.getByText('peak (90 W) is below idle (120 W)').waitFor()
    const before = await stored()
    await form.getByRole('button', { name: 'Add model' }).click()
    expect(await stored()).toEqual(before)

    await form.getByLabel('Peak').fill('420')
    await form.getByLabel('Cores').fill('32')
    await form.getByLabel('RAM').fill('256')
    expect(await form.getByText('peak (90 W) is below idle (120 W)').count()).toBe(0)
    await screenshot(page, 'racks-add-model')
    await form.getByRole('button', { name: 'Add model' }).click()
    const row = dialog('Device models').getByRole('row', { name: /Epyc 7302 2U/ })
    await row.waitFor()
    expect(await row.innerText()).toMatch(/server\s+2 U\s+full\s+120 \/ 250 \/ 420 \/ 800 W\s+24 kg\s+0 devices/)
  })

  it('refuses removing a model still in use, naming the devices', async () => {
    const models = dialog('Device models')
    await models.getByRole('button', { name: 'Remove model Atom C2550 1U' }).click()
    await models.getByRole('alert').getByText('Model Atom C2550 1U not removed: 5 devices use it (hv-01, hv-02, hv-03, hv-04, hv-05): give them another model or remove them first').waitFor()
    await screenshot(page, 'racks-models-in-use')
    await models.getByRole('button', { name: 'Close' }).click()
    expect((await stored()).site.models.some((m) => m.name === 'Atom C2550 1U')).toBe(true)
  })

  it('adds a device into the highest free units and the budget counts its draw', async () => {
    await page.getByRole('button', { name: 'Add a device to R03' }).click()
    const form = dialog('Add a device')
    await form.getByLabel('Name', { exact: true }).fill('db-02')
    await form.getByLabel('Model').selectOption('Epyc 7302 2U')
    // A 2U full-depth box in an empty 42U cabinet goes to U41–U42.
    expect(await form.getByLabel('Lowest unit').inputValue()).toBe('41')
    expect(await form.getByRole('checkbox', { name: /^A/ }).isChecked()).toBe(true)
    expect(await form.getByRole('checkbox', { name: /^B/ }).isChecked()).toBe(true)
    await form.getByRole('list', { name: 'Budget after this change' }).getByText(/R03 peak 0 W → 420 W of 5,888 W/).waitFor()

    // Units already taken are refused on the field as typed.
    await form.getByLabel('Lowest unit').fill('42')
    await form.getByText('U42–U43 is outside R03 (42U)').waitFor()
    await form.getByLabel('Lowest unit').fill('41')
    await screenshot(page, 'racks-add-device')
    await form.getByRole('button', { name: 'Add device' }).click()
    await form.waitFor({ state: 'hidden' })

    await toolbar().getByRole('status').getByText('Added db-02: Epyc 7302 2U at R03 U41–U42 front, feeds A+B').waitFor()
    expect(await powerText('R03')).toMatch(/^peak 420 W of 5,888 W/)
    expect(await page.locator('[data-cabinet="R03"] .elev-device[data-device="db-02"][role="button"]').getAttribute('aria-label')).toBe('db-02, Epyc 7302 2U, U41–U42 front')
    const audit = await api.call<{ action: string; target: string }[]>('audit.list', { limit: 1 })
    expect(audit[0]).toMatchObject({ action: 'inventory.add-device', target: 'db-02' })
  })

  it('offers to add a device at a free unit double-clicked on the drawing', async () => {
    const rear = await page.locator('[data-cabinet="R03"] .elev-drop[data-drop-face="rear"]').boundingBox()
    if (rear === null) throw new Error('R03 has no rear face drawn')
    const unitPx = rear.height / 42
    await page.mouse.dblclick(rear.x + rear.width / 2, rear.y + (42 - 10) * unitPx + unitPx / 2)
    const form = dialog('Add a device')
    expect(await form.getByLabel('Cabinet').inputValue()).toBe('R03')
    expect(await form.getByLabel('Lowest unit').inputValue()).toBe('10')
    expect(await form.getByLabel('Face').inputValue()).toBe('rear')
    await page.keyboard.press('Escape')
    await form.waitFor({ state: 'hidden' })
  })

  it('refuses removing a cabinet that holds devices, saying how many, and offers to move them', async () => {
    await page.getByRole('button', { name: 'Edit cabinet R03' }).click()
    const form = dialog('Edit cabinet R03')
    await form.getByRole('button', { name: 'Remove cabinet…' }).click()
    await form.getByText('R03 holds 1 device: db-02. They must go somewhere first.').waitFor()
    expect(await form.getByRole('button', { name: 'Move 1 device and remove R03' }).isEnabled()).toBe(true)
    await screenshot(page, 'racks-remove-cabinet')
    await form.getByRole('button', { name: 'Back' }).click()
    await form.getByRole('button', { name: 'Cancel' }).click()
    const refused = await api.call('inventory.removeCabinet', { name: 'R03' }).then(
      () => 'stored',
      (error: Error) => error.message
    )
    expect(refused).toBe('inventory.removeCabinet: Cabinet R03 not removed: it holds 1 device (db-02): move them to another cabinet or remove them first')
    expect((await stored()).site.cabinets.map((c) => c.name)).toEqual(['R01', 'R02', 'R03'])
  })

  it('removes the device from its details and the budget drops back', async () => {
    await page.locator('.elev-device[data-device="db-02"][role="button"]').click()
    await page.getByRole('complementary', { name: 'Device details' }).getByRole('button', { name: 'Remove device db-02' }).click()
    const confirm = dialog('Remove db-02?')
    await confirm.getByText('leaves the inventory; its units become free').waitFor()
    await confirm.getByRole('button', { name: 'Remove db-02' }).click()
    await confirm.waitFor({ state: 'hidden' })
    await toolbar().getByRole('status').getByText('Removed db-02 (was Epyc 7302 2U at R03 U41–U42 front, feeds A+B)').waitFor()
    expect(await powerText('R03')).toMatch(/^peak 0 W of 5,888 W/)
    await page.reload()
    await page.getByLabel('Cabinet R03 elevation').waitFor()
    expect(await page.locator('.elev-device[data-device="db-02"]').count()).toBe(0)
    expect((await stored()).site.devices.some((d) => d.name === 'db-02')).toBe(false)
  })

  it('ran under the strict CSP without console errors', () => {
    expect(errors).toEqual([])
  })
})
