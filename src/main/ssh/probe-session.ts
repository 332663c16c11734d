// One host's long-lived probe session: a single exec channel running the probe script
// (probe-session-script.ts) that answers framed requests, so a poll costs one small write and one
// answer instead of a channel per command. One request is in flight at a time. Whatever goes
// wrong with the session (timeout, garbled frame, channel closed, connection lost) fails the
// request with an SshError and drops the session; the next request starts a fresh one. When
// sessions keep failing, requests run as one-off execs for a while (with back-off) instead.
import { randomBytes } from 'node:crypto'
import { backoffDelayMs, type BackoffPolicy } from './backoff'
import type { ExecStream, StreamEnd, StreamHandlers } from './exec-stream'
import type { ExecOptions, ExecResult } from './host-connection'
import type { ProbeTable } from './probe-session-script'
import { SshError } from './ssh-error'

export interface ProbeAnswer {
  /** The probe's exit status; null when an exec fallback's command was killed by a signal. */
  exitCode: number | null
  stdout: Buffer
  stderr: Buffer
}

/** A probe's answer, or why it has none (the request timed out or the session died before it). */
export type ProbeOutcome = ProbeAnswer | SshError

/** How the host's last probe request was served: not yet, by the session, or by one-off execs. */
export type ProbeMode = 'none' | 'session' | 'exec'

export interface ProbeSessionStats {
  mode: ProbeMode
  sessionsStarted: number
  /** Requests asked of this host, however they were served. */
  requests: number
  /** Why the last session failed, while that still decides the mode. */
  lastFailure?: string
}

export interface ProbeSessionDeps {
  host: string
  table: ProbeTable
  /** probeSessionScript(table), built once per pool. */
  script: string
  /** Opens the session channel (stdin kept open), queued under the host's channel cap. */
  openStream(command: string, handlers: StreamHandlers): ExecStream
  exec(argv: readonly string[], options: ExecOptions): Promise<ExecResult>
  maxOutputBytes: number
  /** From opening the channel to the script's "ready" line. */
  startTimeoutMs: number
  /** Delay before trying a session again after repeated failures (exec meanwhile). */
  backoff: BackoffPolicy
  random: () => number
  now: () => number
}

interface Request {
  names: readonly string[]
  timeoutMs: number
  deadlineMs: number
  resolve: (outcomes: Map<string, ProbeOutcome>) => void
  reject: (error: SshError) => void
  timer: NodeJS.Timeout | undefined
  phase: 'queued' | 'session' | 'exec'
  seq: number
  stdout: Buffer[]
  status: number[]
  /** Probes whose answer said its stderr follows on the stderr stream, and what came there. */
  stderrDue: Set<number>
  stderr: Map<number, Buffer>
  lastStderrIndex: number
  /** Bytes of the answers taken so far (frames still in the session's buffers come on top). */
  bytes: number
}

/** The channel of one session and what it has printed that is not yet a whole frame. */
interface Live {
  stream: ExecStream | undefined
  nonce: string
  /** What starts every frame's end line, on stdout and on stderr alike. */
  marker: Buffer
  /** The "ready" line arrived on stdout / on stderr. */
  ready: boolean
  errReady: boolean
  seq: number
  out: Buffer
  outFrom: number
  err: Buffer
  errFrom: number
  startTimer: NodeJS.Timeout | undefined
}

