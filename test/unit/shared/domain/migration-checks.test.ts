import { describe, expect, it } from 'vitest'
import type { FleetSnapshot } from '../../../../src/shared/fleet'
import { planMigration, type CheckId, type MigrationPlan, type MigrationPlanOptions } from '../../../../src/shared/domain/migration-checks'
import { cabinetBudget } from '../../../../src/shared/domain/power'
import { PlacementPolicyError, placementFactsFromSnapshot, type HypervisorFacts } from '../../../../src/shared/domain/vm-placement-types'
import { GIB, VMSTORE, facts, hypervisor, qcow2, testSite, vm, type HostInput } from './vm-placement-fixtures'

const site = testSite()
const shared: MigrationPlanOptions = { sharedMountPrefixes: [VMSTORE] }

function check(plan: MigrationPlan, id: CheckId) {
  const found = plan.checks.find((c) => c.id === id)
  if (found === undefined) throw new Error(`plan has no ${id} check: ${JSON.stringify(plan.checks)}`)
  return found
}

/** web-01 (2 vCPUs, 4 GiB, 50 % of a CPU) on hv-01, moving to hv-02 set up by the test. */
function moveWeb01(target: Partial<HostInput> = {}, options: MigrationPlanOptions = shared, web01: Parameters<typeof vm>[0] = { name: 'web-01', vcpus: 2, memoryGiB: 4, cpuPercent: 50 }): MigrationPlan {
  const hosts: Record<string, HypervisorFacts> = {
    'hv-01': hypervisor({ cpus: 4, memoryGiB: 16, vms: [vm(web01)] }),
    'hv-02': hypervisor({ cpus: 4, memoryGiB: 16, ...target })
  }
  return planMigration(web01.name, 'hv-01', 'hv-02', facts(hosts), site, options)
}

describe('planMigration: a clean move', () => {
  const plan = moveWeb01({ vms: [vm({ name: 'dns-01', memoryGiB: 1 })] })

  it('passes every check and gives the virsh argv', () => {
    expect(plan.verdict).toBe('ok')
    expect(plan.checks.map((c) => c.id)).toEqual(['reachable', 'vm-state', 'memory', 'vcpu-ratio', 'cpu-headroom', 'storage', 'cpu-model', 'name-free', 'anti-affinity', 'power'])
    expect(plan.checks.every((c) => c.level === 'ok')).toBe(true)
    expect(plan.command).toEqual(['env', 'LC_ALL=C', 'virsh', 'migrate', '--live', '--persistent', '--undefinesource', '--verbose', '--domain', 'web-01', '--desturi', 'qemu+ssh://10.0.0.14/system'])
  })

  it('words each check with its numbers', () => {
    // 16 GiB − 1 GiB (dns-01) = 15 GiB unallocated
    expect(check(plan, 'memory').message).toBe('hv-02 has 15 GiB unallocated (16 GiB total, 1 GiB given to 1 VM); web-01 needs 4 GiB + 1 GiB host reserve')
    // dns-01's 1 vCPU + web-01's 2 = 3 on 4 CPUs
    expect(check(plan, 'vcpu-ratio').message).toBe('hv-02 would run 3 vCPUs on 4 CPUs (0.75:1)')
    expect(check(plan, 'storage').message).toBe(`its disk is on storage hv-02 shares: vda is on ${VMSTORE} (fuse.glusterfs on hv-02)`)
    expect(check(plan, 'cpu-model').message).toBe('web-01 uses host-model; hv-01 and hv-02 both are Broadwell')
  })
})

