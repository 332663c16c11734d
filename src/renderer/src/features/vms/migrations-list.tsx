// Every migration Rackside ran, newest first, with who, the command, start, duration, result and
// where the VM was verified; under it the audit log's VM entries as stored.
import { useEffect, useState } from 'react'
import type { ApiClient, AuditEntry } from '../../../../shared/api'
import type { MigrationRecord } from '../../../../shared/api-parts/vms-api'
import { formatAge } from '../../ui/format'
import { STATUS_VIEW } from './migration-activity'
import { AuditTable } from '../../ui/audit-table'
import { formatClock, formatDuration } from './vm-format'

export function MigrationsList({ migrations, nowMs, api }: { migrations: readonly MigrationRecord[]; nowMs: number; api: ApiClient | null }) {
  const [audit, setAudit] = useState<AuditEntry[] | null>(null)
  const [auditError, setAuditError] = useState<string | null>(null)
  const newest = migrations[0]?.id
  const newestStatus = migrations[0]?.status
  useEffect(() => {
    if (api === null) return
    let live = true
    api.call('audit.list', { limit: 500 }).then(
      (entries) => {
        if (!live) return
        setAudit(entries.filter((e) => e.action.startsWith('vm.') || e.action.startsWith('vms.')).slice(0, 50))
        setAuditError(null)
      },
      (error: unknown) => live && setAuditError((error as Error).message)
    )
    return () => {
      live = false
    }
  }, [api, newest, newestStatus])

  return (
    <section className="panel vm-history" aria-label="Migrations and audit">
      <header className="panel__head">
        <h2>Migrations</h2>
        <span className="muted small">{migrations.length === 0 ? 'none yet' : `${migrations.length} recorded`}</span>
      </header>
      {migrations.length === 0 ? (
        <p className="muted">No migration has run from this data folder yet. Drag a VM onto another hypervisor to start one.</p>
      ) : (
        <div className="table-wrap">
          <table className="grid grid--compact" aria-label="Migrations">
            <thead>
              <tr>
                <th scope="col">Started</th>
                <th scope="col">VM</th>
                <th scope="col">From → to</th>
                <th scope="col">By</th>
                <th scope="col">Result</th>
                <th scope="col" className="num">
                  Took
                </th>
                <th scope="col">Detail and command</th>
              </tr>
            </thead>
            <tbody>
              {migrations.map((m) => {
                const view = STATUS_VIEW[m.status]
                return (
                  <tr key={m.id} data-migration-row={m.id}>
                    <td className="nowrap" title={new Date(m.startedAtMs).toISOString()}>
                      {formatClock(m.startedAtMs)} <span className="muted small">({formatAge(m.startedAtMs, nowMs)})</span>
                    </td>
                    <th scope="row">{m.vm}</th>
                    <td className="nowrap">
                      {m.from} → {m.to}
                    </td>
                    <td>{m.actor}</td>
                    <td className="nowrap">
                      <span className={`state state--${view.tone}`}>
                        <span className="state__glyph" aria-hidden="true">
                          {view.glyph}
                        </span>
                        {view.word}
                      </span>
                    </td>
                    <td className="num">{m.durationMs === null ? '—' : formatDuration(m.durationMs)}</td>
                    <td>
                      <div className={m.alarm === undefined ? 'small' : 'small error-text'}>{m.alarm ?? m.message ?? (m.progress?.percent != null ? `${Math.floor(m.progress.percent)} %` : '')}</div>
                      <details className="small">
                        <summary>command on {m.runsOn}</summary>
                        <pre className="vms-command">{m.commandLine}</pre>
                        {m.warnings.length > 0 && <div>Confirmed with warnings: {m.warnings.join('; ')}</div>}
                      </details>
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      )}
      <h3>Audit log (VM entries)</h3>
      {auditError !== null && <p className="error-text">Could not read the audit log: {auditError}</p>}
      {audit !== null && audit.length === 0 && <p className="muted">No VM actions audited yet.</p>}
      {audit !== null && audit.length > 0 && <AuditTable entries={audit} label="Audit log of VM actions" compact />}
    </section>
  )
}
