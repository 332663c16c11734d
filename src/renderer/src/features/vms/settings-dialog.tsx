// The site's migration settings: how `virsh migrate` reaches the target (URI template and
// options), which mounts count as shared storage, and the limits the pre-checks and plans use.
// Saved through the API, which refuses combinations no check can use.
import { useState } from 'react'
import type { VmsSettings } from '../../../../shared/api-parts/vms-api'
import { useModal } from './use-modal'

export interface SettingsDraft {
  uriTemplate: string
  migrateUri: string
  connectUri: string
  bandwidthMiBps: string
  autoConverge: boolean
  sharedMountPrefixes: string
  maxConcurrent: string
  migrationTimeoutMinutes: string
  allowCopyStorage: boolean
}

export function draftOf(settings: VmsSettings): SettingsDraft {
  return {
    uriTemplate: settings.command.uriTemplate,
    migrateUri: settings.command.migrateUri ?? '',
    connectUri: settings.command.connectUri ?? '',
    bandwidthMiBps: settings.command.bandwidthMiBps === undefined ? '' : String(settings.command.bandwidthMiBps),
    autoConverge: settings.command.autoConverge === true,
    sharedMountPrefixes: settings.sharedMountPrefixes.join('\n'),
    maxConcurrent: String(settings.maxConcurrent),
    migrationTimeoutMinutes: String(settings.migrationTimeoutMinutes),
    allowCopyStorage: settings.allowCopyStorage
  }
}

/** The changes to send, from the form; numbers are checked by the API's schema. */
export function settingsChanges(draft: SettingsDraft, current: VmsSettings): Partial<VmsSettings> {
  const optional = (text: string) => (text.trim() === '' ? {} : { value: text.trim() })
  const migrateUri = optional(draft.migrateUri)
  const connectUri = optional(draft.connectUri)
  const bandwidth = optional(draft.bandwidthMiBps)
  return {
    command: {
      ...current.command,
      uriTemplate: draft.uriTemplate.trim(),
      ...('value' in migrateUri ? { migrateUri: migrateUri.value } : { migrateUri: undefined }),
      ...('value' in connectUri ? { connectUri: connectUri.value } : { connectUri: undefined }),
      ...('value' in bandwidth ? { bandwidthMiBps: Number(bandwidth.value) } : { bandwidthMiBps: undefined }),
      autoConverge: draft.autoConverge
    },
    sharedMountPrefixes: draft.sharedMountPrefixes
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== ''),
    maxConcurrent: Number(draft.maxConcurrent),
    migrationTimeoutMinutes: Number(draft.migrationTimeoutMinutes),
    allowCopyStorage: draft.allowCopyStorage
  }
}

export function SettingsDialog({ settings, onSave, onClose }: { settings: VmsSettings | null; onSave(changes: Partial<VmsSettings>): Promise<void>; onClose(): void }) {
  const ref = useModal(settings !== null)
  return (
    <dialog
      ref={ref}
      className="dialog vms-dialog"
      aria-labelledby="vms-settings-title"
      onCancel={(event) => {
        event.preventDefault()
        onClose()
      }}
    >
      {settings !== null && <SettingsForm settings={settings} onSave={onSave} onClose={onClose} />}
    </dialog>
  )
}

function SettingsForm({ settings, onSave, onClose }: { settings: VmsSettings; onSave(changes: Partial<VmsSettings>): Promise<void>; onClose(): void }) {
  const [draft, setDraft] = useState<SettingsDraft>(() => draftOf(settings))
  const [error, setError] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)
  const field = (key: keyof SettingsDraft) => ({
    value: String(draft[key]),
    onChange: (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [key]: e.target.value }))
  })
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault()
        setSaving(true)
        setError(null)
        onSave(settingsChanges(draft, settings)).then(
          () => setSaving(false),
          (e: unknown) => {
            setSaving(false)
            setError((e as Error).message)
          }
        )
      }}
    >
      <h2 id="vms-settings-title">Migration settings of this site</h2>
      <div className="vms-settings">
        <label className="vms-field">
          Destination URI ({'{address}'} = target’s inventory address, {'{host}'} = its name)
          <input autoFocus required {...field('uriTemplate')} className="mono" />
        </label>
        <label className="vms-field">
          Migration stream URI (optional, e.g. tcp://{'{address}'})
          <input {...field('migrateUri')} className="mono" />
        </label>
        <label className="vms-field">
          libvirt URI on the source (optional, e.g. qemu:///system for a non-root account)
          <input {...field('connectUri')} className="mono" />
        </label>
        <label className="vms-field">
          Bandwidth cap in MiB/s (optional)
          <input inputMode="numeric" {...field('bandwidthMiBps')} />
        </label>
        <label>
          <input type="checkbox" checked={draft.autoConverge} onChange={(e) => setDraft((d) => ({ ...d, autoConverge: e.target.checked }))} /> --auto-converge (throttle busy guests so the copy finishes)
        </label>
        <label className="vms-field">
          Shared VM stores, one mount point per line
          <textarea rows={2} {...field('sharedMountPrefixes')} className="mono" />
        </label>
        <label>
          <input type="checkbox" checked={draft.allowCopyStorage} onChange={(e) => setDraft((d) => ({ ...d, allowCopyStorage: e.target.checked }))} /> allow --copy-storage-all for host-local disks
        </label>
        <label className="vms-field">
          Migrations a plan runs at once (1–8)
          <input inputMode="numeric" {...field('maxConcurrent')} />
        </label>
        <label className="vms-field">
          Give up a migration after (minutes)
          <input inputMode="numeric" {...field('migrationTimeoutMinutes')} />
        </label>
      </div>
      {error !== null && (
        <p role="alert" className="error-text">
          Not saved: {error}
        </p>
      )}
      <div className="dialog__actions">
        <button type="submit" className="btn btn--primary" disabled={saving}>
          Save settings
        </button>
        <button type="button" className="btn" onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  )
}
