import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { RemoveFooter, SaveFooter } from '../../../../src/renderer/src/features/racks/edit-footer'

const ignore = () => undefined
const idle = { busy: false, error: null }

function textOf(html: string): string {
  return html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim()
}

describe('SaveFooter', () => {
  it('lists the problems no field shows, named by field, above Save and Cancel', () => {
    const problems = [
      { field: '', message: 'R03 is already a cabinet' },
      { field: 'feeds[2]', message: 'duplicate feed name A' }
    ]
    const html = renderToStaticMarkup(createElement(SaveFooter, { problems, session: idle, saveLabel: 'Add cabinet', onCancel: ignore }))
    expect(html).toMatch(/^<div class="edit-form__problems" role="alert">/)
    expect(textOf(html)).toBe('✕ R03 is already a cabinet ✕ feeds[2]: duplicate feed name A Add cabinet Cancel')
    expect(html).toContain('<button type="submit" class="btn btn--primary">Add cabinet</button><button type="button" class="btn">Cancel</button>')
  })

  it('says nothing was saved and why when the service refused, and puts more buttons after Cancel', () => {
    const html = renderToStaticMarkup(
      createElement(
        SaveFooter,
        { problems: [], session: { busy: false, error: 'R01 holds 3 devices' }, saveLabel: 'Save model', cancelLabel: 'Back to models', onCancel: ignore },
        createElement('button', { type: 'button' }, 'Remove cabinet…')
      )
    )
    expect(html).not.toContain('edit-form__problems')
    expect(html).toContain('<p role="alert" class="error-text">Nothing saved: R01 holds 3 devices</p>')
    expect(textOf(html)).toBe('Nothing saved: R01 holds 3 devices Save model Back to models Remove cabinet…')
  })

  it('shows "Saving…" on a disabled Save while the edit is on its way', () => {
    const html = renderToStaticMarkup(createElement(SaveFooter, { problems: [], session: { busy: true, error: null }, saveLabel: 'Save', onCancel: ignore }))
    expect(html).toContain('<button type="submit" class="btn btn--primary" disabled="">Saving…</button>')
  })
})

describe('RemoveFooter', () => {
  it('says nothing was removed and why, then the remove and back buttons', () => {
    const html = renderToStaticMarkup(
      createElement(RemoveFooter, { session: { busy: false, error: 'model Xeon 1U is used by mail-01' }, removeLabel: 'Remove Xeon 1U', onRemove: ignore, backLabel: 'Keep it', onBack: ignore })
    )
    expect(textOf(html)).toBe('Nothing removed: model Xeon 1U is used by mail-01 Remove Xeon 1U Keep it')
    expect(html).toContain('<button type="button" class="btn btn--danger">Remove Xeon 1U</button>')
  })

  it('disables removing when the local check refuses it or a removal is on its way', () => {
    const refused = renderToStaticMarkup(createElement(RemoveFooter, { session: idle, removeLabel: 'Remove R03', disabled: true, onRemove: ignore, backLabel: 'Back', onBack: ignore }))
    const busy = renderToStaticMarkup(createElement(RemoveFooter, { session: { busy: true, error: null }, removeLabel: 'Remove R03', onRemove: ignore, backLabel: 'Back', onBack: ignore }))
    for (const html of [refused, busy]) expect(html).toContain('<button type="button" class="btn btn--danger" disabled="">Remove R03</button>')
    expect(refused).not.toContain('role="alert"')
  })
})
