// A small site shaped like the demo cage (a Xeon cabinet and an Atom cabinet), built through the
// app's schema. No Node imports: these tests type-check with the renderer's tsconfig.
import { SiteSchema, type Site, type SiteInput } from '../../../src/shared/model'

export function site(input: Omit<SiteInput, 'site'>): Site {
  return SiteSchema.parse({ site: { name: 'test' }, ...input })
}

const feeds = [
  { name: 'A', volts: 230, amps: 16 },
  { name: 'B', volts: 230, amps: 16 }
]

export function cageSite(): Site {
  return site({
    cabinets: [
      { name: 'R01', maxWeightKg: 1000, coolingWatts: 3500, feeds },
      { name: 'R02', maxWeightKg: 1000, coolingWatts: 3500, feeds }
    ],
    models: [
      { name: 'Xeon 1U', heightU: 1, watts: { nameplate: 550, typical: 210, idle: 110, peak: 380 }, weightKg: 18, cores: 16, ramGiB: 128 },
      { name: 'Xeon 2U', heightU: 2, watts: { nameplate: 750, typical: 220, idle: 120, peak: 380 }, weightKg: 26, cores: 16, ramGiB: 256 },
      { name: 'Atom 1U', heightU: 1, fullDepth: false, watts: { nameplate: 200, typical: 14, idle: 9, peak: 20 }, weightKg: 6, cores: 4, ramGiB: 16 },
      { name: 'Switch 1U', role: 'switch', heightU: 1, fullDepth: false, watts: { nameplate: 150, typical: 45, idle: 35, peak: 60 }, weightKg: 5 }
    ],
    devices: [
      { name: 'sw-r01-a', model: 'Switch 1U', cabinet: 'R01', positionU: 46, face: 'rear', feeds: ['A'] },
      { name: 'mail-01', model: 'Xeon 1U', cabinet: 'R01', positionU: 40, feeds: ['A', 'B'], host: 'mail-01' },
      { name: 'hvx-02', model: 'Xeon 2U', cabinet: 'R01', positionU: 27, feeds: ['A', 'B'], host: 'hvx-02' },
      { name: 'hvx-01', model: 'Xeon 2U', cabinet: 'R01', positionU: 30, feeds: ['A', 'B'], host: 'hvx-01' },
      { name: 'hv-02', model: 'Atom 1U', cabinet: 'R02', positionU: 39, feeds: ['B'], host: 'hv-02' },
      { name: 'hv-01', model: 'Atom 1U', cabinet: 'R02', positionU: 40, feeds: ['A'], host: 'hv-01' }
    ],
    hosts: [
      { name: 'mail-01', address: 'mail-01.demo', roles: ['mail'] },
      { name: 'hv-01', address: 'hv-01.demo', roles: ['hypervisor', 'gluster'] },
      { name: 'hvx-02', address: 'hvx-02.demo', roles: ['hypervisor'] },
      { name: 'hvx-01', address: 'hvx-01.demo', roles: ['hypervisor'] },
      { name: 'hv-02', address: 'hv-02.demo', roles: ['hypervisor', 'gluster'] }
    ]
  })
}
