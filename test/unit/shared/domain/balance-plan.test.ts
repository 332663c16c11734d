import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { DEMO_VMS } from '../../../../src/main/sim/demo-vms'
import { GlusterModel } from '../../../../src/main/sim/gluster-model'
import { batchMoves, planEven, planPowerSaving, type BalancePlan, type BalanceStorage, type HostShares, type PlannedMove } from '../../../../src/shared/domain/balance-plan'
import { brickHostsFromSite, whatIfHostsFail } from '../../../../src/shared/domain/failure-impact'
import type { GlusterVolumeInfo, GlusterVolumeStatus } from '../../../../src/shared/domain/gluster-health'
import { planMigration, type CabinetPower } from '../../../../src/shared/domain/migration-checks'
import { cabinetBudget } from '../../../../src/shared/domain/power'
import type { HypervisorFacts, PlacementFacts } from '../../../../src/shared/domain/vm-placement-types'
import { SiteSchema, type Site } from '../../../../src/shared/model'
import { RANDOM_POLICY, factsAfterMove, hostsInUse, instanceOptions, randomFleet } from './random-fleet'
import { ATOM, GIB, VMSTORE, cabinet, facts, hypervisor, vm, type VmEntry } from './vm-placement-fixtures'

/** Atom hosts (4 CPUs, 16 GiB) named by cabinet: { R02: ['hv-01', 'hv-02'] }; roles beyond hypervisor by host. */
function atomSite(layout: Record<string, string[]>, contracts: Record<string, number> = {}, roles: Record<string, string[]> = {}): Site {
  return SiteSchema.parse({
    site: { name: 'atoms' },
    cabinets: Object.keys(layout).map((name) => cabinet(name, contracts[name])),
    models: [ATOM],
    devices: Object.entries(layout).flatMap(([cab, hosts]) => hosts.map((host, i) => ({ name: host, model: ATOM.name, cabinet: cab, positionU: 1 + i, feeds: ['A', 'B'], host }))),
    hosts: Object.values(layout)
      .flat()
      .map((name, i) => ({ name, address: `10.0.1.${i + 1}`, roles: ['hypervisor', ...(roles[name] ?? [])] }))
  })
}

/** A started replica volume over these bricks, named as gluster names them (by address here). */
function replicaVolume(name: string, brickHosts: string[], replicaCount = brickHosts.length): GlusterVolumeInfo {
  return {
    name,
    type: brickHosts.length > replicaCount ? 'distributed-replicate' : 'replicate',
    status: 'started',
    brickCount: brickHosts.length,
    replicaCount,
    arbiterCount: 0,
    disperseCount: 0,
    redundancyCount: 0,
    bricks: brickHosts.map((host, i) => ({ host, path: `/srv/gluster/${name}/brick${i}`, isArbiter: false }))
  }
}

function storageOf(site: Site, volumesInfo: GlusterVolumeInfo[], volumesStatus?: GlusterVolumeStatus[]): BalanceStorage {
  return { volumesInfo, ...(volumesStatus === undefined ? {} : { volumesStatus }), brickHost: brickHostsFromSite(site) }
}

const stayOnText = (plan: BalancePlan) => plan.stayOn.map((h) => `${h.host} stays on: ${h.reasons.join('; ')}`)

/** Atom facts with the host's CPU load summed from its VMs (first sample: no host figure yet). */
function atoms(layout: Record<string, VmEntry[]>): PlacementFacts {
  return facts(Object.fromEntries(Object.entries(layout).map(([host, vms]) => [host, hypervisor({ cpus: 4, memoryGiB: 16, busyPercent: null, vms })])))
}

const small = (name: string, memoryGiB: number, extra: Partial<Parameters<typeof vm>[0]> = {}) => vm({ name, memoryGiB, vcpus: 1, cpuPercent: 10, ...extra })
const policy = { sharedMountPrefixes: [VMSTORE] }

