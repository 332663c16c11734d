import { describe, expect, it } from 'vitest'
import { numberField, numberText, otherProblems, problemsFor, textField } from '../../../../src/renderer/src/features/racks/edit-form'

describe('inventory form values', () => {
  it('turns typed text into what the schemas check: blank is missing, garbage is NaN', () => {
    expect(numberField(' 230 ')).toBe(230)
    expect(numberField('')).toBeUndefined()
    expect(numberField('  ')).toBeUndefined()
    expect(numberField('-16')).toBe(-16)
    expect(numberField('16A')).toBeNaN()
    expect(textField('  ')).toBeUndefined()
    expect(textField(' R03')).toBe(' R03')
    expect(numberText(undefined)).toBe('')
    expect(numberText(2944)).toBe('2944')
  })

  it('sorts problems to the fields that show them, leaving none unshown', () => {
    const problems = [
      { field: 'feeds[1].amps', message: 'amps must be above 0' },
      { field: 'feeds', message: 'feed B powers hv-02' },
      { field: 'feeds[0]', message: 'feed A is listed twice' },
      { field: '', message: 'device db-01: U45 is outside R01 (40U)' }
    ]
    expect(problemsFor(problems, 'feeds[1].amps').map((p) => p.message)).toEqual(['amps must be above 0'])
    expect(problemsFor(problems, 'feeds').map((p) => p.message)).toEqual(['feed B powers hv-02'])
    expect(problemsFor(problems, 'feeds', { withEntries: true }).map((p) => p.message)).toEqual(['feed B powers hv-02', 'feed A is listed twice'])
    expect(otherProblems(problems, (field) => field.startsWith('feeds'))).toEqual([problems[3]])
  })
})
