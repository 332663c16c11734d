// Chart rows as a mail chart plots them. Pure, so the 1 Hz redraw hands recharts only what it can
// show: a hole in time becomes a row of nulls (recharts breaks the line there: a gap, never a
// zero), and more rows than the plot has pixel pairs are thinned to one per time bucket, keeping
// each series' highest reading so a spike never disappears from the day view.
import type { ChartRow } from './mail-series'

/**
 * `rows` (in time order) with a null row wherever consecutive rows are more than `gapMs` apart,
 * and, when there are more than `maxPoints`, thinned over equal time buckets: each bucket one row
 * at its last time with each key's maximum (null when it has no reading of that key). Gaps are
 * found on the rows as measured, before thinning, and a bucket never spans one (so a gap can add
 * one row beyond maxPoints).
 */
export function plotRows(rows: readonly ChartRow[], keys: readonly string[], gapMs: number, maxPoints: number): ChartRow[] {
  const thinning = rows.length > maxPoints && maxPoints >= 2
  const firstMs = rows[0]?.atMs ?? 0
  const spanMs = Math.max(1, (rows[rows.length - 1]?.atMs ?? 0) - firstMs)
  const out: ChartRow[] = []
  let previousMs = Number.NEGATIVE_INFINITY
  let bucket = -1
  let current: ChartRow | null = null
  for (const row of rows) {
    if (out.length > 0 && row.atMs - previousMs > gapMs) {
      out.push(nullRow(keys, (previousMs + row.atMs) / 2))
      current = null
    }
    previousMs = row.atMs
    if (!thinning) {
      out.push(row)
      continue
    }
    const index = Math.min(maxPoints - 1, Math.floor(((row.atMs - firstMs) / spanMs) * maxPoints))
    if (current === null || index !== bucket) {
      current = nullRow(keys, row.atMs)
      out.push(current)
      bucket = index
    }
    current.atMs = row.atMs
    for (const key of keys) {
      const value = row[key]
      if (value === null || value === undefined) continue
      const kept = current[key]
      current[key] = kept === null || kept === undefined ? value : Math.max(kept, value)
    }
  }
  return out
}

function nullRow(keys: readonly string[], atMs: number): ChartRow {
  const row: ChartRow = { atMs }
  for (const key of keys) row[key] = null
  return row
}
