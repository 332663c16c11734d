// Balancing plans: "even" spreads the load, "power-saving" empties hosts so they can be powered
// down. A plan is a list of moves (in batches that may run side by side) with each host's CPU and
// RAM before and after and the watts saved, and the hosts it keeps on for another duty (Gluster
// bricks, mail) with why; running it goes move by move through the same runner as a drag, each
// move checked again right before it starts.
import { useState } from 'react'
import type { ApiClient } from '../../../../shared/api'
import type { BalancePlanResult, PlanRun, VmsSettings } from '../../../../shared/api-parts/vms-api'
import type { HostShares } from '../../../../shared/domain/balance-plan'
import { formatWatts } from '../../ui/format'
import { batchCommands } from './plan-commands'
import { formatKiBAsGiB } from './vm-format'
import { useModal } from './use-modal'

function pct(share: number | null): string {
  return share === null ? '?' : `${Math.round(share * 100)} %`
}

function ShareBars({ label, before, after }: { label: string; before: number | null; after: number | null }) {
  const width = (share: number | null) => `${Math.min(100, Math.max(0, (share ?? 0) * 100))}%`
  const tone = (share: number | null) => (share === null ? 'unknown' : share > 1 ? 'over' : share > 0.85 ? 'warn' : 'ok')
  return (
    <div className="share" aria-label={`${label} ${pct(before)} before, ${pct(after)} after`}>
      <span className="share__label">{label}</span>
      <span className="share__bars" aria-hidden="true">
        <span className={`share__bar share__bar--before share--${tone(before)}`} style={{ width: width(before) }} />
        <span className={`share__bar share__bar--after share--${tone(after)}`} style={{ width: width(after) }} />
      </span>
      <span className="share__text">
        {pct(before)} → {pct(after)}
      </span>
    </div>
  )
}

function HostShareBars({ shares }: { shares: { before: HostShares; after: HostShares } }) {
  return (
    <>
      <ShareBars label="CPU" before={shares.before.cpuShare} after={shares.after.cpuShare} />
      <ShareBars label="RAM" before={shares.before.ramShare} after={shares.after.ramShare} />
    </>
  )
}

const MOVE_GLYPH: Record<PlanRun['moves'][number]['status'], string> = { pending: '·', running: '⟳', succeeded: '✓', failed: '✕', skipped: '✕', cancelled: '■' }

function RunStatus({ run, api }: { run: PlanRun; api: ApiClient | null }) {
  const [error, setError] = useState<string | null>(null)
  return (
    <div className="plan-run" aria-label={`${run.strategy} plan run`} data-plan-status={run.status}>
      <div>
        <strong>
          {run.strategy} plan {run.status}
        </strong>{' '}
        <span className="muted small">
          {run.moves.filter((m) => m.status === 'succeeded').length} of {run.moves.length} moves done, at most {run.maxConcurrent} at once
        </span>
        {run.status === 'running' && (
          <button type="button" className="btn" onClick={() => api?.call('vms.cancelPlan', { id: run.id }).catch((e: unknown) => setError((e as Error).message))} title="No further move starts; moves under way finish (abort them above)">
            Cancel plan
          </button>
        )}
      </div>
      {run.message !== undefined && <div className="small">{run.message}</div>}
      {error !== null && <div className="small error-text">{error}</div>}
      <ol className="plain-list small">
        {run.moves.map((m) => (
          <li key={`${m.vm}:${m.batch}`}>
            <span aria-hidden="true">{MOVE_GLYPH[m.status]}</span> batch {m.batch + 1}: {m.vm} {m.from} → {m.to} — {m.status}
            {m.message !== undefined && m.status !== 'succeeded' && <span className="muted"> ({m.message})</span>}
          </li>
        ))}
      </ol>
    </div>
  )
}

