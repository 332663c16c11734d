// Add or edit one host: how Rackside reaches it over SSH, what it is, and where it sits.
import { useState, type FormEvent } from 'react'
import type { Host, HostRole, Site } from '../../../../shared/model'
import { useAppStore } from '../../store/app-store'
import { useModalDialog } from '../../ui/use-modal-dialog'

const ROLES: HostRole[] = ['hypervisor', 'gluster', 'mail', 'plain']

export interface HostFormProps {
  site: Site
  /** The host being edited; undefined adds a new one. */
  host?: Host
  onClose(): void
}

export function HostFormDialog({ site, host, onClose }: HostFormProps) {
  const api = useAppStore((s) => s.api)
  const ref = useModalDialog(true)
  const linked = host ? site.devices.find((d) => d.host === host.name)?.name : undefined
  const [name, setName] = useState(host?.name ?? '')
  const [address, setAddress] = useState(host?.address ?? '')
  const [port, setPort] = useState(String(host?.port ?? 22))
  const [user, setUser] = useState(host?.user ?? 'root')
  const [roles, setRoles] = useState<HostRole[]>(host?.roles ?? ['plain'])
  const [identityFile, setIdentityFile] = useState(host?.identityFile ?? '')
  const [proxyJump, setProxyJump] = useState(host?.proxyJump ?? '')
  const [device, setDevice] = useState(linked ?? '')
  const [password, setPassword] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (!api) return
    setBusy(true)
    setError(null)
    try {
      const saved: Host = {
        name: name.trim(),
        address: address.trim(),
        port: Number(port),
        user: user.trim(),
        roles: roles.length > 0 ? roles : ['plain'],
        ...(identityFile.trim() ? { identityFile: identityFile.trim() } : {}),
        ...(proxyJump.trim() ? { proxyJump: proxyJump.trim() } : {})
      }
      await api.call('hosts.save', { ...(host ? { original: host.name } : {}), host: saved, device: device === '' ? null : device })
      if (password) await api.call('hosts.setPassword', { host: saved.name, password })
      onClose()
    } catch (failure) {
      setError((failure as Error).message)
    } finally {
      setBusy(false)
    }
  }

  return (
    <dialog ref={ref} className="modal" aria-labelledby="host-form-title" onCancel={onClose}>
      <form onSubmit={(e) => void submit(e)} className="form-grid">
        <h2 id="host-form-title">{host ? `Edit host ${host.name}` : 'Add a host'}</h2>
        <label>
          Name <input required value={name} onChange={(e) => setName(e.target.value)} autoFocus />
        </label>
        <label>
          Address <input required value={address} onChange={(e) => setAddress(e.target.value)} placeholder="10.20.0.16 or host.example.net" />
        </label>
        <label>
          Port <input required type="number" min={1} max={65535} value={port} onChange={(e) => setPort(e.target.value)} />
        </label>
        <label>
          User <input required value={user} onChange={(e) => setUser(e.target.value)} />
        </label>
        <fieldset>
          <legend>Roles</legend>
          {ROLES.map((role) => (
            <label key={role} className="inline">
              <input
                type="checkbox"
                checked={roles.includes(role)}
                onChange={(e) => setRoles(e.target.checked ? [...roles, role] : roles.filter((r) => r !== role))}
              />{' '}
              {role}
            </label>
          ))}
        </fieldset>
        <label>
          Key file <input value={identityFile} onChange={(e) => setIdentityFile(e.target.value)} placeholder="~/.ssh/id_ed25519 (default: ssh-agent, then ~/.ssh/id_*)" />
        </label>
        <label>
          ProxyJump <input value={proxyJump} onChange={(e) => setProxyJump(e.target.value)} placeholder="bastion or user@bastion:22" />
        </label>
        <label>
          Password <input type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} placeholder="only if the host needs one; stored encrypted" />
        </label>
        <label>
          Runs on device{' '}
          <select value={device} onChange={(e) => setDevice(e.target.value)}>
            <option value="">(not linked)</option>
            {site.devices.map((d) => (
              <option key={d.name} value={d.name}>
                {d.name} — {d.cabinet} U{d.positionU}
                {d.host && d.host !== host?.name ? ` (now ${d.host})` : ''}
              </option>
            ))}
          </select>
        </label>
        {error && (
          <p role="alert" className="error-text">
            {error}
          </p>
        )}
        <div className="modal__actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" disabled={busy}>
            {host ? 'Save' : 'Add host'}
          </button>
        </div>
      </form>
    </dialog>
  )
}
