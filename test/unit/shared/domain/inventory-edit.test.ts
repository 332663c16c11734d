import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { applyInventoryEdit, type CabinetInput, type EditOutcome, type InventoryEdit } from '../../../../src/shared/domain/inventory-edit'
import { cabinetBudget } from '../../../../src/shared/domain/power'
import { checkSite } from '../../../../src/shared/domain/site-rules'
import { SiteSchema, type Site } from '../../../../src/shared/model'

const demo: Site = SiteSchema.parse(parse(readFileSync(join(__dirname, '../../../../resources/demo-site.yaml'), 'utf8')))

const r03: CabinetInput = {
  name: 'R03',
  maxWeightKg: 800,
  coolingWatts: 4000,
  feeds: [
    { name: 'A', volts: 230, amps: 32 },
    { name: 'B', volts: 230, amps: 32 }
  ]
}

function applied(edit: InventoryEdit, site: Site = demo): Site {
  const outcome = applyInventoryEdit(site, edit)
  if (!outcome.ok) throw new Error(`expected the edit to apply: ${outcome.message}`)
  expect(checkSite(outcome.site)).toEqual([])
  return outcome.site
}

function refused(edit: InventoryEdit, site: Site = demo): Extract<EditOutcome, { ok: false }> {
  const outcome = applyInventoryEdit(site, edit)
  if (outcome.ok) throw new Error(`expected ${edit.action} to be refused`)
  return outcome
}

