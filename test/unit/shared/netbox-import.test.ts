import { describe, expect, it } from 'vitest'
import { NetboxCsvError, importNetboxDevicesCsv, parseCsv } from '../../../src/shared/netbox-import'
import { SiteSchema, type Site } from '../../../src/shared/model'

// Two cabinets shaped like the demo cage: R01 with full-depth Xeons, R02 with half-depth Atoms.
function cageSite(): Site {
  const feeds = [
    { name: 'A', volts: 230, amps: 16 },
    { name: 'B', volts: 230, amps: 16 }
  ]
  return SiteSchema.parse({
    site: { name: 'test' },
    cabinets: [
      { name: 'R01', maxWeightKg: 1000, coolingWatts: 3500, feeds },
      { name: 'R02', maxWeightKg: 1000, coolingWatts: 3500, feeds }
    ],
    models: [
      { name: 'Xeon 1U', heightU: 1, watts: { nameplate: 550, typical: 210, idle: 110, peak: 380 }, weightKg: 18 },
      { name: 'Xeon 2U', heightU: 2, watts: { nameplate: 750, typical: 220, idle: 120, peak: 380 }, weightKg: 26 },
      { name: 'Atom 1U', heightU: 1, fullDepth: false, watts: { nameplate: 200, typical: 14, idle: 9, peak: 20 }, weightKg: 6 },
      { name: 'Switch 1U', role: 'switch', heightU: 1, fullDepth: false, watts: { nameplate: 150, typical: 45, idle: 35, peak: 60 }, weightKg: 5 }
    ],
    devices: [
      { name: 'sw-r01-a', model: 'Switch 1U', cabinet: 'R01', positionU: 46, face: 'rear', feeds: ['A'] },
      { name: 'mail-01', model: 'Xeon 1U', cabinet: 'R01', positionU: 40, feeds: ['A', 'B'] },
      { name: 'hv-01', model: 'Atom 1U', cabinet: 'R02', positionU: 40, feeds: ['A'] }
    ]
  })
}

const header = 'name,status,device_type,site,rack,position,face,comments'

describe('parseCsv', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, CRLF and a BOM', () => {
    const records = parseCsv('\uFEFFa,b,c\r\n"x, y","say ""hi""","two\nlines"\r\n\r\nplain , 19" rails ,\n')
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['x, y', 'say "hi"', 'two\nlines'] },
      { line: 5, fields: ['plain', '19" rails', ''] }
    ])
  })

  it('refuses an unterminated quote and text after a closing quote, naming the line', () => {
    expect(() => parseCsv('a,b\n"open,x\n')).toThrow(/line 2: a quoted field is never closed/)
    expect(() => parseCsv('a,b\n"done"x,y\n')).toThrow(/line 2: text after a closing quote/)
    try {
      parseCsv('a\n"x"y')
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(NetboxCsvError)
      expect((error as NetboxCsvError).kind).toBe('malformed-csv')
    }
  })
})

