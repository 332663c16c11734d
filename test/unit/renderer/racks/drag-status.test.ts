import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { dragReducer, idleDrag, type DragState } from '../../../../src/shared/domain/placement-drag'
import { DragStatus, PlacementMessage, ghostTone } from '../../../../src/renderer/src/features/racks/drag-status'
import { cageSite } from '../site-fixture'

function textOf(html: string): string {
  return html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim()
}

function draggedTo(cabinet: string, positionU: number): DragState {
  const site = cageSite()
  const picked = dragReducer(site, idleDrag, { type: 'pointerDown', device: 'hvx-01' }).state
  return dragReducer(site, picked, { type: 'move', target: { cabinet, positionU, face: 'front' } }).state
}

describe('DragStatus', () => {
  it('says where the device would go, the peak draw before and after, and that it fits', () => {
    const drag = draggedTo('R02', 10)
    expect(ghostTone(drag)).toBe('ok')
    const text = textOf(renderToStaticMarkup(createElement(DragStatus, { drag })))
    expect(text).toContain('hvx-01 R01 U30 front → R02 U10 front ✓ fits')
    expect(text).toContain('R01 peak 1,200 W → 820 W of 2,944 W')
    expect(text).toContain('R02 peak 40 W → 420 W of 2,944 W')
  })

  it('gives the reason a target is refused', () => {
    const drag = draggedTo('R02', 39)
    expect(ghostTone(drag)).toBe('refused')
    expect(textOf(renderToStaticMarkup(createElement(DragStatus, { drag })))).toContain('Cannot go there: U39 front is taken by hv-02')
  })

  it('says nothing while idle', () => {
    expect(renderToStaticMarkup(createElement(DragStatus, { drag: idleDrag }))).toBe('')
  })
})

describe('PlacementMessage', () => {
  const base = { busy: false, notice: null, hint: 'Drag a device', onDismiss: () => undefined }

  it('puts a refused drop first, as an alert', () => {
    const html = renderToStaticMarkup(createElement(PlacementMessage, { ...base, drag: { kind: 'idle', refusal: 'U39 front is taken by hv-02' }, notice: { tone: 'ok', text: 'Moved x' } }))
    expect(html).toContain('role="alert"')
    expect(textOf(html)).toBe('⊘ Refused: U39 front is taken by hv-02. Nothing moved.')
  })

  it('shows storing, then the notice, then the hint', () => {
    expect(textOf(renderToStaticMarkup(createElement(PlacementMessage, { ...base, drag: idleDrag, busy: true })))).toBe('Storing the move…')
    const notice = renderToStaticMarkup(createElement(PlacementMessage, { ...base, drag: idleDrag, notice: { tone: 'error', text: 'x was not moved: gone' } }))
    expect(notice).toContain('role="alert"')
    expect(textOf(notice)).toContain('✕ x was not moved: gone')
    expect(textOf(renderToStaticMarkup(createElement(PlacementMessage, { ...base, drag: idleDrag })))).toBe('Drag a device')
  })
})
