import { createHash } from 'node:crypto'
import { readFileSync, writeFileSync, mkdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase, StoreOpenError } from '../../../src/main/store/database'
import { resourcesDir, tempDir, tempServices } from '../../helpers/temp-services'

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex')

describe('embedded store', () => {
  let dir: ReturnType<typeof tempDir>
  beforeEach(() => (dir = tempDir()))
  afterEach(() => dir.remove())

  it('imports the demo site on first start, in WAL mode, and keeps it across restarts', async () => {
    const first = await tempServices(dir.path)
    const site = first.inventory.getSite()
    expect(site.cabinets.map((c) => [c.name, c.heightU])).toEqual([
      ['R01', 46],
      ['R02', 46]
    ])
    expect(site.devices.filter((d) => d.model === 'Atom C2550 1U').map((d) => d.name)).toEqual(['hv-01', 'hv-02', 'hv-03', 'hv-04', 'hv-05'])
    expect(first.audit.list()[0]).toMatchObject({ action: 'inventory.import', result: 'succeeded' })
    await first.handlers['inventory.moveDevice']({ device: 'web-01', cabinet: 'R01', positionU: 10, face: 'front' })
    await first.close()

    const db = new Database(join(dir.path, 'rackside.db'), { readonly: true })
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(1)
    db.close()

    const second = await tempServices(dir.path)
    expect(second.inventory.getSite().devices.find((d) => d.name === 'web-01')?.positionU).toBe(10)
    expect(second.audit.list().map((e) => e.action)).toEqual(['inventory.move-device', 'inventory.import'])
    await second.close()
  })

  it('refuses a corrupt file and leaves it byte-for-byte untouched', () => {
    const path = join(dir.path, 'rackside.db')
    writeFileSync(path, Buffer.from('this is not sqlite at all, just some text that got here '.repeat(200)))
    const before = sha(path)
    expect(() => openDatabase(dir.path)).toThrow(StoreOpenError)
    try {
      openDatabase(dir.path)
    } catch (error) {
      expect((error as StoreOpenError).kind).toBe('not-a-database')
      expect((error as Error).message).toContain('left untouched')
    }
    expect(sha(path)).toBe(before)
  })

  it("refuses another program's SQLite database without changing it", () => {
    const path = join(dir.path, 'rackside.db')
    const foreign = new Database(path)
    foreign.exec("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('alice')")
    foreign.close()
    const before = sha(path)
    expect(() => openDatabase(dir.path)).toThrow(/another program/)
    expect(sha(path)).toBe(before)
  })

  it('reports an unusable data folder clearly', () => {
    const file = join(dir.path, 'a-file')
    writeFileSync(file, 'x')
    expect(() => openDatabase(join(file, 'data'))).toThrow(/data folder .* is not usable \(ENOTDIR\)/)
  })

  it('rejects a YAML import with wrong types, naming line and field, and keeps the inventory', async () => {
    const services = await tempServices(dir.path)
    const before = services.inventory.getSite()
    const demo = readFileSync(join(resourcesDir, 'demo-site.yaml'), 'utf8')
    const broken = demo.replace('volts: 230, amps: 16, phases: 1, deratePercent: 80 }\n      - { name: B', 'volts: -230, amps: 16, phases: 1, deratePercent: 80 }\n      - { name: B')
    expect(broken).not.toBe(demo)
    const result = await services.handlers['inventory.importYaml']({ text: broken, fileName: 'broken.yaml' })
    expect(result.ok).toBe(false)
    if (result.ok) return
    const expectedLine = broken.split('\n').findIndex((line) => line.includes('volts: -230')) + 1
    expect(result.errors).toEqual([expect.objectContaining({ line: expectedLine, path: expect.stringContaining('volts') })])
    expect(services.inventory.getSite()).toEqual(before)
    const notYaml = await services.handlers['inventory.importYaml']({ text: 'cabinets: [unclosed', fileName: 'bad.yaml' })
    expect(notYaml.ok).toBe(false)
    expect(services.inventory.getSite()).toEqual(before)
    expect(services.audit.list()[0]).toMatchObject({ action: 'inventory.import', target: 'bad.yaml', result: 'failed' })
    await services.close()
  })

  it('exports YAML that imports back to the same inventory', async () => {
    const services = await tempServices(dir.path)
    const before = services.inventory.getSite()
    const { yaml } = await services.handlers['inventory.exportYaml']({})
    const other = join(dir.path, 'other')
    mkdirSync(other)
    const fresh = await tempServices(other)
    const result = await fresh.handlers['inventory.importYaml']({ text: yaml, fileName: 'export.yaml' })
    expect(result).toEqual({ ok: true, counts: { cabinets: 2, models: 4, devices: 14, hosts: 8 } })
    expect(fresh.inventory.getSite()).toEqual(before)
    expect(statSync(join(other, 'rackside.db')).size).toBeGreaterThan(0)
    await services.close()
    await fresh.close()
  })

  it('refuses a move that collides, leaving the device where it was', async () => {
    const services = await tempServices(dir.path)
    await expect(services.handlers['inventory.moveDevice']({ device: 'hv-05', cabinet: 'R02', positionU: 40, face: 'front' })).rejects.toThrow(/hv-01/)
    expect(services.inventory.getSite().devices.find((d) => d.name === 'hv-05')?.positionU).toBe(36)
    await services.close()
  })
})
