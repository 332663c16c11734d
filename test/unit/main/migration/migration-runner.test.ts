import { describe, expect, it } from 'vitest'
import type { AuditEntryInput } from '../../../../src/shared/api'
import type { MigrationRecord } from '../../../../src/shared/api-parts/vms-api'
import { migrateCommand } from '../../../../src/shared/domain/migration-command'
import { MigrationRunner, type MigrationJob } from '../../../../src/main/migration/migration-runner'
import { describeVerification, verifyLocation } from '../../../../src/main/migration/verify-location'
import type { FleetModel } from '../../../../src/main/sim/fleet-model'
import { realTimeFleet, simExec } from './sim-exec'

function job(vm: string, from: string, to: string): MigrationJob {
  const built = migrateCommand(vm, { host: to, address: `${to}.demo` })
  if (!built.ok) throw new Error(built.error.message)
  return { vm, from, to, argv: built.argv, actor: 'alice', warnings: ['a warning the user confirmed'], timeoutMs: 60_000 }
}

function setup(fleet: FleetModel) {
  const updates: MigrationRecord[] = []
  const audit: AuditEntryInput[] = []
  const log: { host: string; line: string }[] = []
  const runner = new MigrationRunner({
    exec: simExec(fleet, log),
    now: Date.now,
    pollIntervalMs: 150,
    onUpdate: (record) => updates.push(record),
    audit: (entry) => audit.push(entry),
    verify: { attempts: 2, retryDelayMs: 10 }
  })
  return { runner, updates, audit, log }
}

