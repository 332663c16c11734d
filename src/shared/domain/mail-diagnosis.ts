// Why a Dovecot/Postfix server is loaded: rules over one window of log events and samples, each
// naming a cause with the numbers behind it. Pure: no I/O, no clock; the window comes from the
// log lines' own timestamps. The input interfaces are the shapes the mail and Linux probes
// return (`rackside parse ...`); the parsers may add fields.

import { logWindow, readLogTime, secondsBetween, type LogInstant, type LogWindow } from './mail-log-time'

interface TimedEvent {
  /** The timestamp as the log printed it. */
  readonly time: string
}

/** A login process gave up on a client after failed authentication (one line per connection). */
export interface AuthFailureInput extends TimedEvent {
  readonly kind: 'auth-failure'
  readonly service: string
  readonly user: string | null
  readonly rip: string | null
  readonly attempts: number | null
}

/** The auth process rejected one password check (one line per attempt, logged with auth_verbose). */
export interface PassdbFailureInput extends TimedEvent {
  readonly kind: 'passdb-failure'
  readonly user: string
  readonly rip: string | null
  readonly reason: string
}

export interface LoginInput extends TimedEvent {
  readonly kind: 'login'
  readonly service: string
  readonly user: string
  readonly rip: string | null
  /** The mail process that took the session over (mpid), the pid its logout line carries. */
  readonly pid: number | null
}

export interface LogoutInput extends TimedEvent {
  readonly kind: 'logout'
  readonly service: string
  readonly user: string
  readonly pid: number | null
  readonly reason: string
}

export interface LoginDisconnectInput extends TimedEvent {
  readonly kind: 'login-disconnect'
}

/** `master: Warning: service(imap): process_limit (100) reached, client connections are being dropped` */
export interface ServiceLimitInput extends TimedEvent {
  readonly kind: 'service-limit-reached'
  readonly service: string
  readonly setting: string
  readonly limit: number
}

/** `Maximum number of connections from user+IP exceeded (mail_max_userip_connections=10)` */
export interface UserIpLimitInput extends TimedEvent {
  readonly kind: 'userip-limit-exceeded'
  readonly service: string
  readonly user: string
  readonly rip: string | null
  readonly limit: number | null
}

/** Postfix's verdict on one recipient. */
export interface DeliveryInput extends TimedEvent {
  readonly kind: 'delivery'
  readonly status: string
  readonly reason: string | null
}

export type MailLogEventInput =
  | AuthFailureInput
  | PassdbFailureInput
  | LoginInput
  | LogoutInput
  | LoginDisconnectInput
  | ServiceLimitInput
  | UserIpLimitInput
  | DeliveryInput

export interface MailSessionInput {
  readonly username: string
  readonly service: string
  /** Null when `doveadm who`'s grouped form listed several IPs for the row. */
  readonly ip: string | null
}

export interface SsConnectionInput {
  readonly peerAddress: string
}

export interface DovecotServiceInput {
  readonly name: string
  readonly processCount: number
  readonly processLimit: number
  readonly clientLimit: number
}

export interface PsiLineInput {
  readonly avg10: number
  readonly avg60: number
}

export interface VmstatSampleInput {
  /** Processes in uninterruptible sleep (mostly waiting for I/O). */
  readonly b: number
  readonly us: number
  readonly sy: number
  readonly wa: number
}

export interface QueuedMessageInput {
  /** 'active', 'deferred', 'hold', 'incoming', 'maildrop'. */
  readonly queueName: string
  readonly sender: string
  readonly recipients: readonly { readonly delayReason: string | null }[]
}

export interface PostqueueInput {
  readonly messages: readonly QueuedMessageInput[]
}

/**
 * What one diagnosis looks at; every part is optional and a rule without its inputs stays silent.
 * IPv4-mapped addresses (`::ffff:192.0.2.7`, as ss prints dual-stack peers) count as IPv4.
 */
