import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { parseHealSummaryText } from '../../../../src/main/probes/gluster/gluster-heal-summary-text'
import { parseHealSummary } from '../../../../src/main/probes/gluster/gluster-heal-summary'
import { parseVolumeInfo } from '../../../../src/main/probes/gluster/gluster-volume-info'
import { parseVolumeStatus } from '../../../../src/main/probes/gluster/gluster-volume-status'
import {
  brickHostsFromSite,
  FailureScenarioError,
  maintenanceCheck,
  whatIfHostsFail,
  type BrickHostResolver,
  type FailureImpactInput,
  type VmPlacement
} from '../../../../src/shared/domain/failure-impact'
import type { GlusterVolumeInfo, GlusterVolumeStatus } from '../../../../src/shared/domain/gluster-health'
import { SiteSchema, type Site } from '../../../../src/shared/model'
import { glusterFixture } from '../../main/probes/gluster/fixture'

const demo: Site = SiteSchema.parse(parse(readFileSync(join(__dirname, '../../../../resources/demo-site.yaml'), 'utf8')))

// The demo fleet's vmstore (src/main/sim/gluster-model.ts): replica-3 sets round-robin over the five
// Atoms, so hv-01 carries a brick in both sets. Bricks are named by site host name.
const brickPath = (ordinal: number): string => `/data/glusterfs/vmstore/brick${ordinal}/brick`
const vmstore: GlusterVolumeInfo = {
  name: 'vmstore',
  type: 'distributed-replicate',
  status: 'started',
  brickCount: 6,
  replicaCount: 3,
  arbiterCount: 0,
  disperseCount: 0,
  redundancyCount: 0,
  bricks: [
    { host: 'hv-01', path: brickPath(1), isArbiter: false },
    { host: 'hv-02', path: brickPath(1), isArbiter: false },
    { host: 'hv-03', path: brickPath(1), isArbiter: false },
    { host: 'hv-04', path: brickPath(1), isArbiter: false },
    { host: 'hv-05', path: brickPath(1), isArbiter: false },
    { host: 'hv-01', path: brickPath(2), isArbiter: false }
  ]
}
const mount = '/var/lib/libvirt/images/vmstore'
const vm = (name: string, host: string, disks = 1): VmPlacement => ({
  vm: name,
  host,
  diskPaths: Array.from({ length: disks }, (_, i) => `${mount}/${name}${i === 0 ? '' : `-data${i}`}.qcow2`)
})
const placement: VmPlacement[] = [
  vm('web-01', 'hvx-01'),
  vm('db-01', 'hvx-01', 2),
  vm('db-02', 'hvx-02', 2),
  vm('dns-01', 'hv-01'),
  vm('mail-relay-01', 'hv-01'),
  vm('dns-02', 'hv-02'),
  vm('backup-agent-01', 'hv-02'),
  vm('cache-01', 'hv-02'),
  vm('vpn-01', 'hv-03'),
  vm('git-01', 'hv-04'),
  // A VM on local disk: it goes with its hypervisor, never with the volume.
  { vm: 'scratch-01', host: 'hv-05', diskPaths: ['/var/lib/libvirt/images/scratch-01.qcow2'] }
]
const onVmstore = placement.filter((p) => p.vm !== 'scratch-01').map((p) => p.vm)

function demoInput(failed: FailureImpactInput['failed'], volumesStatus?: GlusterVolumeStatus[]): FailureImpactInput {
  return {
    site: demo,
    volumesInfo: [vmstore],
    ...(volumesStatus === undefined ? {} : { volumesStatus }),
    brickHost: brickHostsFromSite(demo),
    vmPlacement: placement,
    sharedMounts: [{ volume: 'vmstore', mountPath: mount }],
    failed
  }
}

