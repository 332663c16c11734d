// Gluster alerts as notifications: what is wrong now with the time it was raised, and what
// cleared lately with both times (kept across restarts; saved rows that cannot be read are named).
import type { GlusterAlert } from '../../../../shared/domain/gluster-alerts'
import { EmptyState } from '../../ui/empty-state'
import { countAlerts, alertCountsText } from './alert-counts'
import { formatAgo, formatClock, SEVERITY_LOOK } from './storage-format'
import { useStorageStore } from './storage-store'

function AlertLine({ alert, nowMs }: { alert: GlusterAlert; nowMs: number }) {
  const look = SEVERITY_LOOK[alert.severity]
  const cleared = alert.clearedAtMs !== null
  return (
    <li className={`alert-line${cleared ? ' alert-line--cleared' : ''}`} data-alert-kind={alert.kind} data-alert-id={alert.id}>
      <span className={`state state--${cleared ? 'ok' : look.tone}`}>
        <span className="state__glyph" aria-hidden="true">
          {cleared ? '✓' : look.glyph}
        </span>
        <span className="alert-line__severity">{cleared ? 'cleared' : look.word}</span>
      </span>
      <span className="alert-line__message">{alert.message}</span>
      <span className="alert-line__times muted small">
        raised {formatAgo(alert.raisedAtMs, nowMs)} ({formatClock(alert.raisedAtMs)})
        {alert.severityChangedAtMs !== null && !cleared && <> · now {alert.severity} since {formatClock(alert.severityChangedAtMs)}</>}
        {alert.clearedAtMs !== null && (
          <>
            {' '}
            · cleared {formatAgo(alert.clearedAtMs, nowMs)} ({formatClock(alert.clearedAtMs)})
          </>
        )}
      </span>
    </li>
  )
}

export function AlertsPanel({ nowMs }: { nowMs: number }) {
  const alerts = useStorageStore((s) => s.alerts)
  const loadError = useStorageStore((s) => s.loadError)
  const active = alerts?.active ?? []
  const cleared = alerts?.cleared ?? []
  return (
    <section className="panel" aria-label="Gluster alerts">
      <header className="panel__head">
        <h2>Alerts</h2>
        <span className="muted">{alerts === null ? 'not loaded yet' : alertCountsText(countAlerts(active))}</span>
        {alerts?.sampledAtMs != null && <span className="muted small">checked {formatAgo(alerts.sampledAtMs, nowMs)}</span>}
      </header>
      {loadError !== null && (
        <p role="alert" className="alert alert--over">
          {loadError}
        </p>
      )}
      {(alerts?.storeProblems ?? []).map((problem) => (
        <p key={problem} role="alert" className="alert alert--warn" data-testid="alert-store-problem">
          {problem}
        </p>
      ))}
      {active.length === 0 ? (
        alerts !== null && <p className="muted">Nothing wrong with the volumes, bricks or peers in the last sample.</p>
      ) : (
        <ul className="plain-list alert-list" aria-label="Active alerts">
          {active.map((alert) => (
            <AlertLine key={alert.id} alert={alert} nowMs={nowMs} />
          ))}
        </ul>
      )}
      {cleared.length > 0 && (
        <details className="alert-history">
          <summary>
            Recently cleared ({cleared.length}
            {cleared.length >= (alerts?.clearedLimit ?? Infinity) ? ', oldest dropped' : ''})
          </summary>
          <ul className="plain-list alert-list" aria-label="Cleared alerts">
            {cleared.map((alert) => (
              <AlertLine key={`${alert.id}@${alert.clearedAtMs ?? 0}`} alert={alert} nowMs={nowMs} />
            ))}
          </ul>
        </details>
      )}
      {alerts === null && loadError === null && <EmptyState title="Loading alerts…" />}
    </section>
  )
}
