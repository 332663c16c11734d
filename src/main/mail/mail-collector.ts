// One mail host, watched: `vmstat 1` and the mail log as long-lived streams (restarted when they
// drop), the small probes batched into one exec per second, a 1 Hz sample, the diagnosis over a
// sliding window with its breakdowns, and 10 s history rows. Unwatched hosts are still sampled
// every 10 s so the history has the night in it.
import { randomUUID } from 'node:crypto'
import type { MailHistory, MailHistoryRange, MailLiveState, MailReport, MailSample, MailSourceName, MailSourceStatus } from '../../shared/api-parts/mail-api'
import { diagnoseMail } from '../../shared/domain/mail-diagnosis'
import { cpuPercent, VmstatStream, vmstatStreamCommand, type ProcStat } from '../probes/linux'
import type { ExecOptions, ExecResult, ExecStream, StreamHandlers } from '../ssh/ssh-pool'
import type { ActionContext } from './mail-actions'
import { mailBatchScript, splitMailBatch } from './mail-batch'
import { mailBreakdown } from './mail-breakdown'
import { downsample, downsampleSeries } from './mail-downsample'
import { mailEvidence } from './mail-evidence'
import { HISTORY_RESOLUTION_MS, type MailHistoryStore } from './mail-history-store'
import type { Freshness, MailHostState } from './mail-host-state'
import { chooseMailLogSource } from './mail-log-source'
import { MailLogWindow } from './mail-log-window'
import { batchParts, dueParts, MAIL_PARTS, partInterval, readParts, UNWATCHED_INTERVAL_MS, type MailPartName, type PartReading } from './mail-probes'
import { composeSample } from './mail-sample'
import { SupervisedStream, type SupervisedStreamStatus } from './supervised-stream'

export const DEFAULT_DIAGNOSIS_WINDOW_SECONDS = 300
/** Five minutes of 1 Hz samples for the live charts. */
export const LIVE_BUFFER_SAMPLES = 300
export const WATCH_LEASE_MS = 60_000
const REPORT_INTERVAL_MS = 2_000
const BATCH_TIMEOUT_MS = 10_000
/** A tick waits this long for its batch before sampling what it has. */
const BATCH_WAIT_MS = 900
const PRUNE_INTERVAL_MS = 10 * 60_000
const DAY_RESOLUTION_MS = 120_000

export interface MailPool {
  exec(host: string, argv: readonly string[], options?: ExecOptions): Promise<ExecResult>
  execCommandLine(host: string, commandLine: string, options?: ExecOptions): Promise<ExecResult>
  stream(host: string, argv: readonly string[], handlers: StreamHandlers): ExecStream
}

export interface MailCollectorOptions {
  host: string
  pool: MailPool
  now(): number
  history: MailHistoryStore | null
  publishSample(sample: MailSample): void
  publishReport(report: MailReport): void
  random?: () => number
  /** Tick spacing; 1 s in the app. */
  tickMs?: number
}

const FACT_PART: Record<Parameters<Freshness>[0], MailPartName | null> = {
  load: 'loadavg',
  cores: 'nproc',
  cpu: 'stat',
  psi: 'psi',
  connections: 'ss',
  processes: 'services',
  sessions: 'who',
  ps: 'ps',
  queue: 'queue',
  logins: null,
  vmstat: null
}

const isMissingTool = (error: string): boolean => /not found|No such file|exit status 127/i.test(error)

export class MailCollector {
  private readonly state: MailHostState
  private readonly leases = new Map<string, number>()
  private windowSeconds = DEFAULT_DIAGNOSIS_WINDOW_SECONDS
  private live: MailSample[] = []
  private bucket: { startMs: number; samples: MailSample[] } | null = null
  private readonly lastRun = new Map<MailPartName, number>()
  private previousStat: ProcStat | null = null
  private batchRunning = false
  private tickRunning = false
  private lastSampleMs = Number.NEGATIVE_INFINITY
  private lastReportMs = Number.NEGATIVE_INFINITY
  private lastPruneMs = Number.NEGATIVE_INFINITY
  private timer: NodeJS.Timeout | undefined
  private running = false
  private stopped = false
  private latestReport: MailReport | null = null
  private readonly statuses = new Map<MailSourceName, MailSourceStatus>()
  /** Failing fast parts by name, kept until the part answers again (parts run at different rates). */
  private readonly partErrors = new Map<MailPartName, string>()
  private readonly vmstat: SupervisedStream
  private readonly logStream: SupervisedStream
  private vmstatParser = new VmstatStream()
  private vmstatLineNumber = 0
  private vmstatFirstRow = true

