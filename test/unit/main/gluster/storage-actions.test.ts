// Action plans from the demo fleet's live facts: the exact command, the host it runs on, what it
// targets, and clear refusals when it cannot run.
import { describe, expect, it } from 'vitest'
import type { HostConnectionState } from '../../../../src/shared/api'
import { volumeStatusFromFacts } from '../../../../src/main/gluster/alert-sample'
import { checkActionHost, planStorageAction, StorageActionError } from '../../../../src/main/gluster/storage-actions'
import { assessVolume } from '../../../../src/shared/domain/gluster-health'
import type { Fact, GlusterFacts } from '../../../../src/shared/fleet'
import { demoSite } from '../sim/sim-test-kit'
import { simGluster } from './sim-gluster'

const BRICK1 = '/data/glusterfs/vmstore/brick1/brick'
const NODES = ['hv-01', 'hv-02', 'hv-03', 'hv-04', 'hv-05']
const states = (status: HostConnectionState['status'], overrides: Record<string, Partial<HostConnectionState>> = {}): HostConnectionState[] =>
  NODES.map((host) => ({ host, status, sinceMs: 0, ...overrides[host] }))

function refusal(run: () => unknown): StorageActionError {
  try {
    run()
  } catch (error) {
    if (error instanceof StorageActionError) return error
    throw error
  }
  throw new Error('expected a refusal')
}

