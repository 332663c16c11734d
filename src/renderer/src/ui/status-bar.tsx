// The bottom bar: API connection in words, the fleet's connection summary, version and data folder.
import { useMemo } from 'react'
import { useAppStore, type UiSlice } from '../store/app-store'
import { AlertsIndicator } from '../features/storage/alerts-indicator'
import { hostSummary } from './host-status'

const CONNECTION: Record<UiSlice['connection'], { word: string; glyph: string; tone: string }> = {
  connecting: { word: 'Connecting…', glyph: '◔', tone: 'busy' },
  open: { word: 'Connected', glyph: '●', tone: 'ok' },
  closed: { word: 'Disconnected', glyph: '✕', tone: 'down' }
}

export function StatusBar() {
  const connection = useAppStore((s) => s.connection)
  const appInfo = useAppStore((s) => s.appInfo)
  const site = useAppStore((s) => s.site)
  const hostStates = useAppStore((s) => s.hostStates)
  const summary = useMemo(() => {
    const names = site ? site.hosts.map((h) => h.name) : Object.keys(hostStates)
    return hostSummary(names, hostStates)
  }, [site, hostStates])
  const look = CONNECTION[connection]

  return (
    <footer className="statusbar" role="status" aria-label="Status bar">
      <span className={`statusbar__item state state--${look.tone}`}>
        <span className="state__glyph" aria-hidden="true">
          {look.glyph}
        </span>
        API: {look.word}
      </span>
      <span className={connection === 'open' ? 'statusbar__item' : 'statusbar__item statusbar__item--stale'}>
        {site || Object.keys(hostStates).length > 0 ? summary : 'hosts: not loaded yet'}
        {connection === 'closed' && ' (stale)'}
      </span>
      <AlertsIndicator />
      {appInfo?.demoFleet.running && (
        <span className="statusbar__item">demo fleet: {appInfo.demoFleet.hostCount} hosts on 127.0.0.1</span>
      )}
      {appInfo?.secretStore.warning !== undefined && (
        <span className="statusbar__item state state--warn" title={appInfo.secretStore.warning}>
          <span className="state__glyph" aria-hidden="true">
            ▲
          </span>
          secrets: {appInfo.secretStore.kind === 'memory' ? 'in memory only' : 'OS keychain'}
        </span>
      )}
      <span className="statusbar__spacer" />
      {appInfo && (
        <>
          <span className="statusbar__item statusbar__mono" title="Data folder">
            data: {appInfo.dataDir}
          </span>
          <span className="statusbar__item statusbar__mono">v{appInfo.version}</span>
        </>
      )}
    </footer>
  )
}