export interface MailEvidence {
  /**
   * Dovecot and Postfix log events (parseMailLog). The window spans `lineTimes` (every line's
   * timestamp, see lineTimestamps) and the events' own times.
   */
  log?: { readonly events: readonly MailLogEventInput[]; readonly lineTimes?: readonly string[] }
  /** `doveadm who` (either form). */
  who?: { readonly sessions: readonly MailSessionInput[] }
  /** `ss -tn state established` filtered to the mail ports, as the probe runs it. */
  ss?: { readonly connections: readonly SsConnectionInput[] }
  /** `doveadm service status`. */
  serviceStatus?: { readonly services: readonly DovecotServiceInput[] }
  /** `doveadm penalty`. */
  penalty?: { readonly entries: readonly { readonly ip: string; readonly penalty: number }[] }
  loadavg?: { readonly load1: number; readonly load5: number; readonly load15: number }
  /** /proc/pressure/io. */
  psiIo?: { readonly some: PsiLineInput; readonly full?: PsiLineInput }
  /** `vmstat 1 N` as printed: the first row is the average since boot and is left out when later rows exist. */
  vmstat?: { readonly samples: readonly VmstatSampleInput[] }
  /** `postqueue -j` samples, oldest first; two or more show growth. */
  postqueue?: readonly PostqueueInput[]
  /** CPU count, to read the load average per core. */
  cores?: number
}

export type MailCauseKind = 'brute-force' | 'pop3-storm' | 'process-limit' | 'io-bound' | 'userip-limit' | 'queue-growth'

export type MailSeverity = 'warning' | 'critical'

export interface MailSource {
  ip: string
  count: number
}

export interface MailCause {
  cause: MailCauseKind
  severity: MailSeverity
  /** Each a sentence with the numbers that made the rule fire. */
  evidence: string[]
  /** The addresses behind the cause, most first (empty when the cause has none). */
  topSources: MailSource[]
  suggestedActions: string[]
}

export interface MailDiagnosis {
  causes: MailCause[]
  /** The span of the log's timestamps; null without log events. */
  window: (LogWindow & { events: number }) | null
  /** What the rules could not use (unreadable timestamps...), so a silent rule is not mistaken for a healthy sign. */
  notes: string[]
}

/**
 * When a rule fires. A rule with a measured value at twice its threshold (or more) reports
 * `critical`, otherwise `warning`. Defaults are chosen so a busy but healthy server (the
 * captured 50 IMAP + 5 POP3 sessions with a dozen mistyped passwords) fires nothing.
 */
export interface MailThresholds {
  /** Rates divide by the window but by no less than this, so a burst of seconds is not extrapolated. */
  minRateWindowMinutes: number
  /** Failed password checks per minute that make a brute-force attack... */
  bruteForceFailuresPerMinute: number
  /** ...when this many IPs (the most failing ones)... */
  bruteForceTopIpCount: number
  /** ...make at least this share of the failures (0..1); a spread-out rate is users, not an attacker. */
  bruteForceTopIpShare: number
  /** A POP3 session at most this long (login to logout) is a poll, not a read. */
  pop3ShortSessionSeconds: number
  /** A user whose client polls this often per minute is storming (mail clients poll every 1-10 min). */
  pop3StormSessionsPerUserPerMinute: number
  /** The storming users together must make this many short sessions per minute to matter. */
  pop3StormSessionsPerMinute: number
  /** Logins refused by mail_max_userip_connections in the window... */
  userIpRejections: number
  /** ...and per minute, so a day-long log with a few refusals stays quiet. */
  userIpRejectionsPerMinute: number
  /** vmstat `wa`, mean of the live samples. */
  ioWaitPercent: number
  /** PSI io `some` avg10: share of time at least one task stalled on I/O. */
  ioPsiSomeAvg10Percent: number
  /** vmstat `us + sy` at most this for the box to be waiting rather than computing. */
  ioCpuBusyMaxPercent: number
  /** Messages in the deferred queue. */
  queueDeferred: number
  /** Messages in the active queue (Postfix's in-memory working set, 20000 by default). */
  queueActive: number
  /** Growth of deferred + active between the first and last postqueue sample. */
  queueGrowth: number
}

export const DEFAULT_MAIL_THRESHOLDS: Readonly<MailThresholds> = {
  minRateWindowMinutes: 1,
  bruteForceFailuresPerMinute: 30,
  bruteForceTopIpCount: 5,
  bruteForceTopIpShare: 0.8,
  pop3ShortSessionSeconds: 10,
  pop3StormSessionsPerUserPerMinute: 4,
  pop3StormSessionsPerMinute: 20,
  userIpRejections: 5,
  userIpRejectionsPerMinute: 1,
  ioWaitPercent: 20,
  ioPsiSomeAvg10Percent: 20,
  ioCpuBusyMaxPercent: 50,
  queueDeferred: 500,
  queueActive: 200,
  queueGrowth: 100
}

