// The VMs service as the app builds it (createServices with the fleet and the demo fleet: real SSH
// on 127.0.0.1), driven through its API handlers: placement facts, pre-checks, migrations with
// progress, failures the demo fleet injects, a connection lost mid-migration, tags, settings and
// a balancing plan run move by move.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AuditEntry } from '../../../src/shared/api'
import type { MigrationRecord, PlanRun } from '../../../src/shared/api-parts/vms-api'
import { launchDemoFleet } from '../../../src/main/fleet/demo-launcher'
import { createServices, type DemoFleetHandle, type Services } from '../../../src/main/services'
import { resourcesDir, tempDir } from '../../helpers/temp-services'

const FINAL = new Set(['succeeded', 'failed', 'cancelled', 'unknown'])

async function waitUntil(what: string, condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}

describe('the VMs service over the demo fleet', () => {
  const dir = tempDir('rackside-vms-service-')
  let services: Services
  let demo: DemoFleetHandle
  const records: MigrationRecord[] = []
  const runs: PlanRun[] = []

  /** Starts a migration through the API and resolves with its final record. */
  async function migrate(vm: string, from: string, to: string, onRunning?: (record: MigrationRecord) => void): Promise<MigrationRecord> {
    const started = await services.handlers['vms.migrate']({ vm, from, to, confirmed: true })
    for (;;) {
      const latest = [...records].reverse().find((r) => r.id === started.id)
      if (latest && FINAL.has(latest.status)) return latest
      if (latest && onRunning) onRunning(latest)
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }

  /** Resolves once the poller's VM lists show the VM on `host` only. */
  async function listedOnlyOn(vm: string, host: string): Promise<void> {
    await expect
      .poll(
        () =>
          Object.entries(services.fleet?.snapshot().hosts ?? {})
            .filter(([, facts]) => facts.vms?.value?.some((d) => d.name === vm))
            .map(([name]) => name),
        { timeout: 15_000, interval: 250 }
      )
      .toEqual([host])
  }

  const locations = () => demo.model?.vmLocations() ?? new Map<string, string>()

  beforeAll(async () => {
    services = await createServices({
      dataDir: dir.path,
      resourcesDir,
      version: '0.0.0-test',
      secretStoreKind: 'memory',
      connectFleet: true,
      launchDemoFleet: async (site, dataDir) => (demo = await launchDemoFleet(site, dataDir))
    })
    services.events.attach((topic, payload) => {
      if (topic === 'vms.migration') records.push(payload as MigrationRecord)
      if (topic === 'vms.planRun') runs.push(payload as PlanRun)
    })
    await waitUntil('every hypervisor’s VM list', () => ['hvx-01', 'hvx-02', 'hv-01', 'hv-02', 'hv-03', 'hv-04', 'hv-05'].every((h) => (services.fleet?.snapshot().hosts[h]?.vms?.value ?? null) !== null), 30_000)
    await services.handlers['vms.refresh']({})
  })
  afterAll(async () => {
    await services?.close()
    dir.remove()
  })

  it('reads every VM’s domain XML and the host CPU model over SSH', async () => {
    const placement = await services.handlers['vms.placement']({})
    expect(Object.keys(placement.hosts['hvx-01']?.domains ?? {}).sort()).toEqual(['app-01', 'db-01', 'web-01', 'web-02'])
    expect(placement.hosts['hv-01']?.domains['dns-01']?.disks[0]?.source).toBe('/var/lib/libvirt/images/vmstore/dns-01.qcow2')
    expect(placement.hosts['hv-01']?.domains['dns-01']?.cpu).toEqual({ mode: 'host-model', model: null })
    // The host CPU model libvirt names, from `virsh capabilities`, and no error beside it.
    expect(placement.hosts['hv-01']?.cpuModel).toBe('Westmere')
    expect(placement.hosts['hv-01']?.cpuModelError).toBeUndefined()
    expect(placement.settings.command.uriTemplate).toBe('qemu+ssh://{address}/system')
    expect(placement.settings.sharedMountPrefixes).toEqual(['/var/lib/libvirt/images/vmstore'])
  })

  it('checks a move and gives the exact command and the host it runs on', async () => {
    const result = await services.handlers['vms.check']({ vm: 'dns-01', from: 'hv-01', to: 'hv-02' })
    expect(result.plan.verdict).not.toBe('error')
    expect(result.commandLine).toBe("env 'LC_ALL=C' virsh migrate --live --persistent --undefinesource --verbose --domain dns-01 --desturi qemu+ssh://hv-02.demo/system")
    expect(result.runsOnAddress).toBe('rackside@hv-01.demo:22')
    const refused = await services.handlers['vms.check']({ vm: 'dns-01', from: 'hv-02', to: 'hv-03' })
    expect(refused.plan.verdict).toBe('error')
    expect(refused.commandLine).toBeUndefined()
    expect(refused.plan.checks.find((c) => c.level === 'error')?.message).toBe('dns-01 is not on hv-02 (as of the last refresh)')
  })

  it('migrates over SSH with progress, verifies the VM on the target only, and audits it', async () => {
    const seen: number[] = []
    const final = await migrate('db-02', 'hvx-02', 'hvx-01', (r) => {
      if (r.progress?.percent != null) seen.push(r.progress.percent)
    })
    expect(final.status).toBe('succeeded')
    expect(final.verification?.verdict).toBe('on-target')
    expect(seen.length).toBeGreaterThan(2)
    expect(locations().get('db-02')).toBe('hvx-01')
    await listedOnlyOn('db-02', 'hvx-01')
    const listed = await services.handlers['vms.migrations']({ limit: 5 })
    expect(listed[0]).toMatchObject({ id: final.id, status: 'succeeded', actor: expect.any(String) as string, runsOn: 'hvx-02' })
    const audit = (await services.handlers['audit.list']({ limit: 20 })).filter((a: AuditEntry) => a.target === 'db-02: hvx-02 → hvx-01')
    expect(audit.map((a) => a.result)).toEqual(['succeeded', 'started'])
  })

  it('reports the target refusing, with the VM verified on the source', async () => {
    demo.model?.planMigrationFailure({ kind: 'target-refuses', vm: 'vpn-01' })
    const final = await migrate('vpn-01', 'hv-03', 'hv-04')
    expect(final.status).toBe('failed')
    expect(final.message).toMatch(/Connection refused; vpn-01 runs on hv-03 \(verified/)
    expect(locations().get('vpn-01')).toBe('hv-03')
  })

  it('raises an alarm when the source is cut off mid-migration and cannot say where the VM is', async () => {
    let cut = false
    try {
      const final = await migrate('monitoring-01', 'hvx-02', 'hvx-01', (r) => {
        if (!cut && (r.progress?.percent ?? 0) > 10) {
          cut = true
          demo.model?.cutHost('hvx-02', 'refuse')
        }
      })
      expect(cut).toBe(true)
      expect(final.status).toBe('unknown')
      expect(final.message).toMatch(/^connection to hvx-02 lost: /)
      expect(final.verification?.verdict).toBe('unknown')
      expect(final.verification?.hosts.find((h) => h.host === 'hvx-02')?.error).toBeDefined()
      expect(final.alarm).toMatch(/^monitoring-01: could not verify where it runs \(hvx-02: could not ask/)
      const audit = (await services.handlers['audit.list']({ limit: 10 })).find((a) => a.target === 'monitoring-01: hvx-02 → hvx-01' && a.result !== 'started')
      expect(audit?.result).toBe('unknown')
      expect(audit?.detail).toContain('ALARM: monitoring-01: could not verify')
    } finally {
      demo.model?.restoreHost('hvx-02')
    }
    // The channel closing cancelled the job (virsh drives a non-p2p migration): still on the source.
    expect(locations().get('monitoring-01')).toBe('hvx-02')
  })

  it('refuses a move that breaks an anti-affinity tag, in the main process too', async () => {
    await services.handlers['vms.setTags']({ vm: 'dns-01', tags: ['dns'] })
    const placement = await services.handlers['vms.setTags']({ vm: 'dns-02', tags: ['dns', 'infra'] })
    expect(placement.tags).toMatchObject({ 'dns-01': ['dns'], 'dns-02': ['dns', 'infra'] })
    await expect(services.handlers['vms.migrate']({ vm: 'dns-01', from: 'hv-01', to: 'hv-02', confirmed: true })).rejects.toThrow(
      'dns-01 → hv-02 refused by the pre-checks: hv-02 already runs dns-02 (group dns): dns-01 must not share a host with it'
    )
    expect(locations().get('dns-01')).toBe('hv-01')
    await services.handlers['vms.setTags']({ vm: 'dns-02', tags: [] })
    expect((await services.handlers['vms.check']({ vm: 'dns-01', from: 'hv-01', to: 'hv-02' })).plan.verdict).not.toBe('error')
  })

  it('keeps the site’s migration settings, refusing ones no check can use', async () => {
    await expect(services.handlers['vms.setSettings']({ vcpuWarnRatio: 9 })).rejects.toThrow(/warning ratio 9 must lie between 0 and the limit 4/)
    const changed = await services.handlers['vms.setSettings']({ command: { uriTemplate: 'qemu+tls://{host}.example/system', autoConverge: true } })
    expect(changed.settings.command).toEqual({ uriTemplate: 'qemu+tls://{host}.example/system', autoConverge: true })
    const result = await services.handlers['vms.check']({ vm: 'git-01', from: 'hv-04', to: 'hv-05' })
    expect(result.commandLine).toBe("env 'LC_ALL=C' virsh migrate --live --persistent --undefinesource --verbose --auto-converge --domain git-01 --desturi qemu+tls://hv-05.example/system")
    await services.handlers['vms.setSettings']({ command: { uriTemplate: 'qemu+ssh://{address}/system' } })
  })

  it('plans power saving and runs the first moves of the plan through the runner', async () => {
    await waitUntil('the Gluster volume layout', () => (services.fleet?.snapshot().gluster?.value?.volumeInfo.length ?? 0) > 0, 30_000)
    const { plan, commands } = await services.handlers['vms.plan']({ strategy: 'power-saving', maxConcurrent: 2 })
    expect(plan.moves.length).toBeGreaterThan(0)
    expect(plan.powerDown.length).toBeGreaterThan(0)
    expect(plan.wattsSaved).toBeGreaterThan(0)
    // The Atoms carry vmstore's bricks: they stay on, saying so, and only Xeons may be powered down.
    const atoms = ['hv-01', 'hv-02', 'hv-03', 'hv-04', 'hv-05']
    expect(plan.powerDown.map((h) => h.host).filter((h) => atoms.includes(h))).toEqual([])
    expect(plan.stayOn.map((h) => `${h.host}: ${h.reasons[0] ?? ''}`)).toEqual(atoms.map((h) => `${h}: Gluster brick host for vmstore`))
    expect(commands).toHaveLength(plan.moves.length)
    expect(commands[0]?.commandLine).toContain(`--domain ${plan.moves[0]?.vm} `)
    // The smallest moves of the first batch, to keep the test short.
    const first = (plan.batches[0] ?? []).slice(0, 2).map((m) => ({ vm: m.vm, from: m.from, to: m.to, batch: 0 }))
    const started = await services.handlers['vms.runPlan']({ strategy: 'power-saving', moves: first, maxConcurrent: 2, confirmed: true })
    expect(started.status).toBe('running')
    await expect.poll(() => runs.filter((r) => r.id === started.id).at(-1)?.status, { timeout: 60_000, interval: 250 }).toBe('succeeded')
    for (const move of first) expect(locations().get(move.vm)).toBe(move.to)
    expect((await services.handlers['vms.planRuns']({}))[0]?.moves.map((m) => m.status)).toEqual(first.map(() => 'succeeded'))
  })
})
