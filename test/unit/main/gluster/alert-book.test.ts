// Alerts from the poller's Gluster samples of the demo fleet, through the same steps the
// storage service takes: facts → sample → reducer → active and cleared lists.
import { describe, expect, it } from 'vitest'
import { AlertBook } from '../../../../src/main/gluster/alert-book'
import { alertSampleFromFacts } from '../../../../src/main/gluster/alert-sample'
import type { FleetPoller } from '../../../../src/main/fleet/fleet-poller'
import { simGluster } from './sim-gluster'

const BRICK1 = '/data/glusterfs/vmstore/brick1/brick'

/** Feeds the poller's current facts to the book as the service does; returns what changed. */
function feeder(book: AlertBook, poller: FleetPoller) {
  let healSeenAtMs: number | null = null
  return () => {
    const fact = poller.snapshot().gluster
    if (!fact?.value || fact.atMs === null) throw new Error('no gluster facts')
    const sample = alertSampleFromFacts(fact.value, fact.atMs, healSeenAtMs)
    if (sample.heal) healSeenAtMs = fact.value.heal?.atMs ?? null
    return book.take(sample)
  }
}

describe('AlertBook over the poller’s Gluster samples', () => {
  it('raises brick-offline when a brick dies, and moves it to cleared with both times when it comes back', async () => {
    const { poller, fleet, step } = await simGluster()
    const book = new AlertBook()
    const feed = feeder(book, poller)
    expect(feed()).toBeNull()
    expect(book.snapshot().active).toEqual([])

    fleet.killBrick('hv-02', BRICK1)
    await step(10_000)
    const raisedAtMs = poller.snapshot().gluster?.atMs
    const change = feed()
    expect(change?.raised.map((a) => [a.kind, a.severity, a.brick])).toEqual([['brick-offline', 'warning', `hv-02:${BRICK1}`]])
    expect(book.snapshot().active[0]).toMatchObject({ raisedAtMs, clearedAtMs: null, volume: 'vmstore' })

    fleet.restartBricks()
    await step(10_000)
    const clearedAtMs = poller.snapshot().gluster?.atMs
    const cleared = feed()
    expect(cleared?.cleared.map((a) => a.kind)).toEqual(['brick-offline'])
    const state = book.snapshot()
    expect(state.active.filter((a) => a.kind === 'brick-offline')).toEqual([])
    expect(state.cleared[0]).toMatchObject({ kind: 'brick-offline', raisedAtMs, clearedAtMs })
    expect(state.sampledAtMs).toBe(clearedAtMs)
  })

  it('raises a growing heal backlog only after three rises in heal summaries, never counting one summary twice', async () => {
    const { poller, fleet, step } = await simGluster()
    const book = new AlertBook()
    const feed = feeder(book, poller)
    feed()
    fleet.killBrick('hv-02', BRICK1)
    const backlog = () => book.snapshot().active.filter((a) => a.kind === 'heal-backlog-growing')
    // Status every 10 s, heal summary every 60 s: the 10 s samples between summaries add no rises.
    for (let seconds = 10; seconds <= 170; seconds += 10) {
      await step(10_000)
      feed()
    }
    expect(backlog()).toEqual([])
    for (let seconds = 0; seconds < 60; seconds += 10) {
      await step(10_000)
      feed()
    }
    const raised = backlog()
    expect(raised.length).toBeGreaterThan(0)
    expect(raised[0]?.message).toMatch(/grew 3 samples in a row: \d+ → \d+ → \d+ → \d+ entries pending/)
  })

  it('keeps at most its limit of cleared alerts, newest first', async () => {
    const { poller, fleet, step } = await simGluster()
    const book = new AlertBook(2)
    const feed = feeder(book, poller)
    for (const host of ['hv-01', 'hv-02', 'hv-03']) {
      fleet.killBrick(host, BRICK1)
      await step(10_000)
      feed()
      fleet.restartBricks()
      await step(10_000)
      feed()
    }
    const cleared = book.snapshot().cleared.filter((a) => a.kind === 'brick-offline')
    expect(cleared.map((a) => a.brick)).toEqual([`hv-03:${BRICK1}`, `hv-02:${BRICK1}`])
  })
})
