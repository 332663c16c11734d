// The demo mail server's Dovecot under a switchable load scenario (Postfix's queue lives in
// mail-queue.ts). Sessions are "slots" that open and close on a clock-driven schedule decided
// by hashes, so who is logged in, which sockets are open and what the log says are all
// derived from one source at any instant, with no background timers.
import { PostfixQueue } from './mail-queue'
import { hash32, intHash, pickHash, unitHash, bytesHash } from './seeded-random'

export const MAIL_SCENARIOS = ['normal', 'brute-force', 'pop3-storm', 'io-bound'] as const
export type MailScenario = (typeof MAIL_SCENARIOS)[number]

export type SessionKind = 'imap' | 'pop3' | 'pop3-storm' | 'brute' | 'busy'

interface Slot {
  id: string
  kind: SessionKind
  user: string
  ip: string
  localPort: number
  periodMs: number
  minLengthMs: number
  maxLengthMs: number
  anchorMs: number
}

export interface MailSession {
  slotId: string
  kind: SessionKind
  /** Dovecot's protocol name; brute-force attempts on 587 are Postfix's (smtp). */
  proto: 'imap' | 'pop3' | 'smtp'
  user: string
  ip: string
  localPort: number
  remotePort: number
  pid: number
  sessionId: string
  startMs: number
  endMs: number
  /** True when the session ended because `doveadm kick` killed it. */
  kicked: boolean
}

export interface PenaltyEntry {
  ip: string
  penalty: number
  lastPenaltyMs: number
  lastUpdateMs: number
}

export interface ServiceStatus {
  name: string
  processCount: number
  processAvail: number
  processLimit: number
  clientLimit: number
  throttleSecs: number
  exitFailureLast: number
  exitFailuresInSec: number
  lastDropWarning: number
  listenPending: 'y' | 'n'
  listening: 'y' | 'n'
  doveadmStop: 'y' | 'n'
  processTotal: number
}

export interface DaemonProcess {
  name: string
  pid: number
  availableCount: number
  totalCount: number
  idleStart: number
  lastStatusUpdate: number
}

interface Kick {
  atMs: number
  user: string | null
  ip: string | null
}

const FIRST_NAMES = ['anna', 'ben', 'clara', 'david', 'eva', 'felix', 'greta', 'hannes', 'ines', 'jonas', 'katrin', 'lukas', 'maria', 'nils', 'olga', 'paul']
export const MAIL_DOMAINS = ['baeckerei-sonne.example', 'kanzlei-weber.example', 'hotel-seeblick.example']
const ATTACKER_IPS = ['203.0.113.45', '203.0.113.77', '198.51.100.201']
const DICTIONARY_USERS = ['admin', 'info', 'test', 'office', 'sales', 'webmaster', 'support', 'postmaster', 'contact', 'user']

export const POP3_PROCESS_LIMIT = 150
export const IMAP_PROCESS_LIMIT = 500

/** Dovecot's service table: name, process_limit, client_limit (doveconf of the demo server). */
const SERVICES: readonly [string, number, number][] = [
  ['tcpwrap', 100, 1],
  ['submission-login', 100, 1000],
  ['submission', 1024, 1],
  ['stats', 1, 1000],
  ['replicator', 1, 1000],
  ['pop3', POP3_PROCESS_LIMIT, 1],
  ['pop3-login', 100, 1000],
  ['lmtp', 1024, 1],
  ['log', 1, 1000],
  ['ipc', 1, 1000],
  ['indexer-worker', 10, 1],
  ['indexer', 1, 1000],
  ['imap', IMAP_PROCESS_LIMIT, 1],
  ['imap-login', 200, 1000],
  ['imap-hibernate', 100, 1000],
  ['doveadm', 100, 1],
  ['dns-client', 100, 1],
  ['dict', 100, 1],
  ['config', 100, 1000],
  ['auth', 1, 1000],
  ['auth-worker', 30, 1],
  ['anvil', 1, 100000]
]

