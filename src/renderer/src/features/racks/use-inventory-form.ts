// An inventory form's edit, checked on every change with the service's own rules; its problems as
// far as they should show yet; and Save, which reveals them all and sends only an edit that passes.
import { useMemo, type FormEvent } from 'react'
import { applyInventoryEdit, type EditAuditEntry, type EditOutcome, type EditProblem, type InventoryEdit } from '../../../../shared/domain/inventory-edit'
import type { Site } from '../../../../shared/model'
import { useVisibleProblems } from './form-field'
import { useInventoryEdit, type InventoryEditSession } from './use-inventory-edit'

export interface InventoryForm {
  /** The edit applied to the site as it stands: the preview, or the problems. */
  outcome: EditOutcome
  /** The problems to show now (see useVisibleProblems). */
  problems: EditProblem[]
  touch(field: string): void
  session: InventoryEditSession
  /** The form's submit handler: `stored` hears what the audit log recorded once the service took the edit. */
  submit(event: FormEvent, stored: (audit: EditAuditEntry) => void): Promise<void>
}

export function useInventoryForm(site: Site, edit: InventoryEdit): InventoryForm {
  const problemsShown = useVisibleProblems()
  const session = useInventoryEdit()
  const outcome = useMemo(() => applyInventoryEdit(site, edit), [site, edit])
  const problems = problemsShown.visible(outcome.ok ? [] : outcome.problems)
  const submit = async (event: FormEvent, stored: (audit: EditAuditEntry) => void) => {
    event.preventDefault()
    problemsShown.reveal()
    if (!outcome.ok) return
    if (await session.submit(edit)) stored(outcome.audit)
  }
  return { outcome, problems, touch: problemsShown.touch, session, submit }
}