  constructor(private readonly options: MailCollectorOptions) {
    const now = options.now()
    this.state = { host: options.host, loadavg: null, cores: null, cpu: null, psi: null, ss: null, services: null, who: null, ps: null, queues: [], vmstat: [], log: new MailLogWindow(), logStreaming: false }
    const batchCommand = `${MAIL_PARTS.map((part) => part.argv.join(' ')).join('; ')} (batched)`
    this.setStatus('probes', { state: 'starting', command: batchCommand, sinceMs: now })
    this.setStatus('queue', { state: 'starting', command: 'postqueue -j', sinceMs: now })
    this.setStatus('processes', { state: 'starting', command: 'ps -eo pid,user,pcpu,comm --sort=-pcpu', sinceMs: now })
    if (options.history !== null) this.setStatus('history', { state: 'ok', command: 'SQLite mail_metric, 10 s rows kept 24 h', sinceMs: now })
    const open = (argv: readonly string[], handlers: StreamHandlers) => options.pool.stream(options.host, argv, handlers)
    this.vmstat = new SupervisedStream({
      open,
      now: options.now,
      ...(options.random ? { random: options.random } : {}),
      resolveArgv: async () => ({ argv: vmstatStreamCommand }),
      silenceLimitMs: 5_000,
      onStart: () => {
        this.vmstatParser = new VmstatStream()
        this.vmstatLineNumber = 0
        this.vmstatFirstRow = true
      },
      onLines: (lines, atMs) => {
        for (const text of lines) {
          const sample = this.vmstatParser.push({ lineNumber: ++this.vmstatLineNumber, text })
          if (sample === null) continue
          this.state.vmstat.push({ atMs, sample, sinceBoot: this.vmstatFirstRow })
          this.vmstatFirstRow = false
        }
      },
      onStatus: (status) => this.streamStatus('vmstat', status)
    })
    this.logStream = new SupervisedStream({
      open,
      now: options.now,
      ...(options.random ? { random: options.random } : {}),
      resolveArgv: async () => {
        const chosen = await chooseMailLogSource((argv) => options.pool.exec(options.host, argv, { timeoutMs: 15_000 }))
        return 'error' in chosen ? chosen : { argv: chosen.source.argv }
      },
      onStart: (atMs) => this.state.log.startCoverage(atMs),
      onLines: (lines, atMs) => this.state.log.add(lines, atMs),
      onStatus: (status) => this.streamStatus('log', status)
    })
  }

  get host(): string {
    return this.options.host
  }

  start(): void {
    if (this.running) return
    this.running = true
    this.stopped = false
    this.vmstat.start()
    this.logStream.start()
    this.runTick()
  }

  stop(): void {
    this.running = false
    this.stopped = true
    clearTimeout(this.timer)
    this.timer = undefined
    this.vmstat.stop()
    this.logStream.stop()
    this.flushBucket()
  }

  watch(watchId: string | undefined, diagnosisWindowSeconds: number | undefined): MailLiveState {
    const now = this.options.now()
    this.expireLeases(now)
    const id = watchId !== undefined && this.leases.has(watchId) ? watchId : randomUUID()
    this.leases.set(id, now + WATCH_LEASE_MS)
    if (diagnosisWindowSeconds !== undefined) this.windowSeconds = diagnosisWindowSeconds
    this.latestReport = this.buildReport(now)
    return { host: this.host, watchId: id, samples: [...this.live], report: this.latestReport, diagnosisWindowSeconds: this.windowSeconds, leaseMs: WATCH_LEASE_MS }
  }

  unwatch(watchId: string): number {
    this.leases.delete(watchId)
    this.expireLeases(this.options.now())
    return this.leases.size
  }

  get watched(): boolean {
    return this.leases.size > 0
  }

