// The fleet poller: runs each host's probes on their schedules with bounded concurrency, keeps the
// live state with the age of every fact, and reports what changed as deltas. A host's probes that
// are due together go out as one request over its probe session; Gluster's slow tools run as
// one-off commands on any node that answers.
import type { HostRole } from '../../shared/model'
import type { Fact, FleetDelta, FleetSnapshot, GlusterFacts, GlusterHealFacts, NodeFacts, SystemFacts, VmFacts } from '../../shared/fleet'
import { applyFleetDelta } from '../../shared/fleet'
import { assessVolumes, type GlusterPeerList } from '../../shared/domain/gluster-health'
import { healSummaryCommand, parseHealSummary, parsePeerStatus, parseVolumeInfo, parseVolumeStatus, peerStatusCommand, volumeInfoCommand, volumeStatusDetailCommand, type VolumeInfoList } from '../probes/gluster'
import type { ProcStat } from '../probes/linux'
import { volumeHealTotals } from '../gluster/heal-totals'
import { shellQuote } from '../ssh/quote'
import { fleetProbes, readNodeFacts, readSystemFacts, readVcpuCounts, readVmFacts, systemProbes, type FleetProbeName } from './host-probes'

export interface CommandResult {
  exitCode: number | null
  stdout: string
  stderr: string
}

/** How the poller reaches hosts: the SSH pool in the app, anything with this shape in tests. */
export interface CommandRunner {
  run(host: string, command: string, options: { timeoutMs: number }): Promise<CommandResult>
  /**
   * Runs probes of `fleetProbes` in one request (the host's probe session): each probe's result,
   * or the error that kept it from answering; rejects when none answered. Without it, each
   * probe's argv is one run().
   */
  probe?(host: string, names: readonly FleetProbeName[], options: { timeoutMs: number }): Promise<Map<string, CommandResult | Error>>
}

export interface PolledHost {
  name: string
  roles: readonly HostRole[]
}

export interface PollIntervals {
  systemMs: number
  vmsMs: number
  nodeMs: number
  glusterStatusMs: number
  glusterInfoMs: number
  healSummaryMs: number
}

export const defaultIntervals: PollIntervals = {
  systemMs: 5_000,
  vmsMs: 5_000,
  nodeMs: 60_000,
  glusterStatusMs: 10_000,
  glusterInfoMs: 60_000,
  healSummaryMs: 60_000
}

export interface PollerOptions {
  runner: CommandRunner
  onDelta?: (delta: FleetDelta) => void
  now?: () => number
  intervals?: Partial<PollIntervals>
  /** Commands in flight across the whole fleet. */
  maxConcurrent?: number
  commandTimeoutMs?: number
  /** `gluster volume heal … info summary` walks the backlog: slow on big heals. */
  healTimeoutMs?: number
  /** Longest wait after repeated failures of one job. */
  maxBackoffMs?: number
  tickMs?: number
}

/** Probes of one host that make one fact, on one schedule, backing off on their own. */
interface ProbeGroup {
  key: 'system' | 'vms' | 'node'
  probes: readonly FleetProbeName[]
  intervalMs: number
  nextDueMs: number
  failures: number
}

/** All of a host's probe groups: whichever are due go out together as one request. */
interface HostJob {
  kind: 'host'
  host: string
  roles: string
  groups: ProbeGroup[]
  /** The earliest group's due time, kept up to date whenever a group's changes. */
  nextDueMs: number
  timeoutMs: number
  running: boolean
}

/** The pool-wide Gluster queries, asked of any node that answers. */
interface ClusterJob {
  kind: 'gluster-info' | 'gluster-status' | 'heal-summary'
  intervalMs: number
  timeoutMs: number
  nextDueMs: number
  running: boolean
  failures: number
}

type Job = HostJob | ClusterJob

// A group due within this share of the host's shortest interval joins a request going out now,
// so a host's groups stay in one request instead of drifting into two close together.
const BATCH_AHEAD_FRACTION = 0.2

