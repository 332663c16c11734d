// Counters that integrate rates only when somebody reads them. Host counters (/proc/stat
// jiffies, PSI totals, vmstat's io) follow rates that depend on changing state (VMs coming
// and going, a mail scenario starting), so they are advanced step by step up to the instant
// asked for; nothing ticks between reads, which keeps 500 idle hosts free.

/** Rates per second of several counters at an instant. */
export type RatesFn = (tMs: number) => number[]

export class LazyIntegral {
  private atMs: number
  private readonly totals: number[]

  constructor(
    private readonly rates: RatesFn,
    private readonly width: number,
    startMs: number,
    private readonly maxStepMs = 5_000,
    private readonly maxSteps = 1_500
  ) {
    this.atMs = startMs
    this.totals = Array.from({ length: width }, () => 0)
  }

  /** The counters at `tMs`; an earlier instant returns the latest values (counters never go back). */
  valuesAt(tMs: number): readonly number[] {
    this.advanceTo(tMs)
    return this.totals
  }

  /** Integrates up to `tMs` with the trapezoid rule; steps grow when the gap is long. */
  advanceTo(tMs: number): void {
    const gapMs = tMs - this.atMs
    if (gapMs <= 0) return
    const steps = Math.min(this.maxSteps, Math.max(1, Math.ceil(gapMs / this.maxStepMs)))
    const stepMs = gapMs / steps
    let previous = this.sample(this.atMs)
    for (let i = 1; i <= steps; i++) {
      const next = this.sample(this.atMs + stepMs * i)
      for (let k = 0; k < this.width; k++) this.totals[k] = (this.totals[k] ?? 0) + (((previous[k] ?? 0) + (next[k] ?? 0)) / 2) * (stepMs / 1000)
      previous = next
    }
    this.atMs = tMs
  }

  private sample(tMs: number): number[] {
    return this.rates(tMs).map((rate) => Math.max(0, rate))
  }
}