/** Dovecot services whose process count against process_limit means refused clients. */
export const LIMITED_SERVICES: readonly string[] = ['imap', 'pop3', 'auth', 'auth-worker', 'imap-login', 'pop3-login', 'submission', 'submission-login', 'lmtp', 'managesieve', 'managesieve-login']

const TOP_SOURCES = 10

// ---- shared helpers ----

interface TimedLog {
  events: { event: MailLogEventInput; at: LogInstant | null }[]
  window: LogWindow | null
  /** Minutes that rates divide by; null without a window. */
  rateMinutes: number | null
}

/** ss prints dual-stack peers as ::ffff:1.2.3.4; Dovecot logs the IPv4 form. */
const plainIp = (ip: string): string => (/^::ffff:\d{1,3}(\.\d{1,3}){3}$/i.test(ip) ? ip.slice(7) : ip)

function tally<K>(counts: Map<K, number>, key: K, by = 1): void {
  counts.set(key, (counts.get(key) ?? 0) + by)
}

/** Most first; ties by key so the order never depends on input order. */
function ranked<K extends string>(counts: ReadonlyMap<K, number>): [K, number][] {
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}

function sources(counts: ReadonlyMap<string, number>, limit = TOP_SOURCES): MailSource[] {
  return ranked(counts)
    .slice(0, limit)
    .map(([ip, count]) => ({ ip, count }))
}

const sum = (values: readonly number[]): number => values.reduce((total, value) => total + value, 0)
const mean = (values: readonly number[]): number => (values.length === 0 ? 0 : sum(values) / values.length)

function rate(value: number): string {
  return value >= 10 ? String(Math.round(value)) : String(Math.round(value * 10) / 10)
}

/** A window's length: '5.0 min', or '11 s' under a minute (rates still divide by minRateWindowMinutes). */
function minutes(seconds: number): string {
  return seconds < 60 ? `${Math.round(seconds)} s` : `${(seconds / 60).toFixed(1)} min`
}

function percent(value: number): string {
  return `${Math.round(value)} %`
}

function oneDecimal(value: number): string {
  return (Math.round(value * 10) / 10).toFixed(1)
}

function listed(entries: readonly [string, number][], unit: (count: number) => string, limit = 3): string {
  return entries
    .slice(0, limit)
    .map(([key, count]) => `${key} (${unit(count)})`)
    .join(', ')
}