describe('cabinet edits', () => {
  it('adds a cabinet with defaults applied (46U, single phase, 80 % derate) and audits what it holds', () => {
    const outcome = applyInventoryEdit(demo, { action: 'save-cabinet', cabinet: r03 })
    expect(outcome.ok).toBe(true)
    if (!outcome.ok) return
    expect(outcome.site.cabinets.map((c) => c.name)).toEqual(['R01', 'R02', 'R03'])
    expect(outcome.site.cabinets[2]).toEqual({ ...r03, heightU: 46, feeds: r03.feeds.map((f) => ({ ...f, phases: 1, deratePercent: 80 })) })
    expect(outcome.audit).toEqual({
      action: 'inventory.add-cabinet',
      target: 'R03',
      detail: '46U, 800 kg, cooling 4000 W; feeds A 230 V 32 A 1-phase 80 %, B 230 V 32 A 1-phase 80 %'
    })
    // The input site is left as it was.
    expect(demo.cabinets).toHaveLength(2)
  })

  it('refuses zero or negative volts and amps, naming the feed field, and keeps the site', () => {
    const bad = refused({ action: 'save-cabinet', cabinet: { ...r03, feeds: [{ name: 'A', volts: 0, amps: 16 }, { name: 'B', volts: 230, amps: -16 }] } })
    expect(bad.refusal).toBe('invalid')
    expect(bad.problems).toEqual([
      { field: 'feeds[0].volts', message: 'volts must be above 0' },
      { field: 'feeds[1].amps', message: 'amps must be above 0' }
    ])
    expect(bad.message).toBe('Cabinet not added: feeds[0].volts: volts must be above 0; feeds[1].amps: amps must be above 0')
  })

  it('words missing, non-numeric and out-of-range values for a form', () => {
    const bad = refused({ action: 'save-cabinet', cabinet: { ...r03, heightU: 61, maxWeightKg: Number.NaN, coolingWatts: undefined as unknown as number, feeds: [] } })
    expect(bad.problems).toEqual([
      { field: 'heightU', message: 'must be at most 60' },
      { field: 'maxWeightKg', message: 'must be a number' },
      { field: 'coolingWatts', message: 'required' },
      { field: 'feeds', message: 'a cabinet needs at least one feed' }
    ])
    expect(refused({ action: 'save-cabinet', cabinet: { ...r03, heightU: 2.5 } }).problems).toEqual([{ field: 'heightU', message: 'must be a whole number' }])
  })

  it('refuses a name already taken and a feed name used twice', () => {
    expect(refused({ action: 'save-cabinet', cabinet: { ...r03, name: 'R01' } })).toMatchObject({ refusal: 'conflict', problems: [{ field: 'name', message: 'a cabinet named R01 already exists' }] })
    const twice = refused({ action: 'save-cabinet', cabinet: { ...r03, feeds: [r03.feeds[0]!, { ...r03.feeds[1]!, name: 'A' }] } })
    expect(twice.problems).toEqual([{ field: 'feeds[1].name', message: 'feed A appears twice in cabinet R03' }])
  })

  it('renames a cabinet and a feed, and the devices follow both', () => {
    const r02 = demo.cabinets[1]!
    const site = applied({
      action: 'save-cabinet',
      original: 'R02',
      cabinet: { ...r02, name: 'R02-new', feeds: [r02.feeds[0]!, { ...r02.feeds[1]!, name: 'B2' }] },
      feedRenames: [{ from: 'B', to: 'B2' }]
    })
    expect(site.cabinets.map((c) => c.name)).toEqual(['R01', 'R02-new'])
    expect(site.devices.filter((d) => d.cabinet === 'R02').map((d) => d.name)).toEqual([])
    expect(site.devices.find((d) => d.name === 'hv-02')).toMatchObject({ cabinet: 'R02-new', feeds: ['B2'] })
    expect(site.devices.find((d) => d.name === 'hv-01')).toMatchObject({ cabinet: 'R02-new', feeds: ['A'] })
    expect(applyInventoryEdit(demo, { action: 'save-cabinet', original: 'R02', cabinet: { ...r02, name: 'R02-new' } })).toMatchObject({
      audit: { action: 'inventory.edit-cabinet', detail: expect.stringMatching(/^renamed R02 → R02-new; 46U/) }
    })
  })

  it('refuses dropping a feed that powers devices, naming them', () => {
    const r02 = demo.cabinets[1]!
    const bad = refused({ action: 'save-cabinet', original: 'R02', cabinet: { ...r02, feeds: [r02.feeds[0]!] } })
    expect(bad).toMatchObject({ refusal: 'in-use', problems: [{ field: 'feeds', message: 'feed B powers hv-02, hv-04: keep it, or plug those devices into another feed first' }] })
  })

  it('refuses shrinking a cabinet below its devices, blaming the height', () => {
    const bad = refused({ action: 'save-cabinet', original: 'R01', cabinet: { ...demo.cabinets[0]!, heightU: 40 } })
    expect(bad.problems).toEqual([
      { field: 'heightU', message: 'device sw-r01-a: U46 is outside R01 (40U)' },
      { field: 'heightU', message: 'device sw-r01-b: U45 is outside R01 (40U)' }
    ])
  })

  it('removes an empty cabinet, and refuses one with devices saying how many', () => {
    const withR03 = applied({ action: 'save-cabinet', cabinet: r03 })
    expect(applied({ action: 'remove-cabinet', name: 'R03' }, withR03).cabinets.map((c) => c.name)).toEqual(['R01', 'R02'])
    const bad = refused({ action: 'remove-cabinet', name: 'R02' })
    expect(bad.refusal).toBe('in-use')
    expect(bad.message).toBe('Cabinet R02 not removed: it holds 6 devices (sw-r02-a, hv-01, hv-02, hv-03, hv-04, hv-05): move them to another cabinet or remove them first')
    expect(refused({ action: 'remove-cabinet', name: 'R09' }).refusal).toBe('not-found')
  })

  it('removes a cabinet after moving its devices into another one, keeping free units and feed pairs', () => {
    const withR03 = applied({ action: 'save-cabinet', cabinet: { ...r03, feeds: [{ name: 'A1', volts: 230, amps: 32 }, { name: 'B1', volts: 230, amps: 32 }] } })
    const outcome = applyInventoryEdit(withR03, { action: 'remove-cabinet', name: 'R02', moveDevicesTo: 'R03' })
    expect(outcome.ok).toBe(true)
    if (!outcome.ok) return
    expect(checkSite(outcome.site)).toEqual([])
    expect(outcome.site.cabinets.map((c) => c.name)).toEqual(['R01', 'R03'])
    expect(outcome.site.devices.find((d) => d.name === 'hv-02')).toMatchObject({ cabinet: 'R03', positionU: 39, face: 'front', feeds: ['B1'] })
    expect(outcome.audit.detail).toContain('6 devices; moved sw-r02-a → R03 U46 rear (feeds A1)')
    // The move target must exist and differ from the cabinet removed.
    expect(refused({ action: 'remove-cabinet', name: 'R02', moveDevicesTo: 'R02' }, withR03).problems[0]?.field).toBe('moveDevicesTo')
    expect(refused({ action: 'remove-cabinet', name: 'R02', moveDevicesTo: 'R07' }, withR03).refusal).toBe('not-found')
  })
})

