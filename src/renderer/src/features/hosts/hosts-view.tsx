// Hosts: every host of the site with where it sits and its connection state.
import type { Site } from '../../../../shared/model'
import { formatUnits, unitsSpanned } from '../../../../shared/domain/rack-units'
import { useAppStore } from '../../store/app-store'
import { EmptyState } from '../../ui/empty-state'
import { hostSummary } from '../../ui/host-status'
import { HostStateBadge } from '../../ui/host-state-badge'
import { useNow } from '../../ui/use-now'
import { HostLiveFacts } from './host-live-facts'
import { placeHost } from './host-placement'

export function HostsView({ site }: { site: Site }) {
  const hostStates = useAppStore((s) => s.hostStates)
  const fleetHosts = useAppStore((s) => s.fleet.hosts)
  const nowMs = useNow()

  if (site.hosts.length === 0) return <EmptyState title="No hosts yet — import from ~/.ssh/config or add one" />

  return (
    <div className="view-body">
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
                    <HostLiveFacts fact={fleetHosts[host.name]?.system} nowMs={nowMs} />
                  </td>
                  <td className={state?.lastError === undefined ? 'muted' : 'error-text'}>{state?.lastError ?? '—'}</td>
                </tr>
              )
            })}
          </tbody>
        </table>
      </div>
    </div>
  )
}