/** A live status of vmstore with the given bricks (host:path) offline. */
function vmstoreStatus(offline: string[]): GlusterVolumeStatus {
  return {
    name: 'vmstore',
    daemons: [],
    bricks: vmstore.bricks.map((brick) => ({
      host: brick.host,
      path: brick.path,
      online: !offline.includes(`${brick.host}:${brick.path}`),
      pid: null,
      port: null,
      sizeTotalBytes: null,
      sizeFreeBytes: null,
      inodesTotal: null,
      inodesFree: null
    }))
  }
}

describe('brickHostsFromSite', () => {
  const site = SiteSchema.parse({
    site: { name: 'lab' },
    hosts: [
      { name: 'gl-a', address: '10.200.0.12' },
      { name: 'gl-b', address: 'gl-b.example.net' },
      // Its name is another host's address: the address wins, as bricks are usually named by address.
      { name: '10.200.0.13', address: '10.200.0.99' },
      { name: 'gl-c', address: '10.200.0.13' }
    ]
  })
  const resolve = brickHostsFromSite(site)

  it('finds a brick host by address, by name (case-insensitive), or not at all', () => {
    expect(resolve({ host: '10.200.0.12', path: '/b' })).toBe('gl-a')
    expect(resolve({ host: 'GL-B.example.net', path: '/b' })).toBe('gl-b')
    expect(resolve({ host: 'gl-a', path: '/b' })).toBe('gl-a')
    expect(resolve({ host: '10.200.0.13', path: '/b' })).toBe('gl-c')
    expect(resolve({ host: '10.200.0.77', path: '/b' })).toBeUndefined()
  })
})

