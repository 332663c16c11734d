// The end of an inventory form or removal: what could not be shown at a field, the service's
// refusal ("Nothing saved: …", "Nothing removed: …"), and the buttons, always in the same order.
import type { ReactNode } from 'react'
import type { EditProblem } from '../../../../shared/domain/inventory-edit'
import { FieldProblems } from './form-field'
import type { InventoryEditSession } from './use-inventory-edit'

type SessionState = Pick<InventoryEditSession, 'busy' | 'error'>

/** The service refused (or could not be reached): nothing was stored, and why. */
export function Refusal({ nothing, error }: { nothing: 'saved' | 'removed'; error: string | null }) {
  if (error === null) return null
  return (
    <p role="alert" className="error-text">
      Nothing {nothing}: {error}
    </p>
  )
}

export interface SaveFooterProps {
  /** Problems no field of the form shows, listed so that none is hidden. */
  problems: readonly EditProblem[]
  session: SessionState
  saveLabel: string
  cancelLabel?: string
  onCancel(): void
  /** More buttons after Cancel. */
  children?: ReactNode
}

export function SaveFooter({ problems, session, saveLabel, cancelLabel = 'Cancel', onCancel, children }: SaveFooterProps) {
  return (
    <>
      {problems.length > 0 && (
        <div className="edit-form__problems" role="alert">
          <FieldProblems problems={problems.map((p) => ({ ...p, message: p.field === '' ? p.message : `${p.field}: ${p.message}` }))} />
        </div>
      )}
      <Refusal nothing="saved" error={session.error} />
      <div className="dialog__actions">
        <button type="submit" className="btn btn--primary" disabled={session.busy}>
          {session.busy ? 'Saving…' : saveLabel}
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          {cancelLabel}
        </button>
        {children}
      </div>
    </>
  )
}

export interface RemoveFooterProps {
  session: SessionState
  removeLabel: string
  /** The local check already refuses the removal (or there is nothing to remove). */
  disabled?: boolean
  onRemove(): void
  backLabel: string
  onBack(): void
  /** Focus the remove button when the dialog opens on the question alone. */
  autoFocus?: boolean
}

export function RemoveFooter({ session, removeLabel, disabled = false, onRemove, backLabel, onBack, autoFocus }: RemoveFooterProps) {
  return (
    <>
      <Refusal nothing="removed" error={session.error} />
      <div className="dialog__actions">
        <button type="button" className="btn btn--danger" autoFocus={autoFocus} disabled={disabled || session.busy} onClick={onRemove}>
          {removeLabel}
        </button>
        <button type="button" className="btn" onClick={onBack}>
          {backLabel}
        </button>
      </div>
    </>
  )
}
