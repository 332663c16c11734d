import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { siteBudget } from '../../../../src/shared/domain/power'
import { PrintSheets } from '../../../../src/renderer/src/features/racks/print-sheets'
import { cageSite } from '../site-fixture'

function textOf(html: string): string {
  return html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ')
}

describe('PrintSheets', () => {
  const site = cageSite()
  const html = renderToStaticMarkup(createElement(PrintSheets, { site, budgets: siteBudget(site).cabinets, printedAt: new Date(Date.UTC(2025, 0, 2, 3, 4)) }))

  it('makes one sheet per cabinet, each with its elevation, budget, feeds and devices', () => {
    expect(html.match(/class="print-sheet"/g)).toHaveLength(2)
    expect(html).toContain('aria-label="Cabinet R01 sheet"')
    expect(html).toContain('aria-label="Cabinet R01 elevation"')
    expect(html).toContain('aria-label="R01 budget"')
    expect(html).toContain('aria-label="R01 feeds"')
    expect(html).toContain('aria-label="R02 devices"')
    const text = textOf(html)
    expect(text).toContain('page 1 of 2 · 2025-01-02 03:04 UTC')
    // R01: 380 + 2 × 380 + 60 W peak against one 230 V × 16 A × 80 % feed.
    expect(text).toContain('Power, failover-safe (binding) 1,200 W peak 2,944 W 41 %')
  })

  it('lists devices top to bottom with units, face, watts, feeds and host', () => {
    const text = textOf(html.slice(html.indexOf('aria-label="R01 devices"'), html.indexOf('aria-label="Cabinet R02 sheet"')))
    const order = ['sw-r01-a', 'mail-01', 'hvx-01', 'hvx-02'].map((name) => text.indexOf(name))
    expect(order).toEqual([...order].sort((a, b) => a - b))
    expect(text).toContain('U30–U31 front hvx-01 Xeon 2U 380 W 220 W A + B hvx-01')
    expect(text).toContain('U46 rear sw-r01-a Switch 1U 60 W 45 W A —')
  })
})