describe('whatIfHostsFail on the demo site', () => {
  it('feed A of R02 takes the three A-fed Atoms and the switch, and with them both vmstore replica sets', () => {
    const impact = whatIfHostsFail(demoInput({ feeds: [{ cabinet: 'R02', feed: 'A' }] }))
    expect(impact.failedHosts).toEqual(['hv-01', 'hv-03', 'hv-05'])
    expect(impact.failedDevices).toEqual(['sw-r02-a', 'hv-01', 'hv-03', 'hv-05'])
    expect(impact.volumes).toHaveLength(1)
    expect(impact.volumes[0]).toMatchObject({ name: 'vmstore', before: 'UP', after: 'DOWN' })
    expect(impact.volumes[0]?.lostBricks.map((brick) => `${brick.inventoryHost} ${brick.path}`)).toEqual([
      `hv-01 ${brickPath(1)}`,
      `hv-03 ${brickPath(1)}`,
      `hv-05 ${brickPath(1)}`,
      `hv-01 ${brickPath(2)}`
    ])
    expect(impact.volumes[0]?.reasons).toEqual([
      `brick hv-01:${brickPath(1)} offline`,
      `brick hv-03:${brickPath(1)} offline`,
      `brick hv-05:${brickPath(1)} offline`,
      `brick hv-01:${brickPath(2)} offline`,
      'subvolume vmstore-replicate-0 down: 1 of 3 bricks up',
      'subvolume vmstore-replicate-1 down: 1 of 3 bricks up'
    ])
    expect(impact.vmsLosingHypervisor).toEqual([
      { vm: 'dns-01', host: 'hv-01' },
      { vm: 'mail-relay-01', host: 'hv-01' },
      { vm: 'vpn-01', host: 'hv-03' },
      { vm: 'scratch-01', host: 'hv-05' }
    ])
    expect(impact.vmsLosingStorage.map((loss) => loss.vm)).toEqual(onVmstore)
    expect(impact.vmsLosingStorage.every((loss) => loss.certainty === 'certain' && loss.volume === 'vmstore')).toBe(true)
    expect(impact.vmsLosingStorage.find((loss) => loss.vm === 'db-02')?.disks).toEqual([`${mount}/db-02.qcow2`, `${mount}/db-02-data1.qcow2`])
    expect(impact.unmappedBricks).toEqual([])
    expect(impact.summary).toBe(
      'feed A of R02 fails: 3 hosts down (hv-01, hv-03, hv-05). vmstore UP → DOWN. 4 VMs lose their hypervisor (dns-01, mail-relay-01, vpn-01, scratch-01). ' +
        '10 VMs lose their storage (web-01, db-01, db-02, dns-01, mail-relay-01, dns-02 and 4 more).'
    )
  })

  it('feed B of R02 leaves each replica set one brick short: PARTIAL, no storage lost', () => {
    const impact = whatIfHostsFail(demoInput({ feeds: [{ cabinet: 'R02', feed: 'B' }] }))
    expect(impact.failedHosts).toEqual(['hv-02', 'hv-04'])
    expect(impact.volumes[0]).toMatchObject({ before: 'UP', after: 'PARTIAL' })
    expect(impact.vmsLosingHypervisor.map((entry) => entry.vm)).toEqual(['dns-02', 'backup-agent-01', 'cache-01', 'git-01'])
    expect(impact.vmsLosingStorage).toEqual([])
    expect(impact.summary).toContain('No VM loses its storage.')
  })

  it('one feed of R01 spares every dual-fed box; both feeds take them all', () => {
    const one = whatIfHostsFail(demoInput({ feeds: [{ cabinet: 'R01', feed: 'A' }] }))
    expect(one.failedDevices).toEqual(['sw-r01-a'])
    expect(one.failedHosts).toEqual([])
    expect(one.vmsLosingHypervisor).toEqual([])
    expect(one.summary).toBe('feed A of R01 fails: no host goes down. Every Gluster volume keeps its health. No VM loses its hypervisor. No VM loses its storage.')

    const both = whatIfHostsFail(
      demoInput({
        feeds: [
          { cabinet: 'R01', feed: 'A' },
          { cabinet: 'R01', feed: 'B' }
        ]
      })
    )
    expect(both.failedHosts).toEqual(['mail-01', 'hvx-01', 'hvx-02'])
    expect(both.failedDevices).toHaveLength(8)
    expect(both.volumes[0]).toMatchObject({ before: 'UP', after: 'UP', reasons: [] })
    expect(both.vmsLosingHypervisor.map((entry) => entry.vm)).toEqual(['web-01', 'db-01', 'db-02'])
  })

  it('a whole cabinet takes every host in it', () => {
    const impact = whatIfHostsFail(demoInput({ cabinets: ['R02'] }))
    expect(impact.failedHosts).toEqual(['hv-01', 'hv-02', 'hv-03', 'hv-04', 'hv-05'])
    expect(impact.volumes[0]?.after).toBe('DOWN')
    expect(impact.vmsLosingHypervisor).toHaveLength(8)
  })

  it('hv-01 alone holds a brick of both sets: PARTIAL', () => {
    const impact = whatIfHostsFail(demoInput({ hosts: ['hv-01'] }))
    expect(impact.volumes[0]).toMatchObject({ after: 'PARTIAL' })
    expect(impact.volumes[0]?.lostBricks).toHaveLength(2)
  })

  it('hv-01 and hv-02 together lose set 0 only: DEGRADED, and every VM on vmstore may have lost its disks', () => {
    const impact = whatIfHostsFail(demoInput({ hosts: ['hv-01', 'hv-02'] }))
    expect(impact.volumes[0]).toMatchObject({ before: 'UP', after: 'DEGRADED' })
    expect(impact.volumes[0]?.reasons).toContain('subvolume vmstore-replicate-0 down: 1 of 3 bricks up')
    expect(impact.volumes[0]?.reasons).toContain('subvolume vmstore-replicate-1 partial: 2 of 3 bricks up')
    expect(impact.vmsLosingStorage.map((loss) => loss.vm)).toEqual(onVmstore)
    expect(impact.vmsLosingStorage.every((loss) => loss.certainty === 'possible')).toBe(true)
    expect(impact.summary).toContain('10 VMs may lose storage on a degraded distributed volume')
  })

  it('starts from the live status: with hv-03 already down, losing hv-02 takes set 0', () => {
    const status = vmstoreStatus([`hv-03:${brickPath(1)}`])
    const impact = whatIfHostsFail(demoInput({ hosts: ['hv-02'] }, [status]))
    expect(impact.volumes[0]).toMatchObject({ before: 'PARTIAL', after: 'DEGRADED' })
    // What was already wrong is not blamed on the failure.
    expect(impact.volumes[0]?.reasons).toEqual([`brick hv-02:${brickPath(1)} offline`, 'subvolume vmstore-replicate-0 down: 1 of 3 bricks up'])
  })

  it('says when a volume had no live status and the baseline was assumed', () => {
    const impact = whatIfHostsFail(demoInput({ hosts: ['hv-05'] }, []))
    expect(impact.volumes[0]?.reasons[0]).toBe('no volume status for vmstore: assumed every brick up before the failure')
    expect(impact.volumes[0]).toMatchObject({ before: 'UP', after: 'PARTIAL' })
  })

  it('matches disks to the longest mount that holds them, never to a sibling path', () => {
    const impact = whatIfHostsFail({
      ...demoInput({ feeds: [{ cabinet: 'R02', feed: 'A' }] }),
      vmPlacement: [
        { vm: 'sibling', host: 'hvx-01', diskPaths: [`${mount}2/sibling.qcow2`] },
        { vm: 'nested', host: 'hvx-01', diskPaths: [`${mount}/archive/nested.qcow2`] },
        { vm: 'plain', host: 'hvx-01', diskPaths: [`${mount}/plain.qcow2`] }
      ],
      sharedMounts: [
        { volume: 'vmstore', mountPath: `${mount}/` },
        { volume: 'archive', mountPath: `${mount}/archive` }
      ]
    })
    expect(impact.vmsLosingStorage.map((loss) => loss.vm)).toEqual(['plain'])
  })

  it('lists bricks on hosts the inventory does not know', () => {
    const impact = whatIfHostsFail({ ...demoInput({ hosts: ['hv-02'] }), brickHost: (brick) => (brick.host === 'hv-05' ? undefined : brick.host) })
    expect(impact.unmappedBricks).toEqual([`hv-05:${brickPath(1)}`])
  })

  it('refuses names the site does not have, with the kind of mistake', () => {
    const attempt = (failed: FailureImpactInput['failed']): unknown => {
      try {
        whatIfHostsFail(demoInput(failed))
      } catch (error) {
        return error
      }
      return undefined
    }
    expect(attempt({ hosts: ['hv-09'] })).toMatchObject({ kind: 'unknown-host', subject: 'hv-09', message: 'unknown host hv-09: the site has no such host' })
    expect(attempt({ cabinets: ['R03'] })).toBeInstanceOf(FailureScenarioError)
    expect(attempt({ cabinets: ['R03'] })).toMatchObject({ kind: 'unknown-cabinet' })
    expect(attempt({ feeds: [{ cabinet: 'R02', feed: 'C' }] })).toMatchObject({ kind: 'unknown-feed', message: 'cabinet R02 has no feed C (it has A, B)' })
  })
})