describe('importNetboxDevicesCsv', () => {
  it('places racked rows of known types into known cabinets, with decimal positions and NetBox face words', () => {
    const site = cageSite()
    const csv = [
      header,
      'web-02,active,Xeon 1U,DC1,R02,12.0,front,',
      '"db-02",active,"Xeon 2U",DC1,R02,20,Rear,"big box, second PSU missing"',
      'leaf-9,active,Switch 1U,DC1,R01,44,rear,'
    ].join('\n')
    const result = importNetboxDevicesCsv(site, csv)
    expect(result.unplaced).toEqual([])
    expect(result.placed).toEqual(['web-02', 'db-02', 'leaf-9'])
    expect(result.site.devices.find((d) => d.name === 'web-02')).toEqual({ name: 'web-02', model: 'Xeon 1U', cabinet: 'R02', positionU: 12, face: 'front', feeds: [] })
    expect(result.site.devices.find((d) => d.name === 'db-02')).toMatchObject({ cabinet: 'R02', positionU: 20, face: 'rear', model: 'Xeon 2U' })
    expect(result.site.devices).toHaveLength(site.devices.length + 3)
    // The input is not changed.
    expect(site.devices.some((d) => d.name === 'web-02')).toBe(false)
  })

  it('reports unknown device types, unknown racks, unracked rows and bad positions or faces, with their file line', () => {
    const csv = [
      header,
      'a-1,active,PowerEdge R640,DC1,R01,10,front,',
      'a-2,active,Xeon 1U,DC1,Z99,10,front,',
      'a-3,planned,Xeon 1U,DC1,,,,',
      'a-4,active,Xeon 1U,DC1,R01,,,',
      'a-5,active,Xeon 1U,DC1,R01,10.5,front,',
      'a-6,active,Xeon 1U,DC1,R01,ten,front,',
      'a-7,active,Xeon 1U,DC1,R01,11,side,',
      ',active,Xeon 1U,DC1,R01,12,front,',
      'a-9,active,Xeon 1U,DC1,R01,0,front,'
    ].join('\n')
    const result = importNetboxDevicesCsv(cageSite(), csv)
    expect(result.placed).toEqual([])
    expect(result.unplaced.map((u) => [u.row, u.name])).toEqual([
      [2, 'a-1'],
      [3, 'a-2'],
      [4, 'a-3'],
      [5, 'a-4'],
      [6, 'a-5'],
      [7, 'a-6'],
      [8, 'a-7'],
      [9, ''],
      [10, 'a-9']
    ])
    const reasons = result.unplaced.map((u) => u.reason)
    expect(reasons[0]).toBe('device type "PowerEdge R640" is not a model of this site (models: Xeon 1U, Xeon 2U, Atom 1U, Switch 1U)')
    expect(reasons[1]).toBe('rack "Z99" is not a cabinet of this site (cabinets: R01, R02)')
    expect(reasons[2]).toBe('not in a rack in NetBox (no rack)')
    expect(reasons[3]).toBe('not racked in NetBox (no position in rack R01)')
    expect(reasons[4]).toMatch(/half unit/)
    expect(reasons[5]).toBe('position "ten" is not a number')
    expect(reasons[6]).toBe('rack face "side" is neither front nor rear')
    expect(reasons[7]).toMatch(/no name/)
    expect(reasons[8]).toBe('position 0 is below U1')
  })

  it('reports rows that collide with the inventory, with each other, reach past the top, or reuse a name', () => {
    const csv = [
      'Name,Device Type,Rack,Position,Rack Face',
      // mail-01 (full depth) holds R01 U40 on both faces
      'x-1,Xeon 1U,R01,40,rear',
      'x-2,Xeon 2U,R02,10,front',
      'x-3,Xeon 1U,R02,11,rear',
      'x-4,Xeon 2U,R01,46,front',
      'mail-01,Xeon 1U,R02,5,front'
    ].join('\n')
    const result = importNetboxDevicesCsv(cageSite(), csv)
    expect(result.placed).toEqual(['x-2'])
    expect(result.unplaced).toEqual([
      { row: 2, name: 'x-1', reason: 'U40 rear is taken by mail-01' },
      { row: 4, name: 'x-3', reason: 'U11 rear is taken by x-2' },
      { row: 5, name: 'x-4', reason: 'U46–U47 is outside R01 (46U)' },
      { row: 6, name: 'mail-01', reason: 'a device named mail-01 is already in the inventory (R01 U40 front)' }
    ])
  })

  it('reads a quoted name holding a comma and the table export titles', () => {
    const csv = 'ID,Name,Status,Type,Rack,Position (U),Rack face\n17,"edge, spare",Active,Atom 1U,R02,30.0,Front\n'
    const result = importNetboxDevicesCsv(cageSite(), csv)
    expect(result.placed).toEqual(['edge, spare'])
    expect(result.site.devices.at(-1)).toMatchObject({ name: 'edge, spare', model: 'Atom 1U', positionU: 30, face: 'front' })
  })

  it('throws a typed error for a header without the needed columns or an empty file', () => {
    expect(() => importNetboxDevicesCsv(cageSite(), 'name,rack\nx,R01\n')).toThrow(/lacks device_type, position, face/)
    try {
      importNetboxDevicesCsv(cageSite(), '\n\n')
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(NetboxCsvError)
      expect((error as NetboxCsvError).kind).toBe('empty-file')
    }
  })
})
