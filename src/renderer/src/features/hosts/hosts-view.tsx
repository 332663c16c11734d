// Hosts: every host of the site with where it sits, its connection state and live facts; add,
// edit, remove, import from ~/.ssh/config.
import { useState } from 'react'
import type { Host, Site } from '../../../../shared/model'
import { formatUnits, unitsSpanned } from '../../../../shared/domain/rack-units'
import { useAppStore } from '../../store/app-store'
import { EmptyState } from '../../ui/empty-state'
import { hostSummary } from '../../ui/host-status'
import { HostStateBadge } from '../../ui/host-state-badge'
import { useNow } from '../../ui/use-now'
import { useTerminalStore } from '../terminal/terminal-store'
import { AuditLogPanel } from './audit-log-panel'
import { ForgetHostKeyDialog } from './forget-host-key-dialog'
import { HostFormDialog } from './host-form-dialog'
import { HostLiveFacts } from './host-live-facts'
import { SshConfigImportDialog } from './ssh-config-import-dialog'
import { placeHost } from './host-placement'

export function HostsView({ site }: { site: Site }) {
  const hostStates = useAppStore((s) => s.hostStates)
  const fleetHosts = useAppStore((s) => s.fleet.hosts)
  const api = useAppStore((s) => s.api)
  const nowMs = useNow()
  const [editing, setEditing] = useState<{ host?: Host } | null>(null)
  const [importing, setImporting] = useState(false)
  const [forgetting, setForgetting] = useState<Host | null>(null)
  const [actionError, setActionError] = useState<string | null>(null)
  const openTerminal = useTerminalStore((s) => s.openFor)

  const remove = async (name: string) => {
    if (!api || !window.confirm(`Remove host ${name} from the inventory? Its saved password is deleted too; the machine itself is not touched.`)) return
    setActionError(null)
    await api.call('hosts.remove', { name }).catch((failure: unknown) => setActionError((failure as Error).message))
  }

  const toolbar = (
    <div className="toolbar" role="toolbar" aria-label="Host actions">
      <button type="button" onClick={() => setEditing({})}>
        Add host
      </button>
      <button type="button" onClick={() => setImporting(true)}>
        Import from ~/.ssh/config
      </button>
      {actionError && (
        <span role="alert" className="error-text">
          {actionError}
        </span>
      )}
    </div>
  )
  const dialogs = (
    <>
      {editing && <HostFormDialog site={site} {...(editing.host ? { host: editing.host } : {})} onClose={() => setEditing(null)} />}
      {importing && <SshConfigImportDialog onClose={() => setImporting(false)} />}
      {forgetting && <ForgetHostKeyDialog host={forgetting} state={hostStates[forgetting.name]} onClose={() => setForgetting(null)} />}
    </>
  )

  if (site.hosts.length === 0)
    return (
      <div className="view-body">
        {toolbar}
        <EmptyState title="No hosts yet — import from ~/.ssh/config or add one" />
        {dialogs}
      </div>
    )

  return (
    <div className="view-body">
      {toolbar}
      {dialogs}
      <p className="view-sub">
        {hostSummary(
          site.hosts.map((h) => h.name),
          hostStates
        )}
      </p>
      <div className="table-wrap">
        <table className="grid" aria-label="Hosts">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Roles</th>
              <th scope="col">SSH</th>
              <th scope="col">Device / cabinet</th>
              <th scope="col">State</th>
              <th scope="col">Live facts</th>
              <th scope="col">Last error</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {site.hosts.map((host) => {
              const { device, model } = placeHost(site, host)
              const state = hostStates[host.name]
              return (
                <tr key={host.name}>
                  <th scope="row">{host.name}</th>
                  <td>
                    {host.roles.map((role) => (
                      <span key={role} className="tag">
                        {role}
                      </span>
                    ))}
                  </td>
                  <td className="mono">
                    {host.user}@{host.address}:{host.port}
                    {host.proxyJump !== undefined && <span className="muted"> via {host.proxyJump}</span>}
                    {state?.hostKey !== undefined && (
                      <div className="host-key small" data-host-key title="The host key this host last proved it holds (compare with ssh-keygen -lf on its console)">
                        <span className="muted">{state.hostKey.type}</span> {state.hostKey.sha256}
                      </div>
                    )}
                  </td>
                  <td>
                    {device === undefined ? (
                      <span className="muted">no device linked</span>
                    ) : (
                      <>
                        {device.name} <span className="muted">· {device.cabinet} {formatUnits(unitsSpanned(device.positionU, model?.heightU ?? 1))}</span>
                      </>
                    )}
                  </td>
                  <td>
                    <HostStateBadge state={state} nowMs={nowMs} />
                  </td>
                  <td>
                    <div className="cell-facts">
                      <HostLiveFacts fact={fleetHosts[host.name]?.system} nowMs={nowMs} />
                    </div>
                  </td>
                  <td className={state?.lastError === undefined ? 'muted' : 'error-text'}>
                    <div className="cell-long-text">{state?.lastError ?? '—'}</div>
                  </td>
                  <td className="row-actions">
                    <button type="button" aria-label={`Terminal on ${host.name}`} onClick={() => openTerminal(host.name)}>
                      Terminal
                    </button>
                    <button type="button" aria-label={`Edit ${host.name}`} onClick={() => setEditing({ host })}>
                      Edit
                    </button>
                    {state?.lastErrorKind === 'host-key-changed' && (
                      <button type="button" aria-label={`Forget saved key of ${host.name}`} onClick={() => setForgetting(host)}>
                        Forget saved key…
                      </button>
                    )}
                    {(state?.status === 'down' || state?.status === 'backoff') && (
                      <button type="button" aria-label={`Reconnect ${host.name}`} onClick={() => void api?.call('hosts.reconnect', { name: host.name })}>
                        Reconnect
                      </button>
                    )}
                    <button type="button" aria-label={`Remove ${host.name}`} onClick={() => void remove(host.name)}>
                      Remove
                    </button>
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      </div>
      <AuditLogPanel />
    </div>
  )
}
