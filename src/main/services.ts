// The composition root: builds every main-process service from one config and implements the
// API contract once. Electron IPC, the WebSocket transport, the CLI and the tests all use this.
import { readFileSync } from 'node:fs'
import { userInfo } from 'node:os'
import { join } from 'node:path'
import type { ApiHandlers, AppInfo, DemoStatus, PrintToPdfResult } from '../shared/api'
import { applyInventoryEdit, type InventoryEdit } from '../shared/domain/inventory-edit'
import { injectFailure } from './sim/inject-failure'
import { TerminalService } from './terminal/terminal-service'
import type { Site } from '../shared/model'
import { EventHub } from './event-hub'
import { FleetService, type DemoEndpoint, type FleetServiceOptions } from './fleet/fleet-service'
import type { FeatureDeps } from './handlers/feature-service'
import { createHostsHandlers } from './handlers/hosts-service'
import { createMailService } from './handlers/mail-service'
import { createStorageService } from './handlers/storage-service'
import { createVmsService } from './handlers/vms-service'
import type { FleetModel } from './sim/fleet-model'
import type { SecretStore } from './ssh/secret-store'
import type { SshConfigImportOptions } from './ssh/ssh-config-import'
import { MemorySecretStore } from './ssh/secret-store'
import { openDatabase } from './store/database'
import { AuditLog } from './store/audit-log'
import { InventoryStore } from './store/inventory-store'
import { exportSiteYaml, importSiteYaml } from './store/inventory-yaml'
import { SettingsStore } from './store/settings-store'

/** A running demo fleet: where each demo host listens, and how to stop it. */
export interface DemoFleetHandle {
  endpoints: ReadonlyMap<string, DemoEndpoint>
  /** The simulator's model, for failure injection (kill a brick, cut a host, start a scenario). */
  model?: FleetModel
  stop(): Promise<void>
}
export type DemoFleetLauncher = (site: Site, dataDir: string) => Promise<DemoFleetHandle>

export interface ServicesConfig {
  dataDir: string
  /** Folder holding demo-site.yaml and other shipped resources. */
  resourcesDir: string
  version: string
  secretStoreKind: AppInfo['secretStore']['kind']
  secretStoreWarning?: string
  secretStore?: SecretStore
  now?: () => number
  /** Connect to the site's hosts and poll them. Off for services that only edit the inventory. */
  connectFleet?: boolean
  /** Starts the demo fleet for demo hosts (absent: demo hosts are treated as ordinary hosts). */
  launchDemoFleet?: DemoFleetLauncher
  fleet?: Partial<Omit<FleetServiceOptions, 'dataDir' | 'events'>>
  /** Where `~/.ssh/config` is read from for imports (tests point it elsewhere). */
  sshConfig?: SshConfigImportOptions
  /** The desktop shell's PDF printer (Electron's printToPDF behind a save dialog); absent in web mode. */
  printToPdf?: (fileName: string) => Promise<PrintToPdfResult>
}

export interface Services {
  handlers: ApiHandlers
  events: EventHub
  inventory: InventoryStore
  audit: AuditLog
  settings: SettingsStore
  fleet: FleetService | null
  close(): Promise<void>
}

/** Hosts of the built-in demo site are named `*.demo`: the demo fleet answers for them. */
export const isDemoAddress = (address: string) => address.endsWith('.demo')

