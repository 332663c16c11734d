// The plain parts of the inventory forms: typed text to the values the schemas check, and the
// edit's problems sorted to the fields that show them. No React, so they are tested as is.
import type { EditProblem } from '../../../../shared/domain/inventory-edit'

/** A number typed into a field: empty is missing (the schema says "required"), anything else is Number(text) (NaN: "must be a number"). */
export function numberField(text: string): number | undefined {
  return text.trim() === '' ? undefined : Number(text)
}

/** Text typed into a field: blank is missing, so the schema says "required" rather than "must not be empty". */
export function textField(text: string): string | undefined {
  return text.trim() === '' ? undefined : text
}

/** The text a form field starts with for a number that may be absent. */
export function numberText(value: number | undefined): string {
  return value === undefined ? '' : String(value)
}

/** The problems one field shows: `feeds[1].amps` exactly, or for a list field its entries too (`feeds` gets `feeds[0]`). */
export function problemsFor(problems: readonly EditProblem[], field: string, options: { withEntries?: boolean } = {}): EditProblem[] {
  return problems.filter((p) => p.field === field || (options.withEntries === true && new RegExp(`^${field.replace(/[.[\]]/g, '\\$&')}\\[\\d+\\]$`).test(p.field)))
}

/** Problems no field of the form shows: listed above the form's buttons, so none is hidden. */
export function otherProblems(problems: readonly EditProblem[], shownBy: (field: string) => boolean): EditProblem[] {
  return problems.filter((p) => !shownBy(p.field))
}
