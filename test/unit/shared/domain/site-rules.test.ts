import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { checkSite } from '../../../../src/shared/domain/site-rules'
import { SiteSchema, type Device, type Site } from '../../../../src/shared/model'

const demo: Site = SiteSchema.parse(parse(readFileSync(join(__dirname, '../../../../resources/demo-site.yaml'), 'utf8')))
const hv01Index = demo.devices.findIndex((d) => d.name === 'hv-01')

function withDevice(index: number, change: Partial<Device>): Site {
  return { ...demo, devices: demo.devices.map((d, i) => (i === index ? { ...d, ...change } : d)) }
}

describe('checkSite', () => {
  it('finds nothing wrong with the demo site', () => {
    expect(checkSite(demo)).toEqual([])
  })

  it('reports duplicate names in each section at the later entry', () => {
    const s: Site = {
      ...demo,
      cabinets: [...demo.cabinets, { ...demo.cabinets[1]! }],
      models: [...demo.models, { ...demo.models[0]! }],
      devices: [...demo.devices, { ...demo.devices[0]!, name: 'db-01', cabinet: 'R02', positionU: 1, face: 'front' }],
      hosts: [...demo.hosts, { ...demo.hosts[2]! }]
    }
    expect(checkSite(s)).toEqual([
      { path: ['cabinets', 2, 'name'], message: 'cabinet name R02 is already used by cabinets[1]' },
      { path: ['models', 4, 'name'], message: 'model name Xeon E5-2637 v3 1U is already used by models[0]' },
      { path: ['devices', 14, 'name'], message: 'device name db-01 is already used by devices[4]' },
      { path: ['hosts', 8, 'name'], message: 'host name hvx-02 is already used by hosts[2]' }
    ])
  })

  it('reports a feed name used twice in one cabinet', () => {
    const r01 = demo.cabinets[0]!
    const s: Site = { ...demo, cabinets: [{ ...r01, feeds: [r01.feeds[0]!, { ...r01.feeds[1]!, name: 'A' }] }, demo.cabinets[1]!] }
    expect(checkSite(s)).toContainEqual({ path: ['cabinets', 0, 'feeds', 1, 'name'], message: 'feed A appears twice in cabinet R01' })
  })

  it('reports unknown model, cabinet, feed and host references', () => {
    expect(checkSite(withDevice(hv01Index, { model: 'Atom C3000' }))).toEqual([{ path: ['devices', hv01Index, 'model'], message: 'unknown model Atom C3000' }])
    expect(checkSite(withDevice(hv01Index, { cabinet: 'R03' }))).toEqual([{ path: ['devices', hv01Index, 'cabinet'], message: 'unknown cabinet R03' }])
    expect(checkSite(withDevice(hv01Index, { feeds: ['A', 'C'] }))).toEqual([
      { path: ['devices', hv01Index, 'feeds', 1], message: 'cabinet R02 has no feed C (it has A, B)' }
    ])
    expect(checkSite(withDevice(hv01Index, { feeds: ['A', 'A'] }))).toEqual([{ path: ['devices', hv01Index, 'feeds', 1], message: 'feed A is listed twice' }])
    expect(checkSite(withDevice(hv01Index, { host: 'hv-99' }))).toEqual([{ path: ['devices', hv01Index, 'host'], message: 'unknown host hv-99' }])
  })

  it('reports two devices claiming the same host', () => {
    const hv02Index = demo.devices.findIndex((d) => d.name === 'hv-02')
    expect(checkSite(withDevice(hv02Index, { host: 'hv-01' }))).toEqual([
      { path: ['devices', hv02Index, 'host'], message: `host hv-01 is already the host of devices[${hv01Index}]` }
    ])
  })

  it('reports a device reaching above its cabinet', () => {
    const db01 = demo.devices.findIndex((d) => d.name === 'db-01')
    // a 2U device at U46 needs U46–U47 of a 46U cabinet
    expect(checkSite(withDevice(db01, { positionU: 46 }))).toEqual([{ path: ['devices', db01, 'positionU'], message: 'U46–U47 is outside R01 (46U)' }])
  })

  it('reports overlapping devices once, on the later one, face and depth aware', () => {
    const web01 = demo.devices.findIndex((d) => d.name === 'web-01')
    const db01 = demo.devices.findIndex((d) => d.name === 'db-01')
    // web-01 (listed before db-01) moved onto U36: db-01 at U35–U36 is the later device
    expect(checkSite(withDevice(web01, { positionU: 36 }))).toEqual([{ path: ['devices', db01, 'positionU'], message: 'U36 front is taken by web-01' }])
    // a half-depth Atom at R01 U45 front shares the unit with the half-depth switch at the rear: fine
    expect(checkSite(withDevice(hv01Index, { cabinet: 'R01', positionU: 45, face: 'front' }))).toEqual([])
    // at U45 rear it is taken
    expect(checkSite(withDevice(hv01Index, { cabinet: 'R01', positionU: 45, face: 'rear' }))).toEqual([
      { path: ['devices', hv01Index, 'positionU'], message: 'U45 rear is taken by sw-r01-b' }
    ])
  })
})
