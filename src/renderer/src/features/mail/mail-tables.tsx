// Who is behind the load: top IPs by connections and by failed logins, users by sessions and the
// busiest processes, each with its age and, where Rackside can act, a per-row action.
import type { ReactNode } from 'react'
import type { MailAction, MailReport } from '../../../../shared/api-parts/mail-api'
import { formatAge } from '../../ui/format'
import { windowLabel } from './mail-words'

interface Props {
  host: string
  report: MailReport | null
  nowMs: number
  onAction(action: MailAction): void
}

function TableCard({ title, measuredAtMs, nowMs, staleAfterMs, children, label }: { title: string; label: string; measuredAtMs: number | undefined; nowMs: number; staleAfterMs: number; children: ReactNode }) {
  const stale = measuredAtMs === undefined || nowMs - measuredAtMs > staleAfterMs
  return (
    <section className={stale ? 'panel mail-table mail-table--stale' : 'panel mail-table'} aria-label={label}>
      <header className="panel__head">
        <h3>{title}</h3>
        <span className="muted small">{measuredAtMs === undefined ? 'not measured yet' : `${stale ? 'stale: ' : ''}measured ${formatAge(measuredAtMs, nowMs)}`}</span>
      </header>
      {children}
    </section>
  )
}

const Empty = ({ children }: { children: ReactNode }) => <p className="muted small mail-table__empty">{children}</p>

export function MailTables({ host, report, nowMs, onAction }: Props) {
  const breakdown = report?.breakdown
  const at = breakdown?.measuredAtMs ?? {}
  const processesSource = report?.sources.find((source) => source.name === 'processes')
  return (
    <div className="mail-tables">
      <TableCard title="Top IPs by connections" label={`Top IPs by connections on ${host}`} measuredAtMs={at.connections} nowMs={nowMs} staleAfterMs={5_000}>
        {breakdown === undefined || breakdown.ipsByConnections.length === 0 ? (
          <Empty>No established IMAP, POP3 or submission connections.</Empty>
        ) : (
          <table className="grid grid--compact">
            <thead>
              <tr>
                <th scope="col">IP</th>
                <th scope="col" className="num">Connections</th>
                <th scope="col">Protocols</th>
                <th scope="col">Action</th>
              </tr>
            </thead>
            <tbody>
              {breakdown.ipsByConnections.map((row) => (
                <tr key={row.ip}>
                  <th scope="row" className="mono">{row.ip}</th>
                  <td className="num">{row.connections}</td>
                  <td>{row.protocols.join(', ')}</td>
                  <td>
                    <button type="button" className="btn" onClick={() => onAction({ action: 'ban-ip', host, ip: row.ip })} aria-label={`Ban ${row.ip}`}>
                      Ban…
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </TableCard>
      <TableCard title="Top IPs by auth failures" label={`Top IPs by auth failures on ${host}`} measuredAtMs={at.logins} nowMs={nowMs} staleAfterMs={10_000}>
        {breakdown === undefined || breakdown.ipsByAuthFailures.length === 0 ? (
          <Empty>No failed logins in the last {windowLabel(report?.windowSeconds ?? 300)} of the mail log.</Empty>
        ) : (
          <table className="grid grid--compact">
            <thead>
              <tr>
                <th scope="col">IP</th>
                <th scope="col" className="num">Failures (last {windowLabel(report?.windowSeconds ?? 300)})</th>
                <th scope="col" className="num">User names tried</th>
                <th scope="col">Action</th>
              </tr>
            </thead>
            <tbody>
              {breakdown.ipsByAuthFailures.map((row) => (
                <tr key={row.ip}>
                  <th scope="row" className="mono">{row.ip}</th>
                  <td className="num">{row.failures}</td>
                  <td className="num">{row.users}</td>
                  <td>
                    <button type="button" className="btn" onClick={() => onAction({ action: 'ban-ip', host, ip: row.ip })} aria-label={`Ban ${row.ip}`}>
                      Ban…
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </TableCard>
      <TableCard title="Top users by sessions" label={`Top users by sessions on ${host}`} measuredAtMs={at.sessions} nowMs={nowMs} staleAfterMs={8_000}>
        {breakdown === undefined || breakdown.usersBySessions.length === 0 ? (
          <Empty>Nobody is logged in (doveadm who lists no sessions).</Empty>
        ) : (
          <table className="grid grid--compact">
            <thead>
              <tr>
                <th scope="col">User</th>
                <th scope="col" className="num">Sessions</th>
                <th scope="col">Protocols</th>
                <th scope="col">IPs</th>
                <th scope="col">Action</th>
              </tr>
            </thead>
            <tbody>
              {breakdown.usersBySessions.map((row) => (
                <tr key={row.user}>
                  <th scope="row">{row.user}</th>
                  <td className="num">{row.sessions}</td>
                  <td>{row.protocols.join(', ')}</td>
                  <td className="mono small">{row.ips.slice(0, 3).join(', ')}{row.ips.length > 3 ? ` +${row.ips.length - 3}` : ''}</td>
                  <td>
                    <button type="button" className="btn" onClick={() => onAction({ action: 'kick', host, user: row.user })} aria-label={`Kick ${row.user}`}>
                      Kick…
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </TableCard>
      <TableCard title="Busiest processes" label={`Busiest processes on ${host}`} measuredAtMs={at.processes} nowMs={nowMs} staleAfterMs={20_000}>
        {breakdown?.processes === null || breakdown === undefined ? (
          <Empty>
            {processesSource?.error !== undefined ? `Not available: ${processesSource.error}` : 'Waiting for ps…'}
          </Empty>
        ) : (
          <table className="grid grid--compact">
            <thead>
              <tr>
                <th scope="col" className="num">PID</th>
                <th scope="col">User</th>
                <th scope="col" className="num">CPU (lifetime avg, %)</th>
                <th scope="col">Command</th>
              </tr>
            </thead>
            <tbody>
              {breakdown.processes.map((row) => (
                <tr key={row.pid}>
                  <td className="num">{row.pid}</td>
                  <td>{row.user}</td>
                  <td className="num">{row.cpuPercent.toFixed(1)} %</td>
                  <th scope="row" className="mono">{row.command}</th>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </TableCard>
    </div>
  )
}
