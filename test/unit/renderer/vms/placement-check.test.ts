import { describe, expect, it } from 'vitest'
import type { VmsPlacement } from '../../../../src/shared/api-parts/vms-api'
import { checkMove, placementFacts, snapshotAsPlaced, verdictOf } from '../../../../src/renderer/src/features/vms/placement-check'
import { placeVms } from '../../../../src/renderer/src/features/vms/vm-layout'
import { hostFacts, site, snapshot, vmFacts } from './fleet-builders'

const NOW = 10_000
const VMSTORE = '/var/lib/libvirt/images/vmstore'
const gluster = [
  { mountPoint: '/', fsType: 'ext4' },
  { mountPoint: VMSTORE, fsType: 'fuse.glusterfs' }
]

function placement(tags: Record<string, string[]> = {}): VmsPlacement {
  const spec = (name: string) => ({ cpu: { mode: 'host-model', model: null }, disks: [{ device: 'disk', type: 'file', target: 'vda', source: `${VMSTORE}/${name}.qcow2` }], atMs: NOW })
  const host = (name: string, vms: string[]) => ({ host: name, cpuModel: 'Avoton', cpuModelAtMs: NOW, mounts: gluster, mountsAtMs: NOW, domains: Object.fromEntries(vms.map((vm) => [vm, spec(vm)])), domainErrors: {} })
  return {
    hosts: { 'hv-01': host('hv-01', ['dns-01', 'web-01']), 'hv-02': host('hv-02', ['web-02']), 'hvx-01': { ...host('hvx-01', []), cpuModel: 'Haswell' } },
    tags,
    settings: {
      command: { uriTemplate: 'qemu+ssh://{address}/system' },
      sharedMountPrefixes: [VMSTORE],
      hostReserveKiB: 1024 * 1024,
      vcpuWarnRatio: 2,
      vcpuMaxRatio: 4,
      allowCopyStorage: false,
      maxConcurrent: 2,
      migrationTimeoutMinutes: 120
    }
  }
}

const fleet = snapshot(
  hostFacts('hv-01', { cpus: 4, memoryGiB: 16, availableGiB: 12, vms: [vmFacts('dns-01', 1), vmFacts('web-01', 2)], atMs: NOW - 1_000 }),
  hostFacts('hv-02', { cpus: 4, memoryGiB: 16, availableGiB: 12, vms: [vmFacts('web-02', 2)], atMs: NOW - 1_000 }),
  hostFacts('hvx-01', { cpus: 16, memoryGiB: 128, availableGiB: 100, vms: [], atMs: NOW - 1_000 })
)

describe('the renderer’s pre-checks', () => {
  it('passes a move between two Atoms sharing the Gluster store, with the exact virsh argv', () => {
    const plan = checkMove(site(), fleet, placementFacts(site(), fleet, placement(), NOW), placement(), {}, 'dns-01', 'hv-01', 'hv-02')
    expect(plan.verdict).toBe('ok')
    expect(plan.command).toEqual(['env', 'LC_ALL=C', 'virsh', 'migrate', '--live', '--persistent', '--undefinesource', '--verbose', '--domain', 'dns-01', '--desturi', 'qemu+ssh://hv-02.example/system'])
    expect(verdictOf(plan)).toEqual({ level: 'ok', reason: 'every pre-check passed' })
  })

  it('refuses a move that breaks an anti-affinity tag, naming the VM in the way', () => {
    const tagged = placement({ 'web-01': ['web'], 'web-02': ['web'] })
    const plan = checkMove(site(), fleet, placementFacts(site(), fleet, tagged, NOW), tagged, {}, 'web-01', 'hv-01', 'hv-02')
    expect(plan.verdict).toBe('error')
    expect(plan.command).toBeUndefined()
    expect(verdictOf(plan).reason).toBe('hv-02 already runs web-02 (group web): web-01 must not share a host with it')
  })

  it('refuses at once when the SSH connection of the target is down, before its facts go stale', () => {
    const plan = checkMove(site(), fleet, placementFacts(site(), fleet, placement(), NOW), placement(), { 'hv-02': { host: 'hv-02', status: 'backoff', sinceMs: 1, lastError: 'hv-02: connection refused' } }, 'dns-01', 'hv-01', 'hv-02')
    expect(plan.verdict).toBe('error')
    expect(plan.command).toBeUndefined()
    expect(verdictOf(plan).reason).toBe('target hv-02: no SSH connection (retrying: hv-02: connection refused): Rackside cannot reach it now, so the migration cannot be run or watched')
  })

  it('refuses when the last VM list of the source failed', () => {
    const failing = { ...fleet, hosts: { ...fleet.hosts, 'hv-01': { ...fleet.hosts['hv-01']!, vms: { ...fleet.hosts['hv-01']!.vms!, error: { message: 'virsh: cannot connect', atMs: NOW - 500 } } } } }
    const plan = checkMove(site(), failing, placementFacts(site(), failing, placement(), NOW), placement(), {}, 'dns-01', 'hv-01', 'hv-02')
    expect(verdictOf(plan).reason).toMatch(/^source hv-01: its last VM list failed \(virsh: cannot connect\)/)
  })

  it('checks a VM where it is drawn after a verified move, not where the poller last listed it', () => {
    const migration = {
      id: 'm',
      vm: 'dns-01',
      from: 'hv-01',
      to: 'hv-02',
      runsOn: 'hv-01',
      argv: [],
      commandLine: '',
      actor: 'a',
      status: 'succeeded' as const,
      startedAtMs: NOW - 600,
      endedAtMs: NOW - 500,
      durationMs: 100,
      progress: null,
      warnings: [],
      verification: { atMs: NOW - 500, verdict: 'on-target' as const, activeOn: ['hv-02'], hosts: [] }
    }
    const drawn = snapshotAsPlaced(fleet, placeVms(['hv-01', 'hv-02', 'hvx-01'], fleet, [migration], {}))
    const back = checkMove(site(), drawn, placementFacts(site(), drawn, placement(), NOW), placement(), {}, 'dns-01', 'hv-02', 'hv-01')
    expect(back.checks.find((c) => c.id === 'vm-found')).toBeUndefined()
    expect(back.checks.find((c) => c.id === 'vm-state')?.level).toBe('ok')
  })

  it('has nothing to check against before the settings loaded', () => {
    expect(verdictOf(checkMove(site(), fleet, placementFacts(site(), fleet, null, NOW), null, {}, 'dns-01', 'hv-01', 'hv-02'))).toEqual({ level: 'error', reason: 'the migration settings have not loaded yet' })
  })
})
