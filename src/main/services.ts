// The composition root: builds every main-process service from one config and implements the
// API contract once. Electron IPC, the WebSocket transport, the CLI and the tests all use this.
import { readFileSync } from 'node:fs'
import { userInfo } from 'node:os'
import { join } from 'node:path'
import type { ApiHandlers, AppInfo, HostConnectionState } from '../shared/api'
import { EventHub } from './event-hub'
import { openDatabase } from './store/database'
import { AuditLog } from './store/audit-log'
import { InventoryStore } from './store/inventory-store'
import { exportSiteYaml, importSiteYaml } from './store/inventory-yaml'

export interface ServicesConfig {
  dataDir: string
  /** Folder holding demo-site.yaml and other shipped resources. */
  resourcesDir: string
  version: string
  secretStoreKind: AppInfo['secretStore']['kind']
  secretStoreWarning?: string
  now?: () => number
}

export interface Services {
  handlers: ApiHandlers
  events: EventHub
  inventory: InventoryStore
  audit: AuditLog
  close(): Promise<void>
}

export async function createServices(config: ServicesConfig): Promise<Services> {
  const now = config.now ?? Date.now
  const { db, created } = openDatabase(config.dataDir)
  const inventory = new InventoryStore(db)
  const audit = new AuditLog(db, now)
  const events = new EventHub()
  const actor = safeUserName()

  if (created || inventory.isEmpty()) {
    const demoFile = join(config.resourcesDir, 'demo-site.yaml')
    const result = importSiteYaml(inventory, readFileSync(demoFile, 'utf8'), demoFile)
    if (!result.ok) throw new Error(`the shipped demo site ${demoFile} is invalid: ${result.errors.map((e) => `${e.line ?? '?'}: ${e.path}: ${e.message}`).join('; ')}`)
    audit.append({ actor, action: 'inventory.import', target: 'demo-site.yaml', result: 'succeeded', detail: 'first start: demo site imported' })
  }

  const hostStates = new Map<string, HostConnectionState>()
  const refreshHostStates = () => {
    for (const host of inventory.getSite().hosts) {
      if (!hostStates.has(host.name)) hostStates.set(host.name, { host: host.name, status: 'idle', sinceMs: now() })
    }
  }
  refreshHostStates()

  const handlers: ApiHandlers = {
    'app.info': async () => ({
      version: config.version,
      dataDir: config.dataDir,
      demoFleet: { running: false, hostCount: 0 },
      secretStore: { kind: config.secretStoreKind, ...(config.secretStoreWarning ? { warning: config.secretStoreWarning } : {}) }
    }),
    'inventory.get': async () => inventory.getSite(),
    'inventory.exportYaml': async () => ({ yaml: exportSiteYaml(inventory.getSite()) }),
    'inventory.importYaml': async ({ text, fileName }) => {
      const { site, ...result } = importSiteYaml(inventory, text, fileName)
      audit.append({ actor, action: 'inventory.import', target: fileName, result: result.ok ? 'succeeded' : 'failed', ...(result.ok ? {} : { detail: `${result.errors.length} problem(s)` }) })
      if (site) {
        refreshHostStates()
        events.publish('inventory.changed', site)
      }
      return result
    },
    'inventory.moveDevice': async ({ device, cabinet, positionU, face }) => {
      const current = inventory.getSite()
      const existing = current.devices.find((d) => d.name === device)
      if (!existing) throw Object.assign(new Error(`no device named ${device}`), { kind: 'not-found' })
      const moved = { ...current, devices: current.devices.map((d) => (d.name === device ? { ...d, cabinet, positionU, face } : d)) }
      const site = inventory.replaceSite(moved)
      audit.append({
        actor,
        action: 'inventory.move-device',
        target: device,
        result: 'succeeded',
        detail: `${existing.cabinet} U${existing.positionU} ${existing.face} → ${cabinet} U${positionU} ${face}`
      })
      events.publish('inventory.changed', site)
      return site
    },
    'hosts.states': async () => [...hostStates.values()],
    'audit.list': async ({ limit }) => audit.list(limit)
  }

  return {
    handlers,
    events,
    inventory,
    audit,
    close: async () => {
      db.close()
    }
  }
}

function safeUserName(): string {
  try {
    return userInfo().username
  } catch {
    return 'unknown'
  }
}