const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? '' : 's'}`

const severityOf = (measured: number, threshold: number): MailSeverity => (measured >= 2 * threshold ? 'critical' : 'warning')

function timeLog(evidence: MailEvidence, thresholds: MailThresholds, notes: string[]): TimedLog {
  const events = (evidence.log?.events ?? []).map((event) => ({ event, at: readLogTime(event.time) }))
  const unreadable = events.filter((entry) => entry.at === null)
  if (unreadable.length > 0) {
    notes.push(`${plural(unreadable.length, 'log event')} with unreadable timestamps (first: ${JSON.stringify((unreadable[0] as { event: MailLogEventInput }).event.time)}) left out of every rate`)
  }
  const lineInstants = (evidence.log?.lineTimes ?? []).flatMap((time) => {
    const at = readLogTime(time)
    return at === null ? [] : [at]
  })
  const window = logWindow([...lineInstants, ...events.flatMap((entry) => (entry.at === null ? [] : [entry.at]))])
  const rateMinutes = window === null ? null : Math.max(window.seconds / 60, thresholds.minRateWindowMinutes)
  return { events, window, rateMinutes }
}

function eventsOf<K extends MailLogEventInput['kind']>(log: TimedLog, kind: K): { event: Extract<MailLogEventInput, { kind: K }>; at: LogInstant | null }[] {
  return log.events.filter((entry): entry is { event: Extract<MailLogEventInput, { kind: K }>; at: LogInstant | null } => entry.event.kind === kind)
}

/** Events counted in rates: those whose time could be read. */
function timedEventsOf<K extends MailLogEventInput['kind']>(log: TimedLog, kind: K): Extract<MailLogEventInput, { kind: K }>[] {
  return eventsOf(log, kind).flatMap((entry) => (entry.at === null ? [] : [entry.event]))
}

function ssPeers(evidence: MailEvidence): Map<string, number> | null {
  if (evidence.ss === undefined) return null
  const peers = new Map<string, number>()
  for (const connection of evidence.ss.connections) tally(peers, plainIp(connection.peerAddress))
  return peers
}

function whoPairs(evidence: MailEvidence): Map<string, number> | null {
  if (evidence.who === undefined) return null
  const pairs = new Map<string, number>()
  for (const session of evidence.who.sessions) if (session.ip !== null) tally(pairs, `${session.username} from ${plainIp(session.ip)}`)
  return pairs
}

// ---- rules ----

function bruteForce(log: TimedLog, evidence: MailEvidence, t: MailThresholds): MailCause | null {
  if (log.window === null || log.rateMinutes === null) return null
  // auth_verbose logs each attempt; login processes log each connection with its attempt count.
  // Both describe the same attempts, so per IP the larger count wins.
  const passdb = new Map<string, number>()
  const perConnection = new Map<string, number>()
  const passdbUsers = new Map<string, number>()
  const connectionUsers = new Map<string, number>()
  let unknownUsers = 0
  const passdbEvents = timedEventsOf(log, 'passdb-failure')
  for (const event of passdbEvents) {
    tally(passdb, event.rip === null ? '' : plainIp(event.rip))
    tally(passdbUsers, event.user)
    if (event.reason === 'unknown user') unknownUsers += 1
  }
  for (const event of timedEventsOf(log, 'auth-failure')) {
    const attempts = event.attempts ?? 1
    tally(perConnection, event.rip === null ? '' : plainIp(event.rip), attempts)
    if (event.user !== null) tally(connectionUsers, event.user, attempts)
  }
  const perIp = new Map<string, number>()
  for (const ip of new Set([...passdb.keys(), ...perConnection.keys()])) perIp.set(ip, Math.max(passdb.get(ip) ?? 0, perConnection.get(ip) ?? 0))
  const failures = sum([...perIp.values()])
  const perMinute = failures / log.rateMinutes
  const withIp = new Map([...perIp].filter(([ip]) => ip !== ''))
  const top = ranked(withIp).slice(0, t.bruteForceTopIpCount)
  const topFailures = sum(top.map(([, count]) => count))
  const share = failures === 0 ? 0 : topFailures / failures
  if (perMinute < t.bruteForceFailuresPerMinute || share < t.bruteForceTopIpShare) return null

  const users = passdbEvents.length > 0 ? passdbUsers : connectionUsers
  const evidenceLines = [
    `${plural(failures, 'auth failure')} in ${minutes(log.window.seconds)} (${rate(perMinute)}/min), ${percent(share * 100)} from ${plural(top.length, 'IP')}`,
    `top IPs: ${listed(top, (count) => `${count}`, t.bruteForceTopIpCount)}`
  ]
  if (users.size > 0) {
    const unknown = passdbEvents.length > 0 ? `; ${percent((unknownUsers / passdbEvents.length) * 100)} for unknown users` : ''
    evidenceLines.push(`${users.size} user names tried, most: ${listed(ranked(users), (count) => `${count}`)}${unknown}`)
  }
  const topIps = new Set(top.map(([ip]) => ip))
  const penalised = (evidence.penalty?.entries ?? []).filter((entry) => topIps.has(plainIp(entry.ip)))
  if (penalised.length > 0) {
    evidenceLines.push(`doveadm penalty: ${penalised.map((entry) => `${plainIp(entry.ip)} penalty ${entry.penalty}`).join(', ')}`)
  }
  const peers = ssPeers(evidence)
  if (peers !== null) {
    const open = top.map(([ip]) => [ip, peers.get(ip) ?? 0] as [string, number]).filter(([, count]) => count > 0)
    const openTotal = sum(open.map(([, count]) => count))
    evidenceLines.push(`ss: the top IPs hold ${openTotal} of ${evidence.ss?.connections.length ?? 0} mail connections${open.length > 0 ? ` (${listed(open, (count) => `${count}`)})` : ''}`)
  }
  const blockList = top.map(([ip]) => ip).join(', ')
  return {
    cause: 'brute-force',
    severity: severityOf(perMinute, t.bruteForceFailuresPerMinute),
    evidence: evidenceLines,
    topSources: sources(withIp),
    suggestedActions: [
      `Block ${blockList} at the firewall (or enable fail2ban's dovecot jail) for the duration of the attack`,
      'Keep Dovecot\'s auth penalty on (auth_failure_delay above 0; doveadm penalty lists the IPs it slows down) so each guess costs the attacker seconds',
      'Check the tried user names for real accounts and force password changes on any that also logged in successfully from these IPs'
    ]
  }
}

