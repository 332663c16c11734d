// The Racks view in Chromium over `rackside web`, each test on a fresh data folder holding the
// demo site: drag to place with the mouse and the keyboard, refused drops, undo/redo stored by
// the server, "Move to…", What fits, exports and the printable PDF.
import { execFileSync } from 'node:child_process'
import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { screenshot, watchPageErrors } from '../helpers/browser'
import { DemoApp } from '../helpers/demo-app'

type Face = 'front' | 'rear'

function deviceShape(page: Page, device: string) {
  return page.locator(`.elev-device[data-device="${device}"][role="button"]`)
}

/** Where a device is drawn: its cabinet (from the drawing it sits in) and its aria label ("web-01, model, U38 front"). */
async function placementOf(page: Page, device: string): Promise<{ cabinet: string; label: string }> {
  const shape = deviceShape(page, device)
  await shape.waitFor()
  const cabinet = await shape.evaluate((node) => node.closest('[data-cabinet]')?.getAttribute('data-cabinet') ?? '')
  return { cabinet, label: (await shape.getAttribute('aria-label')) ?? '' }
}

async function powerText(page: Page, cabinet: string): Promise<string> {
  const meter = page.getByRole('region', { name: `Cabinet ${cabinet} budget` }).getByRole('meter', { name: 'Power, failover-safe' })
  return (await meter.getAttribute('aria-valuetext')) ?? ''
}

async function dragTarget(page: Page): Promise<string | null> {
  return page.locator('.racks').getAttribute('data-drag-target')
}

/** Presses on a device, moves the pointer onto unit `positionU` of a cabinet face and waits until the view targets it. */
async function dragOver(page: Page, device: string, cabinet: string, face: Face, positionU: number): Promise<void> {
  const box = await deviceShape(page, device).boundingBox()
  if (box === null) throw new Error(`${device} is not drawn`)
  const start = { x: box.x + box.width / 2, y: box.y + box.height / 2 }
  await page.mouse.move(start.x, start.y)
  await page.mouse.down()
  await page.mouse.move(start.x + 6, start.y + 6, { steps: 3 })
  const faceBox = await page.locator(`[data-cabinet="${cabinet}"] .elev-drop[data-drop-face="${face}"]`).boundingBox()
  if (faceBox === null) throw new Error(`${cabinet} ${face} has no drop target`)
  const unitPx = faceBox.height / 46
  await page.mouse.move(faceBox.x + faceBox.width / 2, faceBox.y + (46 - positionU) * unitPx + unitPx / 2, { steps: 12 })
  await expect.poll(() => dragTarget(page)).toBe(`${cabinet}:${positionU}:${face}`)
}

