// Audit entries as a table: when, who, what, on what, the exact command, and how it ended.
import type { AuditEntry } from '../../../shared/api'

export function AuditTable({ entries, label, compact = false }: { entries: readonly AuditEntry[]; label: string; compact?: boolean }) {
  return (
    <div className="table-wrap">
      <table className={compact ? 'grid grid--compact' : 'grid'} aria-label={label}>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">Action</th>
            <th scope="col">Target</th>
            <th scope="col">Command</th>
            <th scope="col">Result</th>
            <th scope="col">Detail</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.id}>
              <td className="mono nowrap" title={new Date(entry.atMs).toISOString()}>
                {new Date(entry.atMs).toLocaleString()}
              </td>
              <td>{entry.actor}</td>
              <td>{entry.action}</td>
              <td>{entry.target}</td>
              <td className="mono">{entry.command ?? '—'}</td>
              <td className={entry.result === 'failed' ? 'error-text' : undefined}>{entry.result}</td>
              <td>{entry.detail ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
