import { describe, expect, it } from 'vitest'
import { confirm, dismiss, finished, idleFlow, planArrived, planRefused, runArgs, sendFailed, startPlanning } from '../../../../src/renderer/src/features/storage/action-flow'
import type { StorageActionPlan, StorageActionStatus } from '../../../../src/shared/api-parts/storage-api'

const plan: StorageActionPlan = {
  action: 'restart-bricks',
  volume: 'vmstore',
  host: 'hv-01',
  argv: ['gluster', 'volume', 'start', 'vmstore', 'force'],
  command: 'gluster volume start vmstore force',
  description: 'restarts dead bricks',
  targets: ['hv-02:/b'],
  warnings: [],
  factsAtMs: 1
}
const result: StorageActionStatus = { id: 'a', action: 'restart-bricks', volume: 'vmstore', host: 'hv-01', command: plan.command, phase: 'succeeded', startedAtMs: 10, finishedAtMs: 20, exitCode: 0, output: 'volume start: vmstore: success', message: 'volume start: vmstore: success' }

describe('the action flow', () => {
  it('goes planning → confirming → running → done, and only a confirmed plan yields run arguments', () => {
    const planning = startPlanning(idleFlow, 'restart-bricks', 'vmstore')
    expect(runArgs(planning)).toBeNull()
    const confirming = planArrived(planning, plan)
    expect(confirming).toEqual({ kind: 'confirming', plan })
    expect(runArgs(confirming)).toBeNull()
    const running = confirm(confirming, 1234)
    expect(running).toEqual({ kind: 'running', plan, startedAtMs: 1234 })
    expect(runArgs(running)).toEqual({ action: 'restart-bricks', volume: 'vmstore', host: 'hv-01', confirmed: true })
    expect(finished(running, result)).toEqual({ kind: 'done', plan, result })
  })

  it('never runs without the confirm step', () => {
    expect(confirm(idleFlow, 1)).toBe(idleFlow)
    expect(confirm(startPlanning(idleFlow, 'start-heal', 'vmstore'), 1).kind).toBe('planning')
  })

  it('ignores a plan for another action or volume, and shows refusals', () => {
    const planning = startPlanning(idleFlow, 'start-heal', 'vmstore')
    expect(planArrived(planning, plan)).toBe(planning)
    expect(planRefused(planning, 'no Gluster node is reachable')).toEqual({ kind: 'refused', action: 'start-heal', volume: 'vmstore', message: 'no Gluster node is reachable' })
  })

  it('lets Escape close everything but a running command, and keeps one action at a time', () => {
    const running = confirm(planArrived(startPlanning(idleFlow, 'restart-bricks', 'vmstore'), plan), 1)
    expect(dismiss(running)).toBe(running)
    expect(startPlanning(running, 'start-heal', 'vmstore')).toBe(running)
    expect(dismiss(planArrived(startPlanning(idleFlow, 'restart-bricks', 'vmstore'), plan))).toBe(idleFlow)
    expect(sendFailed(running, 'connection to the Rackside service was lost')).toEqual({ kind: 'failed-to-send', plan, message: 'connection to the Rackside service was lost' })
  })
})
