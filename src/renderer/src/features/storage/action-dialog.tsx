// The confirm dialog of a Gluster action: the exact command and the host it runs on, what it
// targets and what to know first; then progress; then gluster's own answer. Escape cancels
// until the command is sent; a running command cannot be taken back.
import { formatAgo } from './storage-format'
import { useNow } from '../../ui/use-now'
import { ACTION_TITLE } from './action-flow'
import { useDialog } from './use-dialog'
import type { StorageActionControl } from './use-storage-action'

export function ActionDialog({ control }: { control: StorageActionControl }) {
  const { flow, confirmRun, close } = control
  const ref = useDialog(flow.kind !== 'idle')
  const nowMs = useNow(500)
  return (
    <dialog
      ref={ref}
      className="storage-dialog"
      aria-labelledby="storage-action-title"
      onCancel={(event) => {
        event.preventDefault()
        close()
      }}
    >
      {flow.kind === 'planning' && (
        <>
          <h2 id="storage-action-title">
            {ACTION_TITLE[flow.action]} — {flow.volume}
          </h2>
          <p className="muted">Checking the volume and choosing a reachable Gluster node…</p>
        </>
      )}
      {flow.kind === 'refused' && (
        <>
          <h2 id="storage-action-title">
            Cannot {ACTION_TITLE[flow.action].toLowerCase()} — {flow.volume}
          </h2>
          <p role="alert" className="alert alert--over">
            {flow.message}
          </p>
          <div className="dialog__actions">
            <button type="button" className="btn" autoFocus onClick={close}>
              Close
            </button>
          </div>
        </>
      )}
      {flow.kind === 'confirming' && (
        <>
          <h2 id="storage-action-title">
            {ACTION_TITLE[flow.plan.action]} of {flow.plan.volume}?
          </h2>
          <p>This runs on a Gluster node and changes the volume: {flow.plan.description}</p>
          <dl className="kv">
            <dt>Host</dt>
            <dd className="mono" data-testid="action-host">
              {flow.plan.host}
            </dd>
            <dt>Command</dt>
            <dd>
              <code className="storage-dialog__command" data-testid="action-command">
                {flow.plan.command}
              </code>
            </dd>
            <dt>{flow.plan.action === 'restart-bricks' ? 'Bricks down' : 'Sets healed'}</dt>
            <dd className="mono">{flow.plan.targets.length === 0 ? 'none' : flow.plan.targets.join(', ')}</dd>
            <dt>Based on</dt>
            <dd>{flow.plan.factsAtMs === null ? 'no facts' : `Gluster facts from ${formatAgo(flow.plan.factsAtMs, nowMs)}`}</dd>
          </dl>
          {flow.plan.warnings.length > 0 && (
            <ul className="dialog__warnings">
              {flow.plan.warnings.map((warning) => (
                <li key={warning} className="state state--warn">
                  <span className="state__glyph" aria-hidden="true">
                    ▲
                  </span>
                  {warning}
                </li>
              ))}
            </ul>
          )}
          <div className="dialog__actions">
            <button type="button" className="btn btn--danger" onClick={confirmRun}>
              Run on {flow.plan.host}
            </button>
            <button type="button" className="btn" autoFocus onClick={close}>
              Cancel
            </button>
          </div>
        </>
      )}
      {flow.kind === 'running' && (
        <>
          <h2 id="storage-action-title">
            {ACTION_TITLE[flow.plan.action]} of {flow.plan.volume}
          </h2>
          <p role="status">
            Running <code>{flow.plan.command}</code> on {flow.plan.host} — {Math.max(0, Math.round((nowMs - flow.startedAtMs) / 1000))} s
          </p>
          <progress className="storage-dialog__progress" aria-label="Command running" />
          <p className="muted small">gluster runs the command to its end; it cannot be cancelled from here.</p>
        </>
      )}
      {flow.kind === 'done' && (
        <>
          <h2 id="storage-action-title">
            {ACTION_TITLE[flow.plan.action]} of {flow.plan.volume}: {flow.result.phase === 'succeeded' ? 'done' : 'failed'}
          </h2>
          <p role={flow.result.phase === 'succeeded' ? 'status' : 'alert'} className={`state state--${flow.result.phase === 'succeeded' ? 'ok' : 'down'}`} data-testid="action-result">
            <span className="state__glyph" aria-hidden="true">
              {flow.result.phase === 'succeeded' ? '✓' : '✕'}
            </span>
            {flow.result.message}
          </p>
          {flow.result.output !== '' && <pre className="storage-dialog__output">{flow.result.output}</pre>}
          <p className="muted small">
            <code>{flow.result.command}</code> on {flow.result.host}
            {flow.result.exitCode !== null && <>, exit status {flow.result.exitCode}</>}
            {flow.result.finishedAtMs !== null && <>, took {((flow.result.finishedAtMs - flow.result.startedAtMs) / 1000).toFixed(1)} s</>}. Recorded in the audit log.
            {flow.result.phase === 'succeeded' && ' The volume is polled again now.'}
          </p>
          <div className="dialog__actions">
            <button type="button" className="btn" autoFocus onClick={close}>
              Close
            </button>
          </div>
        </>
      )}
      {flow.kind === 'failed-to-send' && (
        <>
          <h2 id="storage-action-title">
            {ACTION_TITLE[flow.plan.action]} of {flow.plan.volume}: not run
          </h2>
          <p role="alert" className="alert alert--over">
            {flow.message}
          </p>
          <div className="dialog__actions">
            <button type="button" className="btn" autoFocus onClick={close}>
              Close
            </button>
          </div>
        </>
      )}
    </dialog>
  )
}