export class MailModel {
  readonly users: readonly string[]
  readonly localIp: string
  private readonly slots: Slot[] = []
  private readonly timeline: { scenario: MailScenario; fromMs: number }[]
  private readonly kicks: Kick[] = []
  private readonly bans: { ip: string; jail: string; fromMs: number; untilMs: number }[] = []
  readonly masterPid: number
  /** Postfix on the same server: its queue and deliveries. */
  readonly postfix: PostfixQueue
  /** Bumped by every change (scenario, kick) so cached answers are not reused across it. */
  private generation = 0
  private lastActive: { atMs: number; generation: number; sessions: MailSession[] } | null = null
  /** Share of storm sessions that get a POP3 process (the rest hit process_limit). */
  private readonly stormAdmission: number

  constructor(
    readonly hostName: string,
    private readonly seed: string,
    readonly startMs: number,
    readonly utcOffsetMinutes: number,
    localIp: string,
    /** Whether fail2ban-client is installed (the demo's default mail server has none). */
    readonly fail2banInstalled = false
  ) {
    this.localIp = localIp
    this.timeline = [{ scenario: 'normal', fromMs: startMs - 30 * 86_400_000 }]
    this.masterPid = intHash(600, 1500, seed, hostName, 'master')
    const users: string[] = []
    for (const domain of MAIL_DOMAINS) for (const name of FIRST_NAMES) users.push(`${name}@${domain}`)
    this.users = users
    this.postfix = new PostfixQueue(this, seed)
    this.buildSlots()
    let stormDemand = 0
    for (const slot of this.slots) if (slot.kind === 'pop3-storm') stormDemand += (slot.minLengthMs + slot.maxLengthMs) / 2 / slot.periodMs
    this.stormAdmission = Math.min(1, (POP3_PROCESS_LIMIT * 0.97) / Math.max(1, stormDemand))
  }

  scenarioAt(tMs: number): MailScenario {
    let scenario: MailScenario = 'normal'
    for (const entry of this.timeline) if (entry.fromMs <= tMs) scenario = entry.scenario
    return scenario
  }

  setScenario(scenario: MailScenario, nowMs: number): void {
    const last = this.timeline[this.timeline.length - 1]
    if (last && last.fromMs > nowMs) this.timeline.pop()
    this.timeline.push({ scenario, fromMs: nowMs })
    this.invalidate()
  }

  private invalidate(): void {
    this.generation++
    this.lastActive = null
  }

  /** Periods of a scenario up to `nowMs`, for backlogs that build while it lasts. */
  periodsOf(scenario: MailScenario, nowMs: number): { fromMs: number; toMs: number }[] {
    const periods: { fromMs: number; toMs: number }[] = []
    this.timeline.forEach((entry, i) => {
      if (entry.scenario !== scenario || entry.fromMs > nowMs) return
      const next = this.timeline[i + 1]
      periods.push({ fromMs: entry.fromMs, toMs: next && next.fromMs <= nowMs ? next.fromMs : Number.POSITIVE_INFINITY })
    })
    return periods
  }

  /** `doveadm kick`: ends matching sessions now. Returns the users kicked (sorted, unique). */
  kick(user: string | null, ip: string | null, nowMs: number): string[] {
    const matches = this.activeSessions(nowMs).filter((s) => s.kind !== 'brute' && this.kickMatches({ atMs: nowMs, user, ip }, s))
    this.kicks.push({ atMs: nowMs, user, ip })
    this.invalidate()
    return [...new Set(matches.map((s) => s.user))].sort()
  }

  /** fail2ban's `banip`: the firewall drops the address from now on (for the jail's bantime). Returns 1 when newly banned. */
  ban(jail: string, ip: string, nowMs: number, bantimeMs = 600_000): number {
    if (this.bannedIps(jail, nowMs).includes(ip)) return 0
    this.bans.push({ ip, jail, fromMs: nowMs, untilMs: nowMs + bantimeMs })
    this.invalidate()
    return 1
  }

  unban(jail: string, ip: string, nowMs: number): number {
    const active = this.bans.filter((b) => b.jail === jail && b.ip === ip && b.fromMs <= nowMs && nowMs < b.untilMs)
    for (const ban of active) ban.untilMs = nowMs
    if (active.length > 0) this.invalidate()
    return active.length > 0 ? 1 : 0
  }

