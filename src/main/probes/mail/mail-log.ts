import { ParseError } from '../parse-error'
import type { TextLine } from '../linux/probe-text'
import { toLines } from '../linux/probe-text'

const TOOL = 'mail log'

/** The last `lines` lines of a log file (Dovecot's own log, Postfix's maillog_file or syslog's mail.log). */
export function mailLogTailCommand(path: string, lines: number): string[] {
  if (!Number.isInteger(lines) || lines < 1) throw new RangeError(`line count must be a positive integer, got ${lines}`)
  return ['tail', '-n', String(lines), '--', path]
}

interface EventBase {
  lineNumber: number
  /** The timestamp as the log printed it ('Dec 03 15:12:41' has no year or zone). */
  time: string
}

/** A login process gave up on a client after failed authentication (one per connection). */
export interface AuthFailureEvent extends EventBase {
  kind: 'auth-failure'
  service: string
  user: string | null
  rip: string | null
  lip: string | null
  /** As Dovecot words it: 'auth failed, 1 attempts in 2 secs'. */
  reason: string
  attempts: number | null
}

/** The auth process rejected one password check (one per attempt, with the passdb's reason). */
export interface PassdbFailureEvent extends EventBase {
  kind: 'passdb-failure'
  /** The passdb driver: 'passwd-file', 'pam', 'sql'... */
  driver: string
  user: string
  rip: string | null
  /** 'Password mismatch', 'unknown user', 'pam_authenticate() failed: ...' */
  reason: string
}

export interface LoginEvent extends EventBase {
  kind: 'login'
  service: string
  user: string
  rip: string | null
  lip: string | null
  /** The mail process that took over the session (mpid). */
  pid: number | null
  method: string | null
}

export interface LogoutEvent extends EventBase {
  kind: 'logout'
  service: string
  user: string
  pid: number | null
  /** 'Logged out', 'Connection closed (...)', 'Disconnected for inactivity'... */
  reason: string
}

/** A login process dropped a client that never logged in (no auth attempt, TLS failure...). */
export interface LoginDisconnectEvent extends EventBase {
  kind: 'login-disconnect'
  service: string
  user: string | null
  rip: string | null
  lip: string | null
  reason: string
}

/** Dovecot's master refused new clients: `service(imap): process_limit (100) reached`. */
export interface ServiceLimitEvent extends EventBase {
  kind: 'service-limit-reached'
  service: string
  /** 'process_limit', 'client_limit' or 'client_limit/service_count'. */
  setting: string
  limit: number
}

/** mail_max_userip_connections refused a login. */
export interface UserIpLimitEvent extends EventBase {
  kind: 'userip-limit-exceeded'
  service: string
  user: string
  rip: string | null
  lip: string | null
  limit: number | null
}

/** Postfix's verdict on one recipient. */
export interface DeliveryEvent extends EventBase {
  kind: 'delivery'
  /** The Postfix daemon that tried: 'smtp', 'local', 'error', 'lmtp', 'virtual'. */
  agent: string
  queueId: string
  to: string
  status: 'sent' | 'deferred' | 'bounced' | 'expired' | 'undeliverable' | 'deliverable'
  relay: string | null
  delaySeconds: number | null
  dsn: string | null
  /** The text in parentheses after the status. */
  reason: string | null
}

export type MailLogEvent =
  | AuthFailureEvent
  | PassdbFailureEvent
  | LoginEvent
  | LogoutEvent
  | LoginDisconnectEvent
  | ServiceLimitEvent
  | UserIpLimitEvent
  | DeliveryEvent

/** A line that announced a known event but whose fields did not read right; kept out of events. */
export interface MalformedLogLine {
  lineNumber: number
  line: string
  detail: string
}

export interface MailLog {
  events: MailLogEvent[]
  /** Lines of no interest here (or of unknown shape): logs are free text. */
  other: number
  malformed: MalformedLogLine[]
}