function earliestGroup(job: HostJob): number {
  return Math.min(...job.groups.map((group) => group.nextDueMs))
}

function jobKey(job: Job): string {
  return job.kind === 'host' ? `host:${job.host}` : job.kind
}

export class CommandFailedError extends Error {
  override name = 'CommandFailedError'
  readonly kind = 'command-failed'
}

function commandFailed(host: string, command: string, result: CommandResult): CommandFailedError {
  const detail = (result.stderr.trim() || result.stdout.trim()).split('\n').slice(-1)[0] ?? ''
  return new CommandFailedError(`${host}: ${command.slice(0, 80)} exited ${result.exitCode ?? 'without a status'}${detail ? `: ${detail}` : ''}`)
}

export class FleetPoller {
  private readonly runner: CommandRunner
  private readonly now: () => number
  private readonly intervals: PollIntervals
  private readonly maxConcurrent: number
  private readonly commandTimeoutMs: number
  private readonly healTimeoutMs: number
  private readonly maxBackoffMs: number
  private readonly tickMs: number
  private readonly onDelta: (delta: FleetDelta) => void
  private hosts: PolledHost[] = []
  private jobs: Job[] = []
  private state: FleetSnapshot = { hosts: {} }
  private inFlight = 0
  private timer: ReturnType<typeof setInterval> | null = null
  private readonly lastStat = new Map<string, ProcStat>()
  private readonly lastVmCpu = new Map<string, { atMs: number; cpuTimeNs: Map<string, number> }>()
  private readonly vcpuCounts = new Map<string, Map<string, number>>()
  /** VMs whose unknown vCPU count already brought the slow vCPU poll forward once. */
  private readonly vcpuAsked = new Map<string, Set<string>>()
  /** The Gluster node that answered last: asked first next time. */
  private lastGlusterHost: string | null = null
  private glusterInfo: VolumeInfoList | null = null
  private glusterInfoAtMs = 0
  private healFacts: GlusterHealFacts | null = null
  private healError: { message: string; atMs: number } | undefined
  private readonly running = new Set<Promise<void>>()

  constructor(options: PollerOptions) {
    this.runner = options.runner
    this.now = options.now ?? Date.now
    this.intervals = { ...defaultIntervals, ...options.intervals }
    this.maxConcurrent = options.maxConcurrent ?? 16
    this.commandTimeoutMs = options.commandTimeoutMs ?? 15_000
    this.healTimeoutMs = options.healTimeoutMs ?? 20_000
    this.maxBackoffMs = options.maxBackoffMs ?? 60_000
    this.tickMs = options.tickMs ?? 250
    this.onDelta = options.onDelta ?? (() => undefined)
  }

  /** Replaces the set of polled hosts; facts of removed hosts are dropped. */
  setHosts(hosts: readonly PolledHost[]): void {
    const names = new Set(hosts.map((h) => h.name))
    for (const name of Object.keys(this.state.hosts)) {
      if (!names.has(name)) this.emit({ kind: 'host-removed', host: name })
    }
    this.hosts = [...hosts]
    for (const map of [this.lastStat, this.lastVmCpu, this.vcpuCounts, this.vcpuAsked]) for (const name of map.keys()) if (!names.has(name)) map.delete(name)
    const now = this.now()
    const keep = new Map(this.jobs.map((job) => [jobKey(job), job]))
    const jobs: Job[] = []
    for (const host of hosts) {
      const roles = [...host.roles].sort().join(',')
      const existing = keep.get(`host:${host.name}`)
      if (existing?.kind === 'host' && existing.roles === roles) {
        jobs.push(existing)
        continue
      }
      const group = (key: ProbeGroup['key'], probes: readonly FleetProbeName[], intervalMs: number): ProbeGroup => ({ key, probes, intervalMs, nextDueMs: now, failures: 0 })
      const groups = [group('system', systemProbes, this.intervals.systemMs)]
      if (host.roles.includes('hypervisor')) groups.push(group('vms', ['domstats'], this.intervals.vmsMs), group('node', ['nodeinfo', 'vcpus'], this.intervals.nodeMs))
      jobs.push({ kind: 'host', host: host.name, roles, groups, nextDueMs: now, timeoutMs: this.commandTimeoutMs, running: false })
    }
    if (this.glusterHosts().length > 0) {
      const add = (kind: ClusterJob['kind'], intervalMs: number, timeoutMs = this.commandTimeoutMs) => {
        const existing = keep.get(kind)
        jobs.push(existing ?? { kind, intervalMs, timeoutMs, nextDueMs: now, running: false, failures: 0 })
      }
      add('gluster-info', this.intervals.glusterInfoMs)
      add('gluster-status', this.intervals.glusterStatusMs)
      add('heal-summary', this.intervals.healSummaryMs, this.healTimeoutMs)
    }
    this.jobs = jobs
  }