/** Replays the plan through planMigration on the facts as they would be after each move. */
function replay(start: PlacementFacts, site: Site, plan: BalancePlan | PlannedMove[], options: Parameters<typeof planMigration>[5]): { facts: PlacementFacts; errors: string[] } {
  let current = start
  const errors: string[] = []
  for (const move of Array.isArray(plan) ? plan : plan.moves) {
    const check = planMigration(move.vm, move.from, move.to, current, site, options)
    if (check.verdict === 'error') errors.push(`${move.vm} ${move.from}->${move.to}: ${check.checks.filter((c) => c.level === 'error').map((c) => c.message).join('; ')}`)
    current = factsAfterMove(current, move)
  }
  return { facts: current, errors }
}

const route = (m: PlannedMove) => `${m.vm}:${m.from}->${m.to}`

describe('planEven', () => {
  // RAM shares: hv-01 10/16 = 62.5 %, hv-02 2/16 = 12.5 %, hv-03 4/16 = 25 %.
  const site = atomSite({ R02: ['hv-01', 'hv-02', 'hv-03'] })
  const start = (a: Partial<Parameters<typeof vm>[0]> = {}) =>
    atoms({ 'hv-01': [small('a', 4, a), small('b', 4), small('c', 2)], 'hv-02': [small('d', 2)], 'hv-03': [small('e', 4)] })

  it('moves a 4 GiB VM from the busiest host to the emptiest, then stops when no move gains 2 points', () => {
    const plan = planEven({ facts: start(), site }, policy)
    // a → hv-02 leaves 6/16 = 37.5 % on both; then moving c to hv-03 would make it 6/16 again: no gain.
    expect(plan.moves.map(route)).toEqual(['a:hv-01->hv-02'])
    const [move] = plan.moves
    // CPU: 10 % of one CPU per VM over 4 CPUs = 2.5 points each.
    const rounded = (shares: HostShares) => ({ cpuShare: Number(shares.cpuShare?.toFixed(4)), ramShare: shares.ramShare })
    expect(move && [move.source.before, move.source.after, move.target.before, move.target.after].map(rounded)).toEqual([
      { cpuShare: 0.075, ramShare: 0.625 },
      { cpuShare: 0.05, ramShare: 0.375 },
      { cpuShare: 0.025, ramShare: 0.125 },
      { cpuShare: 0.05, ramShare: 0.375 }
    ])
    expect(plan.hosts.map((h) => [h.host, h.before.ramShare, h.after.ramShare])).toEqual([
      ['hv-01', 0.625, 0.375],
      ['hv-02', 0.125, 0.375],
      ['hv-03', 0.25, 0.25]
    ])
    expect(plan.wattsSaved).toBe(0)
    expect(plan.powerDown).toEqual([])
  })

  it('respects anti-affinity: with a and d in one group, b goes instead', () => {
    const plan = planEven({ facts: start(), site }, { ...policy, antiAffinityGroups: { pair: ['a', 'd'] } })
    expect(plan.moves.map(route)).toEqual(['b:hv-01->hv-02'])
  })

  it('never plans a move its pre-checks refuse: a local-disk VM stays', () => {
    const local = { disks: [{ device: 'disk', type: 'file', target: 'vda', source: '/srv/local/a.qcow2' }] }
    const plan = planEven({ facts: start(local), site }, policy)
    expect(plan.moves.map(route)).toEqual(['b:hv-01->hv-02'])
    expect(replay(start(local), site, plan, policy).errors).toEqual([])
  })

  it('leaves out a stale host and says so', () => {
    const stale = atoms({ 'hv-01': [small('a', 4), small('b', 4), small('c', 2)], 'hv-02': [small('d', 2)] })
    const hosts = { ...stale.hosts, 'hv-02': { ...stale.hosts['hv-02']!, freshness: 'stale' as const } }
    const plan = planEven({ facts: { hosts }, site }, policy)
    expect(plan.moves).toEqual([])
    expect(plan.notes).toEqual(['hv-02 is left out: its libvirt facts are stale; its VMs stay where they are'])
  })

  it('stops at maxMoves', () => {
    const plan = planEven({ facts: start(), site }, { ...policy, maxMoves: 0 })
    expect(plan.moves).toEqual([])
  })
})