const TIME = String.raw`(?<time>[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d(?:\.\d{1,9})?|\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:?\d\d)?)`
const DOVECOT_BODY = String.raw`(?<proc>[a-z][a-z0-9-]{0,40})(?:\((?<procArg>[^()]{0,300})\))?(?<tags>(?:<[^<>]{0,100}>){0,3}): (?:(?<level>Info|Warning|Error|Fatal|Panic|Debug): )?(?<message>.*)`
// Dovecot's own log file: `Dec 03 15:12:41 imap-login: Info: Login: ...`
const DOVECOT_FILE_LINE = new RegExp(`^${TIME} ${DOVECOT_BODY}$`)
// syslog, journalctl and Postfix's maillog_file: `Dec 03 15:12:31 mail postfix/smtp[16717]: ...`
const SYSLOG_LINE = new RegExp(String.raw`^${TIME} (?<host>\S{1,255}) (?<program>[A-Za-z0-9_./-]{1,100})(?:\[(?<pid>\d{1,10})\])?: (?<rest>.*)$`)
const DOVECOT_BODY_ONLY = new RegExp(`^${DOVECOT_BODY}$`)
const POSTFIX_PROGRAM = /^postfix(?:-[A-Za-z0-9_-]+)?(?:\/[A-Za-z0-9_-]+)+$/

class Malformed extends Error {}

function isIp(value: string): boolean {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(value)
  if (v4 !== null) return v4.slice(1).every((octet) => Number(octet) <= 255)
  return value.includes(':') && /^[0-9A-Fa-f:]{2,39}(?::\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})?$/.test(value)
}

/**
 * `user=<alice>, method=PLAIN, rip=1.2.3.4, secured, session=<x>` as a map; flags map to ''.
 * Flags may be upper case and carry a note: Dovecot writes `TLS` and `TLS: Connection closed`.
 */
function readParams(text: string): Map<string, string> {
  const params = new Map<string, string>()
  const item = /\s*([A-Za-z_][A-Za-z0-9_]{0,29}(?: [A-Za-z_]{1,30}){0,3})(?:=(<[^<>]*>|[^,]*)|:[^,=<>]*)?\s*(?:,|$)/y
  let at = 0
  while (at < text.length) {
    item.lastIndex = at
    const match = item.exec(text)
    if (match === null || match[0] === '') throw new Malformed(`unreadable parameters near ${JSON.stringify(text.slice(at, at + 30))}`)
    params.set(match[1] as string, match[2] ?? '')
    at = item.lastIndex
  }
  return params
}

function bracketed(params: Map<string, string>, key: string, required: boolean): string | null {
  const raw = params.get(key)
  if (raw === undefined) {
    if (required) throw new Malformed(`${key} is missing`)
    return null
  }
  const match = /^<(.*)>$/.exec(raw)
  if (match === null) throw new Malformed(`${key} is not <...>`)
  return match[1] === '' ? null : (match[1] as string)
}

function ipParam(params: Map<string, string>, key: string): string | null {
  const raw = params.get(key)
  if (raw === undefined) return null
  if (!isIp(raw)) throw new Malformed(`${key} is not an IP address (${JSON.stringify(raw)})`)
  return raw
}

function wholeParam(params: Map<string, string>, key: string): number | null {
  const raw = params.get(key)
  if (raw === undefined) return null
  if (!/^\d{1,10}$/.test(raw)) throw new Malformed(`${key} is not a whole number`)
  return Number(raw)
}

// Distributes over the union, so each event kind keeps its own fields.
type WithoutBase<T> = T extends unknown ? Omit<T, 'lineNumber' | 'time'> : never
type Parsed = WithoutBase<MailLogEvent> | null

interface DovecotParts {
  proc: string
  procArg: string | undefined
  tags: string
  message: string
}

