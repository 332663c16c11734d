// doveadm 2.3 output: the table formatter (column widths from the buffered rows, spare width
// of an 80-column screen given to one column), the pager formatter of `service status`, and
// the tab formatter of `stats dump`. Titles go to stdout (checked against doveadm 2.3.19.1).
import { logTimestamp } from './mail-log'
import type { DaemonProcess, MailSession, PenaltyEntry, ServiceStatus } from './mail-model'

const COLUMNS = 80

export interface TableColumn {
  title: string
  rightJustify?: boolean
  expand?: boolean
}

export interface TableText {
  /** The title line. */
  header: string
  body: string
  /** The raw cells, for the tab formatter (`doveadm -f tab`). */
  titles: string[]
  rows: string[][]
}

/**
 * doveadm-print-table.c: widths from the rows seen before the first flush (`measuredRows`),
 * then half of the free width of an 80-column line goes to the first EXPAND column (or the
 * last column), and too-wide tables shrink their rightmost columns.
 */
export function doveadmTable(columns: TableColumn[], rows: string[][], measuredRows = rows.length): TableText {
  const measured = rows.slice(0, Math.min(measuredRows, 100))
  const lengths = columns.map((c) => c.title.length)
  const minLengths = columns.map((c) => c.title.length)
  const maxLengths = columns.map((c) => c.title.length)
  for (const row of measured) {
    columns.forEach((_, i) => {
      const len = (row[i] ?? '').length
      if ((minLengths[i] ?? 0) > len) minLengths[i] = len
      if ((maxLengths[i] ?? 0) < len) {
        maxLengths[i] = len
        lengths[i] = len
      }
    })
  }
  let total = maxLengths.reduce((sum, len) => sum + len + 1, 0) - 1
  while (total > COLUMNS) {
    const before = total
    for (let i = columns.length - 1; i >= 0; i--) {
      const diff = (lengths[i] ?? 0) - (minLengths[i] ?? 0)
      if (total - diff <= COLUMNS) {
        const cut = total - COLUMNS
        lengths[i] = (lengths[i] ?? 0) - cut
        total -= cut
        break
      }
      if (diff > 0) {
        const cut = diff === 1 ? 1 : Math.floor(diff / 2)
        lengths[i] = (lengths[i] ?? 0) - cut
      }
    }
    if (total === before) break
  }
  if (total < COLUMNS) {
    const expand = columns.findIndex((c) => c.expand)
    const target = expand >= 0 ? expand : columns.length - 1
    lengths[target] = (lengths[target] ?? 0) + Math.floor((COLUMNS - total) / 2)
  }
  const cell = (text: string, i: number) => {
    const width = lengths[i] ?? 0
    return columns[i]?.rightJustify ? text.padStart(width) : text.padEnd(width)
  }
  const header = `${columns.map((c, i) => cell(c.title, i)).join(' ')}\n`
  const body = rows.map((row) => `${columns.map((_, i) => cell(row[i] ?? '', i)).join(' ')}\n`).join('')
  return { header, body, titles: columns.map((c) => c.title), rows }
}

/** Dovecot's user-facing sessions: brute-force attempts never logged in. */
function loggedIn(sessions: MailSession[]): MailSession[] {
  return sessions.filter((s) => s.kind !== 'brute' && s.proto !== 'smtp')
}

/** `doveadm who`: one row per user and protocol, pids and IPs in parentheses. */
export function doveadmWho(sessions: MailSession[]): TableText {
  const groups = new Map<string, { user: string; proto: string; pids: number[]; ips: string[] }>()
  for (const s of loggedIn(sessions)) {
    const key = `${s.user}/${s.proto}`
    const group = groups.get(key) ?? { user: s.user, proto: s.proto, pids: [], ips: [] }
    group.pids.push(s.pid)
    if (!group.ips.includes(s.ip)) group.ips.push(s.ip)
    groups.set(key, group)
  }
  const rows = [...groups.values()].map((g) => [g.user, String(g.pids.length), g.proto, `(${g.pids.join(' ')})`, `(${g.ips.join(' ')})`])
  // doveadm who sizes its columns from the first user it prints (the captured output shows it).
  return doveadmTable(
    [{ title: 'username' }, { title: '#', rightJustify: true }, { title: 'proto' }, { title: '(pids)' }, { title: '(ips)' }],
    rows,
    1
  )
}