describe('planPowerSaving', () => {
  // 12 + 6 + 2 + 1 = 21 GiB on four 16 GiB hosts with 1 GiB reserve (15 GiB usable): two suffice.
  const site = atomSite({ R02: ['hv-01', 'hv-02', 'hv-03', 'hv-04'] })
  const start = atoms({
    'hv-01': [small('a', 8), small('b', 4)],
    'hv-02': [small('c', 4), small('d', 2)],
    'hv-03': [small('e', 2)],
    'hv-04': [small('f', 1)]
  })

  it('packs the two smallest hosts into the fullest, largest VM first, and counts the idle watts', () => {
    const plan = planPowerSaving({ facts: start, site }, policy)
    // e (2 GiB) onto hv-01: 16 − 12 − 2 = 2 GiB ≥ 1 GiB reserve; f (1 GiB): 2 − 1 = 1 GiB left.
    expect(plan.moves.map(route)).toEqual(['e:hv-03->hv-01', 'f:hv-04->hv-01'])
    expect(plan.powerDown).toEqual([
      { host: 'hv-03', idleWatts: 9, emptiedByPlan: true },
      { host: 'hv-04', idleWatts: 9, emptiedByPlan: true }
    ])
    expect(plan.wattsSaved).toBe(18)
    // Both moves land on hv-01, so they cannot run together.
    expect(plan.batches.map((b) => b.map(route))).toEqual([['e:hv-03->hv-01'], ['f:hv-04->hv-01']])
    expect(plan.hosts.find((h) => h.host === 'hv-01')?.after).toEqual({ cpuShare: 0.1, ramShare: 15 / 16, vms: 4 })
  })

  it('respects anti-affinity: e may not join a, so it goes to hv-02', () => {
    const plan = planPowerSaving({ facts: start, site }, { ...policy, antiAffinityGroups: { db: ['a', 'e'] } })
    expect(plan.moves.map(route)).toEqual(['e:hv-03->hv-02', 'f:hv-04->hv-01'])
    expect(plan.batches.map((b) => b.map(route))).toEqual([['e:hv-03->hv-02', 'f:hv-04->hv-01']])
  })

  it('keeps the host of a VM that can move nowhere, and still empties the others', () => {
    const pinned = atoms({
      'hv-01': [small('a', 8), small('b', 4)],
      'hv-02': [small('c', 4), small('d', 2)],
      'hv-03': [small('e', 2, { cpu: { mode: 'host-passthrough', model: null } })],
      'hv-04': [small('f', 1)]
    })
    const hosts = { ...pinned.hosts, 'hv-03': { ...pinned.hosts['hv-03']!, cpuModel: 'Skylake-Server' } }
    const plan = planPowerSaving({ facts: { hosts }, site }, policy)
    // hv-03 is kept first, so the VMs of hv-02 and hv-04 fill it (host-model across CPUs: a warning each).
    expect(plan.moves.map(route)).toEqual(['c:hv-02->hv-03', 'd:hv-02->hv-03', 'f:hv-04->hv-03'])
    expect(plan.moves.map((m) => m.warnings.length)).toEqual([1, 1, 1])
    expect(plan.notes).toEqual(['e cannot move to any kept host, so hv-03 stays on'])
    expect(plan.powerDown.map((h) => h.host)).toEqual(['hv-02', 'hv-04'])
  })

  it('keeps a cabinet within its budget: with R02 capped, the VMs of R03 may not all come over', () => {
    const layout = { R02: ['hv-01', 'hv-02'], R03: ['hv-03', 'hv-04'] }
    const busy = (name: string, memoryGiB: number) => small(name, memoryGiB, { cpuPercent: 100 })
    const loaded = atoms({ 'hv-01': [busy('a', 8)], 'hv-02': [busy('b', 4)], 'hv-03': [busy('c', 2)], 'hv-04': [busy('d', 2)] })
    // Each host runs one busy VM: 1 CPU of 4 = 25 %, 9 + 11 × 0.25 = 11.75 W; R02 draws 23.5 W.
    // A VM coming over adds 11 × 0.25 = 2.75 W: a 26.5 W contract takes one (26.25 W), not two (29 W).
    const free = planPowerSaving({ facts: loaded, site: atomSite(layout) }, policy)
    expect(free.moves.map(route)).toEqual(['c:hv-03->hv-01', 'd:hv-04->hv-01'])
    expect(hostsInUse(replay(loaded, atomSite(layout), free, policy).facts)).toBe(2)
    const cappedSite = atomSite(layout, { R02: 26.5 })
    const capped = planPowerSaving({ facts: loaded, site: cappedSite }, policy)
    // The two fullest hosts, kept first, are both in R02, which can take only one of c and d: hv-03 stays too.
    expect(capped.moves.map(route)).toEqual(['d:hv-04->hv-01'])
    const after = replay(loaded, cappedSite, capped, policy)
    expect(after.errors).toEqual([])
    expect(hostsInUse(after.facts)).toBe(3)
    // R02's live draw after the capped plan, recomputed by cabinetBudget from the replayed facts.
    const utilisation = Object.fromEntries(['hv-01', 'hv-02'].map((h) => [h, (after.facts.hosts[h]?.vms ?? []).length * 0.25]))
    expect(cabinetBudget(cappedSite, 'R02', { utilisation }).drawWatts.live).toBeLessThanOrEqual(26.5)
  })

  it('moves nothing when every host is needed', () => {
    const full = atoms({ 'hv-01': [small('a', 12)], 'hv-02': [small('b', 12)] })
    const plan = planPowerSaving({ facts: full, site: atomSite({ R02: ['hv-01', 'hv-02'] }) }, policy)
    expect(plan.moves).toEqual([])
    expect(plan.wattsSaved).toBe(0)
  })

  it('counts an already empty host as one to power down, not as emptied by the plan', () => {
    const plan = planPowerSaving({ facts: atoms({ 'hv-01': [small('a', 4)], 'hv-02': [] }), site: atomSite({ R02: ['hv-01', 'hv-02'] }) }, policy)
    expect(plan.moves).toEqual([])
    expect(plan.powerDown).toEqual([{ host: 'hv-02', idleWatts: 9, emptiedByPlan: false }])
  })
})