describe('planMigration: source and target', () => {
  it('refuses a move onto the host the VM is on, with that one check', () => {
    const hosts = { 'hv-01': hypervisor({ cpus: 4, memoryGiB: 16, vms: [vm({ name: 'web-01' })] }) }
    const plan = planMigration('web-01', 'hv-01', 'hv-01', facts(hosts), site, shared)
    expect(plan.verdict).toBe('error')
    expect(plan.checks).toEqual([{ id: 'same-host', level: 'error', message: 'web-01 is already on hv-01: pick another host' }])
    expect(plan.command).toBeUndefined()
  })

  it('refuses an unknown host and a VM the source does not have', () => {
    const hosts = { 'hv-01': hypervisor({ cpus: 4, memoryGiB: 16, vms: [vm({ name: 'web-01' })] }), 'hv-02': hypervisor({ cpus: 4, memoryGiB: 16 }) }
    expect(planMigration('web-01', 'hv-01', 'hv-09', facts(hosts), site).checks).toEqual([{ id: 'hosts-known', level: 'error', message: 'hv-09 is not a known hypervisor' }])
    expect(planMigration('db-01', 'hv-01', 'hv-02', facts(hosts), site).checks).toEqual([
      { id: 'vm-found', level: 'error', message: 'db-01 is not on hv-01 (as of the last refresh)' }
    ])
  })

  it('refuses a target whose libvirt facts are stale or missing, naming the last error', () => {
    const stale = moveWeb01({ freshness: 'stale', error: 'ssh: connection refused' })
    expect(check(stale, 'reachable')).toEqual({
      id: 'reachable',
      level: 'error',
      message: 'target hv-02: libvirt facts are stale, no answer for three refreshes (last error: ssh: connection refused): refresh before migrating'
    })
    expect(stale.command).toBeUndefined()
    expect(check(moveWeb01({ freshness: 'missing' }), 'reachable').message).toBe('target hv-02: libvirt has not answered yet: refresh before migrating')
    expect(check(moveWeb01(), 'reachable')).toEqual({ id: 'reachable', level: 'ok', message: 'hv-01 and hv-02: libvirt answered within the last three refreshes' })
  })
})

describe('planMigration: VM state', () => {
  it('warns for a paused VM and refuses a shut-off one (live only, no offline migration)', () => {
    const paused = moveWeb01({}, shared, { name: 'web-01', state: 'paused' })
    expect(check(paused, 'vm-state')).toEqual({ id: 'vm-state', level: 'warn', message: 'web-01 is paused: it migrates as it is and stays paused on hv-02' })
    expect(paused.verdict).toBe('warn')
    expect(paused.command).toBeDefined()
    const off = moveWeb01({}, shared, { name: 'web-01', state: 'shut off' })
    expect(check(off, 'vm-state')).toEqual({
      id: 'vm-state',
      level: 'error',
      message: 'web-01 is shut off: a live migration needs a running domain, and offline migration is not supported'
    })
    expect(off.command).toBeUndefined()
  })
})

describe('planMigration: free RAM on the target', () => {
  // hv-02: 16 GiB with 8 + 4 GiB allocated leaves 4 GiB.
  const busy = { vms: [vm({ name: 'db-01', memoryGiB: 8 }), vm({ name: 'app-01', memoryGiB: 4 })] }

  it('passes when VM RAM + reserve fit: 4 GiB ≥ 2 GiB + 1 GiB', () => {
    const plan = moveWeb01(busy, shared, { name: 'web-01', memoryGiB: 2 })
    expect(check(plan, 'memory')).toEqual({
      id: 'memory',
      level: 'ok',
      message: 'hv-02 has 4 GiB unallocated (16 GiB total, 12 GiB given to 2 VMs); web-01 needs 2 GiB + 1 GiB host reserve'
    })
  })

  it('refuses when they do not: 4 GiB < 4 GiB + 1 GiB, short by 1 GiB', () => {
    const plan = moveWeb01(busy, shared, { name: 'web-01', memoryGiB: 4 })
    expect(check(plan, 'memory')).toEqual({
      id: 'memory',
      level: 'error',
      message: 'hv-02 has only 4 GiB unallocated (16 GiB total, 12 GiB given to 2 VMs); web-01 needs 4 GiB + 1 GiB host reserve: short by 1 GiB'
    })
    // With no reserve the same move fits exactly.
    expect(check(moveWeb01(busy, { ...shared, hostReserveKiB: 0 }, { name: 'web-01', memoryGiB: 4 }), 'memory').level).toBe('ok')
  })

  it('uses MemAvailable when the host has less than its VMs leave: 2.5 GiB < 2 + 1 GiB', () => {
    const plan = moveWeb01({ ...busy, availableGiB: 2.5 }, shared, { name: 'web-01', memoryGiB: 2 })
    expect(check(plan, 'memory').message).toBe('hv-02 has only 2.5 GiB available (MemAvailable); web-01 needs 2 GiB + 1 GiB host reserve: short by 0.5 GiB')
  })

  it('counts shut-off VMs as holding no RAM', () => {
    const plan = moveWeb01({ vms: [vm({ name: 'db-01', memoryGiB: 12, state: 'shut off' })] }, shared, { name: 'web-01', memoryGiB: 4 })
    expect(check(plan, 'memory').message).toBe('hv-02 has 16 GiB unallocated (16 GiB total, 0 GiB given to 0 VMs); web-01 needs 4 GiB + 1 GiB host reserve')
  })
})

