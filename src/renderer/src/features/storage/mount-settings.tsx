// Where each volume is mounted on the hypervisors, for matching VM disks to volumes: read off
// the disks unless set here. An empty path returns a volume to the derived one.
import { useEffect, useState } from 'react'
import type { SharedMountEntry } from '../../../../shared/api-parts/storage-api'
import { useAppStore } from '../../store/app-store'

export function MountSettings({ onSaved }: { onSaved(): void }) {
  const api = useAppStore((s) => s.api)
  const volumes = useAppStore((s) => s.fleet.gluster?.value?.volumeInfo.map((v) => v.name).join('\n') ?? '')
  const [mounts, setMounts] = useState<SharedMountEntry[] | null>(null)
  const [draft, setDraft] = useState<Record<string, string>>({})
  const [message, setMessage] = useState<string | null>(null)

  useEffect(() => {
    if (api === null) return
    let live = true
    api.call('storage.sharedMounts', {}).then(
      (list) => {
        if (!live) return
        setMounts(list)
        setDraft(Object.fromEntries(list.filter((m) => m.source === 'setting').map((m) => [m.volume, m.mountPath])))
      },
      (error: Error) => live && setMessage(error.message)
    )
    return () => {
      live = false
    }
  }, [api])

  const save = () => {
    if (api === null) return
    const configured = Object.entries(draft)
      .map(([volume, mountPath]) => ({ volume, mountPath: mountPath.trim() }))
      .filter((m) => m.mountPath !== '')
    api.call('storage.setSharedMounts', { mounts: configured }).then(
      (list) => {
        setMounts(list)
        setMessage('Saved.')
        onSaved()
      },
      (error: Error) => setMessage(error.message)
    )
  }

  const names = volumes === '' ? [] : volumes.split('\n')
  return (
    <form
      className="mount-settings"
      aria-label="Volume mount paths"
      onSubmit={(event) => {
        event.preventDefault()
        save()
      }}
    >
      {names.map((volume) => {
        const derived = mounts?.find((m) => m.volume === volume && m.source === 'vm-disks')
        return (
          <label key={volume} className="mount-settings__row">
            <span className="mono">{volume}</span>
            <input
              type="text"
              className="mono"
              value={draft[volume] ?? ''}
              placeholder={derived ? `${derived.mountPath} (from VM disks)` : 'absolute path, e.g. /var/lib/libvirt/images/' + volume}
              onChange={(event) => setDraft({ ...draft, [volume]: event.target.value })}
            />
          </label>
        )
      })}
      <button type="submit" className="btn">
        Save mount paths
      </button>
      {message !== null && (
        <span role="status" className="small">
          {' '}
          {message}
        </span>
      )}
    </form>
  )
}
