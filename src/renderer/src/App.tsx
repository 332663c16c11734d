// The shell: navigation on the left, the active view in the middle, the status bar at the bottom.
import type { ComponentType } from 'react'
import { HostsView } from './features/hosts/hosts-view'
import { MailView } from './features/mail/mail-view'
import { LiveRacksView } from './features/racks/live-racks-view'
import { StorageView } from './features/storage/storage-view'
import { VmsView } from './features/vms/vms-view'
import type { Site } from '../../shared/model'
import { useAppStore, type ViewName } from './store/app-store'
import { DemoBanner } from './ui/demo-banner'
import { EmptyState } from './ui/empty-state'
import { HostKeyDialog } from './ui/host-key-dialog'
import { Nav } from './ui/nav'
import { StatusBar } from './ui/status-bar'
import { TerminalPanel } from './features/terminal/terminal-panel'
import { useViewShortcuts } from './ui/use-view-shortcuts'

const VIEWS: Record<ViewName, ComponentType<{ site: Site }>> = {
  Racks: LiveRacksView,
  VMs: VmsView,
  Storage: StorageView,
  Mail: MailView,
  Hosts: HostsView
}

export function App() {
  const view = useAppStore((s) => s.view)
  const setView = useAppStore((s) => s.setView)
  const site = useAppStore((s) => s.site)
  const inventoryError = useAppStore((s) => s.inventoryError)
  const offline = useAppStore((s) => s.connection === 'closed')
  useViewShortcuts(setView)
  const View = VIEWS[view]

  return (
    <div className={offline ? 'app app--offline' : 'app'}>
      <Nav active={view} onSelect={setView} />
      <main className="main" aria-labelledby="view-title">
        <h1 id="view-title" className="view-title">
          {view}
        </h1>
        <DemoBanner />
        {offline && (
          <div role="alert" className="alert alert--warn">
            Disconnected from the Rackside service — host states below are from the last contact and may be stale; reconnecting…
          </div>
        )}
        {inventoryError !== null ? (
          <div role="alert" className="alert alert--over">
            Could not load the inventory: {inventoryError}
          </div>
        ) : site === null ? (
          <EmptyState title="Loading the inventory…" />
        ) : (
          <View site={site} />
        )}
      </main>
      <TerminalPanel />
      <StatusBar />
      <HostKeyDialog />
    </div>
  )
}