describe('planMigration: vCPU overcommit (warn above 2:1, refuse above 4:1)', () => {
  const target = (allocated: number) => ({ vms: [vm({ name: 'other', vcpus: allocated, memoryGiB: 1 })] })

  it('passes at exactly 2:1: 6 + 2 vCPUs on 4 CPUs', () => {
    expect(check(moveWeb01(target(6)), 'vcpu-ratio')).toEqual({ id: 'vcpu-ratio', level: 'ok', message: 'hv-02 would run 8 vCPUs on 4 CPUs (2:1)' })
  })

  it('warns at 2.5:1: 8 + 2 vCPUs on 4 CPUs', () => {
    expect(check(moveWeb01(target(8)), 'vcpu-ratio')).toEqual({
      id: 'vcpu-ratio',
      level: 'warn',
      message: 'hv-02 would run 10 vCPUs on 4 CPUs (2.5:1), above 2:1: busy guests will wait for CPU'
    })
  })

  it('refuses at 4.5:1: 16 + 2 vCPUs on 4 CPUs, and follows a configured limit', () => {
    expect(check(moveWeb01(target(16)), 'vcpu-ratio')).toEqual({
      id: 'vcpu-ratio',
      level: 'error',
      message: 'hv-02 would run 18 vCPUs on 4 CPUs (4.5:1), above the 4:1 limit'
    })
    expect(check(moveWeb01(target(16), { ...shared, vcpuMaxRatio: 5 }), 'vcpu-ratio').level).toBe('warn')
  })

  it('refuses a VM with more vCPUs than the target has CPUs', () => {
    const plan = moveWeb01({}, shared, { name: 'web-01', vcpus: 8 })
    expect(check(plan, 'vcpu-ratio')).toEqual({ id: 'vcpu-ratio', level: 'error', message: 'web-01 has 8 vCPUs but hv-02 has only 4 CPUs' })
  })

  it('refuses a policy whose warning ratio is above its limit', () => {
    expect(() => moveWeb01({}, { vcpuWarnRatio: 5, vcpuMaxRatio: 4 })).toThrow(PlacementPolicyError)
  })
})

describe('planMigration: storage', () => {
  it('accepts a gluster:// network disk without any shared mount configured', () => {
    const plan = moveWeb01({}, {}, { name: 'web-01', disks: [{ device: 'disk', type: 'network', target: 'vda', source: 'gluster://hv-01/vmstore/web-01.qcow2' }] })
    expect(check(plan, 'storage')).toEqual({ id: 'storage', level: 'ok', message: 'its disk is on storage hv-02 shares: vda is network storage (gluster://hv-01/vmstore/web-01.qcow2)' })
  })

  it('refuses a host-local disk, naming the shared store to use', () => {
    const local = { name: 'web-01', disks: [{ device: 'disk', type: 'file', target: 'vda', source: '/var/lib/libvirt/images/web-01.qcow2' }] }
    const plan = moveWeb01({}, shared, local)
    expect(check(plan, 'storage')).toEqual({
      id: 'storage',
      level: 'error',
      message: `vda /var/lib/libvirt/images/web-01.qcow2 is local to hv-01: move it to shared storage (${VMSTORE}) or allow copying storage`
    })
    expect(check(moveWeb01({}, {}, local), 'storage').message).toContain('(no shared mount is configured for this site)')
  })

  it('offers --copy-storage-all for a local disk when the policy allows copying', () => {
    const local = { name: 'web-01', disks: [{ device: 'disk', type: 'file', target: 'vda', source: '/srv/local/web-01.qcow2' }] }
    const plan = moveWeb01({}, { ...shared, allowCopyStorage: true }, local)
    expect(check(plan, 'storage')).toEqual({
      id: 'storage',
      level: 'warn',
      message: 'vda /srv/local/web-01.qcow2 is local to hv-01: it will be copied with --copy-storage-all (slow; hv-02 needs room for it)'
    })
    expect(plan.copyStorage).toBe(true)
    expect(plan.command).toContain('--copy-storage-all')
  })

  it('refuses a disk on the shared store when the target has not mounted it, and warns when its mounts are unknown', () => {
    const unmounted = moveWeb01({ mounts: [{ mountPoint: '/', fsType: 'ext4' }] })
    expect(check(unmounted, 'storage')).toEqual({
      id: 'storage',
      level: 'error',
      message: `vda is on shared store ${VMSTORE}, which hv-02 has not mounted (the path is on / (ext4) there)`
    })
    expect(check(moveWeb01({ mounts: null }), 'storage')).toEqual({ id: 'storage', level: 'warn', message: `vda is on ${VMSTORE}, but the mounts of hv-02 are unknown` })
  })

  it('reads a configured prefix with a trailing slash the same', () => {
    expect(check(moveWeb01({}, { sharedMountPrefixes: [`${VMSTORE}/`] }), 'storage').level).toBe('ok')
  })

  it('warns for a local ISO in a CD-ROM and skips an empty drive', () => {
    const disks = [qcow2('web-01'), { device: 'cdrom', type: 'file', target: 'hdc', source: '/srv/iso/debian.iso' }, { device: 'cdrom', type: 'file', target: 'hdd', source: null }]
    const plan = moveWeb01({}, shared, { name: 'web-01', disks })
    expect(check(plan, 'storage')).toEqual({
      id: 'storage',
      level: 'warn',
      message: 'hdc (cdrom) /srv/iso/debian.iso is a file local to hv-01: hv-02 needs the same file at the same path, or eject it first'
    })
    expect(plan.copyStorage).toBe(false)
  })

  it('falls back to the VM facts disk paths without domain XML', () => {
    const plan = moveWeb01({}, shared, { name: 'web-01', withSpec: false, disks: [{ device: 'disk', type: 'file', target: null, source: '/tmp/x.img' }] })
    expect(check(plan, 'storage').message).toContain('/tmp/x.img /tmp/x.img is local to hv-01')
  })
})

