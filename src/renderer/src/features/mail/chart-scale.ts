// Steady chart scales: a y-axis top that moves in nice steps, grows at once to fit a spike and
// shrinks only when the data has fallen well below it, so a 1 Hz chart does not twitch.

/** The smallest of 1, 2, 2.5, 5 × 10^n at or above `value` (0 stays 0). */
export function niceCeiling(value: number): number {
  if (!(value > 0)) return 0
  const magnitude = 10 ** Math.floor(Math.log10(value))
  for (const step of [1, 2, 2.5, 5, 10]) if (step * magnitude >= value - 1e-9) return step * magnitude
  return 10 * magnitude
}

/**
 * The top of the y-axis given the previous top and the largest value now shown. `floor` keeps a
 * quiet chart from magnifying noise (e.g. 10 connections).
 */
export function steadyTop(previousTop: number | null, observedMax: number, floor: number): number {
  const wanted = niceCeiling(Math.max(observedMax, floor))
  if (previousTop === null || wanted > previousTop) return wanted
  // Shrink once the data uses less than 40 % of the axis.
  return observedMax < previousTop * 0.4 ? wanted : previousTop
}

const TIME_STEPS_MS = [10_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000, 7_200_000, 14_400_000, 21_600_000]

/**
 * Tick times on round clock steps (local time), about `count` of them, so the time axis reads
 * 17:12, 17:13, … and the ticks slide with the data instead of jumping.
 */
export function timeTicks(fromMs: number, toMs: number, count = 5, utcOffsetMs = 0): number[] {
  const span = toMs - fromMs
  if (!(span > 0)) return []
  const step = TIME_STEPS_MS.find((candidate) => span / candidate <= count) ?? (TIME_STEPS_MS[TIME_STEPS_MS.length - 1] as number)
  const first = Math.ceil((fromMs + utcOffsetMs) / step) * step - utcOffsetMs
  const ticks: number[] = []
  for (let t = first; t <= toMs; t += step) ticks.push(t)
  return ticks
}

/**
 * Y-axis ticks from 0 to `top` in the smallest step of 1, 2, 2.5 or 5 × 10^n that divides the
 * axis into at most `maxIntervals` parts, so the labels read 0, 25, 50, 75, 100 rather than 33.3.
 */
export function valueTicks(top: number, maxIntervals = 5): number[] {
  if (!(top > 0)) return [0]
  const magnitude = 10 ** Math.floor(Math.log10(top / maxIntervals))
  const steps = [1, 2, 2.5, 5, 10, 20, 25, 50].map((m) => m * magnitude)
  const step = steps.find((s) => top / s <= maxIntervals + 1e-9 && Math.abs(top / s - Math.round(top / s)) < 1e-6) ?? top
  const ticks: number[] = []
  for (let i = 0; i * step <= top + step * 1e-6; i++) ticks.push(Math.round(i * step * 1e9) / 1e9)
  return ticks
}
