import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { EditDialog, NoLongerThereDialog } from '../../../../src/renderer/src/features/racks/edit-dialog'

const ignore = () => undefined

describe('EditDialog', () => {
  it('is a dialog named by its heading, with the extra class for a wider one', () => {
    const html = renderToStaticMarkup(createElement(EditDialog, { title: 'Device models', className: 'models-dialog', onClose: ignore, children: createElement('p', null, 'body') }))
    const labelledBy = /aria-labelledby="([^"]+)"/.exec(html)?.[1]
    expect(labelledBy).toBeDefined()
    expect(html).toBe(`<dialog class="dialog edit-dialog models-dialog" aria-labelledby="${labelledBy}"><h2 id="${labelledBy}">Device models</h2><p>body</p></dialog>`)
  })
})

describe('NoLongerThereDialog', () => {
  it('says the thing is gone and offers only Close', () => {
    const html = renderToStaticMarkup(createElement(NoLongerThereDialog, { kind: 'Cabinet', name: 'R09', onClose: ignore }))
    expect(html).toMatch(/^<dialog class="dialog edit-dialog" aria-labelledby="[^"]+"><h2 id="[^"]+">Cabinet R09<\/h2><p>R09 is no longer in the inventory.<\/p>/)
    expect(html).toContain('<div class="dialog__actions"><button type="button" class="btn">Close</button></div></dialog>')
  })
})