describe('planPowerSaving with hypervisors that have other duties', () => {
  // The layout of the plain power-saving tests: hv-01 12 GiB, hv-02 6, hv-03 2, hv-04 1 of VMs.
  const start = atoms({
    'hv-01': [small('a', 8), small('b', 4)],
    'hv-02': [small('c', 4), small('d', 2)],
    'hv-03': [small('e', 2)],
    'hv-04': [small('f', 1)]
  })
  const layout = { R02: ['hv-01', 'hv-02', 'hv-03', 'hv-04'] }

  it('keeps brick hosts on and fills them first, powering down a host without bricks instead', () => {
    // Without duties the two smallest hosts go.
    expect(planPowerSaving({ facts: start, site: atomSite(layout) }, policy).powerDown.map((h) => h.host)).toEqual(['hv-03', 'hv-04'])
    const site = atomSite(layout, {}, { 'hv-02': ['gluster'], 'hv-03': ['gluster'], 'hv-04': ['gluster'] })
    // vmstore: one replica set over hv-02, hv-03 and hv-04, named by address as `volume create` got them.
    const storage = storageOf(site, [replicaVolume('vmstore', ['10.0.1.2', '10.0.1.3', '10.0.1.4'])])
    const plan = planPowerSaving({ facts: start, site, storage }, policy)
    // The brick hosts are kept fullest first: a (8 GiB) joins hv-02 (6 + 8 = 14 of 15 usable), b (4) hv-03.
    expect(plan.moves.map(route)).toEqual(['a:hv-01->hv-02', 'b:hv-01->hv-03'])
    expect(plan.powerDown).toEqual([{ host: 'hv-01', idleWatts: 9, emptiedByPlan: true }])
    expect(stayOnText(plan)).toEqual([
      'hv-02 stays on: Gluster brick host for vmstore; if powered down, vmstore would be PARTIAL: 2 of 3 bricks up',
      'hv-03 stays on: Gluster brick host for vmstore; if powered down, vmstore would be PARTIAL: 2 of 3 bricks up',
      'hv-04 stays on: Gluster brick host for vmstore; if powered down, vmstore would be PARTIAL: 2 of 3 bricks up'
    ])
    expect(replay(start, site, plan, policy).errors).toEqual([])
  })

  it('words the what-if from the live status: with a brick already down, powering another down would take the volume DOWN', () => {
    const site = atomSite(layout)
    const info = replicaVolume('vmstore', ['10.0.1.2', '10.0.1.3', '10.0.1.4'])
    const status: GlusterVolumeStatus = {
      name: 'vmstore',
      daemons: [],
      bricks: info.bricks.map((b) => ({ ...b, online: b.host !== '10.0.1.4', pid: null, port: null, sizeTotalBytes: null, sizeFreeBytes: null, inodesTotal: null, inodesFree: null }))
    }
    const plan = planPowerSaving({ facts: start, site, storage: storageOf(site, [info], [status]) }, policy)
    expect(plan.stayOn.find((h) => h.host === 'hv-03')?.reasons).toEqual(['Gluster brick host for vmstore', 'if powered down, vmstore would be DOWN (now PARTIAL): 1 of 3 bricks up'])
    expect(plan.powerDown.map((h) => h.host)).not.toContain('hv-04')
  })

  it('keeps the mail server and a gluster node whose bricks are not known yet on; a gluster peer without bricks may go', () => {
    const site = atomSite(layout, {}, { 'hv-03': ['mail'], 'hv-04': ['gluster'] })
    const unknown = planPowerSaving({ facts: start, site }, policy)
    expect(stayOnText(unknown)).toEqual(['hv-03 stays on: mail server (mail role)', 'hv-04 stays on: GlusterFS node (gluster role; its bricks are not known yet)'])
    // 21 GiB fit on the two that stay on (30 GiB usable): both others go.
    expect(unknown.powerDown.map((h) => h.host)).toEqual(['hv-01', 'hv-02'])
    // Volume facts that put no brick on hv-04: it is a peer only, and a candidate again.
    const known = planPowerSaving({ facts: start, site, storage: storageOf(site, [replicaVolume('other', ['10.0.1.9'])]) }, policy)
    expect(stayOnText(known)).toEqual(['hv-03 stays on: mail server (mail role)'])
    // hv-03 stays on and is filled first; hv-01 (the fullest) is the second host kept.
    expect(known.moves.map(route)).toEqual(['c:hv-02->hv-03', 'd:hv-02->hv-03', 'f:hv-04->hv-03'])
    expect(known.powerDown.map((h) => h.host)).toEqual(['hv-02', 'hv-04'])
    expect(replay(start, site, known, policy).errors).toEqual([])
  })

  it('never lists a host with another duty to power down in an even plan either', () => {
    const site = atomSite({ R02: ['hv-01', 'hv-02'] }, {}, { 'hv-02': ['gluster'] })
    const plan = planEven({ facts: atoms({ 'hv-01': [small('a', 4)], 'hv-02': [] }), site }, policy)
    expect(plan.powerDown).toEqual([])
    expect(plan.stayOn.map((h) => h.host)).toEqual(['hv-02'])
  })
})

