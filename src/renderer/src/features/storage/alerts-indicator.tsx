// For the status bar: active Gluster alerts by severity, in words with a shape; a click opens
// the Storage view where they are listed.
import { useAppStore } from '../../store/app-store'
import { alertCountsText, countAlerts } from './alert-counts'
import { useStorageLive, useStorageStore } from './storage-store'
import './storage.css'

export function AlertsIndicator() {
  useStorageLive()
  const active = useStorageStore((s) => s.alerts?.active)
  const setView = useAppStore((s) => s.setView)
  if (active === undefined) return null
  const counts = countAlerts(active)
  const tone = counts.critical > 0 ? 'down' : counts.warning > 0 ? 'warn' : 'ok'
  const glyph = counts.critical > 0 ? '✕' : counts.warning > 0 ? '▲' : '✓'
  return (
    <button type="button" className={`alerts-indicator state state--${tone}`} onClick={() => setView('Storage')} title="Open the Storage view" data-critical={counts.critical} data-warning={counts.warning}>
      <span className="state__glyph" aria-hidden="true">
        {glyph}
      </span>
      {alertCountsText(counts)}
    </button>
  )
}
