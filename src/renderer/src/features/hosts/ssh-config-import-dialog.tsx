// Pick hosts from ~/.ssh/config (read on the machine running Rackside) to add to the inventory.
import { useEffect, useState } from 'react'
import type { SshConfigCandidate } from '../../../../shared/api'
import { useAppStore } from '../../store/app-store'
import { useModalDialog } from '../../ui/use-modal-dialog'

export function SshConfigImportDialog({ onClose }: { onClose(): void }) {
  const api = useAppStore((s) => s.api)
  const ref = useModalDialog(true)
  const [candidates, setCandidates] = useState<SshConfigCandidate[] | null>(null)
  const [notes, setNotes] = useState<string[]>([])
  const [picked, setPicked] = useState<Set<string>>(new Set())
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    api
      ?.call('hosts.sshConfigCandidates', {})
      .then((found) => {
        setCandidates(found.hosts)
        setNotes(found.notes)
        setPicked(new Set(found.hosts.filter((h) => !h.exists).map((h) => h.name)))
      })
      .catch((failure: unknown) => setError((failure as Error).message))
  }, [api])

  const submit = async () => {
    if (!api || picked.size === 0) return
    try {
      await api.call('hosts.importSshConfig', { names: [...picked] })
      onClose()
    } catch (failure) {
      setError((failure as Error).message)
    }
  }

  return (
    <dialog ref={ref} className="modal" aria-labelledby="ssh-import-title" onCancel={onClose}>
      <h2 id="ssh-import-title">Import hosts from ~/.ssh/config</h2>
      {candidates === null && !error && <p>Reading ~/.ssh/config…</p>}
      {candidates?.length === 0 && <p>No concrete Host entries found (wildcard-only patterns are skipped).</p>}
      {candidates && candidates.length > 0 && (
        <table className="grid" aria-label="Hosts in ~/.ssh/config">
          <thead>
            <tr>
              <th scope="col">Import</th>
              <th scope="col">Host</th>
              <th scope="col">Target</th>
              <th scope="col">Key / jump</th>
            </tr>
          </thead>
          <tbody>
            {candidates.map((c) => (
              <tr key={c.name}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`import ${c.name}`}
                    checked={picked.has(c.name)}
                    onChange={(e) => {
                      const next = new Set(picked)
                      if (e.target.checked) next.add(c.name)
                      else next.delete(c.name)
                      setPicked(next)
                    }}
                  />
                </td>
                <th scope="row">
                  {c.name}
                  {c.exists && <span className="muted"> (updates the existing host)</span>}
                </th>
                <td className="mono">
                  {c.user}@{c.address}:{c.port}
                </td>
                <td className="mono">
                  {c.identityFile ?? '—'}
                  {c.proxyJump ? ` via ${c.proxyJump}` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {notes.length > 0 && (
        <ul className="muted">
          {notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      <div className="modal__actions">
        <button type="button" onClick={onClose}>
          Cancel
        </button>
        <button type="button" disabled={picked.size === 0} onClick={() => void submit()}>
          Import {picked.size} host{picked.size === 1 ? '' : 's'}
        </button>
      </div>
    </dialog>
  )
}
