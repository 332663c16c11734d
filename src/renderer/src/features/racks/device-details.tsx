// The panel beside the racks for one selected device: model specs, watts, feeds and the linked host.
import { useEffect, useRef } from 'react'
import { feedCapacityWatts } from '../../../../shared/domain/power'
import { formatUnits, unitsSpanned } from '../../../../shared/domain/rack-units'
import type { HostConnectionState } from '../../../../shared/api'
import type { Site } from '../../../../shared/model'
import { formatGiB, formatKg, formatWatts } from '../../ui/format'
import { HostStateBadge } from '../../ui/host-state-badge'
import { useNow } from '../../ui/use-now'

interface DeviceDetailsProps {
  site: Site
  deviceName: string
  hostState: HostConnectionState | undefined
  onClose(): void
  onShowHosts(): void
  /** Opens "Move to…" for this device. */
  onMoveTo?(): void
  onEdit?(): void
  onRemove?(): void
}

export function DeviceDetails({ site, deviceName, hostState, onClose, onShowHosts, onMoveTo, onEdit, onRemove }: DeviceDetailsProps) {
  const nowMs = useNow()
  const closeRef = useRef<HTMLButtonElement>(null)
  useEffect(() => closeRef.current?.focus({ preventScroll: true }), [deviceName])
  const device = site.devices.find((d) => d.name === deviceName)
  if (device === undefined)
    return (
      <aside className="details" aria-label="Device details">
        <p className="muted">{deviceName} is no longer in the inventory.</p>
        <button type="button" className="btn" onClick={onClose}>
          Close
        </button>
      </aside>
    )
  const model = site.models.find((m) => m.name === device.model)
  const cabinet = site.cabinets.find((c) => c.name === device.cabinet)
  const host = device.host === undefined ? undefined : site.hosts.find((h) => h.name === device.host)
  const units = formatUnits(unitsSpanned(device.positionU, model?.heightU ?? 1))

  return (
    <aside className="details" aria-label="Device details">
      <header className="details__head">
        <div>
          <h2 className="details__title">{device.name}</h2>
          <div className="muted">
            {device.cabinet} · {units} · {device.face}
          </div>
          <div className="details__actions">
            {onMoveTo !== undefined && (
              <button type="button" className="btn details__move" onClick={onMoveTo} title="Move to another cabinet, unit or face (or press M to move with the arrow keys)">
                Move to…
              </button>
            )}
            {onEdit !== undefined && (
              <button type="button" className="btn" onClick={onEdit} aria-label={`Edit device ${device.name}`} title="Name, model, place, feeds and host">
                Edit…
              </button>
            )}
            {onRemove !== undefined && (
              <button type="button" className="btn" onClick={onRemove} aria-label={`Remove device ${device.name}`}>
                Remove…
              </button>
            )}
          </div>
        </div>
        <button ref={closeRef} type="button" className="btn btn--icon" onClick={onClose} aria-label="Close details" title="Close (Esc)">
          ✕
        </button>
      </header>

      <section className="details__section">
        <h3>Model</h3>
        {model === undefined ? (
          <p className="state state--warn">
            <span className="state__glyph" aria-hidden="true">
              ▲
            </span>
            {device.model} is not among the site&apos;s models
          </p>
        ) : (
          <dl className="kv">
            <dt>Name</dt>
            <dd>{model.name}</dd>
            <dt>Role</dt>
            <dd>
              <span className={`role-chip role-${model.role}`}>{model.role}</span>
            </dd>
            <dt>Height</dt>
            <dd>
              {model.heightU} U, {model.fullDepth ? 'full depth' : 'half depth'}
            </dd>
            <dt>Weight</dt>
            <dd>{formatKg(model.weightKg)}</dd>
            {model.cores !== undefined && (
              <>
                <dt>CPU</dt>
                <dd>
                  {model.cores} cores{model.ghz !== undefined && ` @ ${model.ghz} GHz`}
                </dd>
              </>
            )}
            {model.ramGiB !== undefined && (
              <>
                <dt>RAM</dt>
                <dd>{formatGiB(model.ramGiB)}</dd>
              </>
            )}
            {model.disks !== undefined && (
              <>
                <dt>Disks</dt>
                <dd>{model.disks}</dd>
              </>
            )}
            {model.performanceScore !== undefined && (
              <>
                <dt>Perf. score</dt>
                <dd>{model.performanceScore}</dd>
              </>
            )}
          </dl>
        )}
      </section>

      {model !== undefined && (
        <section className="details__section">
          <h3>Power</h3>
          <table className="grid grid--compact num">
            <thead>
              <tr>
                <th scope="col">Nameplate</th>
                <th scope="col">Peak</th>
                <th scope="col">Typical</th>
                <th scope="col">Idle</th>
              </tr>
            </thead>
            <tbody>
              <tr className="num">
                <td>{formatWatts(model.watts.nameplate)}</td>
                <td>{formatWatts(model.watts.peak)}</td>
                <td>{formatWatts(model.watts.typical)}</td>
                <td>{formatWatts(model.watts.idle)}</td>
              </tr>
            </tbody>
          </table>
        </section>
      )}

      <section className="details__section">
        <h3>Feeds</h3>
        {device.feeds.length === 0 ? (
          <p className="state state--warn">
            <span className="state__glyph" aria-hidden="true">
              ▲
            </span>
            not plugged into any feed
          </p>
        ) : (
          <ul className="plain-list">
            {device.feeds.map((name) => {
              const feed = cabinet?.feeds.find((f) => f.name === name)
              return (
                <li key={name}>
                  <strong>{name}</strong>{' '}
                  {feed === undefined ? (
                    <span className="state state--warn">— {device.cabinet} has no feed {name}</span>
                  ) : (
                    <span className="muted">
                      {feed.volts} V × {feed.amps} A{feed.phases === 3 ? ' 3-phase' : ''} at {feed.deratePercent} % = {formatWatts(feedCapacityWatts(feed))}
                    </span>
                  )}
                </li>
              )
            })}
          </ul>
        )}
        {model !== undefined && device.feeds.length > 1 && (
          <p className="muted small">
            Dual PSU: about {formatWatts(model.watts.peak / device.feeds.length)} per feed at peak, all {formatWatts(model.watts.peak)} on one feed when the other fails.
          </p>
        )}
      </section>

      <section className="details__section">
        <h3>Host</h3>
        {device.host === undefined ? (
          <p className="muted">No host linked — this device is not managed over SSH.</p>
        ) : host === undefined ? (
          <p className="state state--warn">
            <span className="state__glyph" aria-hidden="true">
              ▲
            </span>
            links to host {device.host}, which the site does not have
          </p>
        ) : (
          <>
            <dl className="kv">
              <dt>Host</dt>
              <dd>{host.name}</dd>
              <dt>SSH</dt>
              <dd className="mono">
                {host.user}@{host.address}:{host.port}
              </dd>
              <dt>Roles</dt>
              <dd>{host.roles.join(', ')}</dd>
              <dt>State</dt>
              <dd>
                <HostStateBadge state={hostState} nowMs={nowMs} />
              </dd>
              {hostState?.lastError !== undefined && (
                <>
                  <dt>Last error</dt>
                  <dd className="error-text">{hostState.lastError}</dd>
                </>
              )}
            </dl>
            <button type="button" className="btn" onClick={onShowHosts}>
              Show in Hosts
            </button>
          </>
        )}
      </section>
    </aside>
  )
}
