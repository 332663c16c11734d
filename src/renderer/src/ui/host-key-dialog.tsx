// An unknown host key holds its connection until someone decides: shown like OpenSSH's prompt,
// with the SHA256 fingerprint to compare against the host's console.
import { useEffect, useRef } from 'react'
import { useAppStore } from '../store/app-store'

export function HostKeyDialog() {
  const prompt = useAppStore((s) => s.hostKeyPrompts[0])
  const answer = useAppStore((s) => s.answerHostKey)
  const cancelRef = useRef<HTMLButtonElement>(null)
  useEffect(() => cancelRef.current?.focus(), [prompt?.id])
  if (!prompt) return null
  const target = `${prompt.address}${prompt.port === 22 ? '' : `:${prompt.port}`}`
  return (
    <div className="modal-backdrop">
      <div
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="host-key-title"
        className="modal"
        onKeyDown={(event) => {
          if (event.key === 'Escape') void answer(prompt.id, 'cancel')
        }}
      >
        <h2 id="host-key-title">Unknown host key for {prompt.host}</h2>
        <p>
          The authenticity of <span className="mono">{target}</span> cannot be established. Compare the fingerprint with what the host&apos;s console shows
          for <span className="mono">ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub</span> before you accept.
        </p>
        <dl className="kv">
          <dt>Key type</dt>
          <dd className="mono">{prompt.keyType}</dd>
          <dt>Fingerprint</dt>
          <dd className="mono" data-testid="host-key-fingerprint">
            {prompt.sha256}
          </dd>
        </dl>
        {prompt.otherKeyTypes.length > 0 && (
          <p role="alert" className="alert alert--warn">
            Rackside already knows this host by another key type ({prompt.otherKeyTypes.join(', ')}): a new key type can mean the host was reinstalled — or
            an impostor.
          </p>
        )}
        <div className="modal__actions">
          <button type="button" onClick={() => void answer(prompt.id, 'accept-once')}>
            Accept once
          </button>
          <button type="button" onClick={() => void answer(prompt.id, 'accept-and-save')}>
            Accept and save
          </button>
          <button type="button" ref={cancelRef} onClick={() => void answer(prompt.id, 'cancel')}>
            Cancel
          </button>
        </div>
      </div>
    </div>
  )
}