describe('model edits', () => {
  const xeon = demo.models[0]!

  it('refuses a model whose peak is below idle, with the watts in the message', () => {
    const bad = refused({ action: 'save-model', model: { ...xeon, name: 'Odd box', watts: { nameplate: 550, typical: 100, idle: 110, peak: 90 } } })
    expect(bad.problems).toContainEqual({ field: 'watts.peak', message: 'peak (90 W) is below idle (110 W)' })
    expect(bad.message.startsWith('Model not added: ')).toBe(true)
  })

  it('renames a model and its devices follow', () => {
    const site = applied({ action: 'save-model', original: xeon.name, model: { ...xeon, name: 'Xeon 1U (2015)' } })
    expect(site.devices.filter((d) => d.model === 'Xeon 1U (2015)').map((d) => d.name)).toEqual(['mail-01', 'web-01'])
    expect(site.models.map((m) => m.name)[0]).toBe('Xeon 1U (2015)')
  })

  it('refuses a taller model where its devices would then collide, naming them', () => {
    const atom = demo.models.find((m) => m.name === 'Atom C2550 1U')!
    const bad = refused({ action: 'save-model', original: atom.name, model: { ...atom, heightU: 2 } })
    expect(bad.problems[0]).toEqual({ field: '', message: 'device hv-02: U40 front is taken by hv-01' })
  })

  it('refuses removing a model still in use, saying which devices use it', () => {
    const bad = refused({ action: 'remove-model', name: 'Xeon E5-2637 v3 2U' })
    expect(bad).toMatchObject({
      refusal: 'in-use',
      message: 'Model Xeon E5-2637 v3 2U not removed: 4 devices use it (db-01, hvx-01, hvx-02, backup-01): give them another model or remove them first'
    })
    const added = applied({ action: 'save-model', model: { ...xeon, name: 'Spare' } })
    expect(applied({ action: 'remove-model', name: 'Spare' }, added).models).toHaveLength(4)
  })
})

describe('device edits', () => {
  const web02 = { name: 'web-02', model: 'Xeon E5-2637 v3 1U', cabinet: 'R02', positionU: 20, face: 'front' as const, feeds: ['A', 'B'] }

  it('adds a device and the cabinet budget counts it', () => {
    const site = applied({ action: 'save-device', device: web02 })
    expect(cabinetBudget(demo, 'R02').drawWatts.peak).toBe(160)
    expect(cabinetBudget(site, 'R02').drawWatts.peak).toBe(540)
    expect(applyInventoryEdit(demo, { action: 'save-device', device: web02 })).toMatchObject({
      audit: { action: 'inventory.add-device', target: 'web-02', detail: 'Xeon E5-2637 v3 1U at R02 U20 front, feeds A+B' }
    })
  })

  it('refuses a device outside the cabinet, on taken units, or with unknown references, each on its field', () => {
    expect(refused({ action: 'save-device', device: { ...web02, positionU: 47 } }).problems).toEqual([{ field: 'positionU', message: 'U47 is outside R02 (46U)' }])
    expect(refused({ action: 'save-device', device: { ...web02, positionU: 0 } }).problems).toEqual([{ field: 'positionU', message: 'must be at least 1' }])
    expect(refused({ action: 'save-device', device: { ...web02, positionU: 40 } }).problems).toEqual([{ field: 'positionU', message: 'U40 front is taken by hv-01' }])
    expect(refused({ action: 'save-device', device: { ...web02, model: 'Nope', cabinet: 'R09' } }).problems).toEqual([
      { field: 'model', message: 'no model named Nope' },
      { field: 'cabinet', message: 'no cabinet named R09' }
    ])
    expect(refused({ action: 'save-device', device: { ...web02, feeds: ['A', 'C'] } }).problems).toEqual([{ field: 'feeds', message: 'R02 has no feed C (it has A, B)' }])
    expect(refused({ action: 'save-device', device: { ...web02, host: 'hv-01' } }).problems).toEqual([{ field: 'host', message: 'host hv-01 already runs on hv-01' }])
    expect(refused({ action: 'save-device', device: { ...web02, name: 'hv-01' } }).refusal).toBe('conflict')
  })

  it('blames the edited device for a collision even when the other device is listed after it', () => {
    // hv-01 is listed before hv-02: the site rules alone would report the overlap on hv-02.
    const hv01 = demo.devices.find((d) => d.name === 'hv-01')!
    expect(refused({ action: 'save-device', original: 'hv-01', device: { ...hv01, positionU: 39 } }).problems).toEqual([{ field: 'positionU', message: 'U39 front is taken by hv-02' }])
  })

  it('moves, renames and re-links a device without colliding with its own old place', () => {
    const hv01 = demo.devices.find((d) => d.name === 'hv-01')!
    const site = applied({ action: 'save-device', original: 'hv-01', device: { ...hv01, name: 'hv-01a', positionU: 41 } })
    expect(site.devices.find((d) => d.name === 'hv-01a')).toMatchObject({ positionU: 41, host: 'hv-01' })
    expect(site.devices.some((d) => d.name === 'hv-01')).toBe(false)
    expect(refused({ action: 'save-device', original: 'ghost', device: web02 }).refusal).toBe('not-found')
  })

  it('removes a device and records where it was', () => {
    const outcome = applyInventoryEdit(demo, { action: 'remove-device', name: 'web-01' })
    expect(outcome).toMatchObject({ ok: true, audit: { action: 'inventory.remove-device', target: 'web-01', detail: 'was Xeon E5-2637 v3 1U at R01 U38 front, feeds A+B' } })
    expect(refused({ action: 'remove-device', name: 'web-01' }, applied({ action: 'remove-device', name: 'web-01' })).refusal).toBe('not-found')
  })
})
