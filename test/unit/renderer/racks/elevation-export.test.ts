import { XMLParser } from 'fast-xml-parser'
import { describe, expect, it } from 'vitest'
import { ExportError, elevationSvg, exportFileName, sheetsFileName } from '../../../../src/renderer/src/features/racks/elevation-export'
import { cageSite } from '../site-fixture'

describe('elevationSvg', () => {
  it('renders one cabinet as a standalone SVG document with its title, devices and print colours', async () => {
    const svg = await elevationSvg(cageSite(), 'R01')
    expect(svg.text.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg')).toBe(true)
    expect([svg.widthPx, svg.heightPx]).toEqual([400, 672])
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(svg.text) as { svg: Record<string, unknown> }
    expect(doc.svg.xmlns).toBe('http://www.w3.org/2000/svg')
    expect(doc.svg.viewBox).toBe('0 0 400 672')
    expect(doc.svg.title).toBe('R01 — test — front and rear elevation, 46 U')
    for (const name of ['mail-01', 'hvx-01', 'hvx-02', 'sw-r01-a']) expect(svg.text).toContain(`data-device="${name}"`)
    expect(svg.text).not.toContain('hv-01')
    // Server role fill written as an attribute, so the file reads without the app's CSS.
    expect(svg.text).toContain('fill="#d6e4f5"')
    // A static drawing: nothing to focus or click.
    expect(svg.text).not.toContain('tabindex')
  })

  it('refuses an unknown cabinet with a typed error', async () => {
    await expect(elevationSvg(cageSite(), 'R99')).rejects.toEqual(new ExportError('unknown-cabinet', 'no cabinet named R99'))
  })
})

describe('exportFileName', () => {
  it('makes a safe file name from the site and cabinet names', () => {
    expect(exportFileName('Demo colocation cage', 'R01', 'svg')).toBe('demo-colocation-cage-R01-elevation.svg')
    expect(sheetsFileName('Demo colocation cage')).toBe('demo-colocation-cage-cabinets.pdf')
    expect(sheetsFileName(' / ')).toBe('site-cabinets.pdf')
    expect(exportFileName('  Köln / DC#2 ', 'row A/7', 'png')).toBe('k-ln-dc-2-row-A-7-elevation.png')
    expect(exportFileName('***', '***', 'svg')).toBe('site-cabinet-elevation.svg')
  })
})