  history(range: MailHistoryRange): MailHistory {
    const now = this.options.now()
    if (range === 'live' || this.options.history === null) {
      const samples = [...this.live]
      return { host: this.host, range, resolutionMs: this.watched ? 1_000 : UNWATCHED_INTERVAL_MS, fromMs: samples[0]?.atMs ?? now, toMs: now, samples }
    }
    const spanMs = range === '1h' ? 3_600_000 : 24 * 3_600_000
    const rows = this.options.history.range(this.host, now - spanMs, now)
    if (this.bucket !== null && this.bucket.samples.length > 0) rows.push(downsample(this.host, this.bucket.startMs, this.bucket.samples))
    const samples = range === '1h' ? rows : downsampleSeries(this.host, rows, DAY_RESOLUTION_MS)
    return { host: this.host, range, resolutionMs: range === '1h' ? HISTORY_RESOLUTION_MS : DAY_RESOLUTION_MS, fromMs: now - spanMs, toMs: now, samples }
  }

  actionContext(): ActionContext {
    return {
      sessionsOf: (user, ip) => {
        const who = this.state.who
        if (who === null) return null
        return who.value.sessions.filter((session) => session.username === user && (ip === undefined || session.ip === ip)).length
      },
      deferredMessages: () => {
        const latest = this.state.queues[this.state.queues.length - 1]
        return latest === undefined ? null : latest.value.messages.filter((message) => message.queueName === 'deferred').length
      }
    }
  }

  /**
   * Ticks on a fixed grid: the next one is due a tick after this one began, however long this one
   * took. (An interval timer would drop the next tick whenever a busy machine made one run late.)
   */
  private runTick(): void {
    const startedMs = this.options.now()
    void this.tick().finally(() => {
      if (!this.running) return
      const tickMs = this.options.tickMs ?? 1_000
      this.timer = setTimeout(() => this.runTick(), Math.max(0, startedMs + tickMs - this.options.now()))
      this.timer.unref()
    })
  }

  /** Runs one tick now (the collector calls this every second). */
  async tick(): Promise<void> {
    if (this.tickRunning) return
    this.tickRunning = true
    try {
      const now = this.options.now()
      this.expireLeases(now)
      const watched = this.watched
      if (!watched && now - this.lastSampleMs < UNWATCHED_INTERVAL_MS - 500) return
      if (!this.batchRunning) {
        let timer: NodeJS.Timeout | undefined
        await Promise.race([this.runBatch(watched), new Promise<void>((resolve) => (timer = setTimeout(resolve, BATCH_WAIT_MS)))])
        clearTimeout(timer)
        // Stopped while waiting: publish nothing more.
        if (this.stopped) return
      }
      // Stamped when the tick began, so samples stay 1 s apart however long the batch took.
      const atMs = now
      this.state.logStreaming = this.logStream.delivering
      const sample = composeSample(this.state, atMs, this.freshness(watched))
      this.lastSampleMs = atMs
      this.live.push(sample)
      if (this.live.length > LIVE_BUFFER_SAMPLES) this.live = this.live.slice(-LIVE_BUFFER_SAMPLES)
      this.record(sample)
      this.prune(atMs)
      if (watched) {
        this.options.publishSample(sample)
        if (atMs - this.lastReportMs >= REPORT_INTERVAL_MS - 100) {
          this.lastReportMs = atMs
          this.latestReport = this.buildReport(atMs)
          this.options.publishReport(this.latestReport)
        }
      }
    } finally {
      this.tickRunning = false
    }
  }

  private freshness(watched: boolean): Freshness {
    return (fact) => {
      const partName = FACT_PART[fact]
      // Three missed intervals, and never under 5 s: a busy host (or SSH link) answers a 1 s
      // probe late now and then without its facts being out of date.
      if (partName === null) return watched ? 5_000 : 3 * UNWATCHED_INTERVAL_MS
      const part = MAIL_PARTS.find((candidate) => candidate.name === partName)
      return Math.max(3 * (part === undefined ? 1_000 : partInterval(part, watched)), 5_000)
    }
  }