interface Pop3Session {
  user: string
  rip: string | null
  seconds: number
}

function pop3Sessions(log: TimedLog): { logins: number; sessions: Pop3Session[] } {
  const open = new Map<string, { rip: string | null; at: LogInstant }>()
  // Dovecot's log process interleaves lines from several processes, so a poll's logout can be
  // written just before its login (same second); such a session lasted no time at all.
  const loggedOutFirst = new Map<string, LogInstant>()
  const sessions: Pop3Session[] = []
  let logins = 0
  for (const { event, at } of log.events) {
    if (at === null) continue
    if (event.kind === 'login' && event.service === 'pop3') {
      logins += 1
      if (event.pid === null) continue
      const key = `${event.user} ${event.pid}`
      const rip = event.rip === null ? null : plainIp(event.rip)
      const logout = loggedOutFirst.get(key)
      loggedOutFirst.delete(key)
      if (logout !== undefined && secondsBetween(logout, at) <= 1) sessions.push({ user: event.user, rip, seconds: 0 })
      else open.set(key, { rip, at })
    } else if (event.kind === 'logout' && event.service === 'pop3' && event.pid !== null) {
      const key = `${event.user} ${event.pid}`
      const login = open.get(key)
      if (login === undefined) {
        loggedOutFirst.set(key, at)
        continue
      }
      open.delete(key)
      sessions.push({ user: event.user, rip: login.rip, seconds: secondsBetween(login.at, at) })
    }
  }
  return { logins, sessions }
}

function pop3Storm(log: TimedLog, evidence: MailEvidence, t: MailThresholds): MailCause | null {
  if (log.window === null || log.rateMinutes === null) return null
  const rateMinutes = log.rateMinutes
  const { logins, sessions } = pop3Sessions(log)
  const short = sessions.filter((session) => session.seconds <= t.pop3ShortSessionSeconds)
  const perUser = new Map<string, number>()
  for (const session of short) tally(perUser, session.user)
  const storming = ranked(perUser).filter(([, count]) => count / rateMinutes >= t.pop3StormSessionsPerUserPerMinute)
  const stormSessions = sum(storming.map(([, count]) => count))
  const stormPerMinute = stormSessions / rateMinutes
  if (storming.length === 0 || stormPerMinute < t.pop3StormSessionsPerMinute) return null

  const stormUsers = new Set(storming.map(([user]) => user))
  const ips = new Map<string, number>()
  for (const session of short) if (stormUsers.has(session.user) && session.rip !== null) tally(ips, session.rip)
  const lengths = short.map((session) => session.seconds).sort((a, b) => a - b)
  const median = lengths[Math.floor(lengths.length / 2)] ?? 0
  const evidenceLines = [
    `${plural(logins, 'POP3 login')} in ${minutes(log.window.seconds)} (${rate(logins / rateMinutes)}/min); ${plural(short.length, 'session')} ended within ${t.pop3ShortSessionSeconds} s (median ${oneDecimal(median)} s)`,
    `${plural(storming.length, 'user')} polling ${t.pop3StormSessionsPerUserPerMinute}/min or faster make ${stormSessions} short sessions (${rate(stormPerMinute)}/min): ${listed(storming, (count) => `${rate(count / rateMinutes)}/min`, 5)}`
  ]
  if (evidence.who !== undefined) {
    evidenceLines.push(`doveadm who: ${evidence.who.sessions.filter((session) => session.service === 'pop3').length} POP3 sessions open`)
  }
  return {
    cause: 'pop3-storm',
    severity: severityOf(stormPerMinute, t.pop3StormSessionsPerMinute),
    evidence: evidenceLines,
    topSources: sources(ips),
    suggestedActions: [
      `Ask the owners of ${storming
        .slice(0, 3)
        .map(([user]) => user)
        .join(', ')} to set their mail client's check interval to 5 minutes or more (or to switch to IMAP IDLE)`,
      'Throttle repeat POP3 logins per user (e.g. a fail2ban rule on pop3-login Login lines) if the clients cannot be changed',
      'Keep pop3 processes cheap: pop3_no_flag_updates, and pop3_uidl_format without %m so no message is read just to list it'
    ]
  }
}

