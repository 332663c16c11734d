// The Mail view's part of the API contract: live samples of each mail host at 1 Hz, the
// diagnosis over a sliding window with its breakdowns, the downsampled history, and the
// confirmed actions (kick a user, ban an IP, flush the queue).
import { z } from 'zod'
import type { MailDiagnosis } from '../domain/mail-diagnosis'
import { entityName, request, type RequestSpec } from './request-spec'

/** The ports whose established connections the Mail view counts, by protocol. */
export const MAIL_PROTOCOL_PORTS = { imap: 143, imaps: 993, pop3: 110, pop3s: 995, submission: 587 } as const
export type MailProtocol = keyof typeof MAIL_PROTOCOL_PORTS
export const MAIL_PROTOCOLS = Object.keys(MAIL_PROTOCOL_PORTS) as MailProtocol[]

export const POSTFIX_QUEUES = ['active', 'deferred', 'hold', 'incoming', 'maildrop'] as const
export type PostfixQueue = (typeof POSTFIX_QUEUES)[number]

/** Dovecot services charted against their process_limit. */
export const CHARTED_DOVECOT_SERVICES = ['imap', 'pop3', 'imap-login', 'pop3-login', 'submission-login', 'auth-worker', 'lmtp'] as const

export type MailFact = 'load' | 'cpu' | 'psi' | 'connections' | 'processes' | 'logins' | 'queue' | 'vmstat'

export interface MailProcessCount {
  service: string
  count: number
  limit: number
}

/**
 * One second of a mail host. A fact is null when it was not measured recently enough to be
 * shown as current (measuredAtMs still says when it last was).
 */
export interface MailSample {
  host: string
  atMs: number
  load: { load1: number; load5: number; load15: number; cores: number } | null
  /** Whole-machine CPU between two /proc/stat reads, percent of all cores. */
  cpu: { userPercent: number; systemPercent: number; iowaitPercent: number } | null
  /** PSI `some` avg10: percent of wall time at least one task stalled; null per resource the kernel lacks. */
  psi: { cpuPercent: number | null; ioPercent: number | null; memoryPercent: number | null } | null
  /** vmstat's procs columns from the `vmstat 1` stream. */
  vmstat: { running: number; blocked: number } | null
  connections: Record<MailProtocol, number> | null
  processes: MailProcessCount[] | null
  /** From the mail log over the last 60 s. */
  logins: { loginsPerMinute: number; authFailuresPerMinute: number } | null
  queue: Record<PostfixQueue, number> | null
  measuredAtMs: Partial<Record<MailFact, number>>
}

export interface MailIpConnections {
  ip: string
  connections: number
  protocols: MailProtocol[]
}
export interface MailIpFailures {
  ip: string
  failures: number
  /** Distinct user names tried from this IP. */
  users: number
}
export interface MailUserSessions {
  user: string
  sessions: number
  protocols: string[]
  ips: string[]
}
export interface MailBusyProcess {
  pid: number
  user: string
  cpuPercent: number
  command: string
}

/** Who and what is behind the load, each list with the time it was measured. */
export interface MailBreakdown {
  ipsByConnections: MailIpConnections[]
  ipsByAuthFailures: MailIpFailures[]
  usersBySessions: MailUserSessions[]
  /** Null until `ps` answered (or when it cannot: see the processes source). */
  processes: MailBusyProcess[] | null
  deferralReasons: { reason: string; recipients: number }[]
  measuredAtMs: Partial<Record<'connections' | 'logins' | 'sessions' | 'processes' | 'queue', number>>
}

export type MailSourceName = 'probes' | 'vmstat' | 'log' | 'queue' | 'processes' | 'history'
export type MailSourceState = 'starting' | 'ok' | 'restarting' | 'failed' | 'unavailable'

/** One input of the collector: a stream or a probe, and whether it is delivering. */
export interface MailSourceStatus {
  name: MailSourceName
  state: MailSourceState
  /** What runs on the host: `tail -n 0 -F -- /var/log/mail.log`. */
  command: string
  sinceMs: number
  /** Human message of the latest failure, kept while it is current. */
  error?: string
  /** For 'restarting': when the next attempt is due. */
  retryAtMs?: number
}

