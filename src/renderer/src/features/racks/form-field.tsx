// The labelled fields of the inventory forms (a text or number input, a choice), each with its
// problems under it. Problems show as the user types, except "required" on fields not touched
// yet, so a fresh form is not all red.
import { useCallback, useId, useState, type ReactNode } from 'react'
import type { EditProblem } from '../../../../shared/domain/inventory-edit'

/** What a field hands its input: the label's target, and the problems' description when there are some. */
interface FieldInput {
  id: string
  'aria-invalid': boolean
  'aria-describedby': string | undefined
}

interface FieldProps {
  label: string
  problems: readonly EditProblem[]
  /** Shown after the label in muted text: the unit or what an empty field means. */
  hint?: string
  children(input: FieldInput): ReactNode
}

function Field({ label, problems, hint, children }: FieldProps) {
  const id = useId()
  const problemId = `${id}-problem`
  return (
    <div className={`field${problems.length > 0 ? ' field--invalid' : ''}`}>
      <label htmlFor={id}>
        {label}
        {hint !== undefined && <span className="muted small"> {hint}</span>}
      </label>
      {children({ id, 'aria-invalid': problems.length > 0, 'aria-describedby': problems.length > 0 ? problemId : undefined })}
      {problems.length > 0 && <FieldProblems id={problemId} problems={problems} />}
    </div>
  )
}

export function FieldProblems({ id, problems }: { id?: string; problems: readonly EditProblem[] }) {
  return (
    <ul className="field__problems" id={id}>
      {problems.map((p) => (
        <li key={`${p.field}|${p.message}`}>
          <span aria-hidden="true">✕ </span>
          {p.message}
        </li>
      ))}
    </ul>
  )
}

export interface InputFieldProps {
  label: string
  hint?: string
  problems: readonly EditProblem[]
  value: string
  onChange(text: string): void
  /** A number field takes any step unless told; its text is turned into a number by the form. */
  type?: 'text' | 'number'
  step?: number
  min?: number
  max?: number
  placeholder?: string
  autoFocus?: boolean
}

/** A labelled text or number input with its problems: the form keeps the typed text. */
export function InputField({ label, hint, problems, value, onChange, type = 'text', step, min, max, placeholder, autoFocus }: InputFieldProps) {
  return (
    <Field label={label} hint={hint} problems={problems}>
      {(input) => (
        <input
          {...input}
          type={type}
          step={type === 'number' ? (step ?? 'any') : undefined}
          min={min}
          max={max}
          placeholder={placeholder}
          autoFocus={autoFocus}
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Field>
  )
}

export interface SelectOption {
  value: string
  label: string
  /** Shown but not choosable, its label saying why. */
  disabled?: boolean
}

export interface SelectFieldProps {
  label: string
  hint?: string
  problems: readonly EditProblem[]
  value: string
  options: readonly SelectOption[]
  onChange(value: string): void
}

/** A labelled choice among fixed options with its problems. */
export function SelectField({ label, hint, problems, value, options, onChange }: SelectFieldProps) {
  return (
    <Field label={label} hint={hint} problems={problems}>
      {(input) => (
        <select {...input} value={value} onChange={(e) => onChange(e.target.value)}>
          {options.map((o) => (
            <option key={o.value} value={o.value} disabled={o.disabled}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  )
}

export interface VisibleProblems {
  /** The problems to show now: all once Save was pressed; before that all but "required" on fields not yet touched. */
  visible(problems: readonly EditProblem[]): EditProblem[]
  touch(field: string): void
  /** Save was pressed: every problem shows from now on. */
  reveal(): void
}

export function useVisibleProblems(): VisibleProblems {
  const [touched, setTouched] = useState<ReadonlySet<string>>(() => new Set())
  const [revealed, setRevealed] = useState(false)
  const touch = useCallback((field: string) => setTouched((t) => (t.has(field) ? t : new Set(t).add(field))), [])
  const reveal = useCallback(() => setRevealed(true), [])
  const visible = useCallback((problems: readonly EditProblem[]) => problems.filter((p) => revealed || p.message !== 'required' || touched.has(p.field)), [revealed, touched])
  return { visible, touch, reveal }
}
