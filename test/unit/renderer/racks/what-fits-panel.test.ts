import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { WhatFitsPanel } from '../../../../src/renderer/src/features/racks/what-fits-panel'
import { cageSite } from '../site-fixture'

function textOf(html: string): string {
  return html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ')
}

describe('WhatFitsPanel', () => {
  const html = renderToStaticMarkup(createElement(WhatFitsPanel, { site: cageSite(), onClose: () => undefined }))
  const text = textOf(html)

  it('answers for the first cabinet and server model with the binding limit called out', () => {
    // R01: 2,944 W − 1,200 W peak = 1,744 W of headroom: 4 more 380 W boxes; cooling 3,500 − 1,200 W: 6.
    expect(text).toContain('4 more boxes of Xeon 1U fit into R01 — limited by failover-safe power')
    expect(html).toMatch(/<tr class="fits__binding"><th scope="row">failover-safe power<span class="bar__binding fits__tag">binding<\/span><\/th><td class="num">4 boxes<\/td>/)
    expect(text).toContain('cooling 6 boxes 2,300 W of 3,500 W 380 W peak heat')
    // 1,000 kg − 75 kg: 51 boxes of 18 kg.
    expect(text).toContain('weight 51 boxes 925 kg of 1,000 kg 18 kg')
    expect(text).toContain('rack units 40 boxes 40 U free (full depth needs both faces) 1 U, full depth')
  })

  it('compares the models for 64 cores in empty cabinets like R01', () => {
    // 64 cores: 16 Atom boxes (4 cores) at 20 W peak, or 4 Xeon boxes (16 cores) at 380 W.
    expect(text).toContain('Atom 1U fewest watts 4 cores 16 16 U 320 W 224 W 96 kg 1 (92 per cabinet, by rack units) no score')
    expect(text).toContain('Xeon 1U fewest U 16 cores 4 4 U 1,520 W 840 W 72 kg 1 (7 per cabinet, by failover-safe power)')
    expect(text).toContain('Not compared: Switch 1U has no cores')
  })
})