  snapshot(): FleetSnapshot {
    return { ...this.state, hosts: { ...this.state.hosts } }
  }

  start(): void {
    if (this.timer) return
    this.timer = setInterval(() => this.startDueJobs(), this.tickMs)
    this.startDueJobs()
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    await Promise.allSettled([...this.running])
  }

  /**
   * Polls Gluster again as soon as possible (after an action changed the volume): volume info,
   * status and heal counts are due now, unless already running.
   */
  requestGlusterRefresh(): void {
    const now = this.now()
    for (const job of this.jobs) if (job.kind !== 'host') job.nextDueMs = Math.min(job.nextDueMs, now)
    if (this.timer) this.startDueJobs()
  }

  /** Runs every job that is due now and waits for them: for tests and benchmarks. */
  async pollDue(): Promise<void> {
    this.startDueJobs()
    while (this.running.size > 0) await Promise.allSettled([...this.running])
  }

  private startDueJobs(): void {
    if (this.inFlight >= this.maxConcurrent) return
    const now = this.now()
    // The longest-waiting jobs first, so with more due work than slots no host is starved. Heal
    // info is expensive on a big backlog: it waits until the first volume info is known.
    const due = this.jobs
      .filter((job) => !job.running && job.nextDueMs <= now && !(job.kind === 'heal-summary' && this.glusterInfo === null))
      .sort((a, b) => a.nextDueMs - b.nextDueMs)
    for (const job of due) {
      if (this.inFlight >= this.maxConcurrent) return
      job.running = true
      this.inFlight++
      const run = this.runJob(job).finally(() => {
        job.running = false
        this.inFlight--
        this.running.delete(run)
        // A freed slot is refilled at once, not on the next tick: the tick alone caps throughput.
        if (this.timer) this.startDueJobs()
      })
      this.running.add(run)
    }
  }

  private async runJob(job: Job): Promise<void> {
    if (job.kind === 'host') return this.runHostJob(job)
    const startedMs = this.now()
    try {
      await this.execute(job)
      job.failures = 0
      job.nextDueMs = startedMs + job.intervalMs
    } catch (error) {
      job.failures++
      job.nextDueMs = startedMs + this.backoffMs(job.intervalMs, job.failures)
      this.recordFailure(job, (error as Error).message, this.now())
    }
  }

  private backoffMs(intervalMs: number, failures: number): number {
    return Math.min(intervalMs * 2 ** failures, Math.max(this.maxBackoffMs, intervalMs))
  }