  private async runBatch(watched: boolean): Promise<void> {
    const startedMs = this.options.now()
    const parts = dueParts(this.lastRun, startedMs, watched)
    if (parts.length === 0) return
    for (const part of parts) this.lastRun.set(part.name, startedMs)
    const specs = batchParts(parts)
    this.batchRunning = true
    try {
      const result = await this.options.pool.execCommandLine(this.host, mailBatchScript(specs), { timeoutMs: BATCH_TIMEOUT_MS })
      const readings = readParts(parts, splitMailBatch(specs, result.stdout.toString('utf8'), result.stderr.toString('utf8')))
      this.apply(readings, this.options.now())
    } catch (error) {
      const message = (error as Error).message
      const now = this.options.now()
      this.setStatus('probes', { ...this.status('probes'), state: 'failed', error: message, sinceMs: now })
      for (const name of ['queue', 'processes'] as const) {
        if (parts.some((part) => (name === 'queue' ? part.name === 'queue' : part.name === 'ps'))) this.setStatus(name, { ...this.status(name), state: 'failed', error: message, sinceMs: now })
      }
    } finally {
      this.batchRunning = false
    }
  }

  private apply(readings: PartReading[], atMs: number): void {
    for (const reading of readings) {
      if (!reading.ok) {
        if (reading.name === 'queue' || reading.name === 'ps') {
          const source = reading.name === 'queue' ? 'queue' : 'processes'
          this.setStatus(source, { ...this.status(source), state: isMissingTool(reading.error) ? 'unavailable' : 'failed', error: reading.error, sinceMs: atMs })
        } else this.partErrors.set(reading.name, reading.error)
        continue
      }
      this.partErrors.delete(reading.name)
      switch (reading.name) {
        case 'loadavg':
          this.state.loadavg = { value: reading.value, atMs }
          break
        case 'nproc':
          this.state.cores = { value: reading.value, atMs }
          break
        case 'stat': {
          const cpu = this.previousStat === null ? null : cpuPercent(this.previousStat, reading.value)
          this.previousStat = reading.value
          if (cpu !== null) this.state.cpu = { value: cpu, atMs }
          break
        }
        case 'psi':
          this.state.psi = { value: reading.value, atMs }
          break
        case 'ss':
          this.state.ss = { value: reading.value, atMs }
          break
        case 'services':
          this.state.services = { value: reading.value, atMs }
          break
        case 'who':
          this.state.who = { value: reading.value, atMs }
          break
        case 'ps':
          this.state.ps = { value: reading.value, atMs }
          this.setStatus('processes', { ...this.status('processes'), state: 'ok', sinceMs: atMs, error: undefined })
          break
        case 'queue':
          // Only the newest read keeps senders and reasons; older ones count messages per queue.
          this.state.queues = this.state.queues.map((read) => ({ atMs: read.atMs, value: { messages: read.value.messages.map((m) => stripped(m.queueName)) } }))
          this.state.queues.push({ value: reading.value, atMs })
          this.setStatus('queue', { ...this.status('queue'), state: 'ok', sinceMs: atMs, error: undefined })
          break
      }
    }
    const previous = this.status('probes')
    const error = this.partErrors.size > 0 ? [...this.partErrors.values()].join('; ') : undefined
    this.setStatus('probes', { ...previous, state: 'ok', error, sinceMs: previous.state === 'ok' && previous.error === error ? previous.sinceMs : atMs })
  }

  private buildReport(atMs: number): MailReport {
    const fromMs = atMs - this.windowSeconds * 1000
    const freshness = this.freshness(this.watched)
    this.state.logStreaming = this.logStream.delivering
    const diagnosis = diagnoseMail(mailEvidence(this.state, fromMs, atMs, freshness))
    const notes = [...diagnosis.notes]
    if (!this.state.logStreaming) notes.push(`the mail log is not streaming (${this.logStream.status.error ?? this.logStream.status.state}): the log-based rules (brute force, POP3 storm, limits) cannot fire`)
    if (this.state.log.unreadLines > 0) notes.push(`${this.state.log.unreadLines} log lines could not be read (latest: ${this.state.log.lastParseProblem ?? 'unknown'})`)
    return {
      host: this.host,
      atMs,
      windowSeconds: this.windowSeconds,
      diagnosis: { ...diagnosis, notes },
      breakdown: mailBreakdown(this.state, fromMs, atMs),
      sources: [...this.statuses.values()].map((status) => ({ ...status })),
      sampleIntervalMs: this.watched ? (this.options.tickMs ?? 1_000) : UNWATCHED_INTERVAL_MS
    }
  }

