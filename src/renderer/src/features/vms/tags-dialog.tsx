// Tags of one VM. Every tag is an anti-affinity group: two running VMs sharing a tag may not
// share a hypervisor, and the pre-checks refuse a move that would put them together.
import { useState } from 'react'
import { useModal } from './use-modal'

export function parseTags(text: string): { ok: true; tags: string[] } | { ok: false; message: string } {
  const tags = [...new Set(text.split(/[\s,]+/).filter((t) => t !== ''))]
  const bad = tags.find((t) => !/^[A-Za-z0-9_.:-]{1,64}$/.test(t))
  if (bad !== undefined) return { ok: false, message: `"${bad}" is not a tag: use letters, digits and _ . : - (at most 64)` }
  if (tags.length > 16) return { ok: false, message: `at most 16 tags, not ${tags.length}` }
  return { ok: true, tags }
}

export function TagsDialog({ vm, tags, onSave, onClose }: { vm: string | null; tags: readonly string[]; onSave(tags: string[]): Promise<void>; onClose(): void }) {
  const ref = useModal(vm !== null)
  return (
    <dialog
      ref={ref}
      className="dialog vms-dialog"
      aria-labelledby="tags-title"
      onCancel={(event) => {
        event.preventDefault()
        onClose()
      }}
    >
      {vm !== null && <TagsForm key={vm} vm={vm} tags={tags} onSave={onSave} onClose={onClose} />}
    </dialog>
  )
}

function TagsForm({ vm, tags, onSave, onClose }: { vm: string; tags: readonly string[]; onSave(tags: string[]): Promise<void>; onClose(): void }) {
  const [text, setText] = useState(tags.join(', '))
  const [error, setError] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)
  const save = () => {
    const parsed = parseTags(text)
    if (!parsed.ok) return setError(parsed.message)
    setSaving(true)
    onSave(parsed.tags).then(
      () => setSaving(false),
      (e: unknown) => {
        setSaving(false)
        setError((e as Error).message)
      }
    )
  }
  return (
    <form
      method="dialog"
      onSubmit={(event) => {
        event.preventDefault()
        save()
      }}
    >
      <h2 id="tags-title">Tags of {vm}</h2>
      <p className="small muted">Each tag is an anti-affinity group: VMs sharing a tag are kept on different hypervisors (e.g. web-01 and web-02 both tagged “web”).</p>
      <label className="vms-field">
        Tags (comma or space separated)
        <input autoFocus value={text} onChange={(e) => setText(e.target.value)} aria-invalid={error !== null} />
      </label>
      {error !== null && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      <div className="dialog__actions">
        <button type="submit" className="btn btn--primary" disabled={saving}>
          Save tags
        </button>
        <button type="button" className="btn" onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  )
}
