// The SSH pool: one persistent connection per host, commands given as argv (quoted in one
// place), connection state pushed to listeners, and per host a long-lived probe session for the
// small frequent probes. Everything that talks to the fleet goes here.
import { EventEmitter } from 'node:events'
import type { Duplex } from 'node:stream'
import type { ClientChannel } from 'ssh2'
import type { AuthOptions } from './auth'
import { defaultBackoffPolicy, type BackoffPolicy } from './backoff'
import { failedStream, type ExecStream, type StreamEnd, type StreamHandlers } from './exec-stream'
import {
  HostConnection,
  type ConnectionState,
  type ExecOptions,
  type ExecResult,
  type HostKeyDecision,
  type HostKeyPrompt,
  type HostStats
} from './host-connection'
import type { HostKeyVerifier } from './host-key-verifier'
import { ProbeSession, type ProbeAnswer, type ProbeMode, type ProbeOutcome } from './probe-session'
import { probeSessionScript, type ProbeTable } from './probe-session-script'
import { shellQuote } from './quote'
import { SshError } from './ssh-error'
import type { SshHostConfig } from './ssh-host-config'

export type { ConnectionState, ExecOptions, ExecResult, ExecStream, HostKeyDecision, HostKeyPrompt, ProbeAnswer, ProbeMode, ProbeOutcome, StreamEnd, StreamHandlers }

/** A host's connection counters, and how its probes are being served. */
export interface PoolHostStats extends HostStats {
  probeMode: ProbeMode
  probeSessionsStarted: number
  probeRequests: number
  /** Why the host's last probe session failed, while that still decides the mode. */
  probeSessionFailure?: string
}

export interface SshPoolOptions {
  verifier: HostKeyVerifier
  auth?: AuthOptions
  /** Asked when a host presents a key nobody has seen; without it unknown keys are refused. */
  promptHostKey?: (prompt: HostKeyPrompt) => Promise<HostKeyDecision>
  /** Exec channels open at once per host; kept below sshd's default MaxSessions 10. */
  maxChannelsPerHost?: number
  maxOutputBytes?: number
  defaultTimeoutMs?: number
  /** TCP connect + SSH handshake + login, not counting time spent waiting on a person. */
  readyTimeoutMs?: number
  /** Like OpenSSH's ServerAliveInterval / ServerAliveCountMax. */
  keepaliveIntervalMs?: number
  keepaliveCountMax?: number
  backoff?: Partial<BackoffPolicy>
  random?: () => number
  /** The probes `probe()` may run; each host's probe session is built from this table. */
  probes?: ProbeTable
  /** From opening a probe session to its script's first answer. */
  probeStartTimeoutMs?: number
  /** Wait before trying a session again on a host whose sessions keep failing (one-off execs meanwhile). */
  probeBackoff?: Partial<BackoffPolicy>
}

/** OpenSSH-like defaults: a silent host is declared down after 3 × 10 s of unanswered keepalives. */
export const SSH_POOL_DEFAULTS = {
  maxChannelsPerHost: 8,
  maxOutputBytes: 16 * 1024 * 1024,
  defaultTimeoutMs: 60_000,
  readyTimeoutMs: 20_000,
  keepaliveIntervalMs: 10_000,
  keepaliveCountMax: 3,
  probeStartTimeoutMs: 10_000,
  probeBackoff: { initialDelayMs: 30_000, maxDelayMs: 600_000, multiplier: 2, jitterRatio: 0.3 }
} as const
const DEFAULTS = SSH_POOL_DEFAULTS

/** `[user@]host[:port]`, with `[v6addr]:port` allowed. */
export function parseHostSpec(spec: string): { user?: string; address: string; port?: number } | undefined {
  const match = /^(?:([^@\s]+)@)?(\[[^\]]+\]|[^:@\s[\]]+)(?::(\d{1,5}))?$/.exec(spec.trim())
  if (!match) return undefined
  const [, user, rawAddress, rawPort] = match
  const address = (rawAddress as string).replace(/^\[|\]$/g, '')
  const port = rawPort === undefined ? undefined : Number(rawPort)
  if (port !== undefined && (port < 1 || port > 65535)) return undefined
  return { ...(user ? { user } : {}), address, ...(port ? { port } : {}) }
}

