// The mail log as it streams in, kept for a sliding window: events for the diagnosis, per-minute
// rates for the charts and failing IPs for the tables. Time is when a chunk arrived (the log's own
// timestamps have no year and may lag), and the diagnosis still reads the log's timestamps.
import type { MailIpFailures } from '../../shared/api-parts/mail-api'
import type { MailLogEventInput } from '../../shared/domain/mail-diagnosis'
import { lineTimestamps } from '../../shared/domain/mail-log-time'
import { parseMailLog, type MailLogEvent } from '../probes/mail/mail-log'
import { ParseError } from '../probes/parse-error'

interface Chunk {
  receivedAtMs: number
  events: MailLogEvent[]
  lineTimes: string[]
}

/** Rates need this much log before they mean anything. */
const MIN_RATE_SPAN_MS = 10_000

export class MailLogWindow {
  private chunks: Chunk[] = []
  private coveredSinceMs: number | null = null
  /** Lines no parser rule knew, or that announced an event but did not read right. */
  unreadLines = 0
  lastParseProblem: string | null = null

  constructor(private readonly maxEvents = 200_000) {}

  /** Marks the start of continuous coverage (a stream (re)started): rates only count from here. */
  startCoverage(atMs: number): void {
    this.coveredSinceMs = atMs
  }

  add(lines: readonly string[], receivedAtMs: number): void {
    const text = lines.filter((line) => line.trim() !== '').join('\n')
    if (text === '') return
    let events: MailLogEvent[] = []
    try {
      const parsed = parseMailLog(text)
      events = parsed.events
      this.unreadLines += parsed.malformed.length
      if (parsed.malformed.length > 0) this.lastParseProblem = `${parsed.malformed[0]?.detail ?? 'unreadable'}: ${parsed.malformed[0]?.line ?? ''}`
    } catch (error) {
      if (!(error instanceof ParseError)) throw error
      this.unreadLines += lines.length
      this.lastParseProblem = error.message
    }
    this.chunks.push({ receivedAtMs, events, lineTimes: lineTimestamps(text) })
    this.coveredSinceMs ??= receivedAtMs
    this.enforceCap()
  }

  /** Forgets chunks that arrived before `keepFromMs`. */
  prune(keepFromMs: number): void {
    const firstKept = this.chunks.findIndex((chunk) => chunk.receivedAtMs >= keepFromMs)
    this.chunks = firstKept < 0 ? [] : this.chunks.slice(firstKept)
  }

  /** The diagnosis input: events and every line's timestamp that arrived from `fromMs` on. */
  evidence(fromMs: number): { events: MailLogEventInput[]; lineTimes: string[] } {
    const recent = this.chunks.filter((chunk) => chunk.receivedAtMs >= fromMs)
    return { events: recent.flatMap((chunk) => chunk.events), lineTimes: recent.flatMap((chunk) => chunk.lineTimes) }
  }

  /** Logins and failed authentications per minute over the last 60 s; null with too little log. */
  ratesPerMinute(nowMs: number): { loginsPerMinute: number; authFailuresPerMinute: number } | null {
    if (this.coveredSinceMs === null) return null
    const spanMs = Math.min(60_000, nowMs - this.coveredSinceMs)
    if (spanMs < MIN_RATE_SPAN_MS) return null
    const events = this.chunks.filter((chunk) => chunk.receivedAtMs > nowMs - spanMs).flatMap((chunk) => chunk.events)
    const logins = events.filter((event) => event.kind === 'login').length
    const failures = [...failureCounts(events).values()].reduce((total, entry) => total + entry.failures, 0)
    const perMinute = (count: number) => (count * 60_000) / spanMs
    return { loginsPerMinute: perMinute(logins), authFailuresPerMinute: perMinute(failures) }
  }

  /** IPs by failed authentications since `fromMs`, most first. */
  failuresByIp(fromMs: number, limit = 10): MailIpFailures[] {
    const events = this.chunks.filter((chunk) => chunk.receivedAtMs >= fromMs).flatMap((chunk) => chunk.events)
    return [...failureCounts(events)]
      .filter(([ip]) => ip !== '')
      .map(([ip, entry]) => ({ ip, failures: entry.failures, users: entry.users.size }))
      .sort((a, b) => b.failures - a.failures || (a.ip < b.ip ? -1 : 1))
      .slice(0, limit)
  }

  private enforceCap(): void {
    let total = this.chunks.reduce((sum, chunk) => sum + chunk.events.length, 0)
    while (total > this.maxEvents && this.chunks.length > 1) {
      total -= this.chunks.shift()?.events.length ?? 0
    }
  }
}

const plainIp = (ip: string): string => (/^::ffff:\d{1,3}(\.\d{1,3}){3}$/i.test(ip) ? ip.slice(7) : ip)

/**
 * Failed authentications per IP. With auth_verbose each attempt has its passdb line and each
 * connection its login-process line counting the attempts: both describe the same attempts, so
 * per IP the larger count wins (as the diagnosis counts them).
 */
function failureCounts(events: readonly MailLogEvent[]): Map<string, { failures: number; users: Set<string> }> {
  const passdb = new Map<string, number>()
  const perConnection = new Map<string, number>()
  const users = new Map<string, Set<string>>()
  const noteUser = (ip: string, user: string | null) => {
    if (user === null) return
    const set = users.get(ip) ?? new Set<string>()
    set.add(user)
    users.set(ip, set)
  }
  for (const event of events) {
    if (event.kind === 'passdb-failure') {
      const ip = event.rip === null ? '' : plainIp(event.rip)
      passdb.set(ip, (passdb.get(ip) ?? 0) + 1)
      noteUser(ip, event.user)
    } else if (event.kind === 'auth-failure') {
      const ip = event.rip === null ? '' : plainIp(event.rip)
      perConnection.set(ip, (perConnection.get(ip) ?? 0) + (event.attempts ?? 1))
      noteUser(ip, event.user)
    }
  }
  const counts = new Map<string, { failures: number; users: Set<string> }>()
  for (const ip of new Set([...passdb.keys(), ...perConnection.keys()])) {
    counts.set(ip, { failures: Math.max(passdb.get(ip) ?? 0, perConnection.get(ip) ?? 0), users: users.get(ip) ?? new Set() })
  }
  return counts
}