describe('planMigration: CPU model', () => {
  const withCpu = (mode: string, targetModel: string | null, model: string | null = null) =>
    moveWeb01({ cpuModel: targetModel }, shared, { name: 'web-01', cpu: { mode, model } })

  it('accepts host-passthrough between hosts of the same libvirt CPU model', () => {
    expect(check(withCpu('host-passthrough', 'Broadwell'), 'cpu-model').level).toBe('ok')
  })

  it('refuses host-passthrough to a different CPU model', () => {
    expect(check(withCpu('host-passthrough', 'Skylake-Server'), 'cpu-model')).toEqual({
      id: 'cpu-model',
      level: 'error',
      message: 'web-01 passes the host CPU through (host-passthrough) and the CPUs differ (hv-01 is Broadwell, hv-02 is Skylake-Server): use host-model or a named model to move it'
    })
  })

  it('warns for host-model across CPU models and accepts a named model', () => {
    expect(check(withCpu('host-model', 'Skylake-Server'), 'cpu-model')).toEqual({
      id: 'cpu-model',
      level: 'warn',
      message: 'web-01 uses host-model across different CPUs (hv-01 is Broadwell, hv-02 is Skylake-Server): hv-02 must offer every feature the guest started with'
    })
    expect(check(withCpu('custom', 'Skylake-Server', 'qemu64'), 'cpu-model')).toEqual({
      id: 'cpu-model',
      level: 'ok',
      message: 'web-01 uses the named CPU model qemu64, assumed supported by hv-02'
    })
  })

  it('only warns when the CPUs are known by inventory model alone (Atom to Xeon)', () => {
    const hosts = {
      'hv-01': hypervisor({ cpus: 4, memoryGiB: 16, cpuModel: null, vms: [vm({ name: 'web-01', cpu: { mode: 'host-passthrough', model: null } })] }),
      'hvx-01': hypervisor({ cpus: 16, memoryGiB: 128, cpuModel: null })
    }
    const plan = planMigration('web-01', 'hv-01', 'hvx-01', facts(hosts), site, shared)
    expect(check(plan, 'cpu-model')).toEqual({
      id: 'cpu-model',
      level: 'warn',
      message:
        'web-01 passes the host CPU through (host-passthrough) and the CPUs differ (hv-01 is Atom 1U (inventory model), hvx-01 is Xeon 2U (inventory model)): use host-model or a named model to move it'
    })
  })

  it('warns when the domain XML was not read', () => {
    expect(check(moveWeb01({}, shared, { name: 'web-01', withSpec: false }), 'cpu-model')).toEqual({
      id: 'cpu-model',
      level: 'warn',
      message: 'CPU mode of web-01 is unknown (its domain XML was not read)'
    })
  })
})