export class SshPool {
  private readonly hostConfigs = new Map<string, SshHostConfig>()
  private readonly connections = new Map<string, HostConnection>()
  private readonly sessions = new Map<HostConnection, ProbeSession>()
  private readonly events = new EventEmitter()
  private readonly probeScript: string | undefined
  private closed = false

  constructor(private readonly options: SshPoolOptions) {
    this.events.setMaxListeners(0)
    this.probeScript = options.probes ? probeSessionScript(options.probes) : undefined
  }

  /** Adds or updates a host; a changed address, user, key or jump drops the old connection. */
  setHost(config: SshHostConfig): void {
    const previous = this.hostConfigs.get(config.name)
    this.hostConfigs.set(config.name, { ...config })
    if (previous && JSON.stringify(previous) !== JSON.stringify(config)) this.dropConnection(config.name, 'host settings changed')
  }

  async removeHost(name: string): Promise<void> {
    this.hostConfigs.delete(name)
    await this.dropConnection(name, 'host removed')
  }

  hosts(): SshHostConfig[] {
    return [...this.hostConfigs.values()]
  }

  onState(listener: (state: ConnectionState) => void): () => void {
    this.events.on('state', listener)
    return () => this.events.off('state', listener)
  }

  /** Runs argv on the host. A non-zero exit is a result, not an error. */
  exec(host: string, argv: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
    let command: string
    try {
      command = shellQuote(argv)
    } catch (error) {
      return Promise.reject(new SshError('command-failed', host, `${host}: ${(error as Error).message}`))
    }
    const connection = this.connection(host)
    return connection instanceof SshError ? Promise.reject(connection) : connection.exec(command, options)
  }

  /**
   * Runs a command line that the caller built from argv pieces with shellQuote (a batch of
   * probes joined by `;`). Never pass text that did not come out of shellQuote.
   */
  execCommandLine(host: string, commandLine: string, options: ExecOptions = {}): Promise<ExecResult> {
    if (commandLine.includes('\0')) return Promise.reject(new SshError('command-failed', host, `${host}: a command line may not contain NUL`))
    const connection = this.connection(host)
    return connection instanceof SshError ? Promise.reject(connection) : connection.exec(commandLine, options)
  }

  /**
   * Runs probes of the pool's probe table in one request over the host's long-lived probe session
   * (started on first use, restarted after it fails). Resolves with each probe's outcome: its
   * answer (a non-zero exit is an answer), or the SshError that kept it from answering; rejects
   * when no probe answered at all.
   */
  probe(host: string, names: readonly string[], options: { timeoutMs?: number } = {}): Promise<Map<string, ProbeOutcome>> {
    const table = this.options.probes
    const script = this.probeScript
    if (!table || script === undefined) return Promise.reject(new SshError('command-failed', host, `${host}: this connection pool has no probe table`))
    const connection = this.connection(host)
    if (connection instanceof SshError) return Promise.reject(connection)
    let session = this.sessions.get(connection)
    if (!session) {
      session = new ProbeSession({
        host,
        table,
        script,
        openStream: (command, handlers) => connection.stream(command, handlers, { keepStdinOpen: true, label: 'the probe session' }),
        exec: (argv, execOptions) => connection.exec(shellQuote(argv), execOptions),
        maxOutputBytes: this.options.maxOutputBytes ?? DEFAULTS.maxOutputBytes,
        startTimeoutMs: this.options.probeStartTimeoutMs ?? DEFAULTS.probeStartTimeoutMs,
        backoff: { ...DEFAULTS.probeBackoff, ...this.options.probeBackoff },
        random: this.options.random ?? Math.random,
        now: Date.now
      })
      this.sessions.set(connection, session)
    }
    return session.run(names, options.timeoutMs ?? this.options.defaultTimeoutMs ?? DEFAULTS.defaultTimeoutMs)
  }

