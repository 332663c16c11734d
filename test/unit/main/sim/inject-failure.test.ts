import { describe, expect, it } from 'vitest'
import { injectFailure } from '../../../../src/main/sim/inject-failure'
import { manualClock, run, testFleet } from './sim-test-kit'

describe('demo failure injection', () => {
  it('applies each panel action to the fleet and says what happens now', async () => {
    const clock = manualClock()
    const fleet = testFleet({ clock })
    const brick = fleet.gluster?.bricksOn('hv-02')[0]
    if (!brick) throw new Error('hv-02 has no brick')
    expect(injectFailure(fleet, { action: 'kill-brick', host: 'hv-02' })).toBe(
      `killed the brick hv-02:/data/glusterfs/vmstore/brick1/brick (glusterfsd pid ${brick.pid}); files written now wait for it in the heal backlog`
    )
    expect(fleet.gluster?.isOnline(brick)).toBe(false)
    clock.advance(30_000)
    expect(fleet.status().bricks.find((b) => b.host === 'hv-02')?.healPending).toBeGreaterThan(5)
    expect(injectFailure(fleet, { action: 'restart-bricks' })).toBe('restarted hv-02:/data/glusterfs/vmstore/brick1/brick; self-heal now drains the backlog')
    expect(injectFailure(fleet, { action: 'restart-bricks' })).toBe('no brick was down on a reachable node; nothing to restart')
    expect(injectFailure(fleet, { action: 'cut-host', host: 'hv-04' })).toBe('hv-04 is cut off: its SSH port refuses connections')
    expect(fleet.host('hv-04')?.reachability).toBe('refuse')
    expect(injectFailure(fleet, { action: 'cut-host', host: 'hv-04', mode: 'hang' })).toBe('hv-04 is cut off: its SSH port accepts connections and never answers')
    expect(injectFailure(fleet, { action: 'restore-host', host: 'hv-04' })).toBe('hv-04 is reachable again')
    expect(injectFailure(fleet, { action: 'slow-host', host: 'hv-01', delayMs: 2500 })).toBe('hv-01 now answers every command 2500 ms late')
    expect(injectFailure(fleet, { action: 'mail-scenario', scenario: 'pop3-storm' })).toBe('mail-01 now runs the pop3-storm scenario')
    clock.advance(60_000)
    expect((await run(fleet, 'mail-01', 'doveadm service status pop3')).stdout).toContain('process_count: 150\n')
  })

  it('throws a typed error for a host that does not exist', () => {
    const fleet = testFleet({ clock: manualClock() })
    expect(() => injectFailure(fleet, { action: 'restore-host', host: 'hv-99' })).toThrow(expect.objectContaining({ kind: 'not-found', message: 'no demo host named hv-99' }))
  })
})
