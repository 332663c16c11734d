// One host's persistent ssh2 connection: connect (host key checked before any auth), exec
// channels under a cap with a FIFO queue, keepalive, and reconnect with back-off.
import type { Duplex } from 'node:stream'
import { Client, type ClientChannel, type ConnectConfig } from 'ssh2'
import { HostAuth, type AuthOptions, type PauseWhile } from './auth'
import { backoffDelayMs, type BackoffPolicy } from './backoff'
import { RETRYABLE_OPEN, sendSignal, StreamJob, type ExecStream, type StreamHandlers, type StreamOptions } from './exec-stream'
import type { HostKeyVerifier } from './host-key-verifier'
import { SshError, type SshErrorKind, type SshErrorValue } from './ssh-error'
import { describeTarget, type SshHostConfig } from './ssh-host-config'
import { hostKeyAlgorithmOrder, keyTypeOfBlob, sha256Fingerprint } from './ssh-key-blob'

export interface HostKeyPrompt {
  /** The host's name in Rackside. */
  host: string
  address: string
  port: number
  keyType: string
  sha256: string
  /** Other key types already known for this address: the new one deserves a closer look. */
  otherKeyTypes: string[]
}

export type HostKeyDecision = 'accept-once' | 'accept-and-save' | 'cancel'

export type ConnectionState =
  | { host: string; state: 'idle' }
  | { host: string; state: 'connecting'; attempt: number }
  | { host: string; state: 'awaiting-host-key'; prompt: HostKeyPrompt }
  | { host: string; state: 'connected' }
  | { host: string; state: 'down'; error: SshErrorValue }
  | { host: string; state: 'backoff'; retryAt: number; delayMs: number; attempt: number; error: SshErrorValue }

export type ConnectionStateName = ConnectionState['state']

export interface ExecOptions {
  /** From the moment a channel is requested; the channel is killed when it runs out. */
  timeoutMs?: number
  stdin?: string | Buffer
  /** stdout + stderr bytes; more kills the channel. */
  maxOutputBytes?: number
}

export interface ExecResult {
  exitCode: number | null
  signal: string | null
  stdout: Buffer
  stderr: Buffer
}

export interface HostStats {
  state: ConnectionStateName
  connectionsOpened: number
  openChannels: number
  peakOpenChannels: number
  queued: number
  execsStarted: number
}

export interface ConnectionSettings {
  verifier: HostKeyVerifier
  auth: AuthOptions
  promptHostKey?: (prompt: HostKeyPrompt) => Promise<HostKeyDecision>
  maxChannels: number
  maxOutputBytes: number
  defaultTimeoutMs: number
  readyTimeoutMs: number
  keepaliveIntervalMs: number
  keepaliveCountMax: number
  backoff: BackoffPolicy
  random: () => number
  emit: (state: ConnectionState) => void
  /** A stream to the host through its ProxyJump, or undefined for a direct TCP connection. */
  openJumpStream: (host: SshHostConfig) => Promise<Duplex | undefined>
}

interface Pending {
  command: string
  options: ExecOptions
  resolve: (result: ExecResult) => void
  reject: (error: SshError) => void
  /** Set when the first channel request goes out; a retried open keeps the same deadline. */
  deadline?: number
  openRetries: number
}

// sshd frees a session slot only after its main loop reaps the closed channel, so an open that
// races a close can hit MaxSessions ("no more sessions"): such opens are retried briefly.
const MAX_OPEN_RETRIES = 20
const OPEN_RETRY_DELAY_MS = 25

interface Running {
  fail: (error: SshError) => void
}

const TRANSIENT: ReadonlySet<SshErrorKind> = new Set(['unreachable', 'timeout', 'connection-lost'])

