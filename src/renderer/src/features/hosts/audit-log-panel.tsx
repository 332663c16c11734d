// The audit log: every change Rackside made to a host or the inventory, newest first.
import { useCallback, useEffect, useState } from 'react'
import type { AuditEntry } from '../../../../shared/api'
import { useAppStore } from '../../store/app-store'
import { AuditTable } from '../../ui/audit-table'

export function AuditLogPanel() {
  const api = useAppStore((s) => s.api)
  const site = useAppStore((s) => s.site)
  const [entries, setEntries] = useState<AuditEntry[] | null>(null)
  const [error, setError] = useState<string | null>(null)

  const load = useCallback(() => {
    api
      ?.call('audit.list', { limit: 200 })
      .then(setEntries)
      .catch((failure: unknown) => setError((failure as Error).message))
  }, [api])
  // Inventory changes are audited: reload when the site changes.
  useEffect(load, [load, site])

  return (
    <section aria-labelledby="audit-title" className="panel">
      <h2 id="audit-title">
        Audit log{' '}
        <button type="button" onClick={load}>
          Refresh
        </button>
      </h2>
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      {entries?.length === 0 && <p className="muted">Nothing recorded yet.</p>}
      {entries && entries.length > 0 && <AuditTable entries={entries} label="Audit log" />}
    </section>
  )
}
