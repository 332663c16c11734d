// Rackside migrating a real guest between the lab's hypervisors (libvirt + QEMU, disks on the
// Gluster FUSE mount) through the app's own services: the placement facts read over SSH, the
// pre-checks, the runner with progress and abort — each outcome confirmed with plain virsh.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MigrationRecord } from '../../../src/shared/api-parts/vms-api'
import type { Services } from '../../../src/main/services'
import { labSshText } from '../../lab/lab'
import { requireLab } from '../../lab/require-lab'
import { tempDir } from '../../helpers/temp-services'
import { createLabGuest, guestStates, labServices, removeLabGuest, waitUntil } from './lab-fleet'

const GUEST = 'rs-mig-test'
const FINAL = new Set(['succeeded', 'failed', 'cancelled', 'unknown'])

describe('migrations between the lab’s real hypervisors', () => {
  const lab = requireLab()
  const dir = tempDir('rackside-lab-migration-')
  let services: Services
  const records: MigrationRecord[] = []

  const listedOn = (vm: string) =>
    Object.entries(services.fleet?.snapshot().hosts ?? {})
      .filter(([, facts]) => facts.vms?.value?.some((d) => d.name === vm))
      .map(([host]) => host)

  async function migrate(from: string, to: string, onRunning?: (record: MigrationRecord) => Promise<void> | void): Promise<MigrationRecord> {
    const started = await services.handlers['vms.migrate']({ vm: GUEST, from, to, confirmed: true })
    for (;;) {
      const latest = [...records].reverse().find((r) => r.id === started.id)
      if (latest && FINAL.has(latest.status)) return latest
      if (latest && onRunning) await onRunning(latest)
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }

  beforeAll(async () => {
    if (!lab.available) return
    await removeLabGuest(GUEST)
    await createLabGuest(GUEST, 'hv-01', lab.virtType ?? 'qemu')
    services = await labServices(dir.path)
    services.events.attach((topic, payload) => {
      if (topic === 'vms.migration') records.push(payload as MigrationRecord)
    })
    await waitUntil(`${GUEST} listed on hv-01 and hv-02 answering`, () => listedOn(GUEST).includes('hv-01') && services.fleet?.snapshot().hosts['hv-02']?.vms?.value != null, 60_000)
    await services.handlers['vms.refresh']({})
  }, 240_000)
  afterAll(async () => {
    await services?.close()
    if (lab.available) await removeLabGuest(GUEST)
    dir.remove()
  }, 120_000)

  it('reads the real mounts, CPU model and domain XML, and passes the storage and CPU checks', async () => {
    const placement = await services.handlers['vms.placement']({})
    const hv01 = placement.hosts['hv-01']
    expect(hv01?.mountsError).toBeUndefined()
    expect(hv01?.mounts).toContainEqual({ mountPoint: '/var/lib/libvirt/images/vmstore', fsType: 'fuse.glusterfs' })
    expect(hv01?.cpuModelError).toBeUndefined()
    expect(hv01?.domains[GUEST]?.disks).toEqual([{ device: 'disk', type: 'file', target: 'vda', source: `/var/lib/libvirt/images/vmstore/${GUEST}.qcow2` }])
    const { plan, commandLine, runsOnAddress } = await services.handlers['vms.check']({ vm: GUEST, from: 'hv-01', to: 'hv-02' })
    expect(plan.checks.find((c) => c.id === 'storage')).toEqual({
      id: 'storage',
      level: 'ok',
      message: `its disk is on storage hv-02 shares: vda is on /var/lib/libvirt/images/vmstore (fuse.glusterfs on hv-02)`
    })
    expect(plan.checks.find((c) => c.id === 'cpu-model')?.level).toBe('ok')
    expect(plan.verdict).not.toBe('error')
    expect(commandLine).toBe(`env 'LC_ALL=C' virsh migrate --live --persistent --undefinesource --verbose --domain ${GUEST} --desturi qemu+ssh://10.200.0.12/system`)
    expect(runsOnAddress).toBe('root@10.200.0.11:22')
  })

  it('migrates the guest hv-01 → hv-02; plain virsh then finds it running on hv-02 only, persistent', async () => {
    const final = await migrate('hv-01', 'hv-02')
    expect(final.status, final.message).toBe('succeeded')
    expect(final.verification?.verdict).toBe('on-target')
    expect(await guestStates(GUEST)).toEqual({ 'hv-02': 'running' })
    expect(await labSshText('hv-02', `virsh dominfo ${GUEST}`)).toMatch(/Persistent:\s+yes/)
    await waitUntil('the poller listing the guest on hv-02 only', () => JSON.stringify(listedOn(GUEST)) === '["hv-02"]', 30_000)
  })

  it('aborts a migration that cannot converge under a 1 MiB/s cap: it stays on hv-02, as plain virsh confirms', async () => {
    await services.handlers['vms.refresh']({ host: 'hv-02' })
    await services.handlers['vms.setSettings']({ command: { uriTemplate: 'qemu+ssh://{address}/system', bandwidthMiBps: 1 } })
    try {
      let aborted = false
      const final = await migrate('hv-02', 'hv-03', async (record) => {
        // Under way with a measured rate (the first domjobinfo sample may not have one yet).
        if (!aborted && record.status === 'running' && (record.progress?.percent ?? 0) > 0 && (record.progress?.bandwidthBytesPerSecond ?? 0) > 0) {
          aborted = true
          await services.handlers['vms.abort']({ id: record.id })
        }
      })
      expect(aborted).toBe(true)
      expect(final.status, final.message).toBe('cancelled')
      expect(final.verification?.verdict).toBe('on-source')
      expect(final.argv).toContain('--bandwidth')
    } finally {
      await services.handlers['vms.setSettings']({ command: { uriTemplate: 'qemu+ssh://{address}/system' } })
    }
    expect(await guestStates(GUEST)).toEqual({ 'hv-02': 'running' })
    const audit = (await services.handlers['audit.list']({ limit: 20 })).filter((a) => a.target === `${GUEST}: hv-02 → hv-03`)
    expect(audit.map((a) => `${a.action} ${a.result}`)).toEqual(['vm.migrate cancelled', 'vm.migrate.abort succeeded', 'vm.migrate started'])
  })

  it('brings it back hv-02 → hv-01', async () => {
    await waitUntil('the poller listing the guest on hv-02', () => listedOn(GUEST).includes('hv-02'), 30_000)
    const final = await migrate('hv-02', 'hv-01')
    expect(final.status, final.message).toBe('succeeded')
    expect(await guestStates(GUEST)).toEqual({ 'hv-01': 'running' })
  })
})