describe('planPowerSaving on the demo site, whose five Atoms are the bricks of vmstore', () => {
  const demo: Site = SiteSchema.parse(parse(readFileSync(join(__dirname, '../../../../resources/demo-site.yaml'), 'utf8')))
  const atomsOfDemo = ['hv-01', 'hv-02', 'hv-03', 'hv-04', 'hv-05']
  // The demo fleet's own layout: replica-3 sets round-robin over the Atoms, hv-01 in both.
  const gluster = new GlusterModel(atomsOfDemo, [], 'unit', 0, () => true)
  const vmstore: GlusterVolumeInfo = {
    ...replicaVolume('vmstore', gluster.bricks.map((b) => b.host), 3),
    bricks: gluster.bricks.map((b) => ({ host: b.host, path: b.path, isArbiter: false }))
  }
  const hosts: Record<string, HypervisorFacts> = {}
  for (const host of demo.hosts.filter((h) => h.roles.includes('hypervisor'))) {
    const atom = atomsOfDemo.includes(host.name)
    const vms = DEMO_VMS.filter((v) => v.host === host.name).map((v) => vm({ name: v.name, memoryGiB: v.memoryGiB, vcpus: v.vcpus, cpuPercent: 20 }))
    hosts[host.name] = hypervisor({ cpus: atom ? 4 : 16, memoryGiB: atom ? 16 : 256, busyPercent: null, cpuModel: atom ? 'Westmere' : 'Haswell-noTSX-IBRS', vms })
  }
  const facts: PlacementFacts = { hosts }
  const storage = storageOf(demo, [vmstore])

  it('powers down the Xeons, not the brick hosts, and leaves vmstore UP', () => {
    const plan = planPowerSaving({ facts, site: demo, storage }, policy)
    expect(plan.powerDown).toEqual([
      { host: 'hvx-01', idleWatts: 120, emptiedByPlan: true },
      { host: 'hvx-02', idleWatts: 120, emptiedByPlan: true }
    ])
    expect(plan.wattsSaved).toBe(240)
    expect(plan.moves.every((m) => m.from.startsWith('hvx-') && atomsOfDemo.includes(m.to))).toBe(true)
    expect(plan.stayOn.map((h) => h.host)).toEqual(atomsOfDemo)
    expect(stayOnText(plan)[0]).toBe(
      'hv-01 stays on: Gluster brick host for vmstore; if powered down, vmstore would be PARTIAL: 2 of 3 bricks up in vmstore-replicate-0, 2 of 3 bricks up in vmstore-replicate-1'
    )
    expect(replay(facts, demo, plan, policy).errors).toEqual([])
    // The what-if of the whole power-down: the volume keeps every brick.
    const impact = whatIfHostsFail({ site: demo, volumesInfo: [vmstore], brickHost: storage.brickHost, vmPlacement: [], sharedMounts: [], failed: { hosts: plan.powerDown.map((h) => h.host) } })
    expect(impact.volumes.map((v) => `${v.name} ${v.before} → ${v.after}`)).toEqual(['vmstore UP → UP'])
  })

  it('keeps a Xeon on for database guests too busy for an Atom: 3 Xeon CPUs each are 6 of an Atom’s 4', () => {
    const busy: Record<string, HypervisorFacts> = {}
    for (const [name, host] of Object.entries(hosts)) {
      const vms = DEMO_VMS.filter((v) => v.host === name).map((v) => vm({ name: v.name, memoryGiB: v.memoryGiB, vcpus: v.vcpus, cpuPercent: v.name.startsWith('db-') ? 300 : 20 }))
      busy[name] = { ...host, vms: vms.map((v) => v.facts), domains: Object.fromEntries(vms.map((v) => [v.facts.name, v.spec!])) }
    }
    const plan = planPowerSaving({ facts: { hosts: busy }, site: demo, storage }, policy)
    expect(plan.powerDown.map((h) => h.host)).toEqual(['hvx-02'])
    const movedTo = Object.fromEntries(plan.moves.map((m) => [m.vm, m.to]))
    expect(movedTo['db-02']).toBe('hvx-01')
    expect(plan.moves.some((m) => m.vm === 'db-01')).toBe(false)
    expect(replay({ hosts: busy }, demo, plan, policy).errors).toEqual([])
    // What keeps them off the Atoms, as the VMs view words it on hover (a drag only warns; a plan does not go there).
    const hover = planMigration('db-01', 'hvx-01', 'hv-02', { hosts: busy }, demo, policy)
    expect(hover.checks.find((c) => c.id === 'cpu-headroom')).toMatchObject({
      level: 'warn',
      message: expect.stringMatching(/^db-01 uses 3 CPUs of hvx-01 = 6 CPUs of hv-02, whose CPUs are slower.*: more than it has, so its guests would queue for CPU$/)
    })
  })

  it('keeps the Atoms on by their gluster role alone before the volume facts arrive', () => {
    const plan = planPowerSaving({ facts, site: demo }, policy)
    expect(plan.powerDown.map((h) => h.host)).toEqual(['hvx-01', 'hvx-02'])
    expect(plan.stayOn.map((h) => h.reasons)).toEqual(atomsOfDemo.map(() => ['GlusterFS node (gluster role; its bricks are not known yet)']))
  })
})