/** `doveadm who -1`: one row per connection. */
export function doveadmWhoSeparate(sessions: MailSession[]): TableText {
  const rows = loggedIn(sessions).map((s) => [s.user, s.proto, String(s.pid), s.ip])
  return doveadmTable([{ title: 'username', expand: true }, { title: 'proto' }, { title: 'pid' }, { title: 'ip' }], rows)
}

export function doveadmPenalty(entries: PenaltyEntry[], utcOffsetMinutes: number): TableText {
  const rows = entries.map((e) => {
    const last = new Date(e.lastPenaltyMs + utcOffsetMinutes * 60_000).toISOString()
    return [e.ip, String(e.penalty), `${last.slice(0, 10)} ${last.slice(11, 19)}`, logTimestamp(e.lastUpdateMs, utcOffsetMinutes).slice(7)]
  })
  return doveadmTable([{ title: 'IP' }, { title: 'penalty' }, { title: 'last_penalty' }, { title: 'last_update' }], rows)
}

export function doveadmProcessStatus(daemons: DaemonProcess[], sessions: MailSession[], nowMs: number): TableText {
  const rows = [
    ...daemons.map((d) => [d.name, String(d.pid), String(d.availableCount), String(d.totalCount), String(d.idleStart), String(d.lastStatusUpdate), '0']),
    ...sessions.map((s) => {
      const name = s.kind === 'brute' ? (s.proto === 'smtp' ? 'submission-login' : `${s.proto}-login`) : s.proto
      return [name, String(s.pid), '0', '1', '0', String(Math.floor(Math.min(nowMs, s.startMs + 1000) / 1000)), '0']
    })
  ]
  return doveadmTable(
    [{ title: 'name' }, { title: 'pid' }, { title: 'available_count' }, { title: 'total_count' }, { title: 'idle_start' }, { title: 'last_status_update' }, { title: 'last_kill_sent' }],
    rows
  )
}

/** The pager formatter: `key: value` lines, records separated by a form feed line. */
export function doveadmServiceStatus(services: ServiceStatus[]): string {
  return services
    .map((s) =>
      [
        `name: ${s.name}`,
        `process_count: ${s.processCount}`,
        `process_avail: ${s.processAvail}`,
        `process_limit: ${s.processLimit}`,
        `client_limit: ${s.clientLimit}`,
        `throttle_secs: ${s.throttleSecs}`,
        `exit_failure_last: ${s.exitFailureLast}`,
        `exit_failures_in_sec: ${s.exitFailuresInSec}`,
        `last_drop_warning: ${s.lastDropWarning}`,
        `listen_pending: ${s.listenPending}`,
        `listening: ${s.listening}`,
        `doveadm_stop: ${s.doveadmStop}`,
        `process_total: ${s.processTotal}`
      ].join('\n')
    )
    .join('\n\f\n')
    .concat('\n')
}

export interface MetricRow {
  name: string
  count: number
  /** Durations in microseconds. */
  sumUs: number
  minUs: number
  maxUs: number
  medianUs: number
  stddevUs: number
  p95Us: number
}

/** `doveadm stats dump`: the tab formatter, titles on stdout. */
export function doveadmStatsDump(rows: MetricRow[]): string {
  const header = ['metric_name', 'field', 'count', 'sum', 'min', 'max', 'avg', 'median', 'stddev', '%95'].join('\t')
  const lines = rows.map((r) =>
    [r.name, 'duration', r.count, r.sumUs, r.minUs, r.maxUs, (r.count === 0 ? 0 : r.sumUs / r.count).toFixed(2), r.medianUs, r.stddevUs.toFixed(2), r.p95Us].join('\t')
  )
  return `${header}\n${lines.join('\n')}\n`
}
