// The drop's confirmation: the main process checks the move again on its facts and answers with
// the exact `virsh migrate` command line and the host it runs on; Migrate sends it.
import { useEffect, useState } from 'react'
import type { ApiClient } from '../../../../shared/api'
import type { MigrationCheckResult, MigrationRecord } from '../../../../shared/api-parts/vms-api'
import { LEVEL_GLYPH, levelClass } from './verdict-line'
import { useModal } from './use-modal'

interface Move {
  vm: string
  from: string
  to: string
}

type Loaded = { kind: 'loading' } | { kind: 'ready'; result: MigrationCheckResult } | { kind: 'error'; message: string }

export function ConfirmMigrationDialog({ move, api, onClose, onStarted }: { move: Move | null; api: ApiClient | null; onClose(): void; onStarted(record: MigrationRecord): void }) {
  const ref = useModal(move !== null)
  return (
    <dialog
      ref={ref}
      className="dialog vms-dialog"
      aria-labelledby="confirm-migration-title"
      onCancel={(event) => {
        event.preventDefault()
        onClose()
      }}
    >
      {move !== null && <ConfirmBody key={`${move.vm}:${move.from}:${move.to}`} move={move} api={api} onClose={onClose} onStarted={onStarted} />}
    </dialog>
  )
}

/** Keyed by the move: a new move starts from "checking" with no leftover answer. */
function ConfirmBody({ move, api, onClose, onStarted }: { move: Move; api: ApiClient | null; onClose(): void; onStarted(record: MigrationRecord): void }) {
  const [loaded, setLoaded] = useState<Loaded>(api === null ? { kind: 'error', message: 'not connected to the Rackside service' } : { kind: 'loading' })
  const [starting, setStarting] = useState(false)
  const [startError, setStartError] = useState<string | null>(null)

  useEffect(() => {
    if (api === null) return
    let live = true
    api.call('vms.check', move).then(
      (result) => live && setLoaded({ kind: 'ready', result }),
      (error: unknown) => live && setLoaded({ kind: 'error', message: (error as Error).message })
    )
    return () => {
      live = false
    }
  }, [move, api])

  const start = () => {
    if (api === null) return
    setStarting(true)
    setStartError(null)
    api.call('vms.migrate', { ...move, confirmed: true }).then(
      (record) => {
        setStarting(false)
        onStarted(record)
      },
      (error: unknown) => {
        setStarting(false)
        setStartError((error as Error).message)
      }
    )
  }

  const result = loaded.kind === 'ready' ? loaded.result : null
  const refused = result !== null && (result.plan.verdict === 'error' || result.commandLine === undefined)
  const notable = result?.plan.checks.filter((c) => c.level !== 'ok') ?? []
  const passed = result?.plan.checks.filter((c) => c.level === 'ok') ?? []
  return (
    <>
      <h2 id="confirm-migration-title">
        Live-migrate {move.vm} from {move.from} to {move.to}?
      </h2>
      {loaded.kind === 'loading' && <p className="muted">Checking the move again on the current facts…</p>}
      {loaded.kind === 'error' && (
        <p role="alert" className="error-text">
          Could not check the move: {loaded.message}
        </p>
      )}
      {result !== null && (
        <>
          {refused ? (
            <p role="alert" className="alert alert--over">
              Refused by the pre-checks — nothing will run.
            </p>
          ) : (
            <p>
              Runs on <strong className="mono">{move.from}</strong> <span className="muted mono">({result.runsOnAddress})</span> over SSH:
            </p>
          )}
          {result.commandLine !== undefined && (
            <pre className="vms-command" aria-label="Command">
              {result.commandLine}
            </pre>
          )}
          {notable.length > 0 && (
            <ul className="dialog__warnings" aria-label="Pre-check findings">
              {notable.map((check) => (
                <li key={check.id} className={`state state--${levelClass(check.level)}`}>
                  <span className="state__glyph" aria-hidden="true">
                    {LEVEL_GLYPH[check.level]}
                  </span>
                  {check.message}
                </li>
              ))}
            </ul>
          )}
          <details className="small">
            <summary>{passed.length} checks passed</summary>
            <ul className="plain-list">
              {passed.map((check) => (
                <li key={check.id}>✓ {check.message}</li>
              ))}
            </ul>
          </details>
          {!refused && <p className="small muted">The VM keeps running during the copy; progress, rate and ETA appear above the hosts, with an Abort button (virsh domjobabort).</p>}
        </>
      )}
      {startError !== null && (
        <p role="alert" className="error-text">
          Not started: {startError}
        </p>
      )}
      <div className="dialog__actions">
        <button type="button" className="btn btn--primary" autoFocus disabled={result === null || refused || starting} onClick={start}>
          {starting ? 'Starting…' : 'Migrate'}
        </button>
        <button type="button" className="btn" onClick={onClose}>
          Cancel
        </button>
      </div>
    </>
  )
}