describe('maintenanceCheck on the demo site', () => {
  const input = demoInput({})

  it('hv-05 without VMs: risky, vmstore left without redundancy in one set', () => {
    const check = maintenanceCheck('hv-05', { ...input, vmPlacement: placement.filter((p) => p.host !== 'hv-05') })
    expect(check.verdict).toBe('risky')
    expect(check.reasons).toEqual(['vmstore would be PARTIAL: 2 of 3 bricks up in vmstore-replicate-1'])
  })

  it('hv-02 with VMs: migrate them first', () => {
    const check = maintenanceCheck('hv-02', input)
    expect(check.verdict).toBe('risky')
    expect(check.reasons).toEqual([
      'vmstore would be PARTIAL: 2 of 3 bricks up in vmstore-replicate-0',
      '3 VMs run on hv-02: migrate them first (dns-02, backup-agent-01, cache-01)'
    ])
  })

  it('hv-02 while hv-03 is already down: unsafe, set 0 would lose quorum', () => {
    const check = maintenanceCheck('hv-02', { ...input, volumesStatus: [vmstoreStatus([`hv-03:${brickPath(1)}`])] })
    expect(check.verdict).toBe('unsafe')
    expect(check.reasons).toEqual([
      'vmstore would be DEGRADED (now PARTIAL): 1 of 3 bricks up in vmstore-replicate-0',
      '10 VMs (web-01, db-01, db-02, dns-01, mail-relay-01, dns-02 and 4 more) may lose their disks on vmstore: a disk lives on one distribute subvolume, and one would be down',
      '3 VMs run on hv-02: migrate them first (dns-02, backup-agent-01, cache-01)'
    ])
  })

  it('a host without bricks or VMs is safe; one with VMs only is risky', () => {
    expect(maintenanceCheck('mail-01', input)).toMatchObject({ verdict: 'safe', reasons: ['no started volume has a brick on mail-01 and no VM runs there'] })
    expect(maintenanceCheck('hvx-01', input)).toMatchObject({ verdict: 'risky', reasons: ['2 VMs run on hvx-01: migrate them first (web-01, db-01)'] })
  })

  it('asks to wait for pending heals in the sets the host shares', () => {
    const heal = {
      bricks: [
        { host: 'hv-01', path: brickPath(1), connected: true, pending: 7, splitBrain: 0, possiblyHealing: 0 },
        { host: 'hv-03', path: brickPath(1), connected: true, pending: 7, splitBrain: 0, possiblyHealing: 0 },
        { host: 'hv-04', path: brickPath(1), connected: true, pending: 2, splitBrain: 0, possiblyHealing: 0 }
      ]
    }
    const check = maintenanceCheck('hv-02', { ...input, vmPlacement: [], heal })
    expect(check.verdict).toBe('risky')
    expect(check.reasons).toEqual([
      'vmstore would be PARTIAL: 2 of 3 bricks up in vmstore-replicate-0',
      'vmstore-replicate-0 has 7 heal entries pending: let the heal finish before taking hv-02 down'
    ])
  })
})