function processLimit(log: TimedLog, evidence: MailEvidence): MailCause | null {
  const warnings = eventsOf(log, 'service-limit-reached')
  const perLimit = new Map<string, { count: number; first: string; last: string }>()
  for (const { event } of warnings) {
    const key = `service(${event.service}): ${event.setting} (${event.limit})`
    const seen = perLimit.get(key)
    if (seen === undefined) perLimit.set(key, { count: 1, first: event.time, last: event.time })
    else perLimit.set(key, { count: seen.count + 1, first: seen.first, last: event.time })
  }
  // A service whose processes serve one client each (client_limit 1) is full when its processes
  // reach process_limit; with client_limit > 1 (auth's single process) the count says nothing.
  const full = (evidence.serviceStatus?.services ?? []).filter(
    (service) => LIMITED_SERVICES.includes(service.name) && service.clientLimit === 1 && service.processLimit > 0 && service.processCount >= service.processLimit
  )
  if (perLimit.size === 0 && full.length === 0) return null

  const evidenceLines = [...perLimit].map(
    ([key, seen]) => `${key} reached, client connections are being dropped: ${seen.count} warning${seen.count === 1 ? '' : 's'} in the log (${seen.first === seen.last ? seen.first : `${seen.first} to ${seen.last}`})`
  )
  for (const service of full) evidenceLines.push(`doveadm service status: ${service.name} runs ${service.processCount} of process_limit ${service.processLimit} processes (one client each)`)
  const peers = ssPeers(evidence)
  let topSources: MailSource[] = []
  if (peers !== null) {
    topSources = sources(peers)
    evidenceLines.push(`ss: ${evidence.ss?.connections.length ?? 0} established mail connections from ${peers.size} IP${peers.size === 1 ? '' : 's'}`)
  } else if (evidence.who !== undefined) {
    const ips = new Map<string, number>()
    for (const session of evidence.who.sessions) if (session.ip !== null) tally(ips, plainIp(session.ip))
    topSources = sources(ips)
  }
  const services = [...new Set([...warnings.map(({ event }) => event.service), ...full.map((service) => service.name)])]
  return {
    cause: 'process-limit',
    severity: 'critical',
    evidence: evidenceLines,
    topSources,
    suggestedActions: [
      `Raise process_limit of service ${services.join(', ')} above the peak session count if memory allows (about 2-5 MiB per imap/pop3 process), and default_process_limit with it`,
      'Check whether a few IPs hold most slots (topSources): a client opening dozens of IDLE connections, or sessions left hanging by a slow disk',
      'For many idle IMAP clients, consider imap_hibernate_timeout so idle sessions give their process back'
    ]
  }
}