describe('planMigration: a domain of the same name on the target', () => {
  it('refuses when it runs there and warns when it is shut off there', () => {
    expect(check(moveWeb01({ vms: [vm({ name: 'web-01' })] }), 'name-free')).toEqual({ id: 'name-free', level: 'error', message: 'hv-02 already runs a domain named web-01' })
    expect(check(moveWeb01({ vms: [vm({ name: 'web-01', state: 'shut off' })] }), 'name-free')).toEqual({
      id: 'name-free',
      level: 'warn',
      message: 'hv-02 has a shut off domain named web-01: libvirt refuses the migration unless it is the same domain (same UUID)'
    })
  })
})

describe('planMigration: anti-affinity', () => {
  const groups = { ...shared, antiAffinityGroups: { web: ['web-01', 'web-02'] } }

  it('refuses a move next to a running member of the same group', () => {
    const plan = moveWeb01({ vms: [vm({ name: 'web-02' })] }, groups)
    expect(check(plan, 'anti-affinity')).toEqual({ id: 'anti-affinity', level: 'error', message: 'hv-02 already runs web-02 (group web): web-01 must not share a host with it' })
    expect(plan.command).toBeUndefined()
  })

  it('warns next to a shut-off member and passes when the members are apart', () => {
    expect(check(moveWeb01({ vms: [vm({ name: 'web-02', state: 'shut off' })] }, groups), 'anti-affinity').level).toBe('warn')
    expect(check(moveWeb01({ vms: [vm({ name: 'db-01' })] }, groups), 'anti-affinity')).toEqual({
      id: 'anti-affinity',
      level: 'ok',
      message: 'no other member of web is on hv-02'
    })
  })
})

describe('planMigration: the target cabinet power budget, live estimate', () => {
  // R01: SAN at typical 1900 W, hvx-01 at 25 % busy = 110 + 270 × 0.25 = 177.5 W,
  // hvx-02 at 12.5 % = 110 + 270 × 0.125 = 143.75 W: 2221.25 W live against 2944 W.
  function intoHvx02(cpuPercent: number, r01ContractWatts?: number): MigrationPlan {
    const big = vm({ name: 'batch-01', vcpus: 12, memoryGiB: 8, cpuPercent })
    const hosts = {
      'hv-01': hypervisor({ cpus: 4, memoryGiB: 16, vms: [big] }),
      'hvx-01': hypervisor({ cpus: 16, memoryGiB: 128, busyPercent: 25 }),
      'hvx-02': hypervisor({ cpus: 16, memoryGiB: 128, busyPercent: 12.5 })
    }
    return planMigration('batch-01', 'hv-01', 'hvx-02', facts(hosts), testSite({ r01ContractWatts }), shared)
  }

  it('passes below 80 %: 2 CPUs busy add 2/16 × 270 = 33.75 W, 2255 W is 77 %', () => {
    expect(check(intoHvx02(200), 'power')).toEqual({
      id: 'power',
      level: 'ok',
      message: 'R01 would draw 2255 W live of its 2944 W failover-safe budget (77 %), +34 W for batch-01'
    })
  })

  it('warns from 80 %: 10 CPUs busy add 168.75 W, 2390 W is 81 %', () => {
    expect(check(intoHvx02(1000), 'power')).toEqual({
      id: 'power',
      level: 'warn',
      message: 'R01 would draw 2390 W live, 81 % of its 2944 W failover-safe budget (+169 W for batch-01)'
    })
  })

  it('refuses above the budget: a 2300 W contract, 2390 W is 90 W over', () => {
    expect(check(intoHvx02(1000, 2300), 'power')).toEqual({
      id: 'power',
      level: 'error',
      message: 'R01 would draw 2390 W live, over its 2300 W contracted power by 90 W (+169 W for batch-01)'
    })
  })

  it('agrees with cabinetBudget on the draw after the move', () => {
    // hvx-02 goes from 12.5 % to 12.5 % + 10/16 = 75 %.
    const after = cabinetBudget(testSite(), 'R01', { utilisation: { 'hvx-01': 0.25, 'hvx-02': 0.75 } })
    expect(after.drawWatts.live).toBe(2390)
    expect(check(intoHvx02(1000), 'power').message).toContain(`draw ${Math.round(after.drawWatts.live)} W`)
  })

  it('counts an unmeasured VM as all its vCPUs busy, and says so', () => {
    const unmeasured = planMigration(
      'batch-01',
      'hv-01',
      'hvx-02',
      facts({
        'hv-01': hypervisor({ cpus: 4, memoryGiB: 16, vms: [vm({ name: 'batch-01', vcpus: 2, memoryGiB: 8, cpuPercent: null })] }),
        'hvx-02': hypervisor({ cpus: 16, memoryGiB: 128, busyPercent: 12.5 })
      }),
      site,
      shared
    )
    // 2 busy vCPUs: 2/16 × 270 = 33.75 W
    expect(check(unmeasured, 'power').message).toContain("+34 W for batch-01; batch-01's CPU use is unknown, counted as its 2 vCPUs fully busy")
  })

  it('nets a move inside one cabinet, and warns for a host not linked to a device', () => {
    const hosts = {
      'hvx-01': hypervisor({ cpus: 16, memoryGiB: 128, vms: [vm({ name: 'web-01', cpuPercent: 100 })] }),
      'hvx-02': hypervisor({ cpus: 16, memoryGiB: 128 }),
      'hv-03': hypervisor({ cpus: 4, memoryGiB: 16 })
    }
    expect(check(planMigration('web-01', 'hvx-01', 'hvx-02', facts(hosts), site, shared), 'power').message).toContain('±0 W for web-01')
    expect(check(planMigration('web-01', 'hvx-01', 'hv-03', facts(hosts), site, shared), 'power')).toEqual({
      id: 'power',
      level: 'warn',
      message: "hv-03 is not linked to a device in the site inventory: its cabinet's power budget is not checked"
    })
  })
})

