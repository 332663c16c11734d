// One host as a card: name, connection state with its age, where it sits, then view content.
import type { ReactNode } from 'react'
import { formatUnits, unitsSpanned } from '../../../../shared/domain/rack-units'
import type { HostConnectionState } from '../../../../shared/api'
import { HostStateBadge } from '../../ui/host-state-badge'
import type { PlacedHost } from './host-placement'

interface HostCardProps {
  placed: PlacedHost
  state: HostConnectionState | undefined
  nowMs: number
  children?: ReactNode
}

export function HostCard({ placed, state, nowMs, children }: HostCardProps) {
  const { host, device, model } = placed
  return (
    <article className="card host-card" aria-label={`Host ${host.name}`}>
      <header className="card__head">
        <h3 className="card__title">{host.name}</h3>
        <HostStateBadge state={state} nowMs={nowMs} />
      </header>
      <div className="card__sub muted small">
        {device === undefined ? (
          'no device links to this host'
        ) : (
          <>
            {device.cabinet} {formatUnits(unitsSpanned(device.positionU, model?.heightU ?? 1))} · {model?.name ?? `${device.model} (unknown model)`}
          </>
        )}
        <div className="mono nowrap">
          {host.user}@{host.address}:{host.port}
          {host.proxyJump !== undefined && <span className="muted"> via {host.proxyJump}</span>}
        </div>
      </div>
      {state?.lastError !== undefined && <p className="error-text small">{state.lastError}</p>}
      {children}
    </article>
  )
}
