import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import type { EditProblem } from '../../../../src/shared/domain/inventory-edit'
import { InputField, SelectField, useVisibleProblems } from '../../../../src/renderer/src/features/racks/form-field'

const ignore = () => undefined

describe('InputField', () => {
  it('labels a number input with its unit and takes any step unless told', () => {
    const html = renderToStaticMarkup(createElement(InputField, { label: 'Cooling', hint: 'W of heat', problems: [], value: '3500', onChange: ignore, type: 'number', min: 0 }))
    const id = /<label for="([^"]+)">/.exec(html)?.[1]
    expect(id).toBeDefined()
    expect(html).toContain(`<label for="${id}">Cooling<span class="muted small"> W of heat</span></label>`)
    expect(html).toContain(`<input id="${id}" aria-invalid="false" type="number" step="any" min="0" value="3500"/>`)
    expect(html).toMatch(/^<div class="field">/)
  })

  it('gives a text input no step, and a number input the step it is told', () => {
    expect(renderToStaticMarkup(createElement(InputField, { label: 'Name', problems: [], value: '', onChange: ignore, placeholder: 'R03' }))).toMatch(/type="text" placeholder="R03" value=""/)
    expect(renderToStaticMarkup(createElement(InputField, { label: 'Height', problems: [], value: '46', onChange: ignore, type: 'number', step: 1, min: 1, max: 60 }))).toMatch(
      /type="number" step="1" min="1" max="60" value="46"/
    )
  })

  it('marks the input invalid and describes it by its problems, listed under it', () => {
    const problems: EditProblem[] = [{ field: 'feeds[1].amps', message: 'amps must be above 0' }]
    const html = renderToStaticMarkup(createElement(InputField, { label: 'Amps', problems, value: '-16', onChange: ignore, type: 'number' }))
    const describedBy = /aria-describedby="([^"]+)"/.exec(html)?.[1]
    expect(html).toContain('class="field field--invalid"')
    expect(html).toContain('aria-invalid="true"')
    expect(html).toContain(`<ul class="field__problems" id="${describedBy}"><li><span aria-hidden="true">✕ </span>amps must be above 0</li></ul>`)
  })
})

describe('SelectField', () => {
  it('offers its options with the chosen one selected and the unchoosable ones disabled', () => {
    const options = [
      { value: '', label: '(none)' },
      { value: 'hv-01', label: 'hv-01 (runs on hv-01)', disabled: true },
      { value: 'hvx-02', label: 'hvx-02' }
    ]
    const html = renderToStaticMarkup(createElement(SelectField, { label: 'Host', hint: 'the SSH host it runs, if any', problems: [], value: 'hvx-02', options, onChange: ignore }))
    expect(html).toContain('<span class="muted small"> the SSH host it runs, if any</span>')
    expect(html).toContain('<option value="">(none)</option>')
    expect(html).toContain('<option value="hv-01" disabled="">hv-01 (runs on hv-01)</option>')
    expect(html).toContain('<option value="hvx-02" selected="">hvx-02</option>')
  })
})

describe('useVisibleProblems', () => {
  it('on a fresh form hides only "required", so untouched empty fields are not red', () => {
    const problems: EditProblem[] = [
      { field: 'name', message: 'required' },
      { field: 'watts.peak', message: 'peak (90 W) is below idle (120 W)' }
    ]
    let visible: EditProblem[] = []
    function Probe() {
      visible = useVisibleProblems().visible(problems)
      return null
    }
    renderToStaticMarkup(createElement(Probe))
    expect(visible).toEqual([{ field: 'watts.peak', message: 'peak (90 W) is below idle (120 W)' }])
  })
})