describe('MigrationRunner against the demo hypervisors', () => {
  it('moves a VM, shows progress from domjobinfo, verifies it runs on the target only, and audits start and end', async () => {
    const fleet = realTimeFleet(1.5)
    const { runner, updates, audit, log } = setup(fleet)
    const { record, done } = runner.start(job('dns-01', 'hv-01', 'hv-02'))
    expect(record).toMatchObject({ vm: 'dns-01', status: 'running', runsOn: 'hv-01' })
    expect(record.commandLine).toBe("env 'LC_ALL=C' virsh migrate --live --persistent --undefinesource --verbose --domain dns-01 --desturi qemu+ssh://hv-02.demo/system")
    expect(runner.running().map((r) => r.id)).toEqual([record.id])
    const final = await done

    expect(final.status).toBe('succeeded')
    expect(final.verification?.verdict).toBe('on-target')
    expect(final.verification?.hosts).toEqual([
      { host: 'hv-01', state: null },
      { host: 'hv-02', state: 'running' }
    ])
    expect(final.message).toMatch(/^dns-01 runs on hv-02 \(verified: hv-01: not defined; hv-02: running\)$/)
    expect(final.alarm).toBeUndefined()
    expect(final.durationMs).toBeGreaterThanOrEqual(1_500)
    expect(final.downtimeMs).toBeGreaterThan(0)
    expect(fleet.vmLocations().get('dns-01')).toBe('hv-02')
    expect(runner.running()).toEqual([])

    const percents = updates.filter((u) => u.status === 'running' && u.progress?.percent != null).map((u) => u.progress?.percent ?? 0)
    expect(percents.length).toBeGreaterThan(2)
    expect(percents.every((p, i) => i === 0 || p >= (percents[i - 1] ?? 0))).toBe(true)
    expect(updates.some((u) => u.progress?.bandwidthBytesPerSecond && u.progress.etaSeconds !== null)).toBe(true)
    expect(updates.map((u) => u.status)).toContain('verifying')
    // virsh migrate and domjobinfo ran on the source; the list on both hosts afterwards.
    expect(log.filter((l) => l.line.includes('domjobinfo --domain dns-01') && !l.line.includes('--completed')).every((l) => l.host === 'hv-01')).toBe(true)
    expect(log.filter((l) => l.line.endsWith('virsh list --all')).map((l) => l.host).sort()).toEqual(['hv-01', 'hv-02'])

    expect(audit).toHaveLength(2)
    expect(audit[0]).toMatchObject({ actor: 'alice', action: 'vm.migrate', target: 'dns-01: hv-01 → hv-02', result: 'started', command: `on hv-01: ${record.commandLine}` })
    expect(audit[0]?.detail).toContain('a warning the user confirmed')
    expect(audit[1]).toMatchObject({ action: 'vm.migrate', result: 'succeeded', command: `on hv-01: ${record.commandLine}` })
    expect(audit[1]?.detail).toMatch(/^started \d{4}-\d\d-\d\dT.*, ended .*, took \d+\.\d s; dns-01 runs on hv-02/)
  })

  it('aborts with domjobabort on the source: the job is cancelled and the VM verified still on the source', async () => {
    const fleet = realTimeFleet(1)
    const { runner, updates, audit, log } = setup(fleet)
    const { record, done } = runner.start(job('web-01', 'hvx-01', 'hvx-02'))
    await expect.poll(() => updates.some((u) => (u.progress?.percent ?? 0) > 0), { timeout: 5_000 }).toBe(true)
    const aborting = await runner.abort(record.id, 'bob')
    expect(aborting.status).toBe('aborting')
    const final = await done
    expect(final.status).toBe('cancelled')
    expect(final.verification?.verdict).toBe('on-source')
    expect(final.message).toMatch(/^aborted: web-01 runs on hvx-01 \(verified/)
    expect(fleet.vmLocations().get('web-01')).toBe('hvx-01')
    expect(log.find((l) => l.line.includes('domjobabort'))).toEqual({ host: 'hvx-01', line: "env 'LC_ALL=C' virsh domjobabort --domain web-01" })
    expect(audit.map((a) => `${a.action} ${a.result}`)).toEqual(['vm.migrate started', 'vm.migrate.abort succeeded', 'vm.migrate cancelled'])
    expect(audit[1]?.actor).toBe('bob')
  })

  it('reports libvirt’s own error when the target refuses, with the VM verified on the source', async () => {
    const fleet = realTimeFleet(1)
    fleet.planMigrationFailure({ kind: 'target-refuses', vm: 'dns-01' })
    const { runner, audit } = setup(fleet)
    const final = await runner.start(job('dns-01', 'hv-01', 'hv-03')).done
    expect(final.status).toBe('failed')
    expect(final.message).toMatch(/^internal error: unable to execute QEMU command 'migrate': Failed to connect to 'hv-03:49152': Connection refused; dns-01 runs on hv-01 \(verified/)
    expect(final.alarm).toBeUndefined()
    expect(audit.at(-1)).toMatchObject({ result: 'failed' })
  })

  it('reports a migration connection lost midway as failed, the guest still on the source', async () => {
    const fleet = realTimeFleet(1)
    fleet.planMigrationFailure({ kind: 'connection-lost', vm: 'app-01', atFraction: 0.5 })
    const { runner } = setup(fleet)
    const final = await runner.start(job('app-01', 'hvx-01', 'hvx-02')).done
    expect(final.status).toBe('failed')
    expect(final.message).toContain('Connection reset by peer')
    expect(final.verification?.activeOn).toEqual(['hvx-01'])
  })

  it('refuses a second migration of a VM already migrating, and an abort of a migration that is not running', async () => {
    const fleet = realTimeFleet(0.3)
    const { runner } = setup(fleet)
    const first = runner.start(job('cache-01', 'hv-03', 'hv-04'))
    expect(() => runner.start(job('cache-01', 'hv-03', 'hv-05'))).toThrow(/cache-01 is already migrating \(hv-03 → hv-04\)/)
    await first.done
    await expect(runner.abort(first.record.id, 'alice')).rejects.toMatchObject({ kind: 'not-running' })
  })
})

describe('verifying where a VM is', () => {
  it('cannot tell when a host does not answer, and says which one', async () => {
    const fleet = realTimeFleet(1)
    const verification = await verifyLocation({ exec: simExec(fleet), now: () => 5, attempts: 2, retryDelayMs: 1 }, 'dns-01', 'hv-01', 'hv-99')
    expect(verification.verdict).toBe('unknown')
    expect(verification.activeOn).toEqual(['hv-01'])
    expect(verification.hosts[1]).toMatchObject({ host: 'hv-99', state: null })
    expect(verification.hosts[1]?.error).toMatch(/no host hv-99/)
    expect(describeVerification(verification, 'dns-01').alarm).toMatch(/^dns-01: could not verify where it runs \(hv-01: running; hv-99: could not ask .*\) — hv-01 has it active, the other host did not answer/)
  })

  it('raises an alarm when the VM is active on both hosts or on neither', () => {
    const both = describeVerification(
      { atMs: 1, verdict: 'both', activeOn: ['hv-01', 'hv-02'], hosts: [{ host: 'hv-01', state: 'paused' }, { host: 'hv-02', state: 'running' }] },
      'web-01'
    )
    expect(both.alarm).toBe('web-01 is active on BOTH hv-01 and hv-02 (hv-01: paused; hv-02: running): two copies may write to the same disks — pause or destroy one now')
    const nowhere = describeVerification({ atMs: 1, verdict: 'nowhere', activeOn: [], hosts: [{ host: 'hv-01', state: 'shut off' }, { host: 'hv-02', state: null }] }, 'web-01')
    expect(nowhere.alarm).toMatch(/^web-01 runs on NEITHER host after the migration \(hv-01: shut off; hv-02: not defined\)/)
  })
})
