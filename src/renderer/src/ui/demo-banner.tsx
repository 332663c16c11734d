// Says plainly when the screens show the built-in demo fleet, how to add real hosts, and lets
// the user switch the demo off (or on again).
import { useState } from 'react'
import { useAppStore } from '../store/app-store'
import { DemoIncidents } from './demo-incidents'

export function DemoBanner() {
  const appInfo = useAppStore((s) => s.appInfo)
  const hasDemoHosts = useAppStore((s) => s.site?.hosts.some((h) => h.address.endsWith('.demo')) ?? false)
  const api = useAppStore((s) => s.api)
  const refresh = useAppStore((s) => s.refresh)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  if (!appInfo || !hasDemoHosts) return null
  const running = appInfo.demoFleet.running

  const toggle = async () => {
    if (!api) return
    setBusy(true)
    setError(null)
    try {
      await api.call('demo.setEnabled', { enabled: !running })
      await refresh()
    } catch (failure) {
      setError((failure as Error).message)
    } finally {
      setBusy(false)
    }
  }

  return (
    <div role="region" aria-label="Demo fleet" className={running ? 'demo-banner' : 'demo-banner demo-banner--off'}>
      <strong>{running ? 'Demo fleet' : 'Demo fleet is off'}</strong>{' '}
      {running
        ? `— the ${appInfo.demoFleet.hostCount} demo hosts are simulated by Rackside and served over real SSH on 127.0.0.1. To manage your own machines, export the inventory, add your hosts and import it (see README, "Adding real hosts"), or switch the demo off.`
        : '— the demo site’s hosts are not polled.'}{' '}
      <button type="button" disabled={busy} onClick={() => void toggle()}>
        {running ? 'Switch the demo fleet off' : 'Switch the demo fleet on'}
      </button>
      {error && <span className="error-text"> {error}</span>}
      {running && <DemoIncidents />}
    </div>
  )
}
