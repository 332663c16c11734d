import { describe, expect, it } from 'vitest'
import type { AuditEntryInput } from '../../../../src/shared/api'
import type { PlanRun } from '../../../../src/shared/api-parts/vms-api'
import { migrateCommand } from '../../../../src/shared/domain/migration-command'
import { MigrationRunner } from '../../../../src/main/migration/migration-runner'
import { PlanRunner, type PlanMove } from '../../../../src/main/migration/plan-runner'
import { realTimeFleet, simExec } from './sim-exec'

function setup(secondsPerGiB = 0.3) {
  const fleet = realTimeFleet(secondsPerGiB)
  const audit: AuditEntryInput[] = []
  const updates: PlanRun[] = []
  let concurrent = 0
  let peak = 0
  const runner = new MigrationRunner({ exec: simExec(fleet), now: Date.now, pollIntervalMs: 100, onUpdate: () => undefined, audit: (e) => audit.push(e), verify: { attempts: 1 } })
  const settled: PlanMove[][] = []
  const plans = new PlanRunner({
    now: Date.now,
    onUpdate: (run) => updates.push(run),
    audit: (e) => audit.push(e),
    // The pre-check here: the VM must run on the move's source now (the full checks are planMigration's, tested on their own).
    startMove: (move, planRunId) => {
      if (fleet.vmLocations().get(move.vm) !== move.from) throw new Error(`${move.vm} is not on ${move.from}`)
      const built = migrateCommand(move.vm, { host: move.to, address: `${move.to}.demo` })
      if (!built.ok) throw new Error(built.error.message)
      const started = runner.start({ vm: move.vm, from: move.from, to: move.to, argv: built.argv, actor: 'alice', warnings: [], timeoutMs: 30_000, planRunId })
      concurrent++
      peak = Math.max(peak, concurrent)
      void started.done.finally(() => concurrent--)
      return started
    },
    settle: async (moves) => {
      settled.push([...moves])
    }
  })
  return { fleet, plans, audit, updates, settled, peak: () => peak }
}

describe('PlanRunner', () => {
  it('runs the batches in order, at most N at once, and settles the facts before each batch', async () => {
    const { fleet, plans, audit, settled, peak } = setup()
    const moves: PlanMove[] = [
      { vm: 'dns-01', from: 'hv-01', to: 'hv-05', batch: 0 },
      { vm: 'vpn-01', from: 'hv-03', to: 'hv-04', batch: 0 },
      { vm: 'dns-02', from: 'hv-02', to: 'hv-05', batch: 1 }
    ]
    const { run, done } = plans.start('power-saving', moves, 1, 'alice')
    expect(run.status).toBe('running')
    expect(run.moves.map((m) => m.status)).toEqual(['pending', 'pending', 'pending'])
    const final = await done
    expect(final.status).toBe('succeeded')
    expect(final.moves.map((m) => m.status)).toEqual(['succeeded', 'succeeded', 'succeeded'])
    expect(final.moves.every((m) => m.migrationId !== undefined)).toBe(true)
    expect(final.message).toBe('all 3 move(s) done')
    expect(peak()).toBe(1)
    expect([fleet.vmLocations().get('dns-01'), fleet.vmLocations().get('vpn-01'), fleet.vmLocations().get('dns-02')]).toEqual(['hv-05', 'hv-04', 'hv-05'])
    // Before batch 0 nothing is done; before the second slice of batch 0 and before batch 1, the moves so far.
    expect(settled.map((s) => s.map((m) => m.vm))).toEqual([[], ['dns-01'], ['dns-01', 'vpn-01']])
    const balance = audit.filter((a) => a.action === 'vm.balance')
    expect(balance.map((a) => a.result)).toEqual(['started', 'succeeded'])
    expect(balance[0]?.detail).toBe('3 move(s), at most 1 at once: dns-01 hv-01 → hv-05, vpn-01 hv-03 → hv-04, dns-02 hv-02 → hv-05')
    expect(plans.list()[0]?.id).toBe(final.id)
  })

  it('runs the moves of one batch side by side when allowed', async () => {
    const { plans, peak } = setup(1)
    const final = await plans.start(
      'even',
      [
        { vm: 'dns-01', from: 'hv-01', to: 'hv-05', batch: 0 },
        { vm: 'vpn-01', from: 'hv-03', to: 'hv-04', batch: 0 }
      ],
      2,
      'alice'
    ).done
    expect(final.status).toBe('succeeded')
    expect(peak()).toBe(2)
  })

  it('stops at the first refused move: later moves never start, and the run says why', async () => {
    const { fleet, plans } = setup()
    const final = await plans.start(
      'even',
      [
        { vm: 'dns-01', from: 'hv-02', to: 'hv-05', batch: 0 },
        { vm: 'vpn-01', from: 'hv-03', to: 'hv-04', batch: 1 }
      ],
      2,
      'alice'
    ).done
    expect(final.status).toBe('failed')
    expect(final.moves.map((m) => m.status)).toEqual(['skipped', 'cancelled'])
    expect(final.moves[0]?.message).toBe('dns-01 → hv-05 refused: dns-01 is not on hv-02')
    expect(final.moves[1]?.message).toBe('not started: an earlier move of the plan did not succeed')
    expect(final.message).toBe('dns-01 → hv-05 refused: dns-01 is not on hv-02')
    expect(fleet.vmLocations().get('vpn-01')).toBe('hv-03')
  })

  it('stops after a failed migration, and cancelling starts no further move', async () => {
    const { fleet, plans, updates } = setup()
    fleet.planMigrationFailure({ kind: 'target-refuses', vm: 'dns-01' })
    const failed = await plans.start('even', [{ vm: 'dns-01', from: 'hv-01', to: 'hv-05', batch: 0 }, { vm: 'vpn-01', from: 'hv-03', to: 'hv-04', batch: 1 }], 2, 'alice').done
    expect(failed.moves.map((m) => m.status)).toEqual(['failed', 'cancelled'])
    expect(failed.moves[0]?.message).toMatch(/^dns-01 → hv-05 failed: internal error: unable to execute QEMU command 'migrate'/)

    const { run, done } = plans.start('even', [{ vm: 'dns-02', from: 'hv-02', to: 'hv-05', batch: 0 }, { vm: 'vpn-01', from: 'hv-03', to: 'hv-04', batch: 1 }], 2, 'alice')
    expect(() => plans.start('even', [{ vm: 'git-01', from: 'hv-04', to: 'hv-05', batch: 0 }], 1, 'alice')).toThrow(/a even plan is still running/)
    // Cancelled while its first move runs: that move finishes, the next never starts.
    await expect.poll(() => updates.at(-1)?.moves[0]?.status, { timeout: 5_000 }).toBe('running')
    plans.cancel(run.id)
    const cancelled = await done
    expect(cancelled.status).toBe('cancelled')
    expect(cancelled.moves.map((m) => m.status)).toEqual(['succeeded', 'cancelled'])
    expect(fleet.vmLocations().get('vpn-01')).toBe('hv-03')
  })
})