function ioBound(evidence: MailEvidence, t: MailThresholds, notes: string[]): MailCause | null {
  const all = evidence.vmstat?.samples ?? []
  if (all.length === 0) return null
  if (all.length === 1) notes.push('vmstat has a single row, which vmstat prints as the average since boot: CPU and iowait are read from it')
  const samples = all.length > 1 ? all.slice(1) : all
  const wait = mean(samples.map((sample) => sample.wa))
  const busy = mean(samples.map((sample) => sample.us + sample.sy))
  const psi = evidence.psiIo
  if (wait < t.ioWaitPercent || busy > t.ioCpuBusyMaxPercent) return null
  if (psi !== undefined && psi.some.avg10 < t.ioPsiSomeAvg10Percent) return null

  const blocked = Math.max(...samples.map((sample) => sample.b))
  const evidenceLines = [
    `iowait ${percent(wait)} (vmstat wa, mean of ${samples.length} sample${samples.length === 1 ? '' : 's'}) while CPU user+system is ${percent(busy)}`,
    `up to ${blocked} processes blocked in uninterruptible sleep (vmstat b)`
  ]
  if (psi !== undefined) {
    evidenceLines.push(`PSI io some avg10 ${psi.some.avg10.toFixed(2)} % (avg60 ${psi.some.avg60.toFixed(2)} %)${psi.full === undefined ? '' : `, full avg10 ${psi.full.avg10.toFixed(2)} %`}`)
  }
  if (evidence.loadavg !== undefined) {
    const { load1, load5, load15 } = evidence.loadavg
    const perCore = evidence.cores !== undefined && evidence.cores > 0 ? ` on ${evidence.cores} cores (${oneDecimal(load1 / evidence.cores)} per core)` : ''
    evidenceLines.push(`load average ${load1.toFixed(2)} ${load5.toFixed(2)} ${load15.toFixed(2)}${perCore}: tasks waiting on I/O count as load`)
  }
  const severity = severityOf(wait, t.ioWaitPercent) === 'critical' || (psi !== undefined && severityOf(psi.some.avg10, t.ioPsiSomeAvg10Percent) === 'critical') ? 'critical' : 'warning'
  return {
    cause: 'io-bound',
    severity,
    evidence: evidenceLines,
    topSources: [],
    suggestedActions: [
      'Find the processes doing the I/O (iotop -o, pidstat -d 1): indexer-worker, a backup or a full-text search rebuild are the usual ones on a mail server',
      'Check the mail storage device (iostat -x 1: await and %util; a degraded RAID or a failing disk shows here)',
      'Move Dovecot index files to faster storage (mail_location ...:INDEX=/fast/path) and keep mail_fsync = optimized'
    ]
  }
}

function userIpLimit(log: TimedLog, evidence: MailEvidence, t: MailThresholds): MailCause | null {
  if (log.window === null || log.rateMinutes === null) return null
  const refusals = timedEventsOf(log, 'userip-limit-exceeded')
  const perMinute = refusals.length / log.rateMinutes
  if (refusals.length < t.userIpRejections || perMinute < t.userIpRejectionsPerMinute) return null

  const pairs = new Map<string, number>()
  const ips = new Map<string, number>()
  const limits = new Map<string, number>()
  for (const event of refusals) {
    const ip = event.rip === null ? 'unknown IP' : plainIp(event.rip)
    tally(pairs, `${event.user} from ${ip}`)
    if (event.rip !== null) tally(ips, ip)
    tally(limits, event.limit === null ? '' : String(event.limit))
  }
  const [limit = ''] = ranked(limits)[0] ?? []
  const setting = limit === '' ? 'mail_max_userip_connections' : `mail_max_userip_connections=${limit}`
  const evidenceLines = [
    `${plural(refusals.length, 'login')} refused by ${setting} in ${minutes(log.window.seconds)} (${rate(perMinute)}/min)`,
    `top user+IP pairs: ${listed(ranked(pairs), (count) => `${count}`, 5)}`
  ]
  const held = whoPairs(evidence)
  if (held !== null) {
    const busiest = ranked(held).filter(([pair]) => pairs.has(pair))
    if (busiest.length > 0) evidenceLines.push(`doveadm who: ${listed(busiest, (count) => `${count} connections open`)}`)
  }
  const [topPair = ''] = ranked(pairs)[0] ?? []
  return {
    cause: 'userip-limit',
    severity: 'warning',
    evidence: evidenceLines,
    topSources: sources(ips),
    suggestedActions: [
      `Find the client behind ${topPair}: a mail client opening one connection per folder, or one that reconnects without closing, keeps hitting the limit`,
      `If many people share that address (NAT, a webmail or proxy host), raise ${setting.replace(/=.*$/, '')} for the protocol (it is per user and IP) rather than the process limits`
    ]
  }
}

function queueCounts(sample: PostqueueInput): { deferred: number; active: number; hold: number } {
  const count = (name: string): number => sample.messages.filter((message) => message.queueName === name).length
  return { deferred: count('deferred'), active: count('active'), hold: count('hold') }
}

/** Postfix prefixes reasons it copied from an earlier failure to the same destination. */
const deferralReason = (reason: string): string => reason.replace(/^delivery temporarily suspended: /, '')