  /** One request with every group of the host that is due; each group's answer is read (and fails) on its own. */
  private async runHostJob(job: HostJob): Promise<void> {
    const startedMs = this.now()
    const slackMs = Math.min(...job.groups.map((group) => group.intervalMs)) * BATCH_AHEAD_FRACTION
    const due = job.groups.filter((group) => group.nextDueMs <= startedMs + slackMs)
    const names = [...new Set(due.flatMap((group) => group.probes))]
    let outcomes: Map<string, CommandResult | Error>
    try {
      outcomes = await this.probe(job.host, names, job.timeoutMs)
    } catch (error) {
      outcomes = new Map(names.map((name) => [name, error as Error]))
    }
    // Node first: its vCPU counts fill in the VM facts of the same answer.
    for (const group of [...due].sort((a, b) => Number(b.key === 'node') - Number(a.key === 'node'))) {
      try {
        this.readGroup(job, group, outcomes)
        group.failures = 0
        group.nextDueMs = startedMs + group.intervalMs
      } catch (error) {
        group.failures++
        group.nextDueMs = startedMs + this.backoffMs(group.intervalMs, group.failures)
        const previous = this.state.hosts[job.host]?.[group.key] as Fact<unknown> | undefined
        this.emitHostFact(job.host, group.key, { value: previous?.value ?? null, atMs: previous?.atMs ?? null, intervalMs: group.intervalMs, error: { message: (error as Error).message, atMs: this.now() } } as Fact<never>)
      }
    }
    job.nextDueMs = earliestGroup(job)
  }

  private readGroup(job: HostJob, group: ProbeGroup, outcomes: Map<string, CommandResult | Error>): void {
    const host = job.host
    const texts = new Map<string, string>()
    for (const name of group.probes) {
      const outcome = outcomes.get(name)
      if (outcome === undefined) throw new Error(`${host}: no answer to the ${name} probe`)
      if (outcome instanceof Error) throw outcome
      if (outcome.exitCode !== 0) throw commandFailed(host, shellQuote(fleetProbes[name].argv), outcome)
      texts.set(name, outcome.stdout)
    }
    const atMs = this.now()
    switch (group.key) {
      case 'system': {
        const { facts, stat } = readSystemFacts(texts, this.lastStat.get(host) ?? null)
        // CPU % compares the aggregate line only: the per-CPU lines need not live until the next poll.
        this.lastStat.set(host, { ...stat, cpus: [] })
        this.emitHostFact(host, 'system', { value: facts, atMs, intervalMs: group.intervalMs })
        return
      }
      case 'node': {
        const facts = readNodeFacts(texts.get('nodeinfo') ?? '')
        this.vcpuCounts.set(host, readVcpuCounts(texts.get('vcpus') ?? ''))
        this.emitHostFact(host, 'node', { value: facts, atMs, intervalMs: group.intervalMs })
        return
      }
      case 'vms': {
        const counts = this.vcpuCounts.get(host)
        const vms = readVmFacts(texts.get('domstats') ?? '', this.lastVmCpu.get(host) ?? null, atMs, counts)
        this.lastVmCpu.set(host, { atMs, cpuTimeNs: new Map(vms.filter((vm) => vm.cpuTimeNs !== null).map((vm) => [vm.name, vm.cpuTimeNs as number])) })
        this.emitHostFact(host, 'vms', { value: vms, atMs, intervalMs: group.intervalMs })
        this.askVcpusOfNewVms(job, vms.filter((vm) => vm.vcpus === null).map((vm) => vm.name))
        return
      }
    }
  }

  /** A VM that arrived since the last slow poll (created, migrated in) gets its vCPU count on the next request. */
  private askVcpusOfNewVms(job: HostJob, names: readonly string[]): void {
    const asked = this.vcpuAsked.get(job.host) ?? new Set<string>()
    this.vcpuAsked.set(job.host, asked)
    const fresh = names.filter((name) => !asked.has(name))
    const node = job.groups.find((group) => group.key === 'node')
    if (fresh.length === 0 || !node || node.failures > 0) return
    for (const name of fresh) asked.add(name)
    node.nextDueMs = Math.min(node.nextDueMs, this.now())
    job.nextDueMs = earliestGroup(job)
  }

  private async probe(host: string, names: readonly FleetProbeName[], timeoutMs: number): Promise<Map<string, CommandResult | Error>> {
    if (this.runner.probe) return this.runner.probe(host, names, { timeoutMs })
    const results = await Promise.allSettled(names.map((name) => this.runner.run(host, shellQuote(fleetProbes[name].argv), { timeoutMs })))
    return new Map(names.map((name, index) => {
      const result = results[index] as PromiseSettledResult<CommandResult>
      return [name, result.status === 'fulfilled' ? result.value : (result.reason as Error)]
    }))
  }