  bannedIps(jail: string, nowMs: number): string[] {
    return [...new Set(this.bans.filter((b) => b.jail === jail && b.fromMs <= nowMs && nowMs < b.untilMs).map((b) => b.ip))]
  }

  private isBanned(ip: string, tMs: number): boolean {
    return this.bans.some((b) => b.ip === ip && b.fromMs <= tMs && tMs < b.untilMs)
  }

  /** Sessions open at an instant (logged in, or a brute-force attempt in progress). */
  activeSessions(tMs: number): MailSession[] {
    if (this.lastActive?.atMs === tMs && this.lastActive.generation === this.generation) return this.lastActive.sessions
    const sessions: MailSession[] = []
    for (const slot of this.slots) {
      const session = this.sessionAt(slot, tMs)
      if (session) sessions.push(session)
    }
    const pop3 = sessions.filter((s) => s.proto === 'pop3' && s.kind !== 'brute').sort((a, b) => a.startMs - b.startMs)
    // The master never runs more than process_limit processes: while clients want more, every
    // process is busy and the oldest sessions hold them (the log's admission is per session).
    const admitted = new Set(pop3.slice(0, POP3_PROCESS_LIMIT))
    const result = pop3.length <= POP3_PROCESS_LIMIT ? sessions : sessions.filter((s) => s.proto !== 'pop3' || s.kind === 'brute' || admitted.has(s))
    this.lastActive = { atMs: tMs, generation: this.generation, sessions: result }
    return result
  }

  /**
   * Whether a POP3 session got a process. During a storm clients want more processes than
   * process_limit allows; the share that gets one is decided per session by a hash, sized so
   * the admitted sessions fill the limit.
   */
  pop3Admitted(session: MailSession): boolean {
    if (session.kind !== 'pop3-storm') return true
    return unitHash(this.seed, session.slotId, session.startMs, 'admit') < this.stormAdmission
  }

  /** Sessions that start or end within (fromMs, toMs], for the log. */
  sessionsTouching(fromMs: number, toMs: number): MailSession[] {
    const sessions: MailSession[] = []
    for (const slot of this.slots) {
      const first = Math.floor((fromMs - slot.anchorMs) / slot.periodMs) - 1
      const last = Math.floor((toMs - slot.anchorMs) / slot.periodMs)
      for (let k = first; k <= last; k++) {
        const session = this.session(slot, k)
        if (!session) continue
        const starts = session.startMs > fromMs && session.startMs <= toMs
        const ends = session.endMs > fromMs && session.endMs <= toMs
        if (starts || ends) sessions.push(session)
      }
    }
    return sessions
  }

  /** How many POP3 sessions clients are trying to hold open (may exceed the limit). */
  pop3Demand(tMs: number): number {
    let count = 0
    for (const slot of this.slots) {
      if (slot.kind !== 'pop3' && slot.kind !== 'pop3-storm') continue
      if (this.windowAt(slot, tMs)) count++
    }
    return count
  }

  /** Attempts per second the attackers make at an instant (0 outside brute-force). */
  bruteForceRate(tMs: number): number {
    if (this.scenarioAt(tMs) !== 'brute-force') return 0
    let rate = 0
    for (const slot of this.slots) if (slot.kind === 'brute') rate += 1000 / slot.periodMs
    return rate
  }

