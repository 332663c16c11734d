// "What if this fails": pick hosts, cabinets or single feeds; main re-assesses every volume with
// their bricks gone and names the VMs that lose their hypervisor or their storage.
import { useState } from 'react'
import type { WhatIfResult } from '../../../../shared/api-parts/storage-api'
import type { Site } from '../../../../shared/model'
import { formatAgo } from './storage-format'
import { HealthBadge } from './health-badge'
import { isEmptyScenario, toggleCabinet, toggleFeed, toggleHost, type WhatIfScenario } from './what-if-scenario'
import { MountSettings } from './mount-settings'

export interface WhatIfState {
  scenario: WhatIfScenario
  result: WhatIfResult | null
  error: string | null
  busy: boolean
}

interface WhatIfPanelProps {
  site: Site
  state: WhatIfState
  nowMs: number
  onChange(scenario: WhatIfScenario): void
  onCheck(): void
  onMountsChanged(): void
}

export function WhatIfPanel({ site, state, nowMs, onChange, onCheck, onMountsChanged }: WhatIfPanelProps) {
  const [open, setOpen] = useState(false)
  const { scenario, result, error, busy } = state
  const interesting = site.hosts.filter((h) => h.roles.includes('gluster') || h.roles.includes('hypervisor'))
  const impact = result?.impact
  return (
    <section className="panel what-if" aria-label="What if this fails">
      <header className="panel__head">
        <h2>What if this fails</h2>
        <span className="muted">hosts, a cabinet or one power feed</span>
      </header>
      <div className="what-if__pick">
        <fieldset>
          <legend>Hosts</legend>
          {interesting.map((host) => (
            <label key={host.name} className="what-if__choice">
              <input type="checkbox" checked={scenario.hosts.includes(host.name)} onChange={() => onChange(toggleHost(scenario, host.name))} />
              <span className="mono">{host.name}</span>
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>Cabinets</legend>
          {site.cabinets.map((cabinet) => (
            <label key={cabinet.name} className="what-if__choice">
              <input type="checkbox" checked={scenario.cabinets.includes(cabinet.name)} onChange={() => onChange(toggleCabinet(scenario, cabinet.name))} />
              <span className="mono">{cabinet.name}</span>
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>Feeds</legend>
          {site.cabinets.flatMap((cabinet) =>
            cabinet.feeds.map((feed) => (
              <label key={`${cabinet.name}/${feed.name}`} className="what-if__choice">
                <input type="checkbox" checked={scenario.feeds.includes(`${cabinet.name}/${feed.name}`)} onChange={() => onChange(toggleFeed(scenario, cabinet.name, feed.name))} />
                <span className="mono">
                  {cabinet.name} feed {feed.name}
                </span>
              </label>
            ))
          )}
        </fieldset>
      </div>
      <div>
        <button type="button" className="btn" onClick={onCheck} disabled={busy || isEmptyScenario(scenario)}>
          {busy ? 'Checking…' : 'Check'}
        </button>
      </div>
      {error !== null && (
        <p role="alert" className="alert alert--over">
          {error}
        </p>
      )}
      {result && impact && (
        <div className="what-if__result" data-testid="what-if-result">
          <p role="status" className="what-if__summary">
            {impact.summary}
          </p>
          {impact.volumes.length > 0 && (
            <table className="grid grid--compact" aria-label="Volumes after the failure">
              <thead>
                <tr>
                  <th scope="col">Volume</th>
                  <th scope="col">Now</th>
                  <th scope="col">After</th>
                  <th scope="col">Bricks lost</th>
                  <th scope="col">What changes</th>
                </tr>
              </thead>
              <tbody>
                {impact.volumes.map((volume) => (
                  <tr key={volume.name} data-volume={volume.name}>
                    <th scope="row">{volume.name}</th>
                    <td>
                      <HealthBadge health={volume.before} />
                    </td>
                    <td data-testid="what-if-after">
                      <HealthBadge health={volume.after} />
                    </td>
                    <td className="mono">{volume.lostBricks.length === 0 ? 'none' : volume.lostBricks.map((b) => `${b.host}:${b.path}`).join(', ')}</td>
                    <td>{volume.reasons.length === 0 ? 'nothing' : volume.reasons.join('; ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <div className="what-if__vms">
            <div>
              <h3>VMs losing their hypervisor ({impact.vmsLosingHypervisor.length})</h3>
              {impact.vmsLosingHypervisor.length === 0 ? (
                <p className="muted">none</p>
              ) : (
                <ul className="plain-list">
                  {impact.vmsLosingHypervisor.map((entry) => (
                    <li key={entry.vm}>
                      <span className="mono">{entry.vm}</span> <span className="muted">on {entry.host}</span>
                    </li>
                  ))}
                </ul>
              )}
            </div>
            <div>
              <h3>VMs losing their storage ({new Set(impact.vmsLosingStorage.map((l) => l.vm)).size})</h3>
              {impact.vmsLosingStorage.length === 0 ? (
                <p className="muted">none</p>
              ) : (
                <ul className="plain-list">
                  {impact.vmsLosingStorage.map((loss) => (
                    <li key={`${loss.vm}/${loss.volume}`} className={`state state--${loss.certainty === 'certain' ? 'down' : 'warn'}`}>
                      <span className="state__glyph" aria-hidden="true">
                        {loss.certainty === 'certain' ? '✕' : '▲'}
                      </span>
                      <span className="mono">{loss.vm}</span> ({loss.host}) {loss.certainty === 'certain' ? 'loses' : 'may lose'} {loss.disks.length === 1 ? 'its disk' : `${loss.disks.length} disks`} on {loss.volume}
                    </li>
                  ))}
                </ul>
              )}
            </div>
          </div>
          <p className="muted small">
            Based on Gluster facts {result.basis.glusterAtMs === null ? 'not yet collected' : `from ${formatAgo(result.basis.glusterAtMs, nowMs)}`}
            {result.basis.glusterStale && ' (stale)'}; volume mounts:{' '}
            {result.basis.mounts.length === 0
              ? 'none known'
              : result.basis.mounts.map((m) => `${m.volume} at ${m.mountPath} (${m.source === 'setting' ? 'set by you' : `read from ${m.disks ?? 0} VM disks`})`).join(', ')}{' '}
            <button type="button" className="btn btn--small" onClick={() => setOpen(!open)} aria-expanded={open}>
              {open ? 'Hide mount paths' : 'Change mount paths…'}
            </button>
          </p>
          {result.basis.notes.length > 0 && (
            <ul className="what-if__notes">
              {result.basis.notes.map((note) => (
                <li key={note} className="state state--warn">
                  <span className="state__glyph" aria-hidden="true">
                    ▲
                  </span>
                  {note}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {open && <MountSettings onSaved={onMountsChanged} />}
    </section>
  )
}
