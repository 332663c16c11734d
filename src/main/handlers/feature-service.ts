// What each view's main-side service gets from the composition root, and what it gives back:
// the handlers of its part of the API contract, plus hooks for site changes and shutdown.
import type { ApiHandlers, RequestName } from '../../shared/api'
import type { Site } from '../../shared/model'
import type { EventHub } from '../event-hub'
import type { FleetService } from '../fleet/fleet-service'
import type { DemoFleetHandle } from '../services'
import type { AuditLog } from '../store/audit-log'
import type { InventoryStore } from '../store/inventory-store'
import type { SettingsStore } from '../store/settings-store'
import type Database from 'better-sqlite3'

export interface FeatureDeps {
  dataDir: string
  db: Database.Database
  inventory: InventoryStore
  audit: AuditLog
  settings: SettingsStore
  events: EventHub
  /** Null when the services were built without connecting to hosts (inventory-only tools). */
  fleet: FleetService | null
  /** The running demo fleet, if any: its model offers failure injection. */
  demoFleet(): DemoFleetHandle | null
  /** Who is acting, for the audit log. */
  actor: string
  now(): number
}

export type HandlersFor<Requests> = { [K in keyof Requests & RequestName]: ApiHandlers[K] }

export interface FeatureService<Requests> {
  handlers: HandlersFor<Requests>
  onSiteChanged?(site: Site): void
  close?(): Promise<void>
}