function abbreviate(command: string): string {
  const oneLine = command.replace(/\s+/g, ' ')
  return oneLine.length > 80 ? `${oneLine.slice(0, 77)}...` : oneLine
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`
}

type Ssh2Error = Error & { level?: string; code?: string }

export class HostConnection {
  readonly auth: HostAuth
  private stateName: ConnectionStateName = 'idle'
  private client: Client | undefined
  private connecting: Promise<Client> | undefined
  private fault: SshError | undefined
  private lastError: SshError | undefined
  private retryTimer: NodeJS.Timeout | undefined
  private retryAt = 0
  private failures = 0
  private attempts = 0
  private closed = false
  private readonly queue: (Pending | StreamJob)[] = []
  private readonly running = new Set<Running>()
  private openChannels = 0
  private peakOpenChannels = 0
  private connectionsOpened = 0
  private execsStarted = 0
  private readonly acceptedOnce = new Set<string>()
  private presented: { type: string; sha256: string } | undefined

  constructor(
    readonly config: SshHostConfig,
    private readonly settings: ConnectionSettings
  ) {
    this.auth = new HostAuth(config, settings.auth)
  }

  get state(): ConnectionStateName {
    return this.stateName
  }

  /** The key the server presented on the latest handshake. */
  get hostKey(): { type: string; sha256: string } | undefined {
    return this.presented
  }

  stats(): HostStats {
    return {
      state: this.stateName,
      connectionsOpened: this.connectionsOpened,
      openChannels: this.openChannels,
      peakOpenChannels: this.peakOpenChannels,
      queued: this.queue.length,
      execsStarted: this.execsStarted
    }
  }

  exec(command: string, options: ExecOptions): Promise<ExecResult> {
    return new Promise((resolve, reject) => {
      const refusal = this.refusal()
      if (refusal) return reject(refusal)
      this.queue.push({ command, options, resolve, reject, openRetries: 0 })
      if (this.stateName === 'connected') this.pump()
      else this.ready().catch(() => undefined)
    })
  }

  /** A long-lived channel: queued like exec, holding its slot until it ends or is stopped. */
  stream(command: string, handlers: StreamHandlers, options: StreamOptions = {}): ExecStream {
    const job = new StreamJob(this.config.name, command, handlers, options)
    const refusal = this.refusal()
    if (refusal) {
      queueMicrotask(() => job.fail(refusal))
      return job
    }
    this.enqueueStream(job, 'tail')
    if (this.stateName === 'connected') this.pump()
    else this.ready().catch(() => undefined)
    return job
  }

  /** Resolves with the live client, connecting first if needed. */
  ready(): Promise<Client> {
    const refusal = this.refusal()
    if (refusal) return Promise.reject(refusal)
    if (this.client && this.stateName === 'connected') return Promise.resolve(this.client)
    if (!this.connecting) {
      const attempt = this.connectOnce()
      this.connecting = attempt
      attempt.then(
        (client) => this.onConnected(client),
        (error: SshError) => this.onConnectFailed(error)
      )
      attempt.finally(() => (this.connecting = undefined)).catch(() => undefined)
    }
    return this.connecting
  }

  /** Forgets a fault (e.g. after the user fixed a key) and connects now. */
  reconnect(): Promise<Client> {
    this.fault = undefined
    this.failures = 0
    clearTimeout(this.retryTimer)
    this.retryTimer = undefined
    if (this.stateName === 'backoff') this.setState({ host: this.config.name, state: 'idle' })
    return this.ready()
  }

  async close(reason: string): Promise<void> {
    this.closed = true
    clearTimeout(this.retryTimer)
    const error = new SshError('connection-lost', this.config.name, `${this.config.name}: ${reason}`)
    this.failAll(error)
    const client = this.client
    this.client = undefined
    if (client) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          client.destroy()
          resolve()
        }, 1000)
        client.once('close', () => {
          clearTimeout(timer)
          resolve()
        })
        client.end()
      })
    }
    this.setState({ host: this.config.name, state: 'idle' })
  }

  /** Why a new command cannot even wait for this host right now, if it cannot. */
  private refusal(): SshError | undefined {
    const name = this.config.name
    if (this.closed) return new SshError('connection-lost', name, `${name}: the connection pool is closed`)
    if (this.fault) return this.fault
    if (this.stateName === 'backoff' && this.lastError) {
      const inMs = Math.max(0, this.retryAt - Date.now())
      return new SshError(this.lastError.kind, name, `${this.lastError.message} (next retry in ${seconds(Math.ceil(inMs / 100) * 100)})`, this.lastError.details)
    }
    return undefined
  }

  private setState(state: ConnectionState): void {
    this.stateName = state.state
    this.settings.emit(state)
  }

  private onConnected(client: Client): void {
    if (this.closed) {
      client.end()
      return
    }
    this.client = client
    // Probe requests and answers are small back-and-forth packets: without this, Nagle on one side
    // and delayed ACK on the other can hold an answer for ~40 ms.
    client.setNoDelay(true)
    this.failures = 0
    this.lastError = undefined
    this.connectionsOpened += 1
    this.setState({ host: this.config.name, state: 'connected' })
    this.pump()
  }

  private onConnectFailed(error: SshError): void {
    this.lastError = error
    this.failQueued(error)
    if (this.closed) return
    if (!TRANSIENT.has(error.kind)) this.fault = error
    this.setState({ host: this.config.name, state: 'down', error: error.toValue() })
    if (TRANSIENT.has(error.kind)) this.scheduleRetry(error)
  }

  private onConnectionLost(client: Client, error: SshError): void {
    if (this.client !== client) return
    this.client = undefined
    this.lastError = error
    this.failAll(error)
    if (this.closed) return
    this.setState({ host: this.config.name, state: 'down', error: error.toValue() })
    this.scheduleRetry(error)
  }

  private scheduleRetry(error: SshError): void {
    this.failures += 1
    const delayMs = backoffDelayMs(this.failures, this.settings.backoff, this.settings.random)
    this.retryAt = Date.now() + delayMs
    clearTimeout(this.retryTimer)
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined
      if (this.closed || this.stateName !== 'backoff') return
      this.setState({ host: this.config.name, state: 'idle' })
      this.ready().catch(() => undefined)
    }, delayMs)
    // A retry timer alone must not keep a CLI process alive.
    this.retryTimer.unref()
    this.setState({ host: this.config.name, state: 'backoff', retryAt: this.retryAt, delayMs, attempt: this.failures, error: error.toValue() })
  }

  private failQueued(error: SshError): void {
    for (const pending of this.queue.splice(0)) {
      if (pending instanceof StreamJob) pending.fail(error)
      else pending.reject(error)
    }
  }

  private enqueueStream(job: StreamJob, where: 'head' | 'tail'): void {
    if (where === 'head') this.queue.unshift(job)
    else this.queue.push(job)
    job.setCancel(() => {
      const index = this.queue.indexOf(job)
      if (index >= 0) this.queue.splice(index, 1)
    })
  }

  private startStream(client: Client, job: StreamJob): void {
    let slotHeld = true
    this.openChannels += 1
    this.peakOpenChannels = Math.max(this.peakOpenChannels, this.openChannels)
    const running: Running = {
      fail: (error) => {
        slotHeld = false
        this.running.delete(running)
        job.fail(error)
      }
    }
    this.running.add(running)
    const release = () => {
      if (!slotHeld) return
      slotHeld = false
      this.running.delete(running)
      if (this.client === client) {
        this.openChannels = Math.max(0, this.openChannels - 1)
        this.pump()
      }
    }
    const retry = (): boolean => {
      if (job.openRetries >= MAX_OPEN_RETRIES) return false
      job.openRetries += 1
      setTimeout(() => {
        if (!slotHeld) return
        slotHeld = false
        this.running.delete(running)
        if (this.client !== client || job.ended) return
        this.openChannels = Math.max(0, this.openChannels - 1)
        this.enqueueStream(job, 'head')
        this.pump()
      }, OPEN_RETRY_DELAY_MS * job.openRetries)
      return true
    }
    job.start(client, release, retry)
  }

  private failAll(error: SshError): void {
    this.failQueued(error)
    for (const running of [...this.running]) running.fail(error)
    this.openChannels = 0
  }

  private pump(): void {
    while (this.client && this.stateName === 'connected' && this.openChannels < this.settings.maxChannels && this.queue.length > 0) {
      const next = this.queue.shift() as Pending | StreamJob
      if (next instanceof StreamJob) this.startStream(this.client, next)
      else this.start(this.client, next)
    }
  }

  private start(client: Client, pending: Pending): void {
    const name = this.config.name
    const timeoutMs = pending.options.timeoutMs ?? this.settings.defaultTimeoutMs
    pending.deadline ??= Date.now() + timeoutMs
    const maxOutputBytes = pending.options.maxOutputBytes ?? this.settings.maxOutputBytes
    const stdout: Buffer[] = []
    const stderr: Buffer[] = []
    let outputBytes = 0
    let exitCode: number | null = null
    let exitSignal: string | null = null
    let sawExit = false
    let settled = false
    let channel: ClientChannel | undefined
    let slotHeld = true

    this.openChannels += 1
    if (pending.openRetries === 0) this.execsStarted += 1
    this.peakOpenChannels = Math.max(this.peakOpenChannels, this.openChannels)

    const release = () => {
      if (!slotHeld) return
      slotHeld = false
      this.running.delete(running)
      if (this.client === client) {
        this.openChannels = Math.max(0, this.openChannels - 1)
        this.pump()
      }
    }
    const kill = () => {
      if (!channel) return
      sendSignal(channel, 'KILL')
      channel.close()
    }
    const settle = (error: SshError | undefined) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      if (error) pending.reject(error)
      else pending.resolve({ exitCode, signal: exitSignal, stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr) })
    }
    const running: Running = {
      fail: (error) => {
        settle(error.kind === 'connection-lost' ? new SshError('connection-lost', name, `${error.message} while running \`${abbreviate(pending.command)}\``) : error)
        slotHeld = false
        this.running.delete(running)
      }
    }
    this.running.add(running)

    const timer = setTimeout(() => {
      settle(new SshError('timeout', name, `${name}: \`${abbreviate(pending.command)}\` did not finish within ${seconds(timeoutMs)}; its channel was closed`))
      kill()
    }, Math.max(0, pending.deadline - Date.now()))

    const onData = (chunks: Buffer[]) => (data: Buffer) => {
      if (settled) return
      outputBytes += data.length
      if (outputBytes > maxOutputBytes) {
        settle(new SshError('output-too-large', name, `${name}: \`${abbreviate(pending.command)}\` printed more than ${maxOutputBytes} bytes; its channel was closed`))
        kill()
        return
      }
      chunks.push(data)
    }

    try {
      client.exec(pending.command, (error, stream) => {
        if (error && !settled && pending.openRetries < MAX_OPEN_RETRIES && RETRYABLE_OPEN.test(error.message)) {
          clearTimeout(timer)
          pending.openRetries += 1
          setTimeout(() => {
            // If the connection died meanwhile, failAll() has already rejected this command.
            if (!slotHeld) return
            slotHeld = false
            this.running.delete(running)
            if (this.client !== client) return
            this.openChannels = Math.max(0, this.openChannels - 1)
            // Back at the head of the queue: it keeps its place ahead of later commands.
            this.queue.unshift(pending)
            this.pump()
          }, OPEN_RETRY_DELAY_MS * pending.openRetries)
          return
        }
        if (error) {
          settle(new SshError('command-failed', name, `${name}: could not open a channel for \`${abbreviate(pending.command)}\`: ${error.message}`))
          release()
          return
        }
        channel = stream
        if (settled) {
          stream.on('close', release)
          stream.close()
          return
        }
        stream.on('data', onData(stdout))
        stream.stderr.on('data', onData(stderr))
        stream.on('exit', (code: number | null, signalName?: string) => {
          sawExit = true
          exitCode = typeof code === 'number' ? code : null
          exitSignal = typeof signalName === 'string' ? signalName : null
        })
        stream.on('close', () => {
          release()
          if (!sawExit) settle(new SshError('command-failed', name, `${name}: the channel for \`${abbreviate(pending.command)}\` closed without an exit status`))
          else settle(undefined)
        })
        stream.end(pending.options.stdin ?? undefined)
      })
    } catch (error) {
      settle(new SshError('connection-lost', name, `${name}: not connected (${(error as Error).message})`))
      release()
    }
  }

  private async verifyHostKey(keyBlob: Buffer, pauseWhile: PauseWhile): Promise<SshError | undefined> {
    const { name, address, port } = this.config
    const keyType = keyTypeOfBlob(keyBlob) ?? 'unknown-key-type'
    const sha256 = sha256Fingerprint(keyBlob)
    this.presented = { type: keyType, sha256 }
    const check = await this.settings.verifier.check(address, port, keyBlob)
    switch (check.kind) {
      case 'known':
        return undefined
      case 'revoked':
        return new SshError('host-key-revoked', name, `${name}: host key ${sha256} (${keyType}) is marked @revoked in ${check.source.file}:${check.source.lineNumber}; refusing to connect`, {
          got: sha256,
          keyType
        })
      case 'changed':
        return new SshError(
          'host-key-changed',
          name,
          `${name}: host key changed — expected ${check.expected.join(' or ')}, got ${check.got}; if the host was reinstalled, check the new key on its console, then forget the old one (Hosts → Forget saved key)`,
          { expected: check.expected, got: check.got, keyType }
        )
      case 'unknown': {
        const onceKey = `${address}|${port}|${sha256}`
        if (this.acceptedOnce.has(onceKey)) return undefined
        const rejected = (why: string) => new SshError('host-key-unknown-rejected', name, `${name}: host key ${sha256} (${keyType}) of ${address}:${port} is not known; ${why}`, { got: sha256, keyType })
        const prompt = this.settings.promptHostKey
        if (!prompt) return rejected('it was not accepted')
        const request: HostKeyPrompt = { host: name, address, port, keyType, sha256, otherKeyTypes: check.otherKeyTypes }
        this.setState({ host: name, state: 'awaiting-host-key', prompt: request })
        let decision: HostKeyDecision
        try {
          decision = await pauseWhile(() => prompt(request))
        } catch (error) {
          return rejected(`the prompt failed (${(error as Error).message})`)
        }
        if (decision === 'cancel') return rejected('the user did not accept it')
        if (decision === 'accept-and-save') {
          try {
            await this.settings.verifier.save(address, port, keyBlob)
          } catch (error) {
            return rejected(`it was accepted but could not be saved to ${this.settings.verifier.ownPath} (${(error as Error).message})`)
          }
        } else {
          // Kept for this app run only, so a reconnect does not ask again.
          this.acceptedOnce.add(onceKey)
        }
        this.setState({ host: name, state: 'connecting', attempt: this.attempts })
        return undefined
      }
    }
  }

  private async connectOnce(): Promise<Client> {
    const { name, address, port } = this.config
    this.attempts += 1
    this.setState({ host: name, state: 'connecting', attempt: this.attempts })
    let knownTypes: string[]
    let sock: Duplex | undefined
    try {
      knownTypes = await this.settings.verifier.knownKeyTypes(address, port)
    } catch (error) {
      throw new SshError('host-key-unknown-rejected', name, `${name}: cannot read known_hosts to check the host key (${(error as Error).message})`)
    }
    try {
      sock = await this.settings.openJumpStream(this.config)
    } catch (error) {
      if (error instanceof SshError) throw error
      throw new SshError('unreachable', name, `${name}: cannot reach ${address}:${port} through ${this.config.proxyJump}: ${(error as Error).message}`)
    }

    return new Promise<Client>((resolve, reject) => {
      const client = new Client()
      const attempt = this.auth.attempt(pauseWhile)
      let verdict: SshError | undefined
      let lastError: Ssh2Error | undefined
      let isReady = false
      let settledConnect = false
      let handshakeTimer: NodeJS.Timeout | undefined

      const startClock = () => {
        clearTimeout(handshakeTimer)
        handshakeTimer = setTimeout(() => {
          verdict ??= new SshError('timeout', name, `${name}: no SSH handshake from ${address}:${port} within ${seconds(this.settings.readyTimeoutMs)}`)
          client.destroy()
          sock?.destroy()
        }, this.settings.readyTimeoutMs)
      }
      function pauseWhile<T>(work: () => Promise<T>): Promise<T> {
        clearTimeout(handshakeTimer)
        return work().finally(() => {
          if (!settledConnect) startClock()
        })
      }

      client.on('ready', () => {
        isReady = true
        settledConnect = true
        clearTimeout(handshakeTimer)
        resolve(client)
      })
      client.on('error', (error: Ssh2Error) => {
        // Agent trouble is not fatal: ssh2 goes on with the next auth method.
        if (error.level === 'agent') return
        lastError = error
      })
      client.on('close', () => {
        clearTimeout(handshakeTimer)
        if (isReady) {
          this.onConnectionLost(client, this.lostError(lastError))
          return
        }
        if (settledConnect) return
        settledConnect = true
        reject(verdict ?? this.connectError(lastError, attempt.summary()))
      })

      const config: ConnectConfig = {
        host: address,
        port,
        username: this.config.user,
        readyTimeout: 0,
        keepaliveInterval: this.settings.keepaliveIntervalMs,
        // ssh2 gives up one interval later than OpenSSH's ServerAliveCountMax for the same number.
        keepaliveCountMax: Math.max(0, this.settings.keepaliveCountMax - 1),
        authHandler: attempt.handler,
        hostVerifier: (key: Buffer, verify: (valid: boolean) => void) => {
          this.verifyHostKey(key, pauseWhile).then(
            (error) => {
              verdict = error
              verify(error === undefined)
            },
            (error: Error) => {
              verdict = new SshError('host-key-unknown-rejected', name, `${name}: could not check the host key (${error.message})`)
              verify(false)
            }
          )
        }
      }
      if (knownTypes.length > 0) config.algorithms = { serverHostKey: hostKeyAlgorithmOrder(knownTypes) }
      if (sock) config.sock = sock
      startClock()
      try {
        client.connect(config)
      } catch (error) {
        settledConnect = true
        clearTimeout(handshakeTimer)
        reject(new SshError('auth-failed', name, `${name}: ${(error as Error).message}`))
      }
    })
  }

  private connectError(error: Ssh2Error | undefined, authSummary: string): SshError {
    const { name, address, port } = this.config
    if (!error) return new SshError('unreachable', name, `${name}: ${address}:${port} closed the connection before login`)
    if (error.level === 'client-authentication')
      return new SshError('auth-failed', name, `${name}: authentication failed for ${describeTarget(this.config)} — ${authSummary}`)
    if (error.level === 'client-timeout') return new SshError('timeout', name, `${name}: no SSH handshake from ${address}:${port} (${error.message})`)
    if (error.level === 'client-socket')
      return new SshError('unreachable', name, `${name}: cannot reach ${address}:${port} (${error.code ?? error.message})`)
    return new SshError('unreachable', name, `${name}: SSH handshake with ${address}:${port} failed: ${error.message}`)
  }

  private lostError(error: Ssh2Error | undefined): SshError {
    const name = this.config.name
    if (error?.level === 'client-timeout') {
      const { keepaliveIntervalMs, keepaliveCountMax } = this.settings
      return new SshError(
        'connection-lost',
        name,
        `${name}: connection lost — no answer to ${keepaliveCountMax} keepalives in ${seconds(keepaliveIntervalMs * keepaliveCountMax)}`
      )
    }
    return new SshError('connection-lost', name, `${name}: connection lost${error ? ` (${error.message})` : ''}`)
  }
}
