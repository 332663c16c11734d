// Connects the inventory's hosts to the SSH pool and the poller, and turns their state into API
// events: connection states, unknown host keys waiting on the user, and live fact deltas.
import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import { writeFile } from 'node:fs/promises'
import type { ForgetHostKeyResult, HostConnectionState, HostKeyPromptEvent } from '../../shared/api'
import type { FleetSnapshot } from '../../shared/fleet'
import type { Host, Site } from '../../shared/model'
import type { EventHub } from '../event-hub'
import type { AuthOptions } from '../ssh/auth'
import { defaultUserKnownHostsPath, HostKeyVerifier } from '../ssh/host-key-verifier'
import { hostMatches } from '../ssh/known-hosts'
import { shellQuote } from '../ssh/quote'
import { SshPool, type ConnectionState, type HostKeyDecision, type SshPoolOptions } from '../ssh/ssh-pool'
import type { SshHostConfig } from '../ssh/ssh-host-config'
import { FleetPoller, type CommandResult, type CommandRunner, type PollerOptions } from './fleet-poller'
import { fleetProbes } from './host-probes'

/** Where a demo host really listens, and the host key line that vouches for it. */
export interface DemoEndpoint {
  address: string
  port: number
  knownHostsLine: string
  /** The client key the demo fleet accepts. */
  identityFile: string
}

export interface FleetServiceOptions {
  dataDir: string
  events: EventHub
  auth?: AuthOptions
  /** The user's own known_hosts files, read only (default ~/.ssh/known_hosts). */
  userKnownHostsPaths?: string[]
  now?: () => number
  poller?: Partial<Omit<PollerOptions, 'runner' | 'onDelta'>>
  pool?: Partial<Omit<SshPoolOptions, 'verifier' | 'auth' | 'promptHostKey' | 'probes'>>
}

export const passwordSecretRef = (host: string) => `host:${host}:password`

export class FleetService {
  readonly pool: SshPool
  readonly poller: FleetPoller
  private readonly verifier: HostKeyVerifier
  private readonly now: () => number
  private readonly states = new Map<string, HostConnectionState>()
  private readonly pendingKeys = new Map<string, { event: HostKeyPromptEvent; resolve: (decision: HostKeyDecision) => void }>()
  private readonly demoKnownHostsPath: string
  private readonly unsubscribe: () => void
  private started = false

  constructor(private readonly options: FleetServiceOptions) {
    this.now = options.now ?? Date.now
    this.demoKnownHostsPath = join(options.dataDir, 'demo-fleet-known_hosts')
    this.verifier = new HostKeyVerifier({
      ownPath: join(options.dataDir, 'known_hosts'),
      readOnlyPaths: [...(options.userKnownHostsPaths ?? [defaultUserKnownHostsPath()]), this.demoKnownHostsPath]
    })
    this.pool = new SshPool({
      ...options.pool,
      probes: fleetProbes,
      verifier: this.verifier,
      ...(options.auth ? { auth: options.auth } : {}),
      promptHostKey: (prompt) =>
        new Promise<HostKeyDecision>((resolve) => {
          const event: HostKeyPromptEvent = { id: randomUUID(), ...prompt }
          this.pendingKeys.set(event.id, { event, resolve })
          options.events.publish('host.keyPrompt', event)
        })
    })
    this.unsubscribe = this.pool.onState((state) => this.recordState(state))
    const text = (result: { exitCode: number | null; stdout: Buffer; stderr: Buffer }): CommandResult => ({
      exitCode: result.exitCode,
      stdout: result.stdout.toString('utf8'),
      stderr: result.stderr.toString('utf8')
    })
    const runner: CommandRunner = {
      run: async (host, command, { timeoutMs }) => text(await this.pool.execCommandLine(host, command, { timeoutMs })),
      probe: async (host, names, { timeoutMs }) => {
        const outcomes = await this.pool.probe(host, names, { timeoutMs })
        return new Map([...outcomes].map(([name, outcome]) => [name, outcome instanceof Error ? outcome : text(outcome)]))
      }
    }
    this.poller = new FleetPoller({ ...options.poller, now: this.now, runner, onDelta: (delta) => options.events.publish('fleet.delta', delta) })
  }