  private async execute(job: ClusterJob): Promise<void> {
    switch (job.kind) {
      case 'gluster-info': {
        const { stdout } = await this.onAnyGlusterHost(shellQuote(volumeInfoCommand()), job.timeoutMs)
        this.glusterInfo = parseVolumeInfo(stdout)
        this.glusterInfoAtMs = this.now()
        return
      }
      case 'heal-summary': {
        // Heal info fails per volume (a volume whose bricks are all away): the others still count.
        const bricks: GlusterHealFacts['bricks'] = []
        const volumes: GlusterHealFacts['volumes'] = []
        const failures: string[] = []
        const started = (this.glusterInfo?.volumes ?? []).filter((volume) => volume.status === 'started')
        for (const volume of started) {
          try {
            const { stdout } = await this.onAnyGlusterHost(shellQuote(healSummaryCommand(volume.name)), job.timeoutMs)
            const volumeBricks = parseHealSummary(stdout).bricks.map((brick) => ({ ...brick, volume: volume.name }))
            bricks.push(...volumeBricks)
            volumes.push(volumeHealTotals(volume, volumeBricks))
          } catch (error) {
            failures.push(`${volume.name}: ${(error as Error).message}`)
          }
        }
        if (started.length > 0 && failures.length === started.length) throw new Error(`heal info failed for every volume: ${failures.join('; ')}`)
        const atMs = this.now()
        this.healFacts = { atMs, intervalMs: job.intervalMs, bricks, volumes }
        this.healError = failures.length > 0 ? { message: `heal info failed for ${failures.join('; ')}`, atMs } : undefined
        // The new counts show at once beside the status facts they did not change (whose time stays).
        const previous = this.state.gluster
        if (previous?.value) {
          const { healError: _old, ...value } = previous.value
          this.emit({ kind: 'gluster', fact: { ...previous, value: { ...value, heal: this.healFacts, ...(this.healError ? { healError: this.healError } : {}) } } })
        }
        return
      }
      case 'gluster-status': {
        if (this.glusterInfo === null) {
          const { stdout } = await this.onAnyGlusterHost(shellQuote(volumeInfoCommand()), job.timeoutMs)
          this.glusterInfo = parseVolumeInfo(stdout)
          this.glusterInfoAtMs = this.now()
        }
        const info = this.glusterInfo
        const { host, stdout } = await this.onAnyGlusterHost(shellQuote(volumeStatusDetailCommand()), job.timeoutMs)
        const status = parseVolumeStatus(stdout)
        let peers: GlusterPeerList | undefined
        let peersError: { message: string; atMs: number } | undefined
        try {
          peers = parsePeerStatus((await this.onAnyGlusterHost(shellQuote(peerStatusCommand()), job.timeoutMs, host)).stdout)
        } catch (error) {
          peersError = { message: (error as Error).message, atMs: this.now() }
        }
        const heal = this.healFacts
        const facts: GlusterFacts = {
          queriedHost: host,
          volumes: assessVolumes(info, status, { ...(heal ? { heal: { bricks: heal.bricks } } : {}), ...(peers ? { peers } : {}) }),
          bricks: status.volumes.flatMap((volume) =>
            volume.bricks.map((brick) => ({
              volume: volume.name,
              host: brick.host,
              path: brick.path,
              online: brick.online,
              sizeTotalBytes: brick.sizeTotalBytes,
              sizeFreeBytes: brick.sizeFreeBytes,
              pid: brick.pid,
              port: brick.port,
              inodesTotal: brick.inodesTotal,
              inodesFree: brick.inodesFree
            }))
          ),
          volumeInfo: info.volumes.map((volume) => ({
            name: volume.name,
            type: volume.type,
            typeStr: volume.typeStr,
            status: volume.status,
            brickCount: volume.brickCount,
            replicaCount: volume.replicaCount,
            arbiterCount: volume.arbiterCount,
            disperseCount: volume.disperseCount,
            redundancyCount: volume.redundancyCount,
            distCount: volume.distCount,
            bricks: volume.bricks.map((brick) => ({ host: brick.host, path: brick.path, isArbiter: brick.isArbiter }))
          })),
          infoAtMs: this.glusterInfoAtMs,
          daemons: status.volumes.flatMap((volume) => volume.daemons.map((daemon) => ({ volume: volume.name, name: daemon.name, host: daemon.host, online: daemon.online, pid: daemon.pid }))),
          heal,
          ...(this.healError ? { healError: this.healError } : {}),
          peers: peers ? peers.peers.map((peer) => ({ uuid: peer.uuid, hostname: peer.hostname, connected: peer.connected, state: peer.state })) : null,
          ...(peersError ? { peersError } : {})
        }
        this.emit({ kind: 'gluster', fact: { value: facts, atMs: this.now(), intervalMs: job.intervalMs } })
        return
      }
    }
  }