export function BalancePanel({ api, settings, runs, onClose }: { api: ApiClient | null; settings: VmsSettings | null; runs: readonly PlanRun[]; onClose(): void }) {
  const [result, setResult] = useState<BalancePlanResult | null>(null)
  const [loading, setLoading] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [maxConcurrent, setMaxConcurrent] = useState<number>(settings?.maxConcurrent ?? 2)
  const [confirming, setConfirming] = useState(false)
  const [runError, setRunError] = useState<string | null>(null)
  const dialog = useModal(confirming)

  const plan = (strategy: 'even' | 'power-saving') => {
    if (api === null) return
    setLoading(strategy)
    setError(null)
    api.call('vms.plan', { strategy, maxConcurrent }).then(
      (planned) => {
        setResult(planned)
        setLoading(null)
      },
      (e: unknown) => {
        setError((e as Error).message)
        setLoading(null)
      }
    )
  }
  const run = () => {
    if (api === null || result === null) return
    setRunError(null)
    const moves = result.plan.batches.flatMap((batch, index) => batch.map((m) => ({ vm: m.vm, from: m.from, to: m.to, batch: index })))
    api.call('vms.runPlan', { strategy: result.plan.strategy, moves, maxConcurrent, confirmed: true }).then(
      () => {
        setConfirming(false)
        setResult(null)
      },
      (e: unknown) => setRunError((e as Error).message)
    )
  }
  const running = runs.find((r) => r.status === 'running')
  const latest = runs[0]
  const p = result?.plan
  // Only a power-saving plan asks which hosts may go off; an even plan keeps every host on anyway.
  const stayOn = p?.strategy === 'power-saving' ? p.stayOn : []
  const commandsByBatch = result === null ? [] : batchCommands(result)
  return (
    <section className="panel balance" aria-label="Balancing plans">
      <header className="panel__head">
        <h2>Balancing plans</h2>
        <span className="muted small">computed from the live facts and the same pre-checks as a drag</span>
        <span className="vms__spacer" />
        <button type="button" className="btn btn--icon" aria-label="Close balancing plans" onClick={onClose}>
          ✕
        </button>
      </header>
      <div className="balance__controls">
        <button type="button" className="btn" disabled={loading !== null || api === null} onClick={() => plan('even')}>
          {loading === 'even' ? 'Planning…' : 'Plan: even load'}
        </button>
        <button type="button" className="btn" disabled={loading !== null || api === null} onClick={() => plan('power-saving')}>
          {loading === 'power-saving' ? 'Planning…' : 'Plan: power saving'}
        </button>
        <label className="small">
          at most{' '}
          <input type="number" min={1} max={8} value={maxConcurrent} onChange={(e) => setMaxConcurrent(Math.min(8, Math.max(1, Number(e.target.value) || 1)))} className="balance__n" aria-label="Migrations at once" /> at once
        </label>
      </div>
      {error !== null && (
        <p role="alert" className="error-text">
          Could not plan: {error}
        </p>
      )}
      {running !== undefined ? <RunStatus run={running} api={api} /> : latest !== undefined && latest.endedAtMs !== null && result === null && <RunStatus run={latest} api={api} />}
      {p !== undefined && result !== null && (
        <div className="balance__plan" data-plan={p.strategy}>
          <p>
            <strong>{p.strategy === 'even' ? 'Even load' : 'Power saving'}:</strong> {p.moves.length === 0 ? 'no move improves the placement' : `${p.moves.length} move(s) in ${p.batches.length} batch(es)`}
            {p.powerDown.length > 0 && (
              <>
                {' '}
                · power down {p.powerDown.map((h) => h.host).join(', ')} · <strong>saves {formatWatts(p.wattsSaved)}</strong> (idle draw)
              </>
            )}
          </p>
          {stayOn.length > 0 && (
            <ul className="plain-list small balance__stay-on" aria-label="Hosts kept on">
              {stayOn.map((h) => (
                <li key={h.host} data-stay-on={h.host}>
                  <strong>{h.host}</strong> stays on: {h.reasons.join('; ')}
                </li>
              ))}
            </ul>
          )}
          {p.hosts.length > 0 && (
            <div className="table-wrap">
              <table className="grid grid--compact" aria-label="Hosts before and after the plan">
                <thead>
                  <tr>
                    <th scope="col">Host</th>
                    <th scope="col">CPU and RAM, before → after</th>
                    <th scope="col" className="num">
                      VMs
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {p.hosts.map((h) => (
                    <tr key={h.host}>
                      <th scope="row">{h.host}</th>
                      <td>
                        <HostShareBars shares={{ before: h.before, after: h.after }} />
                      </td>
                      <td className="num">
                        {h.before.vms} → {h.after.vms}
                        {p.powerDown.some((d) => d.host === h.host) && <span className="tag">power down</span>}
                        {stayOn.some((d) => d.host === h.host) && (
                          <span className="tag" title={stayOn.find((d) => d.host === h.host)?.reasons.join('; ')}>
                            stays on
                          </span>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {p.batches.map((batch, index) => (
            <div key={index} className="balance__batch">
              <h3 className="small">
                Batch {index + 1}
                {batch.length > 1 ? ` — ${batch.length} side by side` : ''}
              </h3>
              <ul className="plain-list">
                {batch.map((move, place) => {
                  const command = commandsByBatch[index]?.[place]
                  return (
                    <li key={`${move.vm}:${place}`} className="balance__move" data-move={move.vm}>
                      <div>
                        <strong className="mono">{move.vm}</strong> {move.from} → {move.to} · {formatKiBAsGiB(move.memoryKiB)} · {move.vcpus ?? '?'} vCPU
                        {Object.entries(move.powerDeltaWatts).map(([cabinet, watts]) => (
                          <span key={cabinet} className="muted small">
                            {' '}
                            · {cabinet} {watts >= 0 ? '+' : '−'}
                            {formatWatts(Math.abs(watts))}
                          </span>
                        ))}
                      </div>
                      <div className="balance__shares">
                        <div>
                          <span className="small muted">{move.from}</span>
                          <HostShareBars shares={move.source} />
                        </div>
                        <div>
                          <span className="small muted">{move.to}</span>
                          <HostShareBars shares={move.target} />
                        </div>
                      </div>
                      {move.warnings.map((w) => (
                        <div key={w} className="small state state--warn">
                          <span className="state__glyph" aria-hidden="true">
                            ▲
                          </span>
                          {w}
                        </div>
                      ))}
                      {command !== undefined && <div className="small mono muted">{command.commandLine ?? `no command: ${command.error ?? ''}`}</div>}
                    </li>
                  )
                })}
              </ul>
            </div>
          ))}
          {p.notes.length > 0 && (
            <ul className="small muted">
              {p.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          )}
          {p.moves.length > 0 && (
            <button type="button" className="btn btn--primary" disabled={running !== undefined} onClick={() => setConfirming(true)} title={running !== undefined ? 'A plan is still running' : undefined}>
              Run plan…
            </button>
          )}
        </div>
      )}
      <dialog
        ref={dialog}
        className="dialog vms-dialog"
        aria-labelledby="run-plan-title"
        onCancel={(event) => {
          event.preventDefault()
          setConfirming(false)
        }}
      >
        {confirming && p !== undefined && result !== null && (
          <>
            <h2 id="run-plan-title">
              Run the {p.strategy} plan: {p.moves.length} live migration(s)?
            </h2>
            <p className="small">At most {maxConcurrent} at once, batch after batch. Each move is checked again right before it starts; the first one refused or failed stops the plan.</p>
            <ol className="small">
              {p.moves.map((move, index) => (
                <li key={move.vm}>
                  on <strong>{move.from}</strong>: <span className="mono">{result.commands[index]?.commandLine ?? result.commands[index]?.error}</span>
                </li>
              ))}
            </ol>
            {runError !== null && (
              <p role="alert" className="error-text">
                Not started: {runError}
              </p>
            )}
            <div className="dialog__actions">
              <button type="button" className="btn btn--primary" autoFocus onClick={run}>
                Run {p.moves.length} migration(s)
              </button>
              <button type="button" className="btn" onClick={() => setConfirming(false)}>
                Cancel
              </button>
            </div>
          </>
        )}
      </dialog>
    </section>
  )
}