describe('batchMoves', () => {
  const move = (vmName: string, from: string, to: string, powerDeltaWatts: Record<string, number> = {}): PlannedMove => ({
    vm: vmName,
    from,
    to,
    memoryKiB: GIB,
    vcpus: 1,
    copyStorage: false,
    warnings: [],
    source: { before: { cpuShare: 0, ramShare: 0 }, after: { cpuShare: 0, ramShare: 0 } },
    target: { before: { cpuShare: 0, ramShare: 0 }, after: { cpuShare: 0, ramShare: 0 } },
    powerDeltaWatts
  })
  const names = (batches: PlannedMove[][]) => batches.map((b) => b.map((m) => m.vm))

  it('fills batches up to the limit, never with one host twice, each host\'s moves in order', () => {
    const moves = [move('1', 'A', 'B'), move('2', 'C', 'D'), move('3', 'E', 'F'), move('4', 'B', 'G'), move('5', 'G', 'H')]
    expect(names(batchMoves(moves, 2, new Map()))).toEqual([['1', '2'], ['3', '4'], ['5']])
    expect(names(batchMoves(moves, 3, new Map()))).toEqual([['1', '2', '3'], ['4'], ['5']])
    expect(names(batchMoves(moves, 1, new Map()))).toEqual([['1'], ['2'], ['3'], ['4'], ['5']])
  })

  it('lets a later move that shares nothing run beside an earlier one', () => {
    // 2 waits for 1 (both land on B); 3 touches neither, so it joins 1.
    const moves = [move('1', 'A', 'B'), move('2', 'C', 'B'), move('3', 'D', 'E')]
    expect(names(batchMoves(moves, 2, new Map()))).toEqual([['1', '3'], ['2']])
  })

  it('keeps the order of the moves of a tight cabinet, and runs them together when every raise fits', () => {
    // R02 at 80 W: +15, −20, +15 is fine in order (95, 75, 90 W); both raises at once would be 110 W.
    const moves = [move('1', 'A', 'B', { R02: 15 }), move('2', 'C', 'D', { R02: -20 }), move('3', 'E', 'F', { R02: 15 })]
    const r02 = (budgetWatts: number) => new Map<string, CabinetPower>([['R02', { kind: 'ok', name: 'R02', budgetWatts, boundBy: 'feed', liveWatts: 80 }]])
    expect(names(batchMoves(moves, 3, r02(100)))).toEqual([['1'], ['2'], ['3']])
    // With 110 W of budget no order can pass it.
    expect(names(batchMoves(moves, 3, r02(110)))).toEqual([['1', '2', '3']])
  })
})