describe('the Racks view in Chromium', () => {
  let app: DemoApp
  let page: Page
  let errors: string[]

  beforeEach(async () => {
    app = await DemoApp.open({ dataDirPrefix: 'rackside-racks-e2e-', viewportHeight: 1200 })
    ;({ page, errors } = app)
    await page.getByLabel('Cabinet R02 elevation').waitFor()
  })
  afterEach(async () => {
    await app?.close()
    // Every test runs under the strict CSP without console errors.
    expect(errors).toEqual([])
  })

  it('drags a server to free units of another cabinet with the mouse, previewing and then storing the new budget', async () => {
    expect(await powerText(page, 'R02')).toMatch(/^peak 160 W of 2,944 W/)
    expect(await powerText(page, 'R01')).toMatch(/^peak 2,400 W of 2,944 W/)

    await dragOver(page, 'web-01', 'R02', 'front', 20)
    // While dragging: the ghost on the target units, the after-move budget and the change in words.
    expect(await page.locator('[data-ghost="R02:20:front"]').count()).toBe(1)
    expect(await powerText(page, 'R02')).toMatch(/^peak 540 W of 2,944 W/)
    await page.getByRole('region', { name: 'Cabinet R02 budget' }).getByText('Preview after moving web-01: peak 160 W → 540 W (+380 W)').waitFor()
    expect(await page.locator('.drag-status').innerText()).toContain('R02 peak 160 W → 540 W of 2,944 W')
    await screenshot(page, 'racks-drag-preview')
    await page.mouse.up()

    await page.getByRole('status').getByText('Moved web-01: R01 U38 front → R02 U20 front').waitFor()
    expect(await powerText(page, 'R02')).toMatch(/^peak 540 W of 2,944 W/)
    expect(await powerText(page, 'R01')).toMatch(/^peak 2,020 W of 2,944 W/)
    await screenshot(page, 'racks-after-drop')

    await page.reload()
    expect(await placementOf(page, 'web-01')).toEqual({ cabinet: 'R02', label: 'web-01, Xeon E5-2637 v3 1U, U20 front' })
    expect(await powerText(page, 'R02')).toMatch(/^peak 540 W of 2,944 W/)
  })

  it('refuses a drop onto taken units, says why, and changes nothing', async () => {
    await dragOver(page, 'web-01', 'R02', 'front', 38)
    await page.locator('.drag-status').getByText('Cannot go there: U38 front is taken by hv-03').waitFor()
    expect(await page.locator('[data-ghost="R02:38:front"]').getAttribute('class')).toContain('elev-ghost--refused')
    // A refused target previews nothing: R02's bars still show its own budget.
    expect(await powerText(page, 'R02')).toMatch(/^peak 160 W of 2,944 W/)
    await page.mouse.up()

    await page.getByRole('alert').getByText('Refused: U38 front is taken by hv-03. Nothing moved.').waitFor()
    await screenshot(page, 'racks-refused')
    expect(await page.getByRole('button', { name: '↶ Undo' }).isDisabled()).toBe(true)
    await page.reload()
    expect(await placementOf(page, 'web-01')).toEqual({ cabinet: 'R01', label: 'web-01, Xeon E5-2637 v3 1U, U38 front' })
    expect(await placementOf(page, 'hv-03')).toEqual({ cabinet: 'R02', label: 'hv-03, Atom C2550 1U, U38 front' })
  })

  it('moves a device with the keyboard only: Space picks up, arrows move, Enter drops', async () => {
    await deviceShape(page, 'web-01').focus()
    await page.keyboard.press('Space')
    await expect.poll(() => dragTarget(page)).toBe('R01:38:front')
    await page.keyboard.press('ArrowDown')
    await expect.poll(() => dragTarget(page)).toBe('R01:37:front')
    // Right goes to the rear face, then to the next cabinet; left comes back.
    await page.keyboard.press('ArrowRight')
    await expect.poll(() => dragTarget(page)).toBe('R01:37:rear')
    await page.keyboard.press('ArrowRight')
    await expect.poll(() => dragTarget(page)).toBe('R02:37:front')
    await page.keyboard.press('ArrowLeft')
    await page.keyboard.press('ArrowLeft')
    await expect.poll(() => dragTarget(page)).toBe('R01:37:front')
    await screenshot(page, 'racks-keyboard-move')
    await page.keyboard.press('Enter')

    await page.getByRole('status').getByText('Moved web-01: R01 U38 front → R01 U37 front').waitFor()
    expect(await placementOf(page, 'web-01')).toEqual({ cabinet: 'R01', label: 'web-01, Xeon E5-2637 v3 1U, U37 front' })
    // Focus follows the device so the next move can start from the keyboard.
    expect(await page.locator(':focus').getAttribute('data-device')).toBe('web-01')

    // Escape cancels a keyboard drag without moving anything.
    await page.keyboard.press('m')
    await page.keyboard.press('ArrowUp')
    await expect.poll(() => dragTarget(page)).toBe('R01:38:front')
    await page.keyboard.press('Escape')
    await expect.poll(() => page.locator('.racks').getAttribute('data-drag')).toBe('idle')

    await page.reload()
    expect(await placementOf(page, 'web-01')).toEqual({ cabinet: 'R01', label: 'web-01, Xeon E5-2637 v3 1U, U37 front' })
  })

  it('undoes and redoes a move through the server, and the undo survives a reload', async () => {
    await dragOver(page, 'web-01', 'R02', 'front', 20)
    await page.mouse.up()
    await page.getByRole('status').getByText('Moved web-01: R01 U38 front → R02 U20 front').waitFor()

    await page.keyboard.press('Control+z')
    await page.getByRole('status').getByText('Undone: web-01: R02 U20 front → R01 U38 front').waitFor()
    expect((await placementOf(page, 'web-01')).cabinet).toBe('R01')
    await page.getByRole('button', { name: '↷ Redo' }).click()
    await page.getByRole('status').getByText('Redone: web-01: R01 U38 front → R02 U20 front').waitFor()
    expect((await placementOf(page, 'web-01')).cabinet).toBe('R02')
    await page.getByRole('button', { name: '↶ Undo' }).click()
    await page.getByRole('status').getByText('Undone: web-01: R02 U20 front → R01 U38 front').waitFor()

    await page.reload()
    expect(await placementOf(page, 'web-01')).toEqual({ cabinet: 'R01', label: 'web-01, Xeon E5-2637 v3 1U, U38 front' })
    expect(await powerText(page, 'R02')).toMatch(/^peak 160 W of 2,944 W/)
  })

  it('says why an undo no longer applies when someone else moved the device meanwhile', async () => {
    await dragOver(page, 'web-01', 'R02', 'front', 20)
    await page.mouse.up()
    await page.getByRole('status').getByText('Moved web-01: R01 U38 front → R02 U20 front').waitFor()

    // A second window moves web-01 again with "Move to…"; the first one sees it through the push.
    const other = await app.browser.newPage({ viewport: { width: 1440, height: 1200 } })
    const otherErrors = watchPageErrors(other)
    await other.goto(app.web.url)
    await deviceShape(other, 'web-01').click()
    await other.getByRole('toolbar', { name: 'Racks actions' }).getByRole('button', { name: 'Move to…' }).click()
    const dialog = other.getByRole('dialog', { name: 'Move web-01 to…' })
    await dialog.getByLabel('Lowest unit U').fill('10')
    await dialog.getByText('✓ Fits').waitFor()
    await screenshot(other, 'racks-move-to-dialog')
    await dialog.getByRole('button', { name: 'Move', exact: true }).click()
    await other.getByRole('status').getByText('Moved web-01: R02 U20 front → R02 U10 front').waitFor()
    await other.close()
    expect(otherErrors).toEqual([])

    await expect.poll(async () => (await placementOf(page, 'web-01')).label).toBe('web-01, Xeon E5-2637 v3 1U, U10 front')
    await page.getByRole('button', { name: '↶ Undo' }).click()
    await page
      .getByRole('alert')
      .getByText('Cannot undo the move of web-01: web-01 is no longer at R02 U20 front (it is at R02 U10 front)')
      .waitFor()
    expect((await placementOf(page, 'web-01')).label).toBe('web-01, Xeon E5-2637 v3 1U, U10 front')
  })

  it('answers What fits with the binding limit and compares scale up with scale out', async () => {
    await page.getByRole('button', { name: 'What fits' }).click()
    const panel = page.getByRole('region', { name: 'What fits' })
    await panel.getByLabel('Cabinet to fill').selectOption('R01')
    await panel.getByLabel('Model to add').selectOption('Xeon E5-2637 v3 1U')
    // R01: 2,944 W budget − 2,400 W peak = 544 W of headroom: one more 380 W box.
    expect(await panel.getByTestId('fits-count').innerText()).toBe('1 more box')
    await panel.getByText('limited by failover-safe power').waitFor()
    await panel.getByLabel('Workload amount').fill('64')
    const table = panel.getByRole('table', { name: 'Scale up or scale out' })
    await table.getByRole('rowheader', { name: /Atom C2550 1U/ }).waitFor()
    const atomRow = await table.getByRole('row', { name: /Atom C2550 1U/ }).innerText()
    expect(atomRow).toContain('16') // 64 cores / 4 per box
    expect(atomRow).toContain('320 W')
    await screenshot(page, 'racks-what-fits')
  })

  it('adds racked devices from a NetBox CSV export and lists the rows it left out', async () => {
    const csv = [
      'name,status,device_type,site,rack,position,face',
      'web-02,active,Xeon E5-2637 v3 1U,DC1,R02,20.0,front',
      '"edge, spare",active,PowerEdge R640,DC1,R02,22,front',
      'hv-06,active,Atom C2550 1U,DC1,R02,38,front'
    ].join('\n')
    await page.getByLabel('NetBox device CSV file').setInputFiles({ name: 'netbox-devices.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })
    const dialog = page.getByRole('dialog', { name: 'NetBox devices from netbox-devices.csv' })
    await dialog.getByText('1 device can be placed: web-02').waitFor()
    const leftOut = dialog.getByRole('table', { name: 'Rows left out' })
    await leftOut.getByRole('row', { name: /edge, spare.*device type "PowerEdge R640" is not a model of this site/ }).waitFor()
    await leftOut.getByRole('row', { name: /hv-06.*U38 front is taken by hv-03/ }).waitFor()
    await screenshot(page, 'racks-netbox-import')
    await dialog.getByRole('button', { name: 'Add 1 device' }).click()
    await page.getByRole('status').getByText('Added 1 device from netbox-devices.csv; 2 rows left out').waitFor()
    await page.reload()
    expect(await placementOf(page, 'web-02')).toEqual({ cabinet: 'R02', label: 'web-02, Xeon E5-2637 v3 1U, U20 front' })
  })

  it('exports an elevation as SVG and PNG', async () => {
    const [svgDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export R01 elevation as SVG' }).click()])
    expect(svgDownload.suggestedFilename()).toBe('demo-colocation-cage-R01-elevation.svg')
    const svg = readFileSync((await svgDownload.path()) as string, 'utf8')
    expect(svg.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg')).toBe(true)
    expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"')
    expect(svg).toContain('web-01')
    expect(svg).toContain('<title>R01 — Demo colocation cage — front and rear elevation, 46 U</title>')

    const [pngDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export R02 elevation as PNG' }).click()])
    expect(pngDownload.suggestedFilename()).toBe('demo-colocation-cage-R02-elevation.png')
    const png = readFileSync((await pngDownload.path()) as string)
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a')
    // IHDR: width and height at 2 device pixels per CSS pixel (400 × 672 CSS px).
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([800, 1344])
  })

  it('prints one page per cabinet with its name, budget and devices', async () => {
    await page.getByRole('button', { name: 'Print view' }).click()
    await page.getByRole('region', { name: 'Cabinet R01 sheet' }).waitFor()
    // In a browser the sheets go through window.print(); only the desktop app saves a PDF itself.
    const printActions = page.getByRole('toolbar', { name: 'Print actions' })
    expect(await printActions.getByRole('button', { name: 'Print / PDF' }).isVisible()).toBe(true)
    expect(await printActions.getByRole('button', { name: 'Save as PDF…' }).count()).toBe(0)
    await screenshot(page, 'racks-print-view')
    const pdfPath = join(app.dataDir, 'racks.pdf')
    await page.pdf({ path: pdfPath, preferCSSPageSize: true, printBackground: true })
    expect(statSync(pdfPath).size).toBeGreaterThan(5_000)
    const info = execFileSync('pdfinfo', [pdfPath], { encoding: 'utf8' })
    expect(info).toMatch(/^Pages:\s+2$/m)
    const pages = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' }).split('\f')
    expect(pages[0]).toContain('Cabinet R01')
    expect(pages[0]).toContain('web-01')
    expect(pages[0]).toMatch(/2,400 W peak/)
    expect(pages[1]).toContain('Cabinet R02')
    expect(pages[1]).toContain('hv-03')
    await page.getByRole('button', { name: 'Back to racks' }).click()
    await page.getByLabel('Cabinet R01 elevation').waitFor()
  })
})
