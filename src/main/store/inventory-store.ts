// The site inventory in SQLite: read as one Site, replaced as one transaction so a bad import
// never leaves a half-written inventory.
import type Database from 'better-sqlite3'
import { DeviceModelSchema, HostSchema, SiteSchema, type Device, type Site } from '../../shared/model'
import { checkSite } from '../../shared/domain/site-rules'

export class InventoryRejectedError extends Error {
  override name = 'InventoryRejectedError'
  readonly kind = 'inventory-rejected'
  constructor(readonly problems: { path: string; message: string }[]) {
    super(`inventory rejected: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`)
  }
}

interface CabinetRow {
  name: string
  height_u: number
  max_weight_kg: number
  cooling_watts: number
  contract_watts: number | null
}
interface FeedRow {
  cabinet: string
  name: string
  volts: number
  amps: number
  phases: number
  derate_percent: number
}
interface DeviceRow {
  name: string
  model: string
  cabinet: string
  position_u: number
  face: string
  feeds: string
  host: string | null
}

export class InventoryStore {
  constructor(private readonly db: Database.Database) {}

  isEmpty(): boolean {
    return (this.db.prepare('SELECT count(*) AS n FROM site').get() as { n: number }).n === 0
  }

  getSite(): Site {
    const siteRow = this.db.prepare('SELECT name, description FROM site WHERE id = 1').get() as { name: string; description: string | null } | undefined
    const feeds = this.db.prepare('SELECT * FROM feed ORDER BY cabinet, sort').all() as FeedRow[]
    const cabinets = (this.db.prepare('SELECT * FROM cabinet ORDER BY sort').all() as CabinetRow[]).map((row) => ({
      name: row.name,
      heightU: row.height_u,
      maxWeightKg: row.max_weight_kg,
      coolingWatts: row.cooling_watts,
      ...(row.contract_watts === null ? {} : { contractWatts: row.contract_watts }),
      feeds: feeds
        .filter((feed) => feed.cabinet === row.name)
        .map((feed) => ({ name: feed.name, volts: feed.volts, amps: feed.amps, phases: feed.phases as 1 | 3, deratePercent: feed.derate_percent }))
    }))
    const models = (this.db.prepare('SELECT body FROM device_model ORDER BY sort').all() as { body: string }[]).map((row) =>
      DeviceModelSchema.parse(JSON.parse(row.body))
    )
    const devices = (this.db.prepare('SELECT * FROM device ORDER BY sort').all() as DeviceRow[]).map(
      (row): Device => ({
        name: row.name,
        model: row.model,
        cabinet: row.cabinet,
        positionU: row.position_u,
        face: row.face as Device['face'],
        feeds: JSON.parse(row.feeds) as string[],
        ...(row.host === null ? {} : { host: row.host })
      })
    )
    const hosts = (this.db.prepare('SELECT body FROM host ORDER BY sort').all() as { body: string }[]).map((row) => HostSchema.parse(JSON.parse(row.body)))
    return {
      site: { name: siteRow?.name ?? 'Unnamed site', ...(siteRow?.description ? { description: siteRow.description } : {}) },
      cabinets,
      models,
      devices,
      hosts
    }
  }

  /** Validates the whole site, then swaps it in atomically; on any problem the store is unchanged. */
  replaceSite(input: unknown): Site {
    const parsed = SiteSchema.safeParse(input)
    if (!parsed.success) {
      throw new InventoryRejectedError(parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })))
    }
    const site = parsed.data
    const problems = checkSite(site)
    if (problems.length > 0) throw new InventoryRejectedError(problems.map((p) => ({ path: p.path.join('.'), message: p.message })))
    this.db.transaction(() => {
      for (const table of ['device', 'host', 'device_model', 'feed', 'cabinet', 'site']) this.db.exec(`DELETE FROM ${table}`)
      this.db.prepare('INSERT INTO site (id, name, description) VALUES (1, ?, ?)').run(site.site.name, site.site.description ?? null)
      const insertCabinet = this.db.prepare('INSERT INTO cabinet VALUES (?, ?, ?, ?, ?, ?)')
      const insertFeed = this.db.prepare('INSERT INTO feed VALUES (?, ?, ?, ?, ?, ?, ?)')
      site.cabinets.forEach((cabinet, index) => {
        insertCabinet.run(cabinet.name, index, cabinet.heightU, cabinet.maxWeightKg, cabinet.coolingWatts, cabinet.contractWatts ?? null)
        cabinet.feeds.forEach((feed, feedIndex) =>
          insertFeed.run(cabinet.name, feedIndex, feed.name, feed.volts, feed.amps, feed.phases, feed.deratePercent)
        )
      })
      const insertModel = this.db.prepare('INSERT INTO device_model VALUES (?, ?, ?)')
      site.models.forEach((model, index) => insertModel.run(model.name, index, JSON.stringify(model)))
      const insertDevice = this.db.prepare('INSERT INTO device VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      site.devices.forEach((device, index) =>
        insertDevice.run(device.name, index, device.model, device.cabinet, device.positionU, device.face, JSON.stringify(device.feeds), device.host ?? null)
      )
      const insertHost = this.db.prepare('INSERT INTO host VALUES (?, ?, ?)')
      site.hosts.forEach((host, index) => insertHost.run(host.name, index, JSON.stringify(host)))
    })()
    return site
  }
}