// What a login shell may print before the script starts (rc files that echo): beyond this it is
// not a shell running our script.
const MAX_PRELUDE_BYTES = 64 * 1024
const EMPTY = Buffer.alloc(0)

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`
}

function describeEnd(end: StreamEnd): string {
  if (end.kind === 'failed') return end.error.message
  if (end.kind === 'stopped') return 'it was stopped'
  return end.exitCode === null ? `killed by ${end.signal ?? 'a signal'}` : `exit status ${end.exitCode}`
}

/**
 * What is left of a chunk once its frames are taken, without holding on to the chunk: ssh2's
 * chunks can be views into larger packet buffers, and 500 idle sessions would each keep one.
 */
function detach(rest: Buffer): Buffer {
  if (rest.length === 0) return EMPTY
  return rest.buffer.byteLength > rest.length * 2 ? Buffer.from(rest) : rest
}

/** Where the script's "NONCE ready" line ends in `buffer`, or -1 while it has not come. */
function afterReadyLine(buffer: Buffer, nonce: string): number {
  const line = `${nonce} ready\n`
  const at = buffer.indexOf(line, 0, 'latin1')
  return at < 0 ? -1 : at + line.length
}

type Frame = { body: Buffer; fields: string[]; rest: Buffer }

/** The next `BODY\nMARKER FIELDS\n` at the head of `buffer`, or where to search again once more arrives. */
function takeFrame(buffer: Buffer, from: number, marker: Buffer): Frame | number {
  const at = buffer.indexOf(marker, from)
  if (at < 0) return Math.max(0, buffer.length - marker.length + 1)
  const eol = buffer.indexOf(0x0a, at + marker.length)
  if (eol < 0) return at
  return { body: buffer.subarray(0, at), fields: buffer.toString('latin1', at + marker.length, eol).split(' '), rest: buffer.subarray(eol + 1) }
}

export class ProbeSession {
  private readonly queue: Request[] = []
  private current: Request | null = null
  private live: Live | null = null
  private failures = 0
  private retryAtMs = 0
  private sessionsStarted = 0
  private requests = 0
  private modeName: ProbeMode = 'none'
  private lastFailure: string | undefined
  private closed: SshError | undefined

  constructor(private readonly deps: ProbeSessionDeps) {}

  stats(): ProbeSessionStats {
    return { mode: this.modeName, sessionsStarted: this.sessionsStarted, requests: this.requests, ...(this.lastFailure !== undefined && this.failures > 0 ? { lastFailure: this.lastFailure } : {}) }
  }

  /**
   * Runs the named probes in one request. Resolves with every probe's outcome; rejects when no
   * probe answered at all (host unreachable, request timed out before the first answer).
   */
  run(names: readonly string[], timeoutMs: number): Promise<Map<string, ProbeOutcome>> {
    const host = this.deps.host
    if (this.closed) return Promise.reject(this.closed)
    const unknown = names.find((name) => !Object.hasOwn(this.deps.table, name))
    if (unknown !== undefined) return Promise.reject(new SshError('command-failed', host, `${host}: no probe named ${JSON.stringify(unknown)}`))
    const distinct = [...new Set(names)]
    if (distinct.length === 0) return Promise.resolve(new Map())
    this.requests += 1
    return new Promise((resolve, reject) => {
      const request: Request = {
        names: distinct,
        timeoutMs,
        deadlineMs: this.deps.now() + timeoutMs,
        resolve,
        reject,
        timer: undefined,
        phase: 'queued',
        seq: 0,
        stdout: [],
        status: [],
        stderrDue: new Set(),
        stderr: new Map(),
        lastStderrIndex: -1,
        bytes: 0
      }
      request.timer = setTimeout(() => this.onTimeout(request), timeoutMs)
      this.queue.push(request)
      this.pump()
    })
  }

  /** Fails what is queued or running and ends the session channel. */
  close(reason: string): void {
    const error = new SshError('connection-lost', this.deps.host, `${this.deps.host}: ${reason}`)
    this.closed = error
    for (const request of this.queue.splice(0)) this.settle(request, error)
    if (this.current) this.settle(this.current, error)
    this.current = null
    this.drop()
  }

  private pump(): void {
    if (this.current || this.closed) return
    const request = this.queue.shift()
    if (!request) return
    this.current = request
    if (!this.live && this.failures >= 2 && this.deps.now() < this.retryAtMs) {
      void this.runByExec(request)
      return
    }
    const live = this.live ?? this.start()
    live.seq += 1
    request.seq = live.seq
    request.phase = 'session'
    live.stream?.write(`${request.seq} ${request.names.join(' ')}\n`)
  }

  private start(): Live {
    const nonce = randomBytes(16).toString('hex')
    const live: Live = {
      stream: undefined,
      nonce,
      marker: Buffer.from(`\n${nonce} `, 'latin1'),
      ready: false,
      errReady: false,
      seq: 0,
      out: EMPTY,
      outFrom: 0,
      err: EMPTY,
      errFrom: 0,
      startTimer: undefined
    }
    this.live = live
    this.sessionsStarted += 1
    live.stream = this.deps.openStream(this.deps.script, {
      onStdout: (chunk) => this.onStdout(live, chunk),
      onStderr: (chunk) => this.onStderr(live, chunk),
      onClose: (end) => this.onClose(live, end)
    })
    live.stream.write(`${nonce}\n`)
    live.startTimer = setTimeout(() => this.startFailed(live, `the probe script did not start within ${seconds(this.deps.startTimeoutMs)}`), this.deps.startTimeoutMs)
    return live
  }

  private onStdout(live: Live, chunk: Buffer): void {
    if (live !== this.live) return
    live.out = live.out.length === 0 ? chunk : Buffer.concat([live.out, chunk])
    if (!live.ready) {
      const start = afterReadyLine(live.out, live.nonce)
      if (start < 0) {
        if (live.out.length > MAX_PRELUDE_BYTES) this.startFailed(live, `the login shell printed more than ${MAX_PRELUDE_BYTES} bytes without starting the probe script`)
        return
      }
      live.ready = true
      clearTimeout(live.startTimer)
      live.out = live.out.subarray(start)
    }
    this.readFrames(live)
  }

  private onStderr(live: Live, chunk: Buffer): void {
    if (live !== this.live) return
    live.err = live.err.length === 0 ? chunk : Buffer.concat([live.err, chunk])
    if (!live.errReady) {
      // Until then this is rc-file noise, or the shell's complaint about the script (kept for the failure message).
      const start = afterReadyLine(live.err, live.nonce)
      if (start < 0) {
        if (live.err.length > MAX_PRELUDE_BYTES) this.startFailed(live, `the login shell printed more than ${MAX_PRELUDE_BYTES} bytes of errors without starting the probe script`)
        return
      }
      live.errReady = true
      live.err = live.err.subarray(start)
    }
    if (live.ready) this.readFrames(live)
  }

  private readFrames(live: Live): void {
    const request = this.current
    if (!request || request.phase !== 'session') {
      if (live.out.length > 0 || (live.errReady && live.err.length > 0)) this.garbled(live, null, 'printed output outside any request')
      return
    }
    if (request.bytes + live.out.length + live.err.length > this.deps.maxOutputBytes) {
      this.dropWith(request, new SshError('output-too-large', this.deps.host, `${this.deps.host}: probes ${request.names.join(', ')} printed more than ${this.deps.maxOutputBytes} bytes; the probe session was closed`))
      return
    }
    while (request.stdout.length < request.names.length) {
      const frame = takeFrame(live.out, live.outFrom, live.marker)
      if (typeof frame === 'number') {
        live.outFrom = frame
        break
      }
      const [seq, index, status, flag, extra] = frame.fields
      if (seq !== String(request.seq) || index !== String(request.stdout.length) || status === undefined || !/^\d{1,3}$/.test(status) || (flag !== undefined && flag !== 'e') || extra !== undefined)
        return this.garbled(live, request, `answered "${frame.fields.join(' ')}" where request ${request.seq} probe ${request.stdout.length} was due`)
      if (flag === 'e') request.stderrDue.add(request.stdout.length)
      request.bytes += frame.body.length
      request.stdout.push(Buffer.from(frame.body))
      request.status.push(Number(status))
      live.out = frame.rest
      live.outFrom = 0
    }
    // Stderr frames may come before or after their stdout frame: only their order is certain.
    while (live.errReady && live.err.length > 0) {
      const frame = takeFrame(live.err, live.errFrom, live.marker)
      if (typeof frame === 'number') {
        live.errFrom = frame
        break
      }
      const [seq, index, extra] = frame.fields
      const at = Number(index)
      if (seq !== String(request.seq) || !/^\d{1,4}$/.test(index ?? '') || at <= request.lastStderrIndex || at >= request.names.length || extra !== undefined)
        return this.garbled(live, request, `answered "${frame.fields.join(' ')}" on stderr where request ${request.seq} probe ${request.lastStderrIndex + 1} or later was due`)
      request.bytes += frame.body.length
      request.stderr.set(at, Buffer.from(frame.body))
      request.lastStderrIndex = at
      live.err = frame.rest
      live.errFrom = 0
    }
    live.out = detach(live.out)
    live.err = detach(live.err)
    if (request.stdout.length < request.names.length || [...request.stderrDue].some((index) => !request.stderr.has(index))) return
    const stray = [...request.stderr.keys()].find((index) => !request.stderrDue.has(index))
    if (stray !== undefined) return this.garbled(live, request, `sent stderr for request ${request.seq} probe ${stray}, whose answer said it had none`)
    this.current = null
    this.failures = 0
    this.modeName = 'session'
    this.settle(request, null)
    if (live.out.length > 0 || live.err.length > 0) this.garbled(live, null, 'printed output after the last answer of a request')
    this.pump()
  }

  private onClose(live: Live, end: StreamEnd): void {
    if (live !== this.live) return
    this.live = null
    clearTimeout(live.startTimer)
    const request = this.current?.phase === 'session' ? this.current : null
    const host = this.deps.host
    // The host or the connection failed, not the session: the caller gets that error.
    if (end.kind === 'failed' && end.error.kind !== 'command-failed') {
      if (request) this.finish(request, new SshError(end.error.kind, host, `${end.error.message} (probes ${request.names.join(', ')})`, end.error.details))
      return
    }
    if (!live.ready) {
      const complaint = live.err.toString('utf8').trim().split('\n').slice(-1)[0] ?? ''
      this.sessionFailed(`the probe script could not start (${describeEnd(end)}${complaint ? `: ${complaint}` : ''})`)
      if (request) void this.runByExec(request)
      return
    }
    const reason = `the probe session ended (${describeEnd(end)})`
    this.sessionFailed(reason)
    if (request) this.finish(request, new SshError('connection-lost', host, `${host}: ${reason} while running probes ${request.names.join(', ')}`))
  }

  private onTimeout(request: Request): void {
    const host = this.deps.host
    const error = new SshError('timeout', host, `${host}: probes ${request.names.join(', ')} did not answer within ${seconds(request.timeoutMs)}`)
    if (request.phase === 'queued') {
      const index = this.queue.indexOf(request)
      if (index >= 0) this.queue.splice(index, 1)
      this.settle(request, error)
    } else if (request.phase === 'session' && request === this.current) {
      this.sessionFailed(error.message)
      this.dropWith(request, new SshError('timeout', host, `${error.message}; the probe session was closed`))
    }
    // An exec fallback times out through its own exec timeouts.
  }

  private garbled(live: Live, request: Request | null, what: string): void {
    const host = this.deps.host
    const reason = `the probe session ${what}`
    this.sessionFailed(reason)
    if (request) this.dropWith(request, new SshError('command-failed', host, `${host}: ${reason}; it was closed`))
    else if (live === this.live) this.drop()
  }

  private startFailed(live: Live, reason: string): void {
    if (live !== this.live) return
    this.drop()
    this.sessionFailed(reason)
    const request = this.current
    if (request?.phase === 'session') void this.runByExec(request)
  }

  /** Fails the running request (keeping the answers that came before) and drops the session. */
  private dropWith(request: Request, error: SshError): void {
    this.drop()
    this.finish(request, error)
  }

  private drop(): void {
    const live = this.live
    this.live = null
    if (!live) return
    clearTimeout(live.startTimer)
    live.stream?.stop()
  }

  private finish(request: Request, error: SshError): void {
    if (this.current === request) this.current = null
    this.settle(request, error)
    this.pump()
  }

  private sessionFailed(reason: string): void {
    this.failures += 1
    this.lastFailure = reason
    // The first failure retries at once (a killed session is back on the next poll); repeated ones wait.
    this.retryAtMs = this.failures >= 2 ? this.deps.now() + backoffDelayMs(this.failures - 1, this.deps.backoff, this.deps.random) : 0
  }

  /** The fallback: each probe as its own one-off exec, all at once over the connection's channels. */
  private async runByExec(request: Request): Promise<void> {
    request.phase = 'exec'
    const timeoutMs = Math.max(1, request.deadlineMs - this.deps.now())
    const spec = (name: string) => this.deps.table[name]?.argv ?? []
    const results = await Promise.allSettled(request.names.map((name) => this.deps.exec(spec(name), { timeoutMs, maxOutputBytes: this.deps.maxOutputBytes })))
    const outcomes = new Map<string, ProbeOutcome>()
    results.forEach((result, index) => {
      const name = request.names[index] as string
      outcomes.set(
        name,
        result.status === 'fulfilled'
          ? { exitCode: result.value.exitCode, stdout: result.value.stdout, stderr: result.value.stderr }
          : result.reason instanceof SshError
            ? result.reason
            : new SshError('command-failed', this.deps.host, `${this.deps.host}: ${(result.reason as Error).message}`)
      )
    })
    if (this.current === request) this.current = null
    this.modeName = 'exec'
    clearTimeout(request.timer)
    const answered = [...outcomes.values()].some((outcome) => !(outcome instanceof SshError))
    if (answered) request.resolve(outcomes)
    else request.reject(outcomes.values().next().value as SshError)
    this.pump()
  }

  /** Resolves with what answered (the rest carry `error`), or rejects when nothing did. */
  private settle(request: Request, error: SshError | null): void {
    clearTimeout(request.timer)
    const answer = (index: number): ProbeAnswer | undefined => {
      const stdout = request.stdout[index]
      const exitCode = request.status[index]
      const stderr = request.stderrDue.has(index) ? request.stderr.get(index) : EMPTY
      return stdout && stderr && exitCode !== undefined ? { exitCode, stdout, stderr } : undefined
    }
    const answers = request.names.map((_, index) => answer(index))
    if (error && answers.every((a) => a === undefined)) {
      request.reject(error)
      return
    }
    request.resolve(new Map(request.names.map((name, index) => [name, answers[index] ?? (error as SshError)])))
  }
}
