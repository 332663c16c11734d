// The last few heal summaries per volume and per brick, so the Storage view can show whether a
// backlog grows or drains. A new summary is recognised by its time; repeats are not added.
import type { HealTrend, HealTrendSample } from '../../shared/api-parts/storage-api'
import type { GlusterHealFacts } from '../../shared/fleet'

export class HealTrendBook {
  private lastAtMs: number | null = null
  private readonly volumes = new Map<string, HealTrendSample[]>()
  private readonly bricks = new Map<string, { volume: string; brick: string; samples: HealTrendSample[] }>()

  constructor(readonly maxSamples = 30) {}

  /** Adds the heal summary if it is newer than the last one; returns whether it was added. */
  take(heal: GlusterHealFacts | null): boolean {
    if (heal === null || (this.lastAtMs !== null && heal.atMs <= this.lastAtMs)) return false
    this.lastAtMs = heal.atMs
    const keep = (samples: HealTrendSample[], sample: HealTrendSample) => [...samples, sample].slice(-this.maxSamples)
    for (const totals of heal.volumes) {
      this.volumes.set(totals.volume, keep(this.volumes.get(totals.volume) ?? [], { atMs: heal.atMs, pending: totals.pending, splitBrain: totals.splitBrain }))
    }
    for (const brick of heal.bricks) {
      const id = `${brick.volume}|${brick.host}:${brick.path}`
      const entry = this.bricks.get(id) ?? { volume: brick.volume, brick: `${brick.host}:${brick.path}`, samples: [] }
      entry.samples = keep(entry.samples, { atMs: heal.atMs, pending: brick.pending, splitBrain: brick.splitBrain })
      this.bricks.set(id, entry)
    }
    return true
  }

  /** Forgets volumes and bricks that no longer exist. */
  retain(volumes: ReadonlySet<string>, bricks: ReadonlySet<string>): void {
    for (const volume of this.volumes.keys()) if (!volumes.has(volume)) this.volumes.delete(volume)
    for (const [id, entry] of this.bricks) if (!volumes.has(entry.volume) || !bricks.has(`${entry.volume}|${entry.brick}`)) this.bricks.delete(id)
  }

  snapshot(): HealTrend {
    return {
      maxSamples: this.maxSamples,
      volumes: [...this.volumes].map(([volume, samples]) => ({ volume, samples })),
      bricks: [...this.bricks.values()].map((entry) => ({ ...entry }))
    }
  }
}