describe('planPowerSaving on 200 random fleets of identical hosts', () => {
  const instances = Array.from({ length: 200 }, (_, seed) => {
    const random = randomFleet(seed + 1, instanceOptions(seed))
    const options = { ...RANDOM_POLICY, antiAffinityGroups: random.antiAffinityGroups }
    return { seed: seed + 1, random, options, plan: planPowerSaving({ facts: random.facts, site: random.site }, options) }
  })

  it('uses at most ⌈ΣRAM / usable host RAM⌉ + 1 hosts', () => {
    const over: string[] = []
    for (const { seed, random, plan } of instances) {
      const bound = Math.ceil(random.totalVmMemoryKiB / (random.hostMemoryKiB - RANDOM_POLICY.hostReserveKiB)) + 1
      const used = plan.hosts.filter((h) => h.after.vms > 0).length
      if (used > bound) over.push(`seed ${seed}: ${used} hosts > ${bound}`)
    }
    expect(over).toEqual([])
    // The instances really exercise packing: most plans empty at least one host.
    expect(instances.filter((i) => i.plan.powerDown.some((h) => h.emptiedByPlan)).length).toBeGreaterThan(150)
  })

  it('holds no move that planMigration refuses on the facts left by the moves before it, in plan or batch order, and breaks no anti-affinity group', () => {
    const refused: string[] = []
    for (const { seed, random, options, plan } of instances.slice(0, 60)) {
      const after = replay(random.facts, random.site, plan, options)
      refused.push(...after.errors.map((e) => `seed ${seed}: ${e}`))
      refused.push(...replay(random.facts, random.site, plan.batches.flat(), options).errors.map((e) => `seed ${seed}, batch order: ${e}`))
      for (const [group, members] of Object.entries(random.antiAffinityGroups)) {
        const hostsOfMembers = members.map((m) => Object.entries(after.facts.hosts).find(([, h]) => (h.vms ?? []).some((v) => v.name === m))?.[0])
        if (new Set(hostsOfMembers).size !== members.length) refused.push(`seed ${seed}: group ${group} shares a host`)
      }
    }
    expect(refused).toEqual([])
  })

  it('never puts one host in two migrations of a batch, nor more than two migrations in one', () => {
    for (const { plan } of instances) {
      expect(plan.batches.flat()).toHaveLength(plan.moves.length)
      expect(new Set(plan.batches.flat())).toEqual(new Set(plan.moves))
      for (const batch of plan.batches) {
        expect(batch.length).toBeLessThanOrEqual(2)
        const hosts = batch.flatMap((m) => [m.from, m.to])
        expect(new Set(hosts).size).toBe(hosts.length)
      }
    }
  })
})