describe('planStorageAction', () => {
  it('restarts the offline brick with `gluster volume start vmstore force` on the node that answered', async () => {
    const { poller, fleet, step, clock } = await simGluster()
    fleet.killBrick('hv-02', BRICK1)
    await step(10_000)
    const gluster = poller.snapshot().gluster
    const plan = planStorageAction('restart-bricks', 'vmstore', { site: demoSite(), gluster, hostStates: states('connected'), nowMs: clock.now() })
    expect(plan).toMatchObject({
      action: 'restart-bricks',
      volume: 'vmstore',
      host: gluster?.value?.queriedHost,
      argv: ['gluster', 'volume', 'start', 'vmstore', 'force'],
      command: 'gluster volume start vmstore force',
      targets: [`hv-02:${BRICK1}`],
      warnings: [],
      factsAtMs: gluster?.atMs
    })
  })

  it('picks another connected node when the one that answered is gone, and warns about bricks on unreachable nodes', async () => {
    const { poller, fleet, step, clock } = await simGluster()
    fleet.killBrick('hv-02', BRICK1)
    await step(10_000)
    const gluster = poller.snapshot().gluster
    const plan = planStorageAction('restart-bricks', 'vmstore', {
      site: demoSite(),
      gluster,
      hostStates: states('connected', { 'hv-01': { status: 'backoff' }, 'hv-02': { status: 'down', lastError: 'hv-02: connection refused' } }),
      nowMs: clock.now()
    })
    expect(plan.host).toBe('hv-03')
    expect(plan.warnings).toEqual([`brick hv-02:${BRICK1} is on hv-02, which is down: glusterd there cannot start it until the node is back`])
  })

  it('warns that a brick volume status did not list needs its glusterd first, since the restart cannot reach it', async () => {
    const { poller, clock } = await simGluster()
    const fact = poller.snapshot().gluster
    const facts = fact?.value
    if (!fact || !facts) throw new Error('no Gluster facts from the demo fleet')
    // What the lab shows with hv-02's glusterd stopped: status from another node leaves hv-02's brick out.
    const trimmed = { ...facts, bricks: facts.bricks.filter((brick) => brick.host !== 'hv-02' || brick.path !== BRICK1) }
    const gluster = { ...fact, value: { ...trimmed, volumes: trimmed.volumeInfo.map((info) => assessVolume(info, volumeStatusFromFacts(trimmed, info.name))) } }
    const plan = planStorageAction('restart-bricks', 'vmstore', { site: demoSite(), gluster, hostStates: states('connected'), nowMs: clock.now() })
    expect(plan.targets).toEqual([`hv-02:${BRICK1}`])
    expect(plan.warnings).toEqual([
      `brick hv-02:${BRICK1} is not listed by volume status: glusterd on hv-02 did not answer, and this command cannot start a brick there — start glusterd on that node first`
    ])
  })

  it('refuses with every node’s state when no Gluster node is reachable', async () => {
    const { poller, clock } = await simGluster()
    const error = refusal(() =>
      planStorageAction('start-heal', 'vmstore', {
        site: demoSite(),
        gluster: poller.snapshot().gluster,
        hostStates: states('down', { 'hv-03': { status: 'backoff', lastError: 'hv-03: connection timed out' } }),
        nowMs: clock.now()
      })
    )
    expect(error.kind).toBe('no-reachable-gluster-host')
    expect(error.message).toMatch(/^no Gluster node is reachable, so nothing was run: hv-01 down; hv-02 down; hv-03 retrying \(hv-03: connection timed out\); hv-04 down; hv-05 down\./)
  })

  it('says there is nothing to restart when every brick runs, and flags stale facts', async () => {
    const { poller, clock } = await simGluster()
    const gluster = poller.snapshot().gluster
    const plan = planStorageAction('restart-bricks', 'vmstore', { site: demoSite(), gluster, hostStates: states('connected'), nowMs: clock.now() + 10 * 60_000 })
    expect(plan.targets).toEqual([])
    expect(plan.warnings).toEqual([
      'the Gluster facts are stale: what is shown below may no longer be true',
      'volume status shows every brick of vmstore online: there is nothing to restart'
    ])
  })

  it('plans a heal of both replica sets with the pending count, and refuses volumes it cannot heal', async () => {
    const { poller, fleet, step, clock } = await simGluster()
    fleet.killBrick('hv-05', BRICK1)
    await step(60_000)
    const gluster = poller.snapshot().gluster as Fact<GlusterFacts>
    const pending = gluster.value?.heal?.volumes[0]?.pending
    const context = { site: demoSite(), gluster, hostStates: states('connected'), nowMs: clock.now() }
    const plan = planStorageAction('start-heal', 'vmstore', context)
    expect(plan.command).toBe('gluster volume heal vmstore')
    expect(plan.targets).toEqual(['vmstore-replicate-0', 'vmstore-replicate-1'])
    expect(plan.description).toContain(`${pending} entries pending`)
    expect(plan.warnings).toEqual([`brick hv-05:${BRICK1} offline: the heal cannot finish until it is back`])

    const value = gluster.value as GlusterFacts
    const layout = value.volumeInfo[0]
    if (!layout) throw new Error('no layout')
    const distribute = { ...gluster, value: { ...value, volumeInfo: [{ ...layout, type: 'distribute' as const, replicaCount: 1 }] } }
    expect(refusal(() => planStorageAction('start-heal', 'vmstore', { ...context, gluster: distribute })).kind).toBe('not-replicated')
    const stopped = { ...gluster, value: { ...value, volumeInfo: [{ ...layout, status: 'stopped' as const }] } }
    expect(refusal(() => planStorageAction('start-heal', 'vmstore', { ...context, gluster: stopped })).kind).toBe('volume-not-started')
    expect(refusal(() => planStorageAction('start-heal', 'scratch', context)).message).toBe('no volume named scratch in the last volume info from hv-01 (it has vmstore)')
    expect(refusal(() => planStorageAction('start-heal', 'vmstore', { ...context, gluster: undefined })).kind).toBe('no-gluster-facts')
  })
})

describe('checkActionHost', () => {
  it('accepts only the site’s Gluster nodes', () => {
    expect(() => checkActionHost(demoSite(), 'hv-04')).not.toThrow()
    expect(refusal(() => checkActionHost(demoSite(), 'mail-01')).kind).toBe('not-a-gluster-host')
  })
})