  /** `doveadm penalty`: addresses that failed to log in recently. */
  penalties(nowMs: number): PenaltyEntry[] {
    const entries: PenaltyEntry[] = []
    for (const period of this.periodsOf('brute-force', nowMs)) {
      const lastMs = Math.min(nowMs, period.toMs)
      if (nowMs - lastMs > 3_600_000) continue
      for (const ip of ATTACKER_IPS) {
        // A ban stops the attempts: the penalty keeps the time of the last one.
        const bannedAt = this.bans.find((b) => b.ip === ip && b.fromMs >= period.fromMs && b.fromMs <= lastMs)?.fromMs
        const lastTryMs = bannedAt ?? lastMs
        const recentMs = lastTryMs - Math.floor(unitHash(this.seed, 'penalty', ip, Math.floor(lastTryMs / 1000)) * 2000)
        const attempts = Math.floor((lastTryMs - period.fromMs) / 1000)
        entries.push({ ip, penalty: Math.min(4, 1 + attempts), lastPenaltyMs: recentMs, lastUpdateMs: recentMs })
      }
    }
    for (const failure of this.userAuthFailures(nowMs - 3_600_000, nowMs)) {
      if (entries.some((e) => e.ip === failure.ip)) continue
      entries.push({ ip: failure.ip, penalty: 1, lastPenaltyMs: failure.atMs, lastUpdateMs: failure.atMs })
    }
    return entries
  }

  /** Occasional typos of real users: about three an hour, spread by hashes. */
  userAuthFailures(fromMs: number, toMs: number): { atMs: number; user: string; ip: string; sessionId: string; port: number }[] {
    const out: { atMs: number; user: string; ip: string; sessionId: string; port: number }[] = []
    for (let hour = Math.floor(fromMs / 3_600_000); hour <= Math.floor(toMs / 3_600_000); hour++) {
      for (let n = 0; n < 3; n++) {
        const atMs = hour * 3_600_000 + Math.floor(unitHash(this.seed, 'typo', hour, n) * 3_600_000)
        if (atMs <= fromMs || atMs > toMs) continue
        const user = pickHash(this.users, this.seed, 'typo-user', hour, n)
        out.push({ atMs, user, ip: this.userIp(user, 0), sessionId: this.sessionId('typo', hour, n), port: 993 })
      }
    }
    return out
  }

  serviceStatus(nowMs: number): ServiceStatus[] {
    const sessions = this.activeSessions(nowMs)
    const count = (predicate: (s: MailSession) => boolean) => sessions.filter(predicate).length
    const scenario = this.scenarioAt(nowMs)
    const uptimeS = (nowMs - this.startMs) / 1000 + 86_400 * 12
    const processCount: Record<string, number> = {
      stats: 1,
      log: 1,
      config: 1,
      auth: 1,
      anvil: 1,
      indexer: 1,
      ipc: 0,
      'indexer-worker': scenario === 'io-bound' ? 4 : 1,
      imap: count((s) => s.proto === 'imap' && s.kind !== 'brute'),
      'imap-login': 3 + count((s) => s.kind === 'brute' && s.proto === 'imap'),
      pop3: count((s) => s.proto === 'pop3' && s.kind !== 'brute'),
      'pop3-login': 2 + count((s) => s.kind === 'brute' && s.proto === 'pop3') + Math.floor(this.pop3Demand(nowMs) / 20),
      'auth-worker': scenario === 'brute-force' ? 6 : 1,
      lmtp: scenario === 'io-bound' ? 14 : 1,
      'submission-login': 1 + (scenario === 'brute-force' ? 4 : 0)
    }
    const pop3Full = this.pop3Demand(nowMs) >= POP3_PROCESS_LIMIT
    return SERVICES.map(([name, processLimit, clientLimit]) => {
      const current = Math.min(processLimit, processCount[name] ?? 0)
      // At process_limit the master stops listening for the service and notes when it dropped.
      const full = name === 'pop3' && pop3Full
      const perDay = name === 'imap' ? 900 : name === 'pop3' ? (scenario === 'pop3-storm' ? 40_000 : 300) : name.endsWith('-login') ? 1500 : 20
      return {
        name,
        processCount: current,
        processAvail: clientLimit > 1 ? current : 0,
        processLimit,
        clientLimit,
        throttleSecs: 0,
        exitFailureLast: 0,
        exitFailuresInSec: 0,
        lastDropWarning: full ? Math.floor(nowMs / 1000) - (Math.floor(nowMs / 1000) % 30) : 0,
        listenPending: full ? 'y' : 'n',
        listening: full || ['stats', 'log', 'anvil', 'config', 'auth', 'indexer-worker'].includes(name) ? 'n' : 'y',
        doveadmStop: 'n',
        processTotal: current + Math.floor((uptimeS / 86_400) * perDay)
      }
    })
  }