export interface MailReport {
  host: string
  atMs: number
  /** The log span the diagnosis read, as asked; the log's own timestamps give its real span. */
  windowSeconds: number
  diagnosis: MailDiagnosis
  breakdown: MailBreakdown
  sources: MailSourceStatus[]
  /** How often samples are taken right now: 1000 while watched, slower otherwise. */
  sampleIntervalMs: number
}

export interface MailLiveState {
  host: string
  /** Renew with mail.watch {watchId} before leaseMs runs out; end with mail.unwatch. */
  watchId: string
  /** The last minutes of 1 Hz samples, oldest first. */
  samples: MailSample[]
  report: MailReport | null
  diagnosisWindowSeconds: number
  /** How long this watch lasts unless renewed by calling mail.watch again. */
  leaseMs: number
}

export type MailHistoryRange = 'live' | '1h' | '24h'

export interface MailHistory {
  host: string
  range: MailHistoryRange
  /** Spacing of the samples: 1 s live, 10 s for the last hour, coarser for a day. */
  resolutionMs: number
  fromMs: number
  toMs: number
  samples: MailSample[]
}

const ipAddress = z
  .string()
  .trim()
  .max(45)
  .refine((value) => /^(\d{1,3})(\.\d{1,3}){3}$/.test(value) ? value.split('.').every((octet) => Number(octet) <= 255) : /^[0-9A-Fa-f:]{2,45}$/.test(value) && value.includes(':'), {
    message: 'not an IPv4 or IPv6 address'
  })

// Dovecot reads * and ? in a user name as wildcards: an action names one user exactly.
const mailUser = z
  .string()
  .trim()
  .min(1)
  .max(256)
  .refine((value) => !/[*?\s\0]/.test(value) && !value.startsWith('-'), { message: 'a user name without wildcards (*, ?), spaces or a leading dash' })

export const MailActionSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('kick'), host: entityName, user: mailUser, ip: ipAddress.optional() }).strict(),
  z.object({ action: z.literal('ban-ip'), host: entityName, ip: ipAddress }).strict(),
  z.object({ action: z.literal('flush-queue'), host: entityName }).strict()
])
export type MailAction = z.infer<typeof MailActionSchema>

/** What an action would run, shown in the confirm dialog before anything happens. */
export interface MailActionPlan {
  host: string
  action: MailAction['action']
  argv: string[]
  /** The exact command line sent over SSH. */
  command: string
  /** False when the host cannot do it (no fail2ban, no jail): nothing will run. */
  available: boolean
  /** Why not, in words, when unavailable. */
  unavailableReason?: string
  /** What to expect, in words ("closes 3 sessions of anna@… from 192.0.2.7"). */
  summary: string
}

export interface MailActionResult {
  host: string
  action: MailAction['action']
  command: string
  ok: boolean
  exitCode: number | null
  /** stdout and stderr of the command, trimmed. */
  output: string
  /** One sentence for the user: what happened. */
  message: string
  durationMs: number
  auditId: number
}

const watchArgs = z
  .object({
    host: entityName,
    /** Log span the diagnosis reads; short spans let a rehearsal (or a test) see causes come and go quickly. */
    diagnosisWindowSeconds: z.number().int().min(10).max(3600).optional(),
    /** Renews this watch instead of starting another. */
    watchId: z.string().min(1).max(64).optional()
  })
  .strict()

export const mailRequests = {
  'mail.watch': request<MailLiveState>()(watchArgs),
  'mail.unwatch': request<{ watchers: number }>()(z.object({ host: entityName, watchId: z.string().min(1).max(64) }).strict()),
  'mail.history': request<MailHistory>()(z.object({ host: entityName, range: z.enum(['live', '1h', '24h']) }).strict()),
  'mail.planAction': request<MailActionPlan>()(MailActionSchema),
  'mail.runAction': request<MailActionResult>()(z.object({ confirmed: z.literal(true), action: MailActionSchema }).strict())
} satisfies Record<string, RequestSpec<z.ZodType, unknown>>

export interface MailEvents {
  'mail.sample': MailSample
  'mail.report': MailReport
}
export const mailEventTopics: readonly (keyof MailEvents)[] = ['mail.sample', 'mail.report']
