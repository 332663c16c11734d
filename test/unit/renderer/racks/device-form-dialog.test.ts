import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { DeviceFormDialog } from '../../../../src/renderer/src/features/racks/device-form-dialog'
import { cageSite } from '../site-fixture'

const ignore = () => undefined

function textOf(html: string): string {
  return html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim()
}

describe('DeviceFormDialog', () => {
  it('offers a new device the highest free units of its model in the picked cabinet', () => {
    const html = renderToStaticMarkup(createElement(DeviceFormDialog, { site: cageSite(), preset: { cabinet: 'R02' }, onClose: ignore, onDone: ignore }))
    expect(html).toMatch(/<h2 id="[^"]+">Add a device<\/h2>/)
    expect(html).toContain('<option value="Xeon 1U" selected="">Xeon 1U (1 U, full depth, peak 380 W)</option>')
    expect(html).toContain('<option value="R02" selected="">R02</option>')
    // R02 holds hv-01 and hv-02 at U40 and U39: a full-depth 1U box goes to U46.
    expect(html).toMatch(/type="number" step="1" min="1" placeholder="no free units" value="46"/)
    expect(textOf(html)).toMatch(/Add device Cancel$/)
  })

  it('names the device each taken host runs on, and keeps the device’s own host choosable', () => {
    const html = renderToStaticMarkup(createElement(DeviceFormDialog, { site: cageSite(), deviceName: 'hv-01', onClose: ignore, onDone: ignore }))
    expect(html).toContain('<option value="hv-01" selected="">hv-01</option>')
    expect(html).toContain('<option value="mail-01" disabled="">mail-01 (runs on mail-01)</option>')
    expect(html).toContain('<option value="">(none)</option>')
    expect(html).toContain('<option value="front" selected="">front</option><option value="rear">rear</option>')
    expect(textOf(html)).toMatch(/Save Cancel$/)
  })

  it('says when the device is no longer in the inventory', () => {
    const html = renderToStaticMarkup(createElement(DeviceFormDialog, { site: cageSite(), deviceName: 'web-09', onClose: ignore, onDone: ignore }))
    expect(textOf(html)).toBe('Device web-09 web-09 is no longer in the inventory. Close')
  })
})