describe('on the captured lab cluster (bricks named by address)', () => {
  // Synthetic inventory for the three lab nodes 127.1.1.1-3 of test/fixtures/gluster.
  const lab = SiteSchema.parse({
    site: { name: 'lab' },
    hosts: [1, 2, 3].map((i) => ({ name: `node-${i}`, address: `127.1.1.${i}`, roles: ['gluster', 'hypervisor'] }))
  })
  const info = parseVolumeInfo(glusterFixture('volume-info.healthy.xml')).volumes
  const labInput = (status: string, vmPlacement: VmPlacement[] = []): FailureImpactInput => ({
    site: lab,
    volumesInfo: info,
    volumesStatus: parseVolumeStatus(glusterFixture(status)).volumes,
    brickHost: brickHostsFromSite(lab),
    vmPlacement,
    sharedMounts: [{ volume: 'vol0', mountPath: '/mnt/vol0' }],
    failed: {}
  })

  it('taking one node of the healthy replica 3 down is risky: vol0 would be PARTIAL', () => {
    const check = maintenanceCheck('node-2', labInput('volume-status-detail.healthy.xml'))
    expect(check).toMatchObject({ verdict: 'risky', reasons: ['vol0 would be PARTIAL: 2 of 3 bricks up'] })
  })

  it('right after a brick restart, the pending heals make it wait', () => {
    const heal = parseHealSummaryText(glusterFixture('volume-heal-info-summary.brick-restarted-0.3s.txt'))
    const check = maintenanceCheck('node-2', { ...labInput('volume-status-detail.healthy.xml'), heal })
    expect(check.reasons).toEqual([
      'vol0 would be PARTIAL: 2 of 3 bricks up',
      'vol0-replicate-0 has 13 heal entries pending: let the heal finish before taking node-2 down'
    ])
  })

  it('with brick 2 already killed, taking node 1 down loses quorum and the VM on vol0', () => {
    const heal = parseHealSummary(glusterFixture('volume-heal-info-summary.brick-down.xml'))
    const vms = [{ vm: 'guest', host: 'node-3', diskPaths: ['/mnt/vol0/vm-images/disk0.img'] }]
    const check = maintenanceCheck('node-1', { ...labInput('volume-status-detail.brick-down.xml', vms), heal })
    expect(check.verdict).toBe('unsafe')
    expect(check.reasons).toEqual(['vol0 would be DOWN (now PARTIAL): 1 of 3 bricks up', '1 VM (guest) would lose its disks on vol0'])
    expect(check.impact.vmsLosingStorage).toEqual([{ vm: 'guest', host: 'node-3', volume: 'vol0', disks: ['/mnt/vol0/vm-images/disk0.img'], certainty: 'certain' }])
  })

  it('node 3 unreachable (not in volume status) counts as already down', () => {
    const impact = whatIfHostsFail({ ...labInput('volume-status-detail.node-down.xml'), failed: { hosts: ['node-2'] } })
    expect(impact.volumes[0]).toMatchObject({ before: 'PARTIAL', after: 'DOWN' })
  })
})

