import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { ModelForm } from '../../../../src/renderer/src/features/racks/model-form'
import { cageSite } from '../site-fixture'

const ignore = () => undefined

function textOf(html: string): string {
  return html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim()
}

describe('ModelForm', () => {
  const site = cageSite()
  const model = site.models.find((m) => m.name === 'Atom 1U')

  it('opens on a model with every figure under its label and unit, and who uses it', () => {
    const html = renderToStaticMarkup(createElement(ModelForm, { site, ...(model ? { model } : {}), onBack: ignore, onDone: ignore }))
    // Each field: its label, its unit hint, and an input's value (a choice has none here).
    const inputs = html
      .split('<div class="field">')
      .slice(1)
      .map((field) => [/<label[^>]*>([^<]+)/.exec(field)?.[1], /<span class="muted small"> ([^<]+)/.exec(field)?.[1] ?? '', /<input[^>]* value="([^"]*)"/.exec(field)?.[1] ?? ''])
    expect(inputs).toEqual([
      ['Name', '', 'Atom 1U'],
      ['Role', '', ''],
      ['Height', 'U', '1'],
      ['Depth', '', ''],
      ['Weight', 'kg', '6'],
      ['Idle', 'W', '9'],
      ['Typical', 'W', '14'],
      ['Peak', 'W', '20'],
      ['Nameplate', 'W (PSU rating)', '200'],
      ['Cores', '', '4'],
      ['Clock', 'GHz', ''],
      ['RAM', 'GiB', '16'],
      ['Disks', '', ''],
      ['Performance score', 'relative, any consistent unit', '']
    ])
    expect(html).toContain('<option value="half" selected="">half (one face)</option>')
    expect(html).toContain('<option value="server" selected="">server</option>')
    expect(html).toContain('type="text" placeholder="2 x 1 TB SATA" value=""')
    expect(textOf(html)).toContain('Used by 2 devices: a new name, size or depth applies to all of them.')
    expect(textOf(html)).toMatch(/Save model Back to models$/)
  })

  it('adds a model with Add model, and shows no problems before anything is typed', () => {
    const html = renderToStaticMarkup(createElement(ModelForm, { site, onBack: ignore, onDone: ignore }))
    expect(html).toContain('aria-label="New model"')
    expect(html).not.toContain('field--invalid')
    expect(textOf(html)).toMatch(/Add model Back to models$/)
  })
})