  /**
   * Starts a long-lived command (`vmstat 1`, `tail -F`) whose output arrives as it is printed. It
   * holds one of the host's channels until it ends; a lost connection ends it with 'failed' and
   * it is not restarted here: the caller decides.
   */
  stream(host: string, argv: readonly string[], handlers: StreamHandlers): ExecStream {
    let command: string
    try {
      command = shellQuote(argv)
    } catch (error) {
      return failedStream(host, new SshError('command-failed', host, `${host}: ${(error as Error).message}`), handlers)
    }
    const connection = this.connection(host)
    return connection instanceof SshError ? failedStream(host, connection, handlers) : connection.stream(command, handlers)
  }

  /**
   * Opens an interactive shell with a terminal (for a terminal tab) on the host's connection.
   * Not queued under the channel cap: a person is waiting for it.
   */
  async openShell(host: string, size: { cols: number; rows: number }): Promise<ClientChannel> {
    const connection = this.connection(host)
    if (connection instanceof SshError) throw connection
    const client = await connection.ready()
    return new Promise((resolve, reject) =>
      client.shell({ term: 'xterm-256color', cols: size.cols, rows: size.rows }, (error, channel) =>
        error ? reject(new SshError('command-failed', host, `${host}: cannot open a shell: ${error.message}`)) : resolve(channel)
      )
    )
  }

  /** Like exec, but a non-zero exit becomes a 'command-failed' error; resolves to stdout. */
  async run(host: string, argv: readonly string[], options: ExecOptions = {}): Promise<Buffer> {
    const result = await this.exec(host, argv, options)
    if (result.exitCode === 0) return result.stdout
    const stderr = result.stderr.toString('utf8').trim()
    const firstLine = stderr.split('\n')[0] ?? ''
    const how = result.exitCode === null ? `was killed by ${result.signal ?? 'a signal'}` : `exited with status ${result.exitCode}`
    throw new SshError('command-failed', host, `${host}: \`${argv.join(' ')}\` ${how}${firstLine ? `: ${firstLine}` : ''}`, {
      exitCode: result.exitCode,
      stderr
    })
  }

  /** Connects now (or reuses the connection) and resolves when it is ready. */
  async connect(host: string): Promise<void> {
    const connection = this.connection(host)
    if (connection instanceof SshError) throw connection
    await connection.ready()
  }

  /** Clears a remembered failure (changed key fixed, password updated) and connects again. */
  async reconnect(host: string): Promise<void> {
    const connection = this.connection(host)
    if (connection instanceof SshError) throw connection
    await connection.reconnect()
  }

  hostKey(host: string): { type: string; sha256: string } | undefined {
    return this.connections.get(host)?.hostKey
  }

  stats(host: string): PoolHostStats {
    const connection = this.connections.get(host)
    const session = connection ? this.sessions.get(connection)?.stats() : undefined
    return {
      ...(connection ? connection.stats() : { state: 'idle', connectionsOpened: 0, openChannels: 0, peakOpenChannels: 0, queued: 0, execsStarted: 0 }),
      probeMode: session?.mode ?? 'none',
      probeSessionsStarted: session?.sessionsStarted ?? 0,
      probeRequests: session?.requests ?? 0,
      ...(session?.lastFailure !== undefined ? { probeSessionFailure: session.lastFailure } : {})
    }
  }

  async close(): Promise<void> {
    this.closed = true
    const all = [...this.connections.values()]
    this.connections.clear()
    for (const session of this.sessions.values()) session.close('the connection pool was closed')
    this.sessions.clear()
    await Promise.all(all.map((connection) => connection.close('the connection pool was closed')))
  }

  private connection(name: string): HostConnection | SshError {
    if (this.closed) return new SshError('connection-lost', name, `${name}: the connection pool is closed`)
    const existing = this.connections.get(name)
    if (existing) return existing
    const config = this.hostConfigs.get(name)
    if (!config) return new SshError('unreachable', name, `${name}: no such host is configured`)
    return this.createConnection(name, config)
  }

