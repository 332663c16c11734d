import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { CabinetFormDialog } from '../../../../src/renderer/src/features/racks/cabinet-form-dialog'
import { cageSite } from '../site-fixture'

const ignore = () => undefined

function textOf(html: string): string {
  return html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim()
}

function valueOf(html: string, label: string): string | undefined {
  const id = new RegExp(`<label for="([^"]+)">${label}<`).exec(html)?.[1]
  return id === undefined ? undefined : new RegExp(`<input id="${id}"[^>]* value="([^"]*)"`).exec(html)?.[1]
}

describe('CabinetFormDialog', () => {
  it('opens on a cabinet with its figures, feeds, budget and Save, Cancel and Remove', () => {
    const html = renderToStaticMarkup(createElement(CabinetFormDialog, { site: cageSite(), cabinetName: 'R01', onClose: ignore, onDone: ignore }))
    expect(html).toMatch(/<h2 id="[^"]+">Edit cabinet R01<\/h2>/)
    expect([valueOf(html, 'Name'), valueOf(html, 'Height'), valueOf(html, 'Max weight'), valueOf(html, 'Cooling'), valueOf(html, 'Contracted power')]).toEqual(['R01', '46', '1000', '3500', ''])
    expect(html).toContain('aria-label="Feed 2 amps" aria-invalid="false" class="edit-feeds__amps" value="16"')
    // R01 as it stands: the unchanged edit previews its own budget.
    expect(textOf(html)).toContain('R01 peak 1,200 W → 1,200 W of 2,944 W')
    expect(textOf(html)).toMatch(/Save Cancel Remove cabinet…$/)
    // A fresh form shows no problems.
    expect(html).not.toContain('role="alert"')
  })

  it('starts a new cabinet from the last one, with Add and Cancel only', () => {
    const html = renderToStaticMarkup(createElement(CabinetFormDialog, { site: cageSite(), onClose: ignore, onDone: ignore }))
    expect(html).toMatch(/<h2 id="[^"]+">Add a cabinet<\/h2>/)
    expect([valueOf(html, 'Name'), valueOf(html, 'Max weight'), valueOf(html, 'Cooling')]).toEqual(['', '1000', '3500'])
    expect(textOf(html)).toMatch(/Add cabinet Cancel$/)
  })

  it('says when the cabinet is no longer in the inventory', () => {
    const html = renderToStaticMarkup(createElement(CabinetFormDialog, { site: cageSite(), cabinetName: 'R09', onClose: ignore, onDone: ignore }))
    expect(textOf(html)).toBe('Cabinet R09 R09 is no longer in the inventory. Close')
  })
})
