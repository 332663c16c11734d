// Running confirmed actions against the demo fleet's gluster (through its command router),
// with the real audit log in a temp database.
import { describe, expect, it } from 'vitest'
import type { StorageActionStatus } from '../../../../src/shared/api-parts/storage-api'
import { ActionRunner } from '../../../../src/main/gluster/action-runner'
import { StorageActionError } from '../../../../src/main/gluster/storage-actions'
import { AuditLog } from '../../../../src/main/store/audit-log'
import { openDatabase } from '../../../../src/main/store/database'
import { manualClock, testFleet } from '../sim/sim-test-kit'
import { tempDir } from '../ssh/temp-dir'
import { simExec } from './sim-gluster'

const BRICK1 = '/data/glusterfs/vmstore/brick1/brick'

function setup() {
  const clock = manualClock()
  const fleet = testFleet({ clock })
  const { db } = openDatabase(tempDir())
  const audit = new AuditLog(db, clock.now)
  const published: StorageActionStatus[] = []
  const calls: string[] = []
  let refreshes = 0
  let ids = 0
  const runner = new ActionRunner({
    exec: simExec(fleet, calls),
    audit,
    actor: 'alice',
    now: clock.now,
    newId: () => `action-${++ids}`,
    publish: (status) => published.push(status),
    afterRun: () => refreshes++
  })
  return { clock, fleet, audit, published, calls, runner, refreshes: () => refreshes }
}

describe('ActionRunner', () => {
  it('restarts a dead brick, pushes running then succeeded, and audits start and end with the command', async () => {
    const { fleet, audit, published, calls, runner, refreshes } = setup()
    fleet.killBrick('hv-02', BRICK1)
    const result = await runner.run('restart-bricks', 'vmstore', 'hv-01')
    expect(calls).toEqual(['hv-01: gluster volume start vmstore force'])
    expect(result).toMatchObject({ id: 'action-1', phase: 'succeeded', exitCode: 0, host: 'hv-01', command: 'gluster volume start vmstore force', message: 'volume start: vmstore: success' })
    expect(fleet.status().bricks.every((brick) => brick.online)).toBe(true)
    expect(published.map((s) => s.phase)).toEqual(['running', 'succeeded'])
    expect(refreshes()).toBe(1)
    const entries = audit.list(10)
    expect(entries.map((e) => [e.action, e.result, e.command, e.target])).toEqual([
      ['gluster.restart-bricks', 'succeeded', 'gluster volume start vmstore force', 'vmstore via hv-01'],
      ['gluster.restart-bricks', 'started', 'gluster volume start vmstore force', 'vmstore via hv-01']
    ])
    expect(entries[0]?.actor).toBe('alice')
    expect(entries[0]?.detail).toMatch(/^volume start: vmstore: success \(exit 0\), \d+ ms$/)
  })

  it('launches a heal and reports gluster’s own words', async () => {
    const { runner } = setup()
    const result = await runner.run('start-heal', 'vmstore', 'hv-03')
    expect(result.phase).toBe('succeeded')
    expect(result.output).toContain('Launching heal operation to perform index self heal on volume vmstore has been successful')
  })

  it('reports a failing command with its exit status, stderr and what to try; audited as failed', async () => {
    const { runner, audit } = setup()
    const result = await runner.run('restart-bricks', 'scratch', 'hv-01')
    expect(result.phase).toBe('failed')
    expect(result.exitCode).toBe(1)
    expect(result.message).toBe(
      'hv-01: `gluster volume start scratch force` exited with status 1: volume start: scratch: failed: Volume scratch does not exist — check glusterd and the brick logs (/var/log/glusterfs/bricks/) on the brick’s node, then try again'
    )
    expect(audit.list(1)[0]).toMatchObject({ result: 'failed', command: 'gluster volume start scratch force' })
  })

  it('reports an unreachable node as nothing run', async () => {
    const { runner, fleet } = setup()
    fleet.cutHost('hv-04')
    const result = await runner.run('start-heal', 'vmstore', 'hv-04')
    expect(result).toMatchObject({ phase: 'failed', exitCode: null })
    expect(result.message).toBe('hv-04: connection refused — nothing ran; check hv-04 in Hosts, then try again')
  })

  it('tells a heal refused right after a brick restart from other failures: try again shortly', async () => {
    const { audit } = setup()
    // Captured on the lab (GlusterFS 10.3): `gluster volume heal vmstore` within a second of `volume start vmstore force`.
    const refusal =
      "Launching heal operation to perform index self heal on volume vmstore has been unsuccessful:\nGlusterd Syncop Mgmt brick op 'Heal' failed. Please check glustershd log file for details.\n"
    const runner = new ActionRunner({
      exec: async () => ({ exitCode: 1, signal: null, stdout: '', stderr: refusal }),
      audit,
      actor: 'alice',
      now: Date.now,
      newId: () => 'heal-1',
      publish: () => undefined
    })
    const result = await runner.run('start-heal', 'vmstore', 'hv-01')
    expect(result.message).toBe(
      "hv-01: `gluster volume heal vmstore` exited with status 1: Glusterd Syncop Mgmt brick op 'Heal' failed. Please check glustershd log file for details. — right after bricks restart, gluster refuses a heal for a few seconds while the self-heal daemons reconnect to them: try again shortly; if it keeps failing, check that the self-heal daemons run (`gluster volume status`)"
    )
    expect(result.output).toBe(refusal.trim())
  })

  it('refuses a second action on a volume while one runs', async () => {
    const { runner, fleet } = setup()
    fleet.slowHost('hv-01', 200)
    const first = runner.run('start-heal', 'vmstore', 'hv-01')
    await expect(runner.run('restart-bricks', 'vmstore', 'hv-02')).rejects.toBeInstanceOf(StorageActionError)
    expect((await first).phase).toBe('succeeded')
    expect((await runner.run('restart-bricks', 'vmstore', 'hv-02')).phase).toBe('succeeded')
  })
})
