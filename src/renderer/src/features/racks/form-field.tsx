// One labelled field of an inventory form with its problems under it. Problems show as the user
// types, except "required" on fields not touched yet, so a fresh form is not all red.
import { useCallback, useId, useState, type ReactNode } from 'react'
import type { EditProblem } from '../../../../shared/domain/inventory-edit'

/** What a field hands its input: the label's target, and the problems' description when there are some. */
export interface FieldInput {
  id: string
  'aria-invalid': boolean
  'aria-describedby': string | undefined
}

export interface FieldProps {
  label: string
  problems: readonly EditProblem[]
  /** Shown after the label in muted text: the unit or what an empty field means. */
  hint?: string
  className?: string
  children(input: FieldInput): ReactNode
}

export function Field({ label, problems, hint, className, children }: FieldProps) {
  const id = useId()
  const problemId = `${id}-problem`
  return (
    <div className={`field${problems.length > 0 ? ' field--invalid' : ''}${className ? ` ${className}` : ''}`}>
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

/** Problems that belong to no single field, and the service's refusal if saving failed. */
export function EditFooter({ problems, error }: { problems: readonly EditProblem[]; error: string | null }) {
  return (
    <>
      {problems.length > 0 && (
        <div className="edit-form__problems" role="alert">
          <FieldProblems problems={problems.map((p) => ({ ...p, message: p.field === '' ? p.message : `${p.field}: ${p.message}` }))} />
        </div>
      )}
      {error !== null && (
        <p role="alert" className="error-text">
          Nothing saved: {error}
        </p>
      )}
    </>
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
