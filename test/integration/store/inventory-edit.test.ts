// Inventory editing through the API handlers (as both transports call them, arguments validated
// by the contract) against the real SQLite store: stored edits survive a restart and are
// audited; refused edits leave the store's files byte for byte as they were.
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Services } from '../../../src/main/services'
import { dispatchRequest } from '../../../src/main/transport/dispatch'
import type { RequestName } from '../../../src/shared/api'
import { cabinetBudget } from '../../../src/shared/domain/power'
import { tempDir, tempServices } from '../../helpers/temp-services'

const r03 = {
  name: 'R03',
  heightU: 42,
  maxWeightKg: 800,
  coolingWatts: 4000,
  feeds: [
    { name: 'A', volts: 230, amps: 32, phases: 1, deratePercent: 80 },
    { name: 'B', volts: 230, amps: 32, phases: 1, deratePercent: 80 }
  ]
}
const xeon1U = 'Xeon E5-2637 v3 1U'

describe('inventory edits through the API on the real store', () => {
  let dir: ReturnType<typeof tempDir>
  let services: Services

  /** The store's files as they are on disk now: the database, its WAL and shared memory index. */
  const storeFiles = () =>
    ['rackside.db', 'rackside.db-wal', 'rackside.db-shm']
      .map((name) => join(dir.path, name))
      .map((path) => (existsSync(path) ? createHash('sha256').update(readFileSync(path)).digest('hex') : 'absent'))
      .join(' ')

  const call = (method: RequestName, args: unknown) => dispatchRequest(services.handlers, method, args)

  /** Sends a bad edit and checks it fails with `kind` and a message matching `message`, storing nothing. */
  async function expectRefused(method: RequestName, args: unknown, kind: string, message: RegExp): Promise<void> {
    const before = { files: storeFiles(), site: services.inventory.getSite(), audit: services.audit.list().length }
    const response = await call(method, args)
    expect(response).toMatchObject({ ok: false, error: { kind } })
    if (response.ok) return
    expect(response.error.message).toMatch(message)
    expect(storeFiles()).toBe(before.files)
    expect(services.inventory.getSite()).toEqual(before.site)
    expect(services.audit.list()).toHaveLength(before.audit)
  }

  beforeEach(async () => {
    dir = tempDir('rackside-inventory-edit-')
    services = await tempServices(dir.path)
  })
  afterEach(async () => {
    await services.close()
    dir.remove()
  })

  it('adds a cabinet with two feeds, a model and a device; each is audited, pushed, and survives a restart', async () => {
    const pushed: string[] = []
    services.events.attach((topic, payload) => {
      if (topic === 'inventory.changed') pushed.push((payload as { devices: { name: string }[] }).devices.map((d) => d.name).join(','))
    })
    const filesBefore = storeFiles()
    expect(await call('inventory.saveCabinet', { cabinet: r03 })).toMatchObject({ ok: true })
    // The check the refusal tests rely on sees a stored change.
    expect(storeFiles()).not.toBe(filesBefore)
    const model = { name: 'Epyc 7302 2U', role: 'server', heightU: 2, fullDepth: true, watts: { nameplate: 800, typical: 250, idle: 120, peak: 420 }, weightKg: 24, cores: 32, ghz: 3, ramGiB: 256, disks: '8 x 1.92 TB NVMe' }
    expect(await call('inventory.saveModel', { model })).toMatchObject({ ok: true })
    const added = await call('inventory.saveDevice', { device: { name: 'db-02', model: 'Epyc 7302 2U', cabinet: 'R03', positionU: 30, face: 'front', feeds: ['A', 'B'] } })
    expect(added.ok).toBe(true)
    expect(cabinetBudget(services.inventory.getSite(), 'R03').drawWatts.peak).toBe(420)
    expect(pushed.at(-1)).toContain('db-02')

    expect(services.audit.list(3).map((e) => [e.action, e.target, e.result])).toEqual([
      ['inventory.add-device', 'db-02', 'succeeded'],
      ['inventory.add-model', 'Epyc 7302 2U', 'succeeded'],
      ['inventory.add-cabinet', 'R03', 'succeeded']
    ])
    expect(services.audit.list(1)[0]?.detail).toBe('Epyc 7302 2U at R03 U30–U31 front, feeds A+B')

    await services.close()
    services = await tempServices(dir.path)
    const site = services.inventory.getSite()
    expect(site.cabinets.find((c) => c.name === 'R03')).toEqual(r03)
    expect(site.models.find((m) => m.name === 'Epyc 7302 2U')).toEqual({ ...model, role: 'server' })
    expect(site.devices.find((d) => d.name === 'db-02')).toEqual({ name: 'db-02', model: 'Epyc 7302 2U', cabinet: 'R03', positionU: 30, face: 'front', feeds: ['A', 'B'] })
  })

  it('refuses the bad inputs of the issue with a clear message and leaves the store byte-unchanged', async () => {
    await expectRefused('inventory.saveCabinet', { cabinet: { ...r03, feeds: [r03.feeds[0], { ...r03.feeds[1], amps: -16 }] } }, 'invalid-arguments', /cabinet\.feeds\.1\.amps: amps must be above 0/)
    await expectRefused('inventory.saveCabinet', { cabinet: { ...r03, feeds: [{ ...r03.feeds[0], volts: 0 }] } }, 'invalid-arguments', /volts must be above 0/)
    await expectRefused(
      'inventory.saveModel',
      { model: { name: 'Odd', heightU: 1, watts: { nameplate: 500, typical: 100, idle: 110, peak: 90 }, weightKg: 10 } },
      'invalid-arguments',
      /peak \(90 W\) is below idle \(110 W\)/
    )
    await expectRefused('inventory.saveDevice', { device: { name: 'web-02', model: xeon1U, cabinet: 'R02', positionU: 46, face: 'rear', feeds: ['A'] } }, 'invalid-edit', /^Device not added: positionU: U46 rear is taken by sw-r02-a$/)
    await expectRefused('inventory.saveDevice', { device: { name: 'web-02', model: 'Xeon E5-2637 v3 2U', cabinet: 'R02', positionU: 46, face: 'front', feeds: ['A'] } }, 'invalid-edit', /positionU: U46–U47 is outside R02 \(46U\)/)
    await expectRefused('inventory.saveDevice', { device: { name: 'web-02', model: xeon1U, cabinet: 'R02', positionU: 0, face: 'front' } }, 'invalid-arguments', /device\.positionU/)
  })

  it('refuses removing a model still in use and a cabinet holding devices, saying which and how many', async () => {
    await expectRefused('inventory.removeModel', { name: 'Atom C2550 1U' }, 'in-use', /5 devices use it \(hv-01, hv-02, hv-03, hv-04, hv-05\)/)
    await expectRefused('inventory.removeCabinet', { name: 'R01' }, 'in-use', /it holds 8 devices/)
    await expectRefused('inventory.saveCabinet', { cabinet: { ...r03, name: 'R01' } }, 'conflict', /a cabinet named R01 already exists/)
    await expectRefused('inventory.removeDevice', { name: 'nope' }, 'not-found', /no device named nope/)
  })

  it('renames a cabinet and a model, keeping the devices on them, and removes a cabinet after moving its devices', async () => {
    const r02 = services.inventory.getSite().cabinets[1]
    expect((await call('inventory.saveCabinet', { original: 'R02', cabinet: { ...r02, name: 'R2' } })).ok).toBe(true)
    expect((await call('inventory.saveModel', { original: 'Atom C2550 1U', model: { ...services.inventory.getSite().models[2], name: 'Atom 1U' } })).ok).toBe(true)
    const site = services.inventory.getSite()
    expect(site.devices.find((d) => d.name === 'hv-03')).toMatchObject({ cabinet: 'R2', model: 'Atom 1U', host: 'hv-03' })
    expect(site.devices.some((d) => d.cabinet === 'R02' || d.model === 'Atom C2550 1U')).toBe(false)

    expect((await call('inventory.saveCabinet', { cabinet: r03 })).ok).toBe(true)
    const removed = await call('inventory.removeCabinet', { name: 'R2', moveDevicesTo: 'R03' })
    expect(removed.ok).toBe(true)
    const after = services.inventory.getSite()
    expect(after.cabinets.map((c) => c.name)).toEqual(['R01', 'R03'])
    // R03 is 42U: the switch at U46 goes to the highest free unit, the Atoms keep theirs.
    expect(after.devices.filter((d) => d.cabinet === 'R03').map((d) => `${d.name}@${d.positionU}`)).toEqual(['sw-r02-a@42', 'hv-01@40', 'hv-02@39', 'hv-03@38', 'hv-04@37', 'hv-05@36'])
    expect(services.audit.list(1)[0]).toMatchObject({ action: 'inventory.remove-cabinet', target: 'R2', detail: expect.stringContaining('moved sw-r02-a → R03 U42 rear') })
  })

  it('removes a device, and edits a device to another unit through the same handler', async () => {
    const web01 = services.inventory.getSite().devices.find((d) => d.name === 'web-01')
    expect((await call('inventory.saveDevice', { original: 'web-01', device: { ...web01, positionU: 10 } })).ok).toBe(true)
    expect(services.inventory.getSite().devices.find((d) => d.name === 'web-01')?.positionU).toBe(10)
    expect((await call('inventory.removeDevice', { name: 'web-01' })).ok).toBe(true)
    expect(services.inventory.getSite().devices.some((d) => d.name === 'web-01')).toBe(false)
    expect(services.audit.list(2).map((e) => e.action)).toEqual(['inventory.remove-device', 'inventory.edit-device'])
  })
})