  private glusterHosts(): string[] {
    return this.hosts.filter((h) => h.roles.includes('gluster')).map((h) => h.name)
  }

  /**
   * Runs a Gluster query on `first`, else on the node that answered last, else in inventory order,
   * moving on while nodes fail: a node that is down costs one failed attempt, not one per poll.
   */
  private async onAnyGlusterHost(command: string, timeoutMs: number, first?: string): Promise<{ host: string; stdout: string }> {
    const hosts = this.glusterHosts()
    const preferred = first ?? this.lastGlusterHost
    const order = preferred !== null && hosts.includes(preferred) ? [preferred, ...hosts.filter((h) => h !== preferred)] : hosts
    const failures: string[] = []
    for (const host of order) {
      try {
        const stdout = await this.run(host, command, timeoutMs)
        this.lastGlusterHost = host
        return { host, stdout }
      } catch (error) {
        failures.push((error as Error).message)
      }
    }
    throw new Error(`no Gluster node answered: ${failures.join('; ')}`)
  }

  private async run(host: string, command: string, timeoutMs: number): Promise<string> {
    const result = await this.runner.run(host, command, { timeoutMs })
    if (result.exitCode !== 0) throw commandFailed(host, command, result)
    return result.stdout
  }

  private recordFailure(job: ClusterJob, message: string, atMs: number): void {
    const error = { message, atMs }
    if (job.kind === 'heal-summary') {
      // Status still answers: the heal failure rides beside the last counts instead of hiding the whole fact.
      this.healError = error
      const previous = this.state.gluster
      if (previous?.value) this.emit({ kind: 'gluster', fact: { ...previous, value: { ...previous.value, healError: error } } })
      return
    }
    const previous = this.state.gluster
    this.emit({ kind: 'gluster', fact: { value: previous?.value ?? null, atMs: previous?.atMs ?? null, intervalMs: this.intervals.glusterStatusMs, error } })
  }

  private emitHostFact(host: string, key: 'system', fact: Fact<SystemFacts>): void
  private emitHostFact(host: string, key: 'node', fact: Fact<NodeFacts>): void
  private emitHostFact(host: string, key: 'vms', fact: Fact<VmFacts[]>): void
  private emitHostFact(host: string, key: 'system' | 'node' | 'vms', fact: Fact<never>): void
  private emitHostFact(host: string, key: 'system' | 'node' | 'vms', fact: Fact<never>): void {
    this.emit({ kind: 'host', host, key, fact } as FleetDelta)
  }

  private emit(delta: FleetDelta): void {
    // In place: copying the whole host map per delta costs O(hosts²) per round on a big fleet.
    if (delta.kind === 'host') this.state.hosts[delta.host] = { ...(this.state.hosts[delta.host] ?? { host: delta.host }), [delta.key]: delta.fact }
    else this.state = applyFleetDelta(this.state, delta)
    this.onDelta(delta)
  }
}
