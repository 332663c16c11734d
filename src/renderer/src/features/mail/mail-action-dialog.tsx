// The confirm dialog of a mail action: the exact command and host before anything runs, then a
// progress line while it runs, then the result as the host answered it (already in the audit log).
import type { ActionFlow } from './mail-action-flow'
import { actionTitle } from './mail-action-flow'
import { useModalDialog } from '../../ui/use-modal-dialog'

interface Props {
  flow: ActionFlow
  nowMs: number
  onConfirm(): void
  onClose(): void
}

export function MailActionDialog({ flow, nowMs, onConfirm, onClose }: Props) {
  const ref = useModalDialog(flow.kind !== 'idle')
  return (
    <dialog
      ref={ref}
      className="dialog mail-dialog"
      aria-labelledby="mail-action-title"
      onCancel={(event) => {
        event.preventDefault()
        onClose()
      }}
    >
      {flow.kind !== 'idle' && (
        <>
          <h2 id="mail-action-title">{actionTitle(flow.action)}</h2>
          {flow.kind === 'planning' && <p className="muted">Checking what {flow.action.host} can do…</p>}
          {(flow.kind === 'confirming' || flow.kind === 'running' || flow.kind === 'done' || (flow.kind === 'failed' && flow.plan !== null)) && flow.plan !== null && (
            <>
              {flow.plan.available ? (
                <>
                  <p>
                    Runs on <strong>{flow.plan.host}</strong> over SSH:
                  </p>
                  <pre className="mail-dialog__command" aria-label="Command">
                    {flow.plan.command}
                  </pre>
                  <p className="small">{flow.plan.summary}</p>
                </>
              ) : (
                <div role="alert" className="alert alert--warn">
                  {flow.plan.unavailableReason} {flow.plan.summary}
                </div>
              )}
            </>
          )}
          {flow.kind === 'running' && (
            <p role="status" className="mail-dialog__progress">
              <progress aria-label="Running" /> running on {flow.plan.host} for {Math.max(0, Math.round((nowMs - flow.startedAtMs) / 1000))} s…
            </p>
          )}
          {flow.kind === 'done' && (
            <div role="status" className={flow.result.ok ? 'alert mail-dialog__ok' : 'alert alert--over'}>
              <strong>{flow.result.ok ? '✓ Done' : '✕ Failed'}</strong> — {flow.result.message} ({flow.result.durationMs} ms, exit status {flow.result.exitCode ?? 'none'}; audit entry #{flow.result.auditId})
              {flow.result.output !== '' && <pre className="mail-dialog__output">{flow.result.output}</pre>}
            </div>
          )}
          {flow.kind === 'failed' && (
            <div role="alert" className="alert alert--over">
              ✕ {flow.message}
            </div>
          )}
          <div className="dialog__actions">
            {flow.kind === 'confirming' && flow.plan.available && (
              <button type="button" className="btn btn--danger" autoFocus onClick={onConfirm}>
                Run on {flow.plan.host}
              </button>
            )}
            <button type="button" className="btn" onClick={onClose} disabled={flow.kind === 'running'} {...(flow.kind === 'confirming' && flow.plan.available ? {} : { autoFocus: true })}>
              {flow.kind === 'done' || flow.kind === 'failed' || (flow.kind === 'confirming' && !flow.plan.available) ? 'Close' : 'Cancel'}
            </button>
          </div>
        </>
      )}
    </dialog>
  )
}
