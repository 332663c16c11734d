// The poller's Gluster facts from the demo fleet's gluster answering through its command router.
import { describe, expect, it } from 'vitest'
import { FleetPoller } from '../../../../src/main/fleet/fleet-poller'
import { manualClock, testFleet } from '../sim/sim-test-kit'
import { simGluster, simRunner } from './sim-gluster'

const BRICK1 = '/data/glusterfs/vmstore/brick1/brick'

describe('FleetPoller Gluster facts', () => {
  it('carries layout, per-brick process and fill numbers, peers and heal counts', async () => {
    const { poller } = await simGluster()
    const fact = poller.snapshot().gluster
    const facts = fact?.value
    expect(facts?.volumeInfo).toHaveLength(1)
    expect(facts?.volumeInfo[0]).toMatchObject({ name: 'vmstore', type: 'distributed-replicate', typeStr: 'Distributed-Replicate', status: 'started', replicaCount: 3, distCount: 2, brickCount: 6 })
    expect(facts?.infoAtMs).toBeGreaterThan(0)
    expect(facts?.bricks).toHaveLength(6)
    for (const brick of facts?.bricks ?? []) {
      expect(brick.pid).toBeGreaterThan(0)
      expect(brick.port).toBeGreaterThanOrEqual(49152)
      expect(brick.inodesTotal).toBeGreaterThan(brick.inodesFree ?? Infinity)
    }
    // peer status leaves out the node that answered.
    expect(facts?.peers?.map((p) => p.hostname).sort()).toEqual(['hv-01', 'hv-02', 'hv-03', 'hv-04', 'hv-05'].filter((h) => h !== facts?.queriedHost))
    expect(facts?.peers?.every((p) => p.connected)).toBe(true)
    expect(facts?.heal?.volumes).toEqual([{ volume: 'vmstore', pending: 0, splitBrain: 0 }])
    expect(facts?.heal?.bricks).toHaveLength(6)
  })

  it('shows a killed brick offline without a pid and its partners’ backlog counted once', async () => {
    const { poller, fleet, step } = await simGluster()
    fleet.killBrick('hv-02', BRICK1)
    await step(60_000)
    const facts = poller.snapshot().gluster?.value
    const killed = facts?.bricks.find((b) => b.host === 'hv-02' && b.path === BRICK1)
    expect(killed).toMatchObject({ online: false, pid: null })
    expect(facts?.volumes[0]?.health).toBe('PARTIAL')
    const partners = (facts?.heal?.bricks ?? []).filter((b) => (b.host === 'hv-01' || b.host === 'hv-03') && b.path === BRICK1)
    expect(partners).toHaveLength(2)
    const [first, second] = partners
    expect(first?.pending).toBeGreaterThan(0)
    expect(second?.pending).toBe(first?.pending)
    // Both good copies list the same entries: the volume's backlog is one set's count, not their sum.
    expect(facts?.heal?.volumes[0]?.pending).toBe(first?.pending)
  })

  it('polls Gluster again at once when asked, without waiting for the interval', async () => {
    const { poller, calls, step } = await simGluster()
    calls.length = 0
    await step(1_000)
    expect(calls.filter((c) => c.includes('volume status'))).toEqual([])
    poller.requestGlusterRefresh()
    await poller.pollDue()
    expect(calls.filter((c) => c.includes('volume status'))).toHaveLength(1)
    expect(calls.filter((c) => c.includes('heal vmstore info summary'))).toHaveLength(1)
  })

  it('keeps the status facts current when heal info fails, with the heal error beside the last counts', async () => {
    const clock = manualClock()
    const fleet = testFleet({ clock })
    let healFails = false
    const sim = simRunner(fleet)
    const poller = new FleetPoller({
      now: clock.now,
      maxConcurrent: 100,
      runner: {
        run: (host, command, options) =>
          healFails && command.includes(' heal ') ? Promise.resolve({ exitCode: 107, stdout: '', stderr: 'Volume heal failed.\n' }) : sim.run(host, command, options)
      }
    })
    poller.setHosts(['hv-01', 'hv-02', 'hv-03', 'hv-04', 'hv-05'].map((name) => ({ name, roles: ['gluster' as const] })))
    await poller.pollDue()
    clock.advance(1)
    await poller.pollDue()
    const healAtMs = poller.snapshot().gluster?.value?.heal?.atMs
    expect(healAtMs).toBeDefined()
    healFails = true
    clock.advance(60_000)
    await poller.pollDue()
    const fact = poller.snapshot().gluster
    expect(fact?.atMs).toBe(clock.now())
    expect(fact?.error).toBeUndefined()
    expect(fact?.value?.heal?.atMs).toBe(healAtMs)
    expect(fact?.value?.healError?.message).toContain('Volume heal failed.')
  })
})