export async function createServices(config: ServicesConfig): Promise<Services> {
  const now = config.now ?? Date.now
  const { db, created } = openDatabase(config.dataDir)
  const inventory = new InventoryStore(db)
  const audit = new AuditLog(db, now)
  const settings = new SettingsStore(db)
  const events = new EventHub()
  const actor = safeUserName()
  const secretStore = config.secretStore ?? new MemorySecretStore()

  if (created || inventory.isEmpty()) {
    const demoFile = join(config.resourcesDir, 'demo-site.yaml')
    const result = importSiteYaml(inventory, readFileSync(demoFile, 'utf8'), demoFile)
    if (!result.ok) throw new Error(`the shipped demo site ${demoFile} is invalid: ${result.errors.map((e) => `${e.line ?? '?'}: ${e.path}: ${e.message}`).join('; ')}`)
    audit.append({ actor, action: 'inventory.import', target: 'demo-site.yaml', result: 'succeeded', detail: 'first start: demo site imported' })
  }

  const fleet = config.connectFleet ? new FleetService({ ...config.fleet, dataDir: config.dataDir, events, now, auth: { ...config.fleet?.auth, secretStore } }) : null
  let demo: DemoFleetHandle | null = null

  /** Brings the demo fleet and the pool in line with the inventory and the demo setting. */
  const syncFleet = async (site: Site) => {
    if (!fleet) return
    const demoHosts = site.hosts.filter((h) => isDemoAddress(h.address))
    const wantDemo = settings.demoFleetEnabled() && demoHosts.length > 0 && config.launchDemoFleet !== undefined
    if (demo && !wantDemo) {
      await demo.stop()
      demo = null
    }
    if (!demo && wantDemo && config.launchDemoFleet) demo = await config.launchDemoFleet(site, config.dataDir)
    // With the demo fleet off, its hosts are left out rather than dialled at addresses that do not exist.
    const polled = demo ? site : { ...site, hosts: site.hosts.filter((h) => !isDemoAddress(h.address)) }
    await fleet.applySite(polled, demo?.endpoints ?? new Map())
  }
  await syncFleet(inventory.getSite())
  fleet?.start()

  const deps: FeatureDeps = { dataDir: config.dataDir, db, inventory, audit, settings, events, fleet, demoFleet: () => demo, actor, now }
  const vms = createVmsService(deps)
  const storage = createStorageService(deps)
  const mail = createMailService(deps)
  const features = [vms, storage, mail]
  const notifyFeatures = (site: Site) => features.forEach((feature) => feature.onSiteChanged?.(site))
  notifyFeatures(inventory.getSite())

  const demoStatus = (): DemoStatus => {
    const status = demo?.model?.status()
    return {
      enabled: settings.demoFleetEnabled(),
      running: demo !== null,
      hosts: status?.hosts.map((h) => ({ name: h.name, reachability: h.reachability, slowMs: h.slowMs, vms: h.vms })) ?? [],
      bricks: status?.bricks.map((b) => ({ host: b.host, path: b.path, online: b.online, healPending: b.healPending })) ?? [],
      mailScenario: status?.mailScenario ?? []
    }
  }

  const terminals = fleet ? new TerminalService(fleet.pool, events, audit, actor) : null
  const requireTerminals = () => {
    if (!terminals) throw Object.assign(new Error('this Rackside does not connect to hosts'), { kind: 'not-connected' })
    return terminals
  }
  const ok = { ok: true as const }

  const inventoryChanged = async (site: Site) => {
    await syncFleet(site)
    notifyFeatures(site)
    events.publish('inventory.changed', site)
  }

  /** One inventory edit: checked against the stored site, stored in one transaction, audited. */
  const editInventory = async (edit: InventoryEdit): Promise<Site> => {
    const outcome = applyInventoryEdit(inventory.getSite(), edit)
    if (!outcome.ok) throw Object.assign(new Error(outcome.message), { kind: outcome.refusal === 'invalid' ? 'invalid-edit' : outcome.refusal })
    const site = inventory.replaceSite(outcome.site)
    audit.append({ actor, ...outcome.audit, result: 'succeeded' })
    await inventoryChanged(site)
    return site
  }

  const handlers: ApiHandlers = {
    'app.info': async () => ({
      version: config.version,
      dataDir: config.dataDir,
      demoFleet: { running: demo !== null, hostCount: demo?.endpoints.size ?? 0 },
      secretStore: { kind: config.secretStoreKind, ...(config.secretStoreWarning ? { warning: config.secretStoreWarning } : {}) },
      capabilities: { printToPdf: config.printToPdf !== undefined }
    }),
    'app.printToPdf': async ({ fileName }) => {
      if (!config.printToPdf) throw Object.assign(new Error('saving a PDF directly needs the desktop app; in a browser use Print and choose "Save as PDF"'), { kind: 'not-available' })
      return config.printToPdf(fileName)
    },
    'inventory.get': async () => inventory.getSite(),
    'inventory.exportYaml': async () => ({ yaml: exportSiteYaml(inventory.getSite()) }),
    'inventory.importYaml': async ({ text, fileName }) => {
      const { site, ...result } = importSiteYaml(inventory, text, fileName)
      audit.append({ actor, action: 'inventory.import', target: fileName, result: result.ok ? 'succeeded' : 'failed', ...(result.ok ? {} : { detail: `${result.errors.length} problem(s)` }) })
      if (site) await inventoryChanged(site)
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
      notifyFeatures(site)
      events.publish('inventory.changed', site)
      return site
    },
    'inventory.saveCabinet': async (args) => editInventory({ action: 'save-cabinet', ...args }),
    'inventory.removeCabinet': async (args) => editInventory({ action: 'remove-cabinet', ...args }),
    'inventory.saveModel': async (args) => editInventory({ action: 'save-model', ...args }),
    'inventory.removeModel': async (args) => editInventory({ action: 'remove-model', ...args }),
    'inventory.saveDevice': async (args) => editInventory({ action: 'save-device', ...args }),
    'inventory.removeDevice': async (args) => editInventory({ action: 'remove-device', ...args }),
    'hosts.states': async () =>
      fleet ? fleet.hostStates() : inventory.getSite().hosts.map((h) => ({ host: h.name, status: 'idle' as const, sinceMs: now() })),
    'hosts.pendingHostKeys': async () => fleet?.pendingHostKeys() ?? [],
    'hosts.answerHostKey': async ({ id, decision }) => {
      const pending = fleet?.pendingHostKeys().find((p) => p.id === id)
      const answered = fleet?.answerHostKey(id, decision) ?? false
      if (pending && answered) {
        audit.append({ actor, action: 'host-key.answer', target: `${pending.host} (${pending.address}:${pending.port})`, result: decision === 'cancel' ? 'cancelled' : 'succeeded', detail: `${decision} ${pending.keyType} ${pending.sha256}` })
      }
      return { answered }
    },
    'fleet.snapshot': async () => fleet?.snapshot() ?? { hosts: {} },
    'demo.status': async () => demoStatus(),
    'demo.setEnabled': async ({ enabled }) => {
      settings.setDemoFleetEnabled(enabled)
      await inventoryChanged(inventory.getSite())
      audit.append({ actor, action: 'demo.set-enabled', target: 'demo fleet', result: 'succeeded', detail: enabled ? 'on' : 'off' })
      return demoStatus()
    },
    'demo.inject': async (args) => {
      const model = demo?.model
      if (!model) throw Object.assign(new Error('the demo fleet is not running'), { kind: 'demo-not-running' })
      const message = injectFailure(model, args)
      audit.append({ actor, action: `demo.${args.action}`, target: 'host' in args && args.host ? args.host : 'demo fleet', result: 'succeeded', detail: message })
      return { message }
    },
    ...createHostsHandlers(deps, { secretStore, siteChanged: inventoryChanged, ...(config.sshConfig ? { sshConfig: config.sshConfig } : {}) }),
    'terminal.open': async ({ host, cols, rows }, caller) => requireTerminals().open(host, cols, rows, caller?.client),
    'terminal.input': async ({ id, data }, caller) => (requireTerminals().input(id, data, caller?.client), ok),
    'terminal.resize': async ({ id, cols, rows }, caller) => (requireTerminals().resize(id, cols, rows, caller?.client), ok),
    'terminal.ack': async ({ id, bytes }, caller) => (requireTerminals().ack(id, bytes, caller?.client), ok),
    'terminal.close': async ({ id }, caller) => (requireTerminals().close(id, caller?.client), ok),
    'audit.list': async ({ limit }) => audit.list(limit),
    ...vms.handlers,
    ...storage.handlers,
    ...mail.handlers
  }

  return {
    handlers,
    events,
    inventory,
    audit,
    settings,
    fleet,
    close: async () => {
      terminals?.closeAll()
      for (const feature of features) await feature.close?.()
      await fleet?.close()
      await demo?.stop()
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
