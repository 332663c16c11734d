// Reconnect delays: exponential, capped, with jitter so a rack of hosts that dropped together
// does not reconnect in lock-step.

export interface BackoffPolicy {
  initialDelayMs: number
  maxDelayMs: number
  multiplier: number
  /** Up to this fraction of the delay is randomly taken off (0 = no jitter). */
  jitterRatio: number
}

export const defaultBackoffPolicy: BackoffPolicy = { initialDelayMs: 1000, maxDelayMs: 60_000, multiplier: 2, jitterRatio: 0.3 }

/** Delay before retry number `attempt` (1-based); never above maxDelayMs. */
export function backoffDelayMs(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const exponent = Math.max(0, attempt - 1)
  const base = Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.multiplier ** exponent)
  const jitter = base * policy.jitterRatio * Math.min(1, Math.max(0, random()))
  return Math.max(0, Math.round(base - jitter))
}
