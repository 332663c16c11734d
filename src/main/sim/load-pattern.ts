// A clock-driven utilisation curve: a daily cosine around a peak hour plus three slow
// harmonics as "noise". Every term has a closed-form integral, so cumulative counters
// (CPU nanoseconds, bytes written) are exact at any instant without ticking timers.
import { unitHash } from './seeded-random'

const DAY_S = 86_400

export interface LoadPattern {
  /** Utilisation floor, as a fraction of the resource (0..1). */
  base: number
  /** Extra utilisation at the daily peak. */
  amplitude: number
  /** Local hour (0..24) of the daily peak. */
  peakHour: number
  /** The harmonics that make samples look noisy: amplitude, period in seconds, phase. */
  harmonics: { amplitude: number; periodS: number; phase: number }[]
  /** Offset of the local time zone from UTC, for "by hour" patterns. */
  utcOffsetMinutes: number
}

export interface LoadProfile {
  base: number
  amplitude: number
  peakHour: number
  /** Total amplitude of the noise harmonics. */
  noise: number
}

/** Builds a pattern whose phases and periods are decided by the seed parts. */
export function makeLoadPattern(profile: LoadProfile, utcOffsetMinutes: number, ...seed: (string | number)[]): LoadPattern {
  const weights = [0.5, 0.3, 0.2]
  const harmonics = weights.map((weight, i) => ({
    amplitude: profile.noise * weight,
    periodS: 240 + unitHash(...seed, 'period', i) * (i + 1) * 900,
    phase: unitHash(...seed, 'phase', i) * 2 * Math.PI
  }))
  // Shift the peak by up to ±45 minutes so similar machines do not move in lockstep.
  const peakHour = profile.peakHour + (unitHash(...seed, 'peak') - 0.5) * 1.5
  // The floor must cover the noise so the curve never dips below zero.
  const base = Math.max(profile.base, profile.noise)
  return { base, amplitude: profile.amplitude, peakHour, harmonics, utcOffsetMinutes }
}

function dailyArgument(pattern: LoadPattern, tS: number): number {
  return (2 * Math.PI * (tS + pattern.utcOffsetMinutes * 60 - pattern.peakHour * 3600)) / DAY_S
}

/** Utilisation (0..1) at an instant. */
export function utilisationAt(pattern: LoadPattern, tMs: number): number {
  const tS = tMs / 1000
  let value = pattern.base + (pattern.amplitude * (1 + Math.cos(dailyArgument(pattern, tS)))) / 2
  for (const h of pattern.harmonics) value += h.amplitude * Math.sin((2 * Math.PI * tS) / h.periodS + h.phase)
  return Math.min(1, Math.max(0, value))
}

// Antiderivative in seconds. Clamping in utilisationAt never triggers for patterns from
// makeLoadPattern (base >= noise, base + amplitude + noise <= 1 by the profiles), so the
// integral of the unclamped curve is the integral of the real one.
function antiderivative(pattern: LoadPattern, tS: number): number {
  let value = (pattern.base + pattern.amplitude / 2) * tS + ((pattern.amplitude / 2) * DAY_S * Math.sin(dailyArgument(pattern, tS))) / (2 * Math.PI)
  for (const h of pattern.harmonics) value -= (h.amplitude * h.periodS * Math.cos((2 * Math.PI * tS) / h.periodS + h.phase)) / (2 * Math.PI)
  return value
}

/** Utilisation-seconds between two instants (the area under the curve). */
export function utilisationSeconds(pattern: LoadPattern, fromMs: number, toMs: number): number {
  if (toMs <= fromMs) return 0
  return Math.max(0, antiderivative(pattern, toMs / 1000) - antiderivative(pattern, fromMs / 1000))
}