describe('planPowerSaving on 200 random fleets whose first third are brick hosts', () => {
  const instances = Array.from({ length: 200 }, (_, seed) => {
    const base = instanceOptions(seed)
    const random = randomFleet(seed + 1, { ...base, glusterHosts: Math.ceil(base.hosts / 3) })
    const options = { ...RANDOM_POLICY, antiAffinityGroups: random.antiAffinityGroups }
    return { seed: seed + 1, random, options, pinned: Math.ceil(base.hosts / 3), plan: planPowerSaving({ facts: random.facts, site: random.site }, options) }
  })

  it('never powers down a brick host, and keeps on at most the brick hosts + ⌈RAM left over / usable host RAM⌉ + 1', () => {
    const problems: string[] = []
    for (const { seed, random, pinned, plan } of instances) {
      const brickHosts = random.site.hosts.filter((h) => h.roles.includes('gluster')).map((h) => h.name)
      for (const host of plan.powerDown) if (brickHosts.includes(host.host)) problems.push(`seed ${seed}: powers down brick host ${host.host}`)
      const usableKiB = random.hostMemoryKiB - RANDOM_POLICY.hostReserveKiB
      const bound = pinned + Math.ceil(Math.max(0, random.totalVmMemoryKiB - pinned * usableKiB) / usableKiB) + 1
      const on = plan.hosts.length - plan.powerDown.length
      if (on > bound) problems.push(`seed ${seed}: ${on} hosts on > ${bound}`)
    }
    expect(problems).toEqual([])
    expect(instances.filter((i) => i.plan.powerDown.some((h) => h.emptiedByPlan)).length).toBeGreaterThan(100)
  })

  it('holds no move that planMigration refuses on the facts left by the moves before it', () => {
    const refused: string[] = []
    for (const { seed, random, options, plan } of instances.slice(0, 60)) refused.push(...replay(random.facts, random.site, plan, options).errors.map((e) => `seed ${seed}: ${e}`))
    expect(refused).toEqual([])
  })
})