function parseLoginProcess(service: string, message: string): Parsed {
  const login = /^Login: (.*)$/.exec(message)
  if (login !== null) {
    const params = readParams(login[1] as string)
    const user = bracketed(params, 'user', true)
    if (user === null) throw new Malformed('user is empty')
    return { kind: 'login', service, user, rip: ipParam(params, 'rip'), lip: ipParam(params, 'lip'), pid: wholeParam(params, 'mpid'), method: params.get('method') ?? null }
  }
  const userIp = /Maximum number of connections from user\+IP exceeded \(mail_max_userip_connections(?:=(\d+))?\): (.*)$/.exec(message)
  if (userIp !== null) {
    const params = readParams(userIp[2] as string)
    const user = bracketed(params, 'user', true)
    if (user === null) throw new Malformed('user is empty')
    return { kind: 'userip-limit-exceeded', service, user, rip: ipParam(params, 'rip'), lip: ipParam(params, 'lip'), limit: userIp[1] === undefined ? null : Number(userIp[1]) }
  }
  if (message.includes('auth failed')) {
    // `Disconnected: Connection closed (auth failed, 1 attempts in 2 secs): user=<alice>, ...`
    const failed = /\((auth failed, (\d{1,6}) attempts? in \d{1,6} secs?)\): (.*)$/.exec(message)
    if (failed === null) throw new Malformed('auth failure without "(auth failed, N attempts in N secs): params"')
    const params = readParams(failed[3] as string)
    return {
      kind: 'auth-failure',
      service,
      user: bracketed(params, 'user', false),
      rip: ipParam(params, 'rip'),
      lip: ipParam(params, 'lip'),
      reason: failed[1] as string,
      attempts: Number(failed[2])
    }
  }
  const disconnect = /^(Disconnected(?::? [^:]*?| \([^()]*\)|)|Aborted login \([^()]*\)): (.*)$/.exec(message)
  if (disconnect !== null) {
    const params = readParams(disconnect[2] as string)
    return {
      kind: 'login-disconnect',
      service,
      user: bracketed(params, 'user', false),
      rip: ipParam(params, 'rip'),
      lip: ipParam(params, 'lip'),
      reason: (disconnect[1] as string).replace(/^Disconnected:? ?/, '') || 'Disconnected'
    }
  }
  return null
}

const PASSDB_FAILURE = /^(Password mismatch|unknown user|.*pam_authenticate\(\) failed.*|.*Authentication failure.*)$/

function parseDovecot(parts: DovecotParts): Parsed {
  const { proc, procArg, tags, message } = parts
  if (proc.endsWith('-login')) return parseLoginProcess(proc.slice(0, -'-login'.length), message)
  if (proc === 'master') {
    if (!message.includes('reached, client connections are being dropped')) return null
    const limit = /^service\(([A-Za-z0-9_-]{1,60})\): ([a-z_/]{1,60}) \((\d{1,10})\) reached, client connections are being dropped$/.exec(message)
    if (limit === null) throw new Malformed('limit warning without "service(NAME): SETTING (N) reached"')
    return { kind: 'service-limit-reached', service: limit[1] as string, setting: limit[2] as string, limit: Number(limit[3]) }
  }
  if (proc === 'auth' || proc === 'auth-worker') {
    const lookup = /^([a-z][a-z0-9-]{0,30})\(([^()]*)\): (.*)$/.exec(message)
    if (lookup === null || !PASSDB_FAILURE.test(lookup[3] as string)) return null
    // `passwd-file(alice@example.test,127.0.0.1,<LyjjMLxh9Np/AAAB>)`
    const args = /^([^,<>]+),([^,<>]*)(?:,<[^<>]*>)?$/.exec(lookup[2] as string)
    if (args === null) throw new Malformed('passdb failure without "driver(user,rip[,<session>])"')
    const rip = args[2] as string
    if (rip !== '' && !isIp(rip)) throw new Malformed(`rip is not an IP address (${JSON.stringify(rip)})`)
    return { kind: 'passdb-failure', driver: lookup[1] as string, user: args[1] as string, rip: rip === '' ? null : rip, reason: lookup[3] as string }
  }
  if (procArg !== undefined && /^(imap|pop3|lmtp|submission|managesieve|doveadm)$/.test(proc)) {
    const logout = /^(?:Disconnected: )?((?:Logged out|Connection closed|Disconnected for inactivity|Server shutting down|Disconnected in IDLE|Disconnected)\b.*)$/.exec(message)
    if (logout === null) return null
    const pid = /^<(\d{1,10})>/.exec(tags)
    const reason = (logout[1] as string).replace(/\s+(?:in|top)=.*$/, '')
    return { kind: 'logout', service: proc, user: procArg, pid: pid === null ? null : Number(pid[1]), reason }
  }
  return null
}

const DELIVERY_STATUSES = ['sent', 'deferred', 'bounced', 'expired', 'undeliverable', 'deliverable'] as const

