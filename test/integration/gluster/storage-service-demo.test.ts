// The storage service against the demo fleet over real SSH, as `rackside web` runs it (with
// shorter poll intervals): alerts raised and cleared from the poller's samples, heal trends, the
// confirmed restart with its progress events and audit entries, what-if, mounts, refusals, and the
// alerts still there after a restart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { HealTrend, StorageActionStatus, StorageAlertsState } from '../../../src/shared/api-parts/storage-api'
import type { FleetDelta } from '../../../src/shared/fleet'
import { launchDemoFleet } from '../../../src/main/fleet/demo-launcher'
import { createServices, type Services } from '../../../src/main/services'
import { resourcesDir, tempDir } from '../../helpers/temp-services'

const BRICK1 = '/data/glusterfs/vmstore/brick1/brick'

async function until<T>(what: string, check: () => T | undefined | null | false, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = check()
    if (value !== undefined && value !== null && value !== false) return value
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

describe('storage service on the demo fleet', () => {
  const dir = tempDir('rackside-storage-demo-')
  let services: Services
  const events: { topic: string; payload: unknown }[] = []
  let alerts: StorageAlertsState | null = null
  let trend: HealTrend | null = null
  const actions: StorageActionStatus[] = []

  const health = () => services.fleet?.snapshot().gluster?.value?.volumes[0]?.health

  beforeAll(async () => {
    services = await createServices({
      dataDir: dir.path,
      resourcesDir,
      version: '0.0.0-test',
      secretStoreKind: 'memory',
      connectFleet: true,
      launchDemoFleet,
      fleet: { poller: { intervals: { glusterStatusMs: 1_000, healSummaryMs: 2_000, glusterInfoMs: 5_000 } } }
    })
    services.events.attach((topic, payload) => {
      events.push({ topic, payload })
      if (topic === 'storage.alerts') alerts = payload as StorageAlertsState
      if (topic === 'storage.healTrend') trend = payload as HealTrend
      if (topic === 'storage.action') actions.push(payload as StorageActionStatus)
    })
    await until('vmstore UP', () => health() === 'UP', 20_000)
  })
  afterAll(async () => {
    await services?.close()
    dir.remove()
  })

  it('raises brick-offline on the first sample after a brick dies, after the facts that show it', async () => {
    await services.handlers['demo.inject']({ action: 'kill-brick', host: 'hv-03', brickPath: BRICK1 })
    const raised = await until('brick-offline alert', () => alerts?.active.find((a) => a.kind === 'brick-offline'), 5_000)
    expect(raised).toMatchObject({ severity: 'warning', volume: 'vmstore', brick: `hv-03:${BRICK1}`, clearedAtMs: null })
    // The delta that showed the brick offline went out before the alert derived from it.
    const alertIndex = events.findIndex((e) => e.topic === 'storage.alerts')
    const showing = events.findIndex((e) => {
      const delta = e.payload as FleetDelta
      return e.topic === 'fleet.delta' && delta.kind === 'gluster' && delta.fact.value?.bricks.some((b) => b.host === 'hv-03' && b.path === BRICK1 && !b.online) === true
    })
    expect(showing).toBeGreaterThanOrEqual(0)
    expect(showing).toBeLessThan(alertIndex)
    expect(await services.handlers['storage.alerts']({})).toEqual(alerts)
  })

  it('keeps a heal trend per volume that rises while the brick is away', async () => {
    const rising = await until(
      'three heal samples with a rise',
      () => {
        const samples = trend?.volumes.find((v) => v.volume === 'vmstore')?.samples ?? []
        const pending = samples.map((s) => s.pending ?? 0)
        return pending.length >= 3 && (pending.at(-1) ?? 0) > (pending[0] ?? 0) ? samples : null
      },
      15_000
    )
    expect(rising.every((s, i) => i === 0 || s.atMs > (rising[i - 1]?.atMs ?? 0))).toBe(true)
    const brick = trend?.bricks.find((b) => b.brick === `hv-03:${BRICK1}`)
    expect(brick?.samples.at(-1)?.pending).toBeNull()
    expect(await services.handlers['storage.healTrend']({})).toEqual(trend)
  })

  it('restarts the brick only as confirmed: progress events, success, audit, volume UP and the alert cleared', async () => {
    const plan = await services.handlers['storage.planAction']({ action: 'restart-bricks', volume: 'vmstore' })
    expect(plan).toMatchObject({ command: 'gluster volume start vmstore force', targets: [`hv-03:${BRICK1}`], warnings: [] })
    const result = await services.handlers['storage.runAction']({ action: 'restart-bricks', volume: 'vmstore', host: plan.host, confirmed: true })
    expect(result).toMatchObject({ phase: 'succeeded', exitCode: 0, host: plan.host, message: 'volume start: vmstore: success' })
    expect(actions.map((a) => [a.id, a.phase])).toEqual([
      [result.id, 'running'],
      [result.id, 'succeeded']
    ])
    await until('vmstore UP again', () => health() === 'UP', 5_000)
    const cleared = await until('alert cleared', () => alerts?.cleared.find((a) => a.kind === 'brick-offline'), 5_000)
    expect(cleared.clearedAtMs).toBeGreaterThan(cleared.raisedAtMs)
    expect(alerts?.active.filter((a) => a.kind === 'brick-offline')).toEqual([])
    const audit = services.audit.list(10).filter((e) => e.action === 'gluster.restart-bricks')
    expect(audit.map((e) => e.result)).toEqual(['succeeded', 'started'])
    expect(audit.every((e) => e.command === 'gluster volume start vmstore force' && e.target === `vmstore via ${plan.host}`)).toBe(true)
  })

  it('starts a heal and refuses a host that is not a Gluster node', async () => {
    const heal = await services.handlers['storage.runAction']({ action: 'start-heal', volume: 'vmstore', host: 'hv-05', confirmed: true })
    expect(heal.phase).toBe('succeeded')
    expect(heal.output).toContain('Launching heal operation to perform index self heal on volume vmstore has been successful')
    await expect(services.handlers['storage.runAction']({ action: 'start-heal', volume: 'vmstore', host: 'mail-01', confirmed: true })).rejects.toMatchObject({ kind: 'not-a-gluster-host' })
  })

  it('answers what-if and maintenance on the live facts, with the mount read from the VMs’ disks or set by the user', async () => {
    await until('VM lists from every hypervisor', () => ['hv-01', 'hv-02', 'hv-03', 'hv-04', 'hv-05', 'hvx-01', 'hvx-02'].every((h) => services.fleet?.snapshot().hosts[h]?.vms?.value), 10_000)
    const cabinet = await services.handlers['storage.whatIf']({ cabinets: ['R02'] })
    expect(cabinet.impact.volumes[0]).toMatchObject({ before: 'UP', after: 'DOWN' })
    expect(cabinet.impact.vmsLosingStorage.find((l) => l.vm === 'web-01')).toMatchObject({ host: 'hvx-01', certainty: 'certain' })
    expect(cabinet.basis.mounts).toEqual([{ volume: 'vmstore', mountPath: '/var/lib/libvirt/images/vmstore', source: 'vm-disks', disks: expect.any(Number) }])
    await expect(services.handlers['storage.whatIf']({ hosts: ['nope'] })).rejects.toMatchObject({ kind: 'unknown-host' })

    const check = await services.handlers['storage.maintenanceCheck']({ host: 'hv-04' })
    expect(check.check.verdict).toBe('risky')

    const set = await services.handlers['storage.setSharedMounts']({ mounts: [{ volume: 'vmstore', mountPath: '/mnt/elsewhere' }] })
    expect(set).toEqual([{ volume: 'vmstore', mountPath: '/mnt/elsewhere', source: 'setting' }])
    const after = await services.handlers['storage.whatIf']({ cabinets: ['R02'] })
    expect(after.impact.vmsLosingStorage).toEqual([])
    expect(after.basis.notes).toContain('no VM disk lies under /mnt/elsewhere, the mount set for vmstore: check the path if VMs keep their disks on it')
    expect(services.audit.list(1)[0]).toMatchObject({ action: 'storage.set-shared-mounts', detail: 'vmstore at /mnt/elsewhere' })
    await services.handlers['storage.setSharedMounts']({ mounts: [] })
    expect((await services.handlers['storage.sharedMounts']({}))[0]?.source).toBe('vm-disks')
  })

  it('refuses to plan when no Gluster node is reachable, naming each one’s state', async () => {
    for (const host of ['hv-01', 'hv-02', 'hv-03', 'hv-04', 'hv-05']) await services.handlers['demo.inject']({ action: 'cut-host', host, mode: 'refuse' })
    try {
      await until('every Gluster node unreachable', () => ['hv-01', 'hv-02', 'hv-03', 'hv-04', 'hv-05'].every((h) => services.fleet?.hostStates().find((s) => s.host === h)?.status !== 'connected'), 30_000)
      await expect(services.handlers['storage.planAction']({ action: 'restart-bricks', volume: 'vmstore' })).rejects.toMatchObject({
        kind: 'no-reachable-gluster-host',
        message: expect.stringMatching(/^no Gluster node is reachable, so nothing was run: hv-01 (retrying|down)/)
      })
    } finally {
      for (const host of ['hv-01', 'hv-02', 'hv-03', 'hv-04', 'hv-05']) await services.handlers['demo.inject']({ action: 'restore-host', host })
    }
  })

  it('shows the same alerts with their raised and cleared times after Rackside restarts on the data folder', async () => {
    await services.close()
    // The last state published before the close: a later heal-only sample may still have been saved, changing no alert.
    const before = alerts as StorageAlertsState | null
    expect(before?.cleared.some((a) => a.kind === 'brick-offline' && a.brick === `hv-03:${BRICK1}`)).toBe(true)
    services = await createServices({ dataDir: dir.path, resourcesDir, version: '0.0.0-test', secretStoreKind: 'memory', connectFleet: false })
    const after = await services.handlers['storage.alerts']({})
    expect(after.storeProblems).toEqual([])
    expect(after.active).toEqual(before?.active)
    expect(after.cleared).toEqual(before?.cleared)
    expect(after.sampledAtMs).toBeGreaterThanOrEqual(before?.sampledAtMs ?? Infinity)
  })
})
