// Samples into chart rows: one row per sample, a missing fact as null (a gap in the line, never
// a zero), and the x-axis span of each time range.
import { CHARTED_DOVECOT_SERVICES, MAIL_PROTOCOLS, POSTFIX_QUEUES, type MailHistoryRange, type MailSample } from '../../../../shared/api-parts/mail-api'

export type ChartRow = { atMs: number } & Record<string, number | null>

export const RANGE_SPAN_MS: Record<MailHistoryRange, number> = { live: 5 * 60_000, '1h': 3_600_000, '24h': 24 * 3_600_000 }

export function loadRows(samples: readonly MailSample[]): ChartRow[] {
  return samples.map((s) => ({ atMs: s.atMs, load1: s.load?.load1 ?? null, cores: s.load?.cores ?? null, blocked: s.vmstat?.blocked ?? null }))
}

export function cpuRows(samples: readonly MailSample[]): ChartRow[] {
  return samples.map((s) => ({ atMs: s.atMs, user: s.cpu?.userPercent ?? null, system: s.cpu?.systemPercent ?? null, iowait: s.cpu?.iowaitPercent ?? null }))
}

export function psiRows(samples: readonly MailSample[]): ChartRow[] {
  return samples.map((s) => ({ atMs: s.atMs, cpu: s.psi?.cpuPercent ?? null, io: s.psi?.ioPercent ?? null, memory: s.psi?.memoryPercent ?? null }))
}

export function connectionRows(samples: readonly MailSample[]): ChartRow[] {
  return samples.map((s) => ({ atMs: s.atMs, ...Object.fromEntries(MAIL_PROTOCOLS.map((p) => [p, s.connections?.[p] ?? null])) }))
}

/** Each service's processes as a percentage of its process_limit, so every line shares 0-100 %. */
export function processRows(samples: readonly MailSample[]): ChartRow[] {
  return samples.map((s) => ({
    atMs: s.atMs,
    ...Object.fromEntries(
      CHARTED_DOVECOT_SERVICES.map((service) => {
        const entry = s.processes?.find((p) => p.service === service)
        return [service, entry === undefined || entry.limit <= 0 ? null : (entry.count / entry.limit) * 100]
      })
    )
  }))
}

export function loginRows(samples: readonly MailSample[]): ChartRow[] {
  return samples.map((s) => ({ atMs: s.atMs, logins: s.logins?.loginsPerMinute ?? null, failures: s.logins?.authFailuresPerMinute ?? null }))
}

export function queueRows(samples: readonly MailSample[]): ChartRow[] {
  return samples.map((s) => ({ atMs: s.atMs, ...Object.fromEntries(POSTFIX_QUEUES.map((q) => [q, s.queue?.[q] ?? null])) }))
}

/** The largest value of `keys` in the rows (summed when the chart stacks them). */
export function rowsMax(rows: readonly ChartRow[], keys: readonly string[], stacked: boolean): number {
  let max = 0
  for (const row of rows) {
    const values = keys.map((key) => row[key] ?? 0)
    const value = stacked ? values.reduce((sum, v) => sum + (v ?? 0), 0) : Math.max(0, ...values.map((v) => v ?? 0))
    if (value > max) max = value
  }
  return max
}

/** The newest sample's fact and its age, for the chart header; null when never measured. */
export function latestFact(samples: readonly MailSample[], fact: keyof MailSample['measuredAtMs']): number | null {
  for (let i = samples.length - 1; i >= 0; i--) {
    const at = samples[i]?.measuredAtMs[fact]
    if (at !== undefined) return at
  }
  return null
}
