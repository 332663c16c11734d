// The frame every inventory dialog shares: a modal <dialog> named by its heading, closed by Escape.
// A dialog opened on a cabinet or device that another window removed meanwhile says so instead.
import { useId, type ReactNode } from 'react'
import { useModalDialog } from '../../ui/use-modal-dialog'

export interface EditDialogProps {
  title: ReactNode
  /** Added to `dialog edit-dialog`, for a dialog that needs more room. */
  className?: string
  onClose(): void
  children: ReactNode
}

export function EditDialog({ title, className, onClose, children }: EditDialogProps) {
  const ref = useModalDialog(true)
  const titleId = useId()
  return (
    <dialog ref={ref} className={`dialog edit-dialog${className ? ` ${className}` : ''}`} aria-labelledby={titleId} onCancel={onClose}>
      <h2 id={titleId}>{title}</h2>
      {children}
    </dialog>
  )
}

/** The dialog for a thing that is no longer stored: what it was, and Close. */
export function NoLongerThereDialog({ kind, name, onClose }: { kind: 'Cabinet' | 'Device'; name: string; onClose(): void }) {
  return (
    <EditDialog title={`${kind} ${name}`} onClose={onClose}>
      <p>{name} is no longer in the inventory.</p>
      <div className="dialog__actions">
        <button type="button" className="btn" onClick={onClose}>
          Close
        </button>
      </div>
    </EditDialog>
  )
}
