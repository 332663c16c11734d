// A reinstalled host presents a new key and is refused. Forgetting its saved key is the way back,
// and it is a trust decision: the dialog says what is removed from where, runs only on "Forget and
// reconnect", then shows what happened (and what Rackside would not touch: the user's own files).
// The next connection asks about the new key like a new host's.
import { useState } from 'react'
import type { ForgetHostKeyResult, HostConnectionState } from '../../../../shared/api'
import type { Host } from '../../../../shared/model'
import { useAppStore } from '../../store/app-store'
import { useModalDialog } from '../../ui/use-modal-dialog'

type Step = { kind: 'confirming' } | { kind: 'running' } | { kind: 'done'; result: ForgetHostKeyResult } | { kind: 'failed'; message: string }

export function ForgetHostKeyDialog({ host, state, onClose }: { host: Host; state: HostConnectionState | undefined; onClose(): void }) {
  const api = useAppStore((s) => s.api)
  const dataDir = useAppStore((s) => s.appInfo?.dataDir)
  const [step, setStep] = useState<Step>({ kind: 'confirming' })
  const ref = useModalDialog(true)

  const forget = async () => {
    if (!api) return
    setStep({ kind: 'running' })
    try {
      setStep({ kind: 'done', result: await api.call('hosts.forgetHostKey', { name: host.name, confirmed: true }) })
    } catch (failure) {
      setStep({ kind: 'failed', message: (failure as Error).message })
    }
  }

  return (
    <dialog
      ref={ref}
      className="modal"
      aria-labelledby="forget-key-title"
      onCancel={(event) => {
        event.preventDefault()
        if (step.kind !== 'running') onClose()
      }}
    >
      <h2 id="forget-key-title">Forget the saved key of {host.name}?</h2>
      {state?.lastError !== undefined && <p className="error-text small">{state.lastError}</p>}
      <p>
        Removes every key saved for <span className="mono">{host.address}:{host.port}</span> from Rackside&apos;s own known_hosts{dataDir === undefined ? '' : <> in <span className="mono">{dataDir}</span></>}, then reconnects. The key the host presents next
        waits for you to accept it, as a new host&apos;s does.
      </p>
      <p className="small">
        Do this only if the host was reinstalled or its key was rotated on purpose: compare the new fingerprint with <span className="mono">ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub</span> on its console before you accept it.
        A key that changed without a reason can mean someone is in between.
      </p>
      {step.kind === 'done' && (
        <div role="status" className="alert">
          ✓ Removed {step.result.removed} saved key line{step.result.removed === 1 ? '' : 's'} from {step.result.knownHostsPath}; reconnecting.
          {step.result.stillKnownIn.length > 0 && (
            <p className="small">
              ▲ {step.result.stillKnownIn.join(', ')} still hold{step.result.stillKnownIn.length === 1 ? 's' : ''} a key for this host, and Rackside never edits your own files: the connection stays
              refused until you run <span className="mono">{step.result.removeCommand}</span>.
            </p>
          )}
        </div>
      )}
      {step.kind === 'failed' && (
        <div role="alert" className="alert alert--over">
          ✕ {step.message}
        </div>
      )}
      <div className="modal__actions">
        {(step.kind === 'confirming' || step.kind === 'running') && (
          <button type="button" className="btn btn--danger" disabled={step.kind === 'running'} onClick={() => void forget()}>
            Forget and reconnect
          </button>
        )}
        <button type="button" className="btn" autoFocus disabled={step.kind === 'running'} onClick={onClose}>
          {step.kind === 'done' || step.kind === 'failed' ? 'Close' : 'Cancel'}
        </button>
      </div>
    </dialog>
  )
}
