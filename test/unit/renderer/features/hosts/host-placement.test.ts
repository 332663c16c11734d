import { describe, expect, it } from 'vitest'
import { hostsByCabinet, placeHost } from '../../../../../src/renderer/src/features/hosts/host-placement'
import { cageSite, site } from '../../site-fixture'

describe('hostsByCabinet', () => {
  it('groups hypervisors under their cabinets in site order, top unit first', () => {
    const groups = hostsByCabinet(cageSite(), 'hypervisor')
    expect(groups.map((g) => [g.cabinetName, g.hosts.map((h) => h.host.name)])).toEqual([
      ['R01', ['hvx-01', 'hvx-02']],
      ['R02', ['hv-01', 'hv-02']]
    ])
    expect(groups[0]?.hosts[0]?.model?.cores).toBe(16)
  })

  it('leaves out cabinets with no host of the role', () => {
    expect(hostsByCabinet(cageSite(), 'gluster').map((g) => g.cabinetName)).toEqual(['R02'])
    expect(hostsByCabinet(cageSite(), 'mail').map((g) => g.cabinetName)).toEqual(['R01'])
  })

  it('puts hosts no device links to last, and names a cabinet the site lacks', () => {
    const s = site({
      cabinets: [{ name: 'R01', maxWeightKg: 500, coolingWatts: 2000, feeds: [{ name: 'A', volts: 230, amps: 16 }] }],
      models: [{ name: 'box', heightU: 1, watts: { nameplate: 100, typical: 50, idle: 40, peak: 80 }, weightKg: 5 }],
      devices: [{ name: 'd1', model: 'box', cabinet: 'R99', positionU: 3, host: 'h1' }],
      hosts: [
        { name: 'h2', address: '10.0.0.2', roles: ['hypervisor'] },
        { name: 'h1', address: '10.0.0.1', roles: ['hypervisor'] }
      ]
    })
    const groups = hostsByCabinet(s, 'hypervisor')
    expect(groups.map((g) => [g.cabinetName, g.cabinet === null, g.hosts.map((h) => h.host.name)])).toEqual([
      ['R99', true, ['h1']],
      [null, true, ['h2']]
    ])
  })
})

describe('placeHost', () => {
  it('finds the linked device and its model, or nothing', () => {
    const s = cageSite()
    const mail = s.hosts.find((h) => h.name === 'mail-01')
    if (mail === undefined) throw new Error('fixture lost mail-01')
    const placed = placeHost(s, mail)
    expect(placed.device?.cabinet).toBe('R01')
    expect(placed.model?.name).toBe('Xeon 1U')
    const lonely = placeHost(s, { name: 'x', address: 'x', port: 22, user: 'root', roles: ['plain'] })
    expect(lonely.device).toBeUndefined()
  })
})