  private record(sample: MailSample): void {
    const store = this.options.history
    if (store === null) return
    const startMs = Math.floor(sample.atMs / HISTORY_RESOLUTION_MS) * HISTORY_RESOLUTION_MS
    if (this.bucket !== null && this.bucket.startMs !== startMs) this.flushBucket()
    this.bucket ??= { startMs, samples: [] }
    this.bucket.samples.push(sample)
  }

  private flushBucket(): void {
    const bucket = this.bucket
    this.bucket = null
    if (bucket === null || bucket.samples.length === 0 || this.options.history === null) return
    try {
      this.options.history.append(downsample(this.host, bucket.startMs, bucket.samples))
      if (this.status('history').state !== 'ok') this.setStatus('history', { ...this.status('history'), state: 'ok', error: undefined, sinceMs: this.options.now() })
    } catch (error) {
      this.setStatus('history', { ...this.status('history'), state: 'failed', error: `could not write the 10 s history row: ${(error as Error).message}`, sinceMs: this.options.now() })
    }
  }

  private prune(nowMs: number): void {
    const keepFromMs = nowMs - this.windowSeconds * 1000 - 60_000
    this.state.log.prune(keepFromMs)
    this.state.queues = this.state.queues.filter((read, index) => read.atMs >= keepFromMs || index === this.state.queues.length - 1)
    const vmstatFromMs = nowMs - Math.max(120_000, this.windowSeconds * 1000)
    if (this.state.vmstat.length > 0 && (this.state.vmstat[0]?.atMs ?? nowMs) < vmstatFromMs) this.state.vmstat = this.state.vmstat.filter((row) => row.atMs >= vmstatFromMs)
    if (this.options.history !== null && nowMs - this.lastPruneMs >= PRUNE_INTERVAL_MS) {
      this.lastPruneMs = nowMs
      try {
        this.options.history.prune(nowMs)
      } catch (error) {
        this.setStatus('history', { ...this.status('history'), state: 'failed', error: `could not prune old history rows: ${(error as Error).message}`, sinceMs: nowMs })
      }
    }
  }

  private expireLeases(nowMs: number): void {
    for (const [id, expiresAtMs] of this.leases) if (expiresAtMs <= nowMs) this.leases.delete(id)
    if (this.leases.size === 0) this.windowSeconds = DEFAULT_DIAGNOSIS_WINDOW_SECONDS
  }

  private status(name: MailSourceName): MailSourceStatus {
    return this.statuses.get(name) ?? { name, state: 'starting', command: '', sinceMs: this.options.now() }
  }

  private setStatus(name: MailSourceName, status: Omit<MailSourceStatus, 'name'> & { error?: string | undefined }): void {
    const { error, retryAtMs, ...rest } = status
    this.statuses.set(name, { ...rest, name, ...(error === undefined ? {} : { error }), ...(retryAtMs === undefined ? {} : { retryAtMs }) })
  }

  private streamStatus(name: 'vmstat' | 'log', status: SupervisedStreamStatus): void {
    this.setStatus(name, { state: status.state, command: status.command, sinceMs: status.sinceMs, error: status.error, ...(status.retryAtMs === undefined ? {} : { retryAtMs: status.retryAtMs }) })
  }
}

const STRIPPED = new Map<string, { queueName: string; sender: string; arrivalTime: number; queueId: string; sizeBytes: number; forcedExpire: boolean; recipients: [] }>()

/** One shared placeholder per queue name: older queue reads only need counting. */
function stripped(queueName: string) {
  let message = STRIPPED.get(queueName)
  if (message === undefined) {
    message = { queueName, sender: '', arrivalTime: 0, queueId: 'stripped', sizeBytes: 0, forcedExpire: false, recipients: [] }
    STRIPPED.set(queueName, message)
  }
  return message
}
