// A heal backlog's recent course, for the sparkline and its words: points scaled to a box, and
// whether the backlog grows, drains or holds.
import type { HealTrendSample } from '../../../../shared/api-parts/storage-api'

export type TrendDirection = 'rising' | 'falling' | 'steady' | 'unknown'

export function trendDirection(samples: readonly HealTrendSample[], pick: (s: HealTrendSample) => number | null = (s) => s.pending): TrendDirection {
  const values = samples.map(pick).filter((v): v is number => v !== null)
  const last = values.at(-1)
  const before = values.at(-2)
  if (last === undefined || before === undefined) return 'unknown'
  return last > before ? 'rising' : last < before ? 'falling' : 'steady'
}

/** SVG polyline points in a width × height box; the scale starts at zero so a flat 0 line sits at the bottom. */
export function sparklinePoints(samples: readonly HealTrendSample[], width: number, height: number, pick: (s: HealTrendSample) => number | null = (s) => s.pending): string {
  const values = samples.map(pick)
  const max = Math.max(1, ...values.filter((v): v is number => v !== null))
  const step = values.length > 1 ? width / (values.length - 1) : 0
  return values
    .map((value, i) => (value === null ? null : `${(i * step).toFixed(1)},${(height - (value / max) * height).toFixed(1)}`))
    .filter((point): point is string => point !== null)
    .join(' ')
}

/** "0 → 8 → 11 entries over the last 3 heal summaries"; unknown counts read "?". */
export function trendText(samples: readonly HealTrendSample[], pick: (s: HealTrendSample) => number | null = (s) => s.pending): string {
  if (samples.length === 0) return 'no heal summary yet'
  const shown = samples.slice(-6).map((s) => (pick(s) === null ? '?' : String(pick(s))))
  return `${samples.length > 6 ? '… → ' : ''}${shown.join(' → ')} over the last ${samples.length} heal ${samples.length === 1 ? 'summary' : 'summaries'}`
}
