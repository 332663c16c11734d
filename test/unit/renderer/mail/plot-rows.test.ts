import { describe, expect, it } from 'vitest'
import { CommitQueue } from '../../../../src/renderer/src/features/mail/commit-queue'
import type { ChartRow } from '../../../../src/renderer/src/features/mail/mail-series'
import { plotRows } from '../../../../src/renderer/src/features/mail/plot-rows'

const row = (atMs: number, load: number | null, blocked: number | null = 0): ChartRow => ({ atMs, load, blocked })

describe('plotRows', () => {
  it('keeps rows that fit the plot as they are, and breaks the line at a hole in time', () => {
    const rows = [row(0, 1), row(1_000, 2), row(2_000, 3), row(12_000, 4), row(13_000, 5)]
    const plotted = plotRows(rows, ['load', 'blocked'], 3_000, 100)
    expect(plotted).toEqual([row(0, 1), row(1_000, 2), row(2_000, 3), { atMs: 7_000, load: null, blocked: null }, row(12_000, 4), row(13_000, 5)])
    // Without a hole nothing is added.
    expect(plotRows(rows.slice(0, 3), ['load'], 3_000, 100)).toEqual(rows.slice(0, 3))
    expect(plotRows([], ['load'], 3_000, 100)).toEqual([])
  })

  it('thins a day of rows to the plot width, keeping every series’ spike and every gap', () => {
    // A day at 10 s with one spike per series and a missing hour.
    const rows: ChartRow[] = []
    for (let t = 0; t < 86_400_000; t += 10_000) {
      if (t >= 36_000_000 && t < 39_600_000) continue
      rows.push(row(t, t === 50_000_000 ? 40 : 1, t === 70_000_000 ? 9 : 0))
    }
    const plotted = plotRows(rows, ['load', 'blocked'], 30_000, 300)
    const data = plotted.filter((r) => r.load !== null)
    expect(data.length).toBeLessThanOrEqual(301)
    expect(data.length).toBeGreaterThan(250)
    expect(Math.max(...data.map((r) => r.load as number))).toBe(40)
    expect(Math.max(...data.map((r) => r.blocked as number))).toBe(9)
    // The missing hour is still a gap: one null row inside it, none elsewhere.
    const gaps = plotted.filter((r) => r.load === null)
    expect(gaps).toHaveLength(1)
    expect(gaps[0]?.atMs).toBeGreaterThan(36_000_000)
    expect(gaps[0]?.atMs).toBeLessThan(39_600_000)
    // Time order is kept, and the newest row's time is the newest sample's.
    for (let i = 1; i < plotted.length; i++) expect((plotted[i] as ChartRow).atMs).toBeGreaterThan((plotted[i - 1] as ChartRow).atMs)
    expect(plotted.at(-1)?.atMs).toBe(rows.at(-1)?.atMs)
  })

  it('keeps a series null in a bucket where it has no reading', () => {
    const rows = [row(0, null, 1), row(1, null, 2), row(2, 5, 3), row(3, 6, 4)]
    expect(plotRows(rows, ['load', 'blocked'], 10, 2)).toEqual([row(1, null, 2), row(3, 6, 4)])
  })
})

describe('CommitQueue', () => {
  it('runs one commit per scheduled task, in first-asked order, the newest commit of each owner only', () => {
    const tasks: (() => void)[] = []
    const queue = new CommitQueue((run) => tasks.push(run))
    const ran: string[] = []
    const a = {}
    const b = {}
    const c = {}
    queue.enqueue(a, () => ran.push('a1'))
    queue.enqueue(b, () => ran.push('b1'))
    queue.enqueue(a, () => ran.push('a2'))
    queue.enqueue(c, () => ran.push('c1'))
    queue.cancel(c)
    expect(tasks).toHaveLength(1)
    tasks.shift()?.()
    expect(ran).toEqual(['a2'])
    expect(tasks).toHaveLength(1)
    tasks.shift()?.()
    expect(ran).toEqual(['a2', 'b1'])
    // Nothing left: no further task is scheduled.
    expect(tasks).toHaveLength(0)
    expect(queue.size).toBe(0)
  })

  it('goes on with the next chart when a commit throws', () => {
    const tasks: (() => void)[] = []
    const queue = new CommitQueue((run) => tasks.push(run))
    const ran: string[] = []
    queue.enqueue({}, () => {
      throw new Error('render failed')
    })
    queue.enqueue({}, () => ran.push('second'))
    expect(() => tasks.shift()?.()).toThrow('render failed')
    tasks.shift()?.()
    expect(ran).toEqual(['second'])
  })
})