  /** Points the pool and the poller at the site's hosts; demo hosts go to the demo fleet. */
  async applySite(site: Site, demoEndpoints: ReadonlyMap<string, DemoEndpoint> = new Map()): Promise<void> {
    await writeFile(this.demoKnownHostsPath, [...demoEndpoints.values()].map((e) => `${e.knownHostsLine}\n`).join(''), { mode: 0o600 })
    const wanted = new Set(site.hosts.map((h) => h.name))
    for (const config of this.pool.hosts()) if (!wanted.has(config.name)) await this.pool.removeHost(config.name)
    for (const name of [...this.states.keys()]) if (!wanted.has(name)) this.states.delete(name)
    for (const host of site.hosts) {
      this.pool.setHost(sshConfigFor(host, demoEndpoints.get(host.name)))
      if (!this.states.has(host.name)) this.recordState({ host: host.name, state: 'idle' })
    }
    this.poller.setHosts(site.hosts.map((h) => ({ name: h.name, roles: h.roles })))
  }

  start(): void {
    if (this.started) return
    this.started = true
    this.poller.start()
  }

  hostStates(): HostConnectionState[] {
    return [...this.states.values()]
  }

  pendingHostKeys(): HostKeyPromptEvent[] {
    return [...this.pendingKeys.values()].map((p) => p.event)
  }

  answerHostKey(id: string, decision: HostKeyDecision): boolean {
    const pending = this.pendingKeys.get(id)
    if (!pending) return false
    this.pendingKeys.delete(id)
    pending.resolve(decision)
    return true
  }

  /**
   * Removes the host's saved keys from Rackside's known_hosts (a reinstalled host), then
   * reconnects: the key the host presents next waits on the prompt like a new host's.
   */
  async forgetHostKey(host: string): Promise<ForgetHostKeyResult> {
    const config = this.pool.hosts().find((c) => c.name === host)
    if (!config) throw Object.assign(new Error(`no host named ${host}`), { kind: 'not-found' })
    const removed = await this.verifier.forget(config.address, config.port)
    const { entries } = await this.verifier.load()
    // The demo fleet's file is rewritten from the demo's own keys on every start: not the user's to edit.
    const userFiles = entries.filter((e) => e.file !== this.demoKnownHostsPath && e.marker === undefined && hostMatches(e.hosts, config.address, config.port))
    const stillKnownIn = [...new Set(userFiles.map((e) => e.file))]
    void this.pool.reconnect(host).catch(() => undefined)
    const target = config.port === 22 ? config.address : `[${config.address}]:${config.port}`
    return {
      address: config.address,
      port: config.port,
      removed,
      knownHostsPath: this.verifier.ownPath,
      stillKnownIn,
      ...(stillKnownIn.length > 0 ? { removeCommand: shellQuote(['ssh-keygen', '-R', target]) } : {})
    }
  }

  snapshot(): FleetSnapshot {
    return this.poller.snapshot()
  }

  async close(): Promise<void> {
    this.unsubscribe()
    for (const pending of this.pendingKeys.values()) pending.resolve('cancel')
    this.pendingKeys.clear()
    await this.poller.stop()
    await this.pool.close()
  }

  private recordState(state: ConnectionState): void {
    const previous = this.states.get(state.host)
    // Only a connected session proves the key was accepted; a refused (changed) key is in lastError.
    const hostKey = state.state === 'connected' ? this.pool.hostKey(state.host) : previous?.hostKey
    const next: HostConnectionState = {
      host: state.host,
      status: state.state,
      sinceMs: previous?.status === state.state ? previous.sinceMs : this.now(),
      ...(state.state === 'down' || state.state === 'backoff' ? { lastError: state.error.message, lastErrorKind: state.error.kind } : {}),
      ...(state.state === 'backoff' ? { retryAtMs: state.retryAt } : {}),
      ...(hostKey ? { hostKey: { type: hostKey.type, sha256: hostKey.sha256 } } : {})
    }
    // Jump connections (keys like "jump:…") are the pool's business, not an inventory host's.
    if (state.host.startsWith('jump:')) return
    this.states.set(state.host, next)
    this.options.events.publish('host.state', next)
  }
}

function sshConfigFor(host: Host, demo: DemoEndpoint | undefined): SshHostConfig {
  return {
    name: host.name,
    address: demo?.address ?? host.address,
    port: demo?.port ?? host.port,
    user: host.user,
    ...(demo ? { identityFile: demo.identityFile } : host.identityFile ? { identityFile: host.identityFile } : {}),
    ...(host.proxyJump && !demo ? { proxyJump: host.proxyJump } : {}),
    passwordSecretRef: passwordSecretRef(host.name)
  }
}