function queueGrowth(log: TimedLog, evidence: MailEvidence, t: MailThresholds): MailCause | null {
  const samples = evidence.postqueue ?? []
  const first = samples[0]
  const last = samples[samples.length - 1]
  if (first === undefined || last === undefined) return null
  const now = queueCounts(last)
  const then = queueCounts(first)
  const growth = now.deferred + now.active - (then.deferred + then.active)
  const grew = samples.length > 1 && growth >= t.queueGrowth
  const deferredLarge = now.deferred >= t.queueDeferred
  const activeLarge = now.active >= t.queueActive
  if (!grew && !deferredLarge && !activeLarge) return null

  const reasons = new Map<string, number>()
  const destinations = new Map<string, number>()
  const senders = new Map<string, number>()
  for (const message of last.messages) {
    if (message.queueName !== 'deferred' && message.queueName !== 'active') continue
    tally(senders, message.sender === '' ? '<> (bounces)' : message.sender)
    for (const recipient of message.recipients) {
      if (recipient.delayReason === null) continue
      const reason = deferralReason(recipient.delayReason)
      tally(reasons, reason)
      // `connect to mx.example.com[192.0.2.7]:25: Connection timed out`
      const host = /\[([0-9A-Fa-f:.]+)\]/.exec(reason)
      if (host !== null) tally(destinations, plainIp(host[1] as string))
    }
  }
  const evidenceLines = [`postqueue: ${now.deferred} deferred, ${now.active} active, ${now.hold} on hold (${last.messages.length} messages)`]
  if (samples.length > 1) {
    evidenceLines.push(`deferred + active went from ${then.deferred + then.active} to ${now.deferred + now.active} over ${samples.length} samples (${growth >= 0 ? '+' : ''}${growth})`)
  }
  if (reasons.size > 0) evidenceLines.push(`deferral reasons: ${listed(ranked(reasons), (count) => `${count} recipient${count === 1 ? '' : 's'}`)}`)
  if (senders.size > 0) evidenceLines.push(`top senders: ${listed(ranked(senders), (count) => `${count}`)}`)
  const deferrals = timedEventsOf(log, 'delivery').filter((event) => event.status === 'deferred')
  if (deferrals.length > 0 && log.window !== null && log.rateMinutes !== null) {
    evidenceLines.push(`log: ${plural(deferrals.length, 'delivery attempt')} deferred in ${minutes(log.window.seconds)} (${rate(deferrals.length / log.rateMinutes)}/min)`)
  }
  const measured = Math.max(grew ? growth / t.queueGrowth : 0, now.deferred / t.queueDeferred, now.active / t.queueActive)
  const [topReason = ''] = ranked(reasons)[0] ?? []
  const [topSender = ''] = ranked(senders)[0] ?? []
  return {
    cause: 'queue-growth',
    severity: severityOf(measured, 1),
    evidence: evidenceLines,
    topSources: sources(destinations),
    suggestedActions: [
      topReason === '' ? 'Read why messages wait: postqueue -p, then postcat -q QUEUE_ID for one of them' : `Fix the top deferral first: "${topReason}"`,
      `If ${topSender === '' ? 'one sender' : topSender} dominates and should not be sending that much, hold its mail (postsuper -h) and check that account for abuse`,
      'Once the cause is fixed, postqueue -f retries the deferred mail now rather than at the next queue run'
    ]
  }
}

/**
 * Every cause that the evidence supports, most severe first. Rates are per minute over the span
 * of the log's own timestamps (at least thresholds.minRateWindowMinutes), never over wall time.
 */
export function diagnoseMail(evidence: MailEvidence, thresholds: Partial<MailThresholds> = {}): MailDiagnosis {
  const t: MailThresholds = { ...DEFAULT_MAIL_THRESHOLDS, ...thresholds }
  const notes: string[] = []
  const log = timeLog(evidence, t, notes)
  const causes = [
    bruteForce(log, evidence, t),
    pop3Storm(log, evidence, t),
    processLimit(log, evidence),
    ioBound(evidence, t, notes),
    userIpLimit(log, evidence, t),
    queueGrowth(log, evidence, t)
  ].filter((cause): cause is MailCause => cause !== null)
  const order: Record<MailSeverity, number> = { critical: 0, warning: 1 }
  causes.sort((a, b) => order[a.severity] - order[b.severity])
  const window = log.window === null ? null : { ...log.window, events: log.events.filter((entry) => entry.at !== null).length }
  return { causes, window, notes }
}