  /** Long-running daemons for `doveadm process status` (sessions are added by the formatter). */
  daemons(nowMs: number): DaemonProcess[] {
    const second = Math.floor(nowMs / 1000)
    const names = ['stats', 'log', 'config', 'auth', 'anvil', 'indexer', 'imap-login', 'imap-login', 'imap-login', 'pop3-login', 'pop3-login', 'submission-login', 'auth-worker', 'lmtp']
    return names.map((name, i) => ({
      name,
      pid: this.masterPid + 3 + i * 7,
      availableCount: name.endsWith('-login') ? 996 : name === 'auth-worker' || name === 'lmtp' ? 0 : 990 + i,
      totalCount: name === 'stats' ? 60 + (second % 50) : name.endsWith('-login') ? 4 : 1 + (i % 9),
      idleStart: 0,
      lastStatusUpdate: second - (i % 5)
    }))
  }

  /** Successful and failed logins since Dovecot started, for `doveadm stats dump`. */
  loginCounts(nowMs: number): { success: number; failures: number; pop3Commands: number; imapCommands: number } {
    const hours = Math.max(0, (nowMs - this.startMs) / 3_600_000) + 12 * 24
    let failures = Math.floor(hours * 3)
    let pop3Extra = 0
    for (const period of this.periodsOf('brute-force', nowMs)) failures += Math.floor(((Math.min(nowMs, period.toMs) - period.fromMs) / 1000) * this.bruteForceRateNominal())
    for (const period of this.periodsOf('pop3-storm', nowMs)) pop3Extra += Math.floor(((Math.min(nowMs, period.toMs) - period.fromMs) / 1000) * 12)
    const success = Math.floor(hours * 140) + pop3Extra
    return { success, failures, pop3Commands: Math.floor(hours * 60) + pop3Extra * 6, imapCommands: Math.floor(hours * 5200) }
  }

  /** Load the workload puts on the server's CPUs and disks at an instant. */
  activity(tMs: number): { busyCores: number; iowaitCores: number; blocked: number; sessions: number; diskReadKiBps: number; diskWriteKiBps: number } {
    const scenario = this.scenarioAt(tMs)
    const sessions = this.activeSessions(tMs)
    const imap = sessions.filter((s) => s.proto === 'imap' && s.kind !== 'brute').length
    const busy = sessions.filter((s) => s.kind === 'busy').length
    const pop3 = sessions.filter((s) => s.proto === 'pop3' && s.kind !== 'brute').length
    const day = this.businessCurve(tMs)
    let busyCores = 0.25 + imap * 0.006 + pop3 * 0.03 + busy * 0.35 + day * 0.4 + this.bruteForceRate(tMs) * 0.04
    let iowaitCores = 0.05 + day * 0.05
    let blocked = unitHash(this.seed, 'blocked', Math.floor(tMs / 5000)) < 0.2 ? 1 : 0
    let read = 600 + day * 900 + pop3 * 120
    let write = 300 + day * 500
    if (scenario === 'io-bound') {
      iowaitCores = 5.5
      blocked = 9 + Math.floor(unitHash(this.seed, 'blocked', Math.floor(tMs / 2000)) * 6)
      read = 28_000
      write = 21_000
      busyCores *= 0.7
    }
    if (scenario === 'pop3-storm') iowaitCores += 0.8
    return { busyCores, iowaitCores, blocked, sessions: sessions.length, diskReadKiBps: read, diskWriteKiBps: write }
  }

  /** 0 at night, 1 in the middle of office hours (local time). */
  businessCurve(tMs: number): number {
    const hour = (((tMs / 3_600_000 + this.utcOffsetMinutes / 60) % 24) + 24) % 24
    return Math.max(0, Math.cos(((hour - 11.5) / 24) * 2 * Math.PI)) ** 1.5
  }

  userIp(user: string, device: number): string {
    const h = hash32(this.seed, 'ip', user, device)
    const pools = ['198.51.100', '100.72', '192.0.2']
    const pool = pools[h % pools.length] ?? '192.0.2'
    return pool.split('.').length === 3 ? `${pool}.${10 + ((h >>> 8) % 240)}` : `${pool}.${(h >>> 8) % 256}.${(h >>> 16) % 254 + 1}`
  }