describe('planMigration: the command', () => {
  it('uses the site transport options', () => {
    const plan = moveWeb01({}, { ...shared, command: { uriTemplate: 'qemu+tcp://{address}/system', migrateUri: 'tcp://{address}', timeoutSeconds: 120 } })
    expect(plan.command).toEqual([
      'env',
      'LC_ALL=C',
      'virsh',
      'migrate',
      '--live',
      '--persistent',
      '--undefinesource',
      '--verbose',
      '--domain',
      'web-01',
      '--desturi',
      'qemu+tcp://10.0.0.14/system',
      '--migrateuri',
      'tcp://10.0.0.14',
      '--timeout',
      '120'
    ])
  })

  it('turns a target without an address, or options virsh refuses, into an error check', () => {
    const hosts = { 'hv-01': hypervisor({ cpus: 4, memoryGiB: 16, vms: [vm({ name: 'web-01' })] }), 'hv-09': hypervisor({ cpus: 4, memoryGiB: 16 }) }
    const plan = planMigration('web-01', 'hv-01', 'hv-09', facts(hosts), site, shared)
    expect(plan.verdict).toBe('error')
    expect(check(plan, 'command').message).toBe("hv-09 is not in the site's host list: there is no address to migrate to")
    const tunnelled = moveWeb01({}, { ...shared, command: { uriTemplate: 'qemu+ssh://{address}/system', tunnelled: true } })
    expect(check(tunnelled, 'command').message).toBe('a tunnelled migration needs --p2p: libvirt refuses --tunnelled without it')
    expect(tunnelled.command).toBeUndefined()
  })
})

describe('placementFactsFromSnapshot', () => {
  const nowMs = 100_000
  const fact = <T>(value: T, atMs: number) => ({ value, atMs, intervalMs: 5_000 })
  const base = hypervisor({ cpus: 4, memoryGiB: 16, vms: [vm({ name: 'web-01' })] })
  const snapshot: FleetSnapshot = {
    hosts: {
      'hv-01': { host: 'hv-01', system: fact(base.system!, 99_000), node: fact(base.node!, 10_000), vms: fact(base.vms!, 98_000) },
      // VM list last seen 20 s ago: more than three 5 s refreshes.
      'hv-02': {
        host: 'hv-02',
        system: fact(base.system!, 99_000),
        vms: { ...fact(base.vms!, 80_000), error: { message: 'virsh: failed to connect to the hypervisor', atMs: 99_000 } }
      }
    }
  }

  it('rates each host by its libvirt VM list and system facts, and carries the extras', () => {
    const result = placementFactsFromSnapshot(snapshot, ['hv-01', 'hv-02', 'hv-03'], nowMs, { 'hv-01': { cpuModel: 'Broadwell', mounts: [] } })
    expect(result.hosts['hv-01']).toMatchObject({ freshness: 'fresh', cpuModel: 'Broadwell', mounts: [], vms: base.vms })
    expect(result.hosts['hv-01']?.system?.memTotalKiB).toBe(16 * GIB)
    expect(result.hosts['hv-02']).toMatchObject({ freshness: 'stale', error: 'virsh: failed to connect to the hypervisor', cpuModel: null, mounts: null })
    expect(result.hosts['hv-03']).toMatchObject({ freshness: 'missing', vms: null, system: null })
  })
})
