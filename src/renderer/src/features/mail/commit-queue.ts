// One chart redraw per browser task, spaced out. Seven recharts charts redrawn in the same task
// after a sample arrives make one long task (every chart's layout, scales and SVG at once);
// queued, each chart commits in a task of its own and the main thread stays free for input in
// between. The gap between two redraws leaves room for the garbage collector's own tasks: recharts
// allocates about a megabyte per redraw, and a scavenge or a mark-compact's final pause (20-40 ms
// on the test machines) that starts inside a redraw adds to it and makes a long task.
import { useEffect, useState } from 'react'
import { flushSync } from 'react-dom'

export class CommitQueue {
  /** The newest pending commit of each owner, in the order owners first asked. */
  private readonly pending = new Map<object, () => void>()
  private scheduled = false

  constructor(private readonly schedule: (run: () => void) => void) {}

  /** Queues `commit` for `owner`, replacing a commit of the same owner that has not run yet. */
  enqueue(owner: object, commit: () => void): void {
    this.pending.set(owner, commit)
    this.scheduleNext()
  }

  cancel(owner: object): void {
    this.pending.delete(owner)
  }

  get size(): number {
    return this.pending.size
  }

  private scheduleNext(): void {
    if (this.scheduled || this.pending.size === 0) return
    this.scheduled = true
    this.schedule(() => this.runOne())
  }

  private runOne(): void {
    this.scheduled = false
    const next = this.pending.entries().next()
    if (!next.done) {
      const [owner, commit] = next.value
      this.pending.delete(owner)
      // A failing commit must not stall the charts queued behind it.
      try {
        commit()
      } finally {
        this.scheduleNext()
      }
    }
  }
}

/** 7 charts × 60 ms: a round of redraws takes under half of the 1 s between samples. */
const REDRAW_GAP_MS = 60
const chartCommits = new CommitQueue((run) => setTimeout(run, REDRAW_GAP_MS))

/**
 * `value` as the chart should draw it: the first value at once, later ones through the shared
 * queue, each rendered synchronously in its own task.
 */
export function useQueuedValue<T>(value: T): T {
  const [owner] = useState(() => ({}))
  const [shown, setShown] = useState(value)
  useEffect(() => {
    // Back to what is drawn: a commit still queued would draw an older value over it.
    if (Object.is(value, shown)) {
      chartCommits.cancel(owner)
      return
    }
    chartCommits.enqueue(owner, () => flushSync(() => setShown(value)))
  }, [owner, value, shown])
  useEffect(() => () => chartCommits.cancel(owner), [owner])
  return shown
}