function parsePostfix(agent: string, message: string): Parsed {
  const recipient = /^([0-9A-Za-z]{5,20}): to=<([^<>]*)>, (.*)$/.exec(message)
  if (recipient === null) return null
  const status = /^(.*?),? ?status=([a-z]{1,20})(?: \((.*)\))?$/.exec(recipient[3] as string)
  if (status === null) {
    if ((recipient[3] as string).includes('status=')) throw new Malformed('unreadable status')
    return null
  }
  const statusWord = DELIVERY_STATUSES.find((word) => word === status[2])
  if (statusWord === undefined) throw new Malformed(`unknown delivery status ${JSON.stringify(status[2])}`)
  const params = readParams((status[1] as string).replace(/,\s*$/, ''))
  const delay = params.get('delay')
  if (delay !== undefined && !/^\d{1,10}(\.\d{1,6})?$/.test(delay)) throw new Malformed('delay is not a number of seconds')
  const dsn = params.get('dsn')
  if (dsn !== undefined && !/^\d\.\d{1,3}\.\d{1,3}$/.test(dsn)) throw new Malformed(`dsn is malformed (${JSON.stringify(dsn)})`)
  return {
    kind: 'delivery',
    agent,
    queueId: recipient[1] as string,
    to: recipient[2] as string,
    status: statusWord,
    relay: params.get('relay') ?? null,
    delaySeconds: delay === undefined ? null : Number(delay),
    dsn: dsn ?? null,
    reason: status[3] ?? null
  }
}

type LineVerdict = { event: MailLogEvent } | { malformed: MalformedLogLine } | 'other' | 'unrecognised'

function parseLine(line: TextLine): LineVerdict {
  let time: string
  let parsed: Parsed
  try {
    const file = DOVECOT_FILE_LINE.exec(line.text)
    const syslog = file === null ? SYSLOG_LINE.exec(line.text) : null
    if (file?.groups !== undefined) {
      const groups = file.groups
      time = groups['time'] as string
      parsed = parseDovecot({ proc: groups['proc'] as string, procArg: groups['procArg'], tags: groups['tags'] ?? '', message: groups['message'] as string })
    } else if (syslog?.groups !== undefined) {
      const groups = syslog.groups
      time = groups['time'] as string
      const program = groups['program'] as string
      const rest = groups['rest'] as string
      if (POSTFIX_PROGRAM.test(program)) {
        parsed = parsePostfix(program.slice(program.lastIndexOf('/') + 1), rest)
      } else {
        // Dovecot's syslog tag is its instance_name ('dovecot' unless configured), so the body decides.
        const body = DOVECOT_BODY_ONLY.exec(rest)
        parsed = body?.groups === undefined ? null : parseDovecot({ proc: body.groups['proc'] as string, procArg: body.groups['procArg'], tags: body.groups['tags'] ?? '', message: body.groups['message'] as string })
      }
    } else {
      return 'unrecognised'
    }
  } catch (error) {
    if (error instanceof Malformed) return { malformed: { lineNumber: line.lineNumber, line: line.text, detail: error.message } }
    throw error
  }
  if (parsed === null) return 'other'
  return { event: { ...parsed, lineNumber: line.lineNumber, time } as MailLogEvent }
}

/**
 * Dovecot and Postfix log lines (Dovecot's own log file, syslog or journal short format) to events.
 * Lines of other shapes count as `other`; a line that names a known event but whose fields are
 * damaged lands in `malformed`, never as a half-filled event. Text in which not one line looks
 * like a log line (an HTML page, binary data) is a ParseError.
 */
export function parseMailLog(text: string): MailLog {
  const lines = toLines(text).filter((line) => line.text.trim() !== '')
  const events: MailLogEvent[] = []
  const malformed: MalformedLogLine[] = []
  let other = 0
  let recognised = 0
  for (const line of lines) {
    // journalctl's own markers (`-- Boot ... --`, `-- No entries --`) are not damage.
    const verdict = line.text.startsWith('-- ') ? 'other' : parseLine(line)
    if (verdict === 'unrecognised') {
      other += 1
      continue
    }
    recognised += 1
    if (verdict === 'other') other += 1
    else if ('event' in verdict) events.push(verdict.event)
    else malformed.push(verdict.malformed)
  }
  const first = lines[0]
  if (first !== undefined && recognised === 0) throw new ParseError(TOOL, 'no line looks like a syslog, journal or Dovecot log line', first.lineNumber, first.text)
  return { events, other, malformed }
}