  sessionId(...parts: (string | number)[]): string {
    return bytesHash(12, this.seed, 'session', ...parts).toString('base64')
  }

  queueId(...parts: (string | number)[]): string {
    return bytesHash(6, this.seed, 'qid', ...parts).toString('hex').toUpperCase().slice(0, 11)
  }

  private bruteForceRateNominal(): number {
    let rate = 0
    for (const slot of this.slots) if (slot.kind === 'brute') rate += 1000 / slot.periodMs
    return rate
  }

  private kickMatches(kick: Kick, session: MailSession): boolean {
    if (kick.user !== null && !wildcardMatch(session.user, kick.user)) return false
    if (kick.ip !== null && session.ip !== kick.ip) return false
    return true
  }

  /** The session open at `tMs` in this slot, if any. */
  private sessionAt(slot: Slot, tMs: number): MailSession | null {
    const window = this.windowAt(slot, tMs)
    return window ? this.session(slot, window.k, window) : null
  }

  /** Start and end of a slot's k-th session (cheap: no ids or pids yet), or null when it does not happen. */
  private window(slot: Slot, k: number): { k: number; startMs: number; endMs: number; kicked: boolean } | null {
    const startMs = slot.anchorMs + k * slot.periodMs + Math.floor(unitHash(this.seed, slot.id, k, 'jitter') * slot.periodMs * 0.05)
    if (!this.slotEnabled(slot, k, startMs)) return null
    // A banned address never gets through the firewall.
    if (this.bans.length > 0 && this.isBanned(slot.ip, startMs)) return null
    const lengthMs = slot.minLengthMs + Math.floor(unitHash(this.seed, slot.id, k, 'len') * (slot.maxLengthMs - slot.minLengthMs))
    let endMs = startMs + lengthMs
    let kicked = false
    if (slot.kind !== 'brute') {
      for (const kick of this.kicks) {
        if (kick.atMs > startMs && kick.atMs < endMs && this.kickMatchesSlot(kick, slot)) {
          endMs = kick.atMs
          kicked = true
        }
      }
    }
    return { k, startMs, endMs, kicked }
  }

  private windowAt(slot: Slot, tMs: number): { k: number; startMs: number; endMs: number; kicked: boolean } | null {
    // Jitter can push a session's start past the next period boundary: look at k and k-1.
    const k = Math.floor((tMs - slot.anchorMs) / slot.periodMs)
    for (const candidate of [k, k - 1]) {
      const window = this.window(slot, candidate)
      if (window && window.startMs <= tMs && tMs < window.endMs) return window
    }
    return null
  }

  private session(slot: Slot, k: number, known?: { startMs: number; endMs: number; kicked: boolean } | null): MailSession | null {
    const window = known ?? this.window(slot, k)
    if (!window) return null
    const { startMs, endMs, kicked } = window
    const attackerUser = slot.kind === 'brute' ? this.bruteUser(slot, k) : slot.user
    return {
      slotId: slot.id,
      kind: slot.kind,
      proto: slot.localPort === 587 ? 'smtp' : slot.localPort === 110 || slot.localPort === 995 ? 'pop3' : 'imap',
      user: attackerUser,
      ip: slot.ip,
      localPort: slot.localPort,
      remotePort: 32768 + (hash32(this.seed, slot.id, k, 'port') % 28000),
      pid: 20_000 + (hash32(this.seed, slot.id, k, 'pid') % 3_000_000),
      sessionId: this.sessionId(slot.id, k),
      startMs,
      endMs,
      kicked
    }
  }

  private kickMatchesSlot(kick: Kick, slot: Slot): boolean {
    if (kick.user !== null && !wildcardMatch(slot.user, kick.user)) return false
    if (kick.ip !== null && slot.ip !== kick.ip) return false
    return true
  }