describe('on the captured topologies (one node, bricks spread over synthetic hosts by path)', () => {
  const info = parseVolumeInfo(glusterFixture('topologies/volume-info.topologies.xml')).volumes
  const healthy = parseVolumeStatus(glusterFixture('topologies/volume-status-all-detail.topologies.xml')).volumes
  const bricksDown = parseVolumeStatus(glusterFixture('topologies/volume-status-all-detail.topologies-bricks-down.xml')).volumes
  const site = SiteSchema.parse({
    site: { name: 'topologies' },
    cabinets: [{ name: 'T1', maxWeightKg: 500, coolingWatts: 2000, feeds: [{ name: 'A', volts: 230, amps: 16 }, { name: 'B', volts: 230, amps: 16 }] }],
    models: [{ name: 'box', heightU: 1, watts: { nameplate: 100, typical: 50, idle: 40, peak: 80 }, weightKg: 5 }],
    devices: [
      { name: 'box-1', model: 'box', cabinet: 'T1', positionU: 1, feeds: ['A'], host: 'g1' },
      { name: 'box-2', model: 'box', cabinet: 'T1', positionU: 2, feeds: ['B'], host: 'g2' },
      { name: 'box-3', model: 'box', cabinet: 'T1', positionU: 3, feeds: ['A', 'B'], host: 'g3' }
    ],
    hosts: ['g1', 'g2', 'g3'].map((name, i) => ({ name, address: `10.9.0.${i + 1}` }))
  })
  // Brick n of each volume (arb1, d2, r3, e6, …) sits on g((n-1) mod 3 + 1): every replica or
  // disperse set spans different hosts, and drep's second pair shares g1 with its first.
  const byPath: BrickHostResolver = (brick) => {
    const n = Number(/(\d+)$/.exec(brick.path)?.[1])
    return Number.isInteger(n) ? `g${((n - 1) % 3) + 1}` : undefined
  }
  const input = (failed: FailureImpactInput['failed'], volumesStatus: GlusterVolumeStatus[]): FailureImpactInput => ({
    site,
    volumesInfo: info,
    volumesStatus,
    brickHost: byPath,
    vmPlacement: [
      { vm: 'on-arb', host: 'g3', diskPaths: ['/mnt/arb/on-arb.qcow2'] },
      { vm: 'on-drep', host: 'g3', diskPaths: ['/mnt/drep/on-drep.qcow2'] },
      { vm: 'on-ddisp', host: 'g3', diskPaths: ['/mnt/ddisp/on-ddisp.qcow2'] }
    ],
    sharedMounts: ['arb', 'disp', 'drep', 'ddisp', 'dist'].map((volume) => ({ volume, mountPath: `/mnt/${volume}` })),
    failed
  })
  const healthOf = (impact: ReturnType<typeof whatIfHostsFail>): Record<string, string> =>
    Object.fromEntries(impact.volumes.map((volume) => [volume.name, `${volume.before}→${volume.after}`]))

  it('losing g3 costs each layout one brick per set: all keep serving', () => {
    const impact = whatIfHostsFail(input({ hosts: ['g3'] }, healthy))
    expect(healthOf(impact)).toEqual({ arb: 'UP→PARTIAL', ddisp: 'UP→PARTIAL', disp: 'UP→PARTIAL', dist: 'DOWN→DOWN', drep: 'UP→PARTIAL' })
    expect(impact.vmsLosingStorage).toEqual([])
    expect(impact.vmsLosingHypervisor.map((entry) => entry.vm)).toEqual(['on-arb', 'on-drep', 'on-ddisp'])
  })

  it('feed A takes g1 only (g3 is dual-fed); then the never-started dist is no news', () => {
    const impact = whatIfHostsFail(input({ feeds: [{ cabinet: 'T1', feed: 'A' }] }, healthy))
    expect(impact.failedHosts).toEqual(['g1'])
    const dist = impact.volumes.find((volume) => volume.name === 'dist')
    expect(dist).toMatchObject({ before: 'DOWN', after: 'DOWN', reasons: [] })
    expect(dist?.lostBricks.map((brick) => brick.path.split('/').pop())).toEqual(['x1'])
  })

  it('losing g1 and g2: the arbiter alone cannot hold quorum, disperse sets fall, drep keeps one pair', () => {
    const impact = whatIfHostsFail(input({ hosts: ['g1', 'g2'] }, healthy))
    expect(healthOf(impact)).toEqual({ arb: 'UP→DOWN', ddisp: 'UP→DOWN', disp: 'UP→DOWN', dist: 'DOWN→DOWN', drep: 'UP→DEGRADED' })
    expect(impact.vmsLosingStorage.map((loss) => [loss.vm, loss.certainty])).toEqual([
      ['on-arb', 'certain'],
      ['on-drep', 'possible'],
      ['on-ddisp', 'certain']
    ])
  })

  it('from the capture with bricks killed: losing g1 finishes arb and disp, drep stays as degraded as it was', () => {
    const impact = whatIfHostsFail(input({ hosts: ['g1'] }, bricksDown))
    expect(healthOf(impact)).toEqual({ arb: 'PARTIAL→DOWN', ddisp: 'UP→PARTIAL', disp: 'PARTIAL→DOWN', dist: 'DOWN→DOWN', drep: 'DEGRADED→DEGRADED' })
    // drep lost no further subvolume, so its VM is not counted as newly losing storage.
    expect(impact.vmsLosingStorage.map((loss) => loss.vm)).toEqual(['on-arb'])
    const drep = impact.volumes.find((volume) => volume.name === 'drep')
    expect(drep?.reasons).toEqual([
      `brick 127.1.9.1:/tmp/rackside-gluster-capture/bricks/r4 offline`,
      'subvolume drep-replicate-1 partial: 1 of 2 bricks up'
    ])
  })

  it('maintenance of g1 there is unsafe and says which volumes fall', () => {
    const check = maintenanceCheck('g1', { ...input({}, bricksDown), vmPlacement: [] })
    expect(check.verdict).toBe('unsafe')
    expect(check.reasons).toEqual([
      'arb would be DOWN (now PARTIAL): 1 of 3 bricks up',
      'ddisp would be PARTIAL: 2 of 3 bricks up in ddisp-disperse-0, 2 of 3 bricks up in ddisp-disperse-1',
      'disp would be DOWN (now PARTIAL): 1 of 3 bricks up',
      // g1 also holds r1, killed with r2 before: that pair is down already.
      'drep would be DEGRADED (already DEGRADED): 0 of 2 bricks up in drep-replicate-0, 1 of 2 bricks up in drep-replicate-1'
    ])
  })
})