  private createConnection(key: string, config: SshHostConfig): HostConnection {
    const options = this.options
    const connection = new HostConnection(config, {
      verifier: options.verifier,
      auth: options.auth ?? {},
      ...(options.promptHostKey ? { promptHostKey: options.promptHostKey } : {}),
      maxChannels: options.maxChannelsPerHost ?? DEFAULTS.maxChannelsPerHost,
      maxOutputBytes: options.maxOutputBytes ?? DEFAULTS.maxOutputBytes,
      defaultTimeoutMs: options.defaultTimeoutMs ?? DEFAULTS.defaultTimeoutMs,
      readyTimeoutMs: options.readyTimeoutMs ?? DEFAULTS.readyTimeoutMs,
      keepaliveIntervalMs: options.keepaliveIntervalMs ?? DEFAULTS.keepaliveIntervalMs,
      keepaliveCountMax: options.keepaliveCountMax ?? DEFAULTS.keepaliveCountMax,
      backoff: { ...defaultBackoffPolicy, ...options.backoff },
      random: options.random ?? Math.random,
      emit: (state) => this.events.emit('state', state),
      openJumpStream: (target) => this.openJumpStream(target)
    })
    this.connections.set(key, connection)
    return connection
  }

  private async dropConnection(key: string, reason: string): Promise<void> {
    const connection = this.connections.get(key)
    if (!connection) return
    this.connections.delete(key)
    this.sessions.get(connection)?.close(reason)
    this.sessions.delete(connection)
    await connection.close(reason)
  }

  /** The jump host of a ProxyJump chain "a,b,c" is c, itself reached through "a,b". */
  private jumpConfig(target: SshHostConfig): SshHostConfig | SshError {
    const hops = (target.proxyJump ?? '')
      .split(',')
      .map((hop) => hop.trim())
      .filter((hop) => hop.length > 0 && hop.toLowerCase() !== 'none')
    const last = hops.pop()
    if (last === undefined) return new SshError('unreachable', target.name, `${target.name}: empty ProxyJump`)
    const rest = hops.join(',')
    const known = this.hostConfigs.get(last)
    if (known) return rest ? { ...known, proxyJump: rest } : known
    const spec = parseHostSpec(last)
    if (!spec) return new SshError('unreachable', target.name, `${target.name}: ProxyJump "${last}" is not [user@]host[:port] or a known host`)
    return {
      name: last,
      address: spec.address,
      port: spec.port ?? 22,
      user: spec.user ?? target.user,
      // A jump host not in the inventory is tried with the target's key, as most sites use one key.
      ...(target.identityFile ? { identityFile: target.identityFile } : {}),
      ...(rest ? { proxyJump: rest } : {})
    }
  }

  private async openJumpStream(target: SshHostConfig): Promise<Duplex | undefined> {
    if (!target.proxyJump || target.proxyJump.trim().toLowerCase() === 'none') return undefined
    const jump = this.jumpConfig(target)
    if (jump instanceof SshError) throw jump
    const key = this.hostConfigs.get(jump.name) === jump ? jump.name : `jump:${jump.name}|${jump.proxyJump ?? ''}`
    const existing = this.connections.get(key)
    const connection = existing ?? this.createConnection(key, jump)
    let client
    try {
      client = await connection.ready()
    } catch (error) {
      const cause = error as SshError
      throw new SshError(cause.kind ?? 'unreachable', target.name, `${target.name}: via jump host ${jump.name}: ${cause.message}`, cause.details ?? {})
    }
    return new Promise<Duplex>((resolve, reject) => {
      client.forwardOut('127.0.0.1', 0, target.address, target.port, (error, stream) => {
        if (error)
          reject(new SshError('unreachable', target.name, `${target.name}: jump host ${jump.name} could not reach ${target.address}:${target.port} (${error.message})`))
        else resolve(stream)
      })
    })
  }
}