  private bruteUser(slot: Slot, k: number): string {
    if (unitHash(this.seed, slot.id, k, 'real') < 0.3) return pickHash(this.users, this.seed, slot.id, k, 'victim')
    return `${pickHash(DICTIONARY_USERS, this.seed, slot.id, k, 'dict')}@${pickHash(MAIL_DOMAINS, this.seed, slot.id, k, 'dom')}`
  }

  private slotEnabled(slot: Slot, k: number, startMs: number): boolean {
    switch (slot.kind) {
      case 'imap':
        return unitHash(this.seed, slot.id, k, 'on') < 0.3 + 0.65 * this.businessCurve(startMs)
      case 'pop3':
        return unitHash(this.seed, slot.id, k, 'on') < 0.5 + 0.5 * this.businessCurve(startMs)
      case 'pop3-storm':
        return this.scenarioAt(startMs) === 'pop3-storm'
      case 'brute':
        return this.scenarioAt(startMs) === 'brute-force'
      case 'busy':
        return this.scenarioAt(startMs) === 'io-bound'
    }
  }

  private buildSlots(): void {
    const add = (slot: Omit<Slot, 'anchorMs'>) => {
      this.slots.push({ ...slot, anchorMs: this.startMs - Math.floor(unitHash(this.seed, slot.id, 'anchor') * slot.periodMs) })
    }
    this.users.forEach((user, u) => {
      const devices = 1 + (hash32(this.seed, 'devices', user) % 3)
      for (let d = 0; d < devices; d++) {
        const periodMs = (20 + (hash32(this.seed, 'period', user, d) % 70)) * 60_000
        add({
          id: `imap-${u}-${d}`,
          kind: 'imap',
          user,
          ip: this.userIp(user, d),
          localPort: unitHash(this.seed, 'port', user, d) < 0.6 ? 993 : 143,
          periodMs,
          minLengthMs: Math.floor(periodMs * 0.5),
          maxLengthMs: Math.floor(periodMs * 0.97)
        })
      }
      if (u % 4 === 0) {
        const periodMs = (5 + (hash32(this.seed, 'pop-period', user) % 10)) * 60_000
        add({ id: `pop3-${u}`, kind: 'pop3', user, ip: this.userIp(user, 9), localPort: u % 8 === 0 ? 995 : 110, periodMs, minLengthMs: 800, maxLengthMs: 4_000 })
      }
    })
    // A few offices whose every PC polls POP3 every half minute and downloads big mailboxes.
    const stormUsers = this.users.filter((_, u) => u % 4 === 1).slice(0, 12)
    stormUsers.forEach((user, u) => {
      for (let pc = 0; pc < 30; pc++) {
        const periodMs = 20_000 + (hash32(this.seed, 'storm-period', user, pc) % 20_000)
        add({ id: `storm-${u}-${pc}`, kind: 'pop3-storm', user, ip: this.userIp(user, 20 + (pc % 3)), localPort: 110, periodMs, minLengthMs: 6_000, maxLengthMs: Math.min(periodMs - 1_000, 26_000) })
      }
    })
    ATTACKER_IPS.forEach((ip, a) => {
      for (let c = 0; c < 25; c++) {
        const periodMs = 15_000 + (hash32(this.seed, 'brute-period', ip, c) % 2_500)
        const localPort = pickHash([143, 993, 110, 587], this.seed, 'brute-port', ip, c)
        add({ id: `brute-${a}-${c}`, kind: 'brute', user: '', ip, localPort, periodMs, minLengthMs: 14_500, maxLengthMs: Math.min(periodMs - 200, 15_400) })
      }
    })
    for (let b = 0; b < 6; b++) {
      const user = pickHash(this.users, this.seed, 'busy-user', b)
      add({ id: `busy-${b}`, kind: 'busy', user, ip: this.userIp(user, 0), localPort: 993, periodMs: 90_000, minLengthMs: 80_000, maxLengthMs: 88_000 })
    }
  }
}

/** Dovecot's user masks: `*` and `?` wildcards, case-insensitive. */
export function wildcardMatch(value: string, mask: string): boolean {
  const pattern = mask.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')
  return new RegExp(`^${pattern}$`, 'i').test(value)
}
