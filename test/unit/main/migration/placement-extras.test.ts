import { describe, expect, it } from 'vitest'
import { FleetPoller } from '../../../../src/main/fleet/fleet-poller'
import { PlacementExtrasCollector } from '../../../../src/main/migration/placement-extras'
import { realTimeFleet, simExec } from './sim-exec'
import { run } from '../sim/sim-test-kit'

const HYPERVISORS = ['hvx-01', 'hvx-02', 'hv-01', 'hv-02', 'hv-03', 'hv-04', 'hv-05']
const VMSTORE = '/var/lib/libvirt/images/vmstore/'

async function setup(polled: readonly string[]) {
  const fleet = realTimeFleet(0.3)
  const poller = new FleetPoller({
    runner: { run: async (host, command) => {
      const result = await run(fleet, host, command)
      return { exitCode: result.code, stdout: result.stdout, stderr: result.stderr }
    } },
    intervals: { vmsMs: 500, systemMs: 60_000, nodeMs: 60_000 }
  })
  poller.setHosts(polled.map((name) => ({ name, roles: ['hypervisor'] })))
  await poller.pollDue()
  const log: { host: string; line: string }[] = []
  let changes = 0
  const collector = new PlacementExtrasCollector({ exec: simExec(fleet, log), snapshot: () => poller.snapshot(), now: Date.now, onChange: () => changes++, maxConcurrent: 100, domainRefreshMs: 60_000 })
  collector.setHosts(HYPERVISORS)
  return { fleet, poller, collector, log, changes: () => changes }
}

describe('PlacementExtrasCollector', () => {
  it('reads the domain XML of every VM of the hosts libvirt answered for, and only those hosts', async () => {
    const { collector, log, changes } = await setup(['hvx-01', 'hv-01'])
    await collector.pollDue()
    const extras = collector.extras()
    expect(Object.keys(extras).sort()).toEqual([...HYPERVISORS].sort())
    expect(Object.keys(extras['hvx-01']?.domains ?? {}).sort()).toEqual(['app-01', 'db-01', 'web-01', 'web-02'])
    const db01 = extras['hvx-01']?.domains['db-01']
    expect(db01?.cpu).toEqual({ mode: 'host-model', model: null })
    expect(db01?.disks.map((d) => d.target)).toEqual(['vda', 'vdb'])
    expect(db01?.disks.every((d) => d.type === 'file' && d.source?.startsWith(VMSTORE))).toBe(true)
    expect(Object.keys(extras['hv-01']?.domains ?? {}).sort()).toEqual(['dns-01', 'mail-relay-01'])
    // Hosts the poller has no VM list for are left alone.
    expect(new Set(log.map((l) => l.host))).toEqual(new Set(['hvx-01', 'hv-01']))
    expect(extras['hv-02']).toEqual({ host: 'hv-02', cpuModel: null, cpuModelAtMs: null, mounts: null, mountsAtMs: null, domains: {}, domainErrors: {} })
    expect(changes()).toBeGreaterThan(0)
  })

  it('reads the host CPU model and the Gluster mount the disks live on', async () => {
    const { collector } = await setup(['hv-01', 'hvx-01'])
    await collector.pollDue()
    const hv01 = collector.extras()['hv-01']
    expect(hv01?.cpuModel).toBe('Westmere')
    expect(collector.extras()['hvx-01']?.cpuModel).toBe('Haswell-noTSX-IBRS')
    expect(hv01?.mounts).toEqual(expect.arrayContaining([expect.objectContaining({ mountPoint: VMSTORE.slice(0, -1), fsType: 'fuse.glusterfs' })]))
  })

  it('keeps what a host could not answer as an error with the tool’s words, not as an empty value', async () => {
    const failing = new PlacementExtrasCollector({
      exec: async (host, argv) => ({ exitCode: 1, stdout: '', stderr: `${argv.join(' ')}: Permission denied\n` }),
      snapshot: () => ({ hosts: { 'hv-01': { host: 'hv-01', vms: { value: [], atMs: Date.now(), intervalMs: 5000 } } } }),
      now: Date.now,
      onChange: () => undefined,
      maxConcurrent: 10,
      domainRefreshMs: 60_000
    })
    failing.setHosts(['hv-01'])
    await failing.pollDue()
    const hv01 = failing.extras()['hv-01']
    expect(hv01?.cpuModel).toBeNull()
    expect(hv01?.cpuModelError).toMatch(/^hv-01: `virsh capabilities` failed: .*Permission denied/)
    expect(hv01?.mounts).toBeNull()
    expect(hv01?.mountsError).toMatch(/^hv-01: `cat \/proc\/mounts` failed: .*Permission denied/)
  })

  it('follows a VM that moved: forgotten on the old host, read on the new one', async () => {
    const { fleet, poller, collector } = await setup(['hv-01', 'hv-02'])
    await collector.pollDue()
    expect(collector.extras()['hv-01']?.domains['dns-01']).toBeDefined()
    const started = fleet.migrations.start({ vm: 'dns-01', source: 'hv-01', target: 'hv-02', persistent: true, undefineSource: true }, Date.now())
    expect(started.ok).toBe(true)
    await expect.poll(() => fleet.vmLocations().get('dns-01'), { timeout: 5_000 }).toBe('hv-02')
    // The poller's next VM list shows the move; the collector acts on that, not on the simulator.
    await expect
      .poll(async () => {
        await poller.pollDue()
        return poller.snapshot().hosts['hv-02']?.vms?.value?.some((vm) => vm.name === 'dns-01')
      }, { timeout: 5_000 })
      .toBe(true)
    await collector.pollDue()
    expect(collector.extras()['hv-01']?.domains['dns-01']).toBeUndefined()
    expect(collector.extras()['hv-02']?.domains['dns-01']?.disks[0]?.source).toBe(`${VMSTORE}dns-01.qcow2`)
  })

  it('reads a host again on demand even when nothing is due', async () => {
    const { collector, log } = await setup(['hv-03'])
    await collector.pollDue()
    const before = log.length
    await collector.pollDue()
    expect(log.length).toBe(before)
    await collector.refresh('hv-03')
    expect(log.length).toBe(before + 2 + 2)
  })
})
