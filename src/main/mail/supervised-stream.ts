// A long-lived remote command kept running: started on a free channel, its output split into
// lines, restarted with back-off whenever it ends or goes silent, and its state told in words.
import type { MailSourceState } from '../../shared/api-parts/mail-api'
import { backoffDelayMs, defaultBackoffPolicy, type BackoffPolicy } from '../ssh/backoff'
import type { ExecStream, StreamEnd, StreamHandlers } from '../ssh/exec-stream'
import { LineSplitter } from './line-splitter'

export type StreamOpener = (argv: readonly string[], handlers: StreamHandlers) => ExecStream

export interface SupervisedStreamStatus {
  state: MailSourceState
  command: string
  sinceMs: number
  error?: string
  retryAtMs?: number
}

export interface SupervisedStreamOptions {
  open: StreamOpener
  /** Decides the command for each (re)start, or says why there is none to run. */
  resolveArgv(): Promise<{ argv: readonly string[] } | { error: string }>
  /** Whole lines from one chunk; a throw restarts the stream with that error. */
  onLines(lines: string[], atMs: number): void
  /** Called on each (re)start before any line. */
  onStart?(atMs: number): void
  onStatus?(status: SupervisedStreamStatus): void
  now(): number
  /** Restart when nothing arrives for this long (vmstat prints every second; a quiet log may not). */
  silenceLimitMs?: number
  backoff?: Partial<BackoffPolicy>
  random?: () => number
  /** A stream that ran this long resets the back-off. */
  healthyAfterMs?: number
}

const describe = (end: StreamEnd, stderr: string): string => {
  const said = stderr.trim().split('\n').filter(Boolean).at(-1)
  if (end.kind === 'failed') return end.error.message
  if (end.kind === 'exited') return `it ended (${end.exitCode === null ? `killed by ${end.signal ?? 'a signal'}` : `exit status ${end.exitCode}`})${said ? `: ${said}` : ''}`
  return 'stopped'
}

export class SupervisedStream {
  private stream: ExecStream | null = null
  private retryTimer: NodeJS.Timeout | undefined
  private silenceTimer: NodeJS.Timeout | undefined
  private okTimer: NodeJS.Timeout | undefined
  private failures = 0
  private startedAtMs = 0
  private stopped = true
  private generation = 0
  private statusValue: SupervisedStreamStatus

  constructor(private readonly options: SupervisedStreamOptions) {
    this.statusValue = { state: 'starting', command: '', sinceMs: options.now() }
  }

  get status(): SupervisedStreamStatus {
    return this.statusValue
  }

  get delivering(): boolean {
    return this.statusValue.state === 'ok'
  }

  start(): void {
    if (!this.stopped) return
    this.stopped = false
    void this.launch()
  }

  stop(): void {
    this.stopped = true
    this.generation += 1
    clearTimeout(this.retryTimer)
    clearTimeout(this.silenceTimer)
    clearTimeout(this.okTimer)
    this.stream?.stop()
    this.stream = null
  }

  private setStatus(status: Omit<SupervisedStreamStatus, 'sinceMs' | 'command'> & { command?: string }): void {
    const previous = this.statusValue
    this.statusValue = {
      ...status,
      command: status.command ?? previous.command,
      sinceMs: previous.state === status.state && previous.error === status.error ? previous.sinceMs : this.options.now()
    }
    this.options.onStatus?.(this.statusValue)
  }

  private async launch(): Promise<void> {
    const generation = ++this.generation
    let resolved: { argv: readonly string[] } | { error: string }
    try {
      resolved = await this.options.resolveArgv()
    } catch (error) {
      resolved = { error: (error as Error).message }
    }
    if (this.stopped || generation !== this.generation) return
    if ('error' in resolved) {
      this.scheduleRetry(resolved.error)
      return
    }
    const command = resolved.argv.join(' ')
    const splitter = new LineSplitter()
    let stderr = ''
    this.startedAtMs = this.options.now()
    const lastError = this.statusValue.error
    this.setStatus({ state: this.failures === 0 ? 'starting' : 'restarting', command, ...(this.failures > 0 && lastError !== undefined ? { error: lastError } : {}) })
    this.options.onStart?.(this.startedAtMs)
    const markOk = () => {
      clearTimeout(this.okTimer)
      if (this.statusValue.state !== 'ok') this.setStatus({ state: 'ok', command })
    }
    // A stream that has not ended after 2 s is running, even if it has printed nothing yet.
    this.okTimer = setTimeout(markOk, 2_000)
    this.okTimer.unref()
    this.armSilence(generation)
    this.stream = this.options.open(resolved.argv, {
      onStdout: (chunk) => {
        if (generation !== this.generation) return
        this.armSilence(generation)
        const lines = splitter.push(chunk.toString('utf8'))
        if (lines.length === 0) return
        try {
          this.options.onLines(lines, this.options.now())
          markOk()
        } catch (error) {
          this.restart(generation, `\`${command}\` printed something unreadable: ${(error as Error).message}`)
        }
      },
      onStderr: (chunk) => {
        stderr = `${stderr}${chunk.toString('utf8')}`.slice(-2_000)
      },
      onClose: (end) => {
        if (generation !== this.generation || this.stopped) return
        this.stream = null
        this.scheduleRetry(`\`${command}\` stopped: ${describe(end, stderr)}`)
      }
    })
  }

  private armSilence(generation: number): void {
    clearTimeout(this.silenceTimer)
    const limitMs = this.options.silenceLimitMs
    if (limitMs === undefined) return
    this.silenceTimer = setTimeout(() => {
      if (generation === this.generation) this.restart(generation, `\`${this.statusValue.command}\` printed nothing for ${Math.round(limitMs / 1000)} s`)
    }, limitMs)
    this.silenceTimer.unref()
  }

  private restart(generation: number, reason: string): void {
    if (generation !== this.generation || this.stopped) return
    this.generation += 1
    const stream = this.stream
    this.stream = null
    stream?.stop()
    this.scheduleRetry(reason)
  }

  private scheduleRetry(reason: string): void {
    clearTimeout(this.okTimer)
    clearTimeout(this.silenceTimer)
    if (this.stopped) return
    const healthyAfterMs = this.options.healthyAfterMs ?? 30_000
    if (this.startedAtMs > 0 && this.options.now() - this.startedAtMs >= healthyAfterMs) this.failures = 0
    this.failures += 1
    const delayMs = backoffDelayMs(this.failures, { ...defaultBackoffPolicy, ...this.options.backoff }, this.options.random ?? Math.random)
    const generation = ++this.generation
    this.setStatus({ state: 'restarting', error: reason, retryAtMs: this.options.now() + delayMs })
    clearTimeout(this.retryTimer)
    this.retryTimer = setTimeout(() => {
      if (generation === this.generation && !this.stopped) void this.launch()
    }, delayMs)
    this.retryTimer.unref()
  }
}
