// Child process of the fleet benchmark: one measured subject in a fresh process, so no run's
// heap or connections carry into the next. Polls the demo fleet either with Rackside's own stack
// (FleetService: SshPool + FleetPoller, events serialised as the web transport does) or with the
// bare ssh2 floor, waits until every host has answered once, then measures a window.
// usage: node --import tsx bench/lib/fleet-subject.ts --mode rackside|floor --fleet FILE --data-dir DIR
//          --seconds N [--warmup-timeout N] [--settle N] [--max-concurrent N] [--sink json|none] [--cpu-prof FILE]
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import type { ApiEvents, EventTopic } from '../../src/shared/api'
import { EventHub } from '../../src/main/event-hub'
import { FleetService, type DemoEndpoint } from '../../src/main/fleet/fleet-service'
import { sendToParent } from './bench-child'
import { benchSite, loadDemoSite, type BenchFleetHost } from './bench-site'
import { CpuProfile, type ProfileSummary } from './cpu-profile'
import { FloorPoller } from './floor-poller'
import { ProcessSampler, type ProcessWindow } from './process-sampler'
import { median } from './stats'

export type SubjectMode = 'rackside' | 'floor'

/** What the fleet file handed to a subject holds. */
export interface FleetFile {
  hosts: BenchFleetHost[]
  clientKeyFile: string
}

export interface SubjectResult {
  kind: 'result'
  mode: SubjectMode
  hosts: number
  /** RSS once the code is loaded, before any connection (tsx's loader included). */
  baselineRssMB: number
  /** Seconds from start until every host had answered its 5-second probes once. */
  warmupSeconds: number
  hostsAnsweredInWarmup: number
  window: ProcessWindow
  /** Heap still reachable after a forced full GC at the end of the window (the rest was garbage). */
  liveHeapMB: number
  /** Successful 5-second polls (system batch) per host in the window: median, min, max. */
  pollsPerHost: { total: number; median: number; min: number; max: number }
  /** Hosts without one successful poll in the window (starved or failing). */
  hostsWithoutPoll: number
  /** Median time between two successful polls of a host; oldest fact at the end among polled hosts. */
  medianPeriodSeconds: number
  oldestFactAgeSeconds: number
  /** Exec channels opened in the window (a probe session holds one for good), and probe requests sent. */
  channelsOpened: number
  requests: number
  /** Hosts whose last probe request went over a probe session (the rest fell back to execs). */
  hostsOnProbeSessions: number
  glusterPolls: number
  errors: { total: number; top: [string, number][] }
  events: { count: number; bytes: number }
  hostsNotConnectedAtEnd: number
  profile?: ProfileSummary
}

export type SubjectMessage = { kind: 'measure-start' } | SubjectResult

const POLL_INTERVAL_MS = 5000

function parse() {
  const { values } = parseArgs({
    options: {
      mode: { type: 'string' },
      fleet: { type: 'string' },
      'data-dir': { type: 'string' },
      seconds: { type: 'string', default: '60' },
      'warmup-timeout': { type: 'string', default: '180' },
      settle: { type: 'string', default: '10' },
      'max-concurrent': { type: 'string' },
      sink: { type: 'string', default: 'json' },
      'cpu-prof': { type: 'string' }
    }
  })
  const mode = values.mode
  if (mode !== 'rackside' && mode !== 'floor') throw new Error(`--mode must be rackside or floor, got ${mode}`)
  if (!values.fleet || !values['data-dir']) throw new Error('--fleet and --data-dir are required')
  if (values.sink !== 'json' && values.sink !== 'none') throw new Error(`--sink must be json or none, got ${values.sink}`)
  const maxConcurrent = values['max-concurrent'] === undefined ? undefined : Number(values['max-concurrent'])
  return {
    mode: mode as SubjectMode,
    fleet: JSON.parse(readFileSync(values.fleet, 'utf8')) as FleetFile,
    dataDir: values['data-dir'],
    seconds: Number(values.seconds),
    warmupTimeoutSeconds: Number(values['warmup-timeout']),
    settleSeconds: Number(values.settle),
    maxConcurrent,
    serialise: values.sink === 'json',
    cpuProfileFile: values['cpu-prof'],
    baselineRssMB: process.memoryUsage.rss() / 1_000_000
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

function topErrors(errors: Map<string, number>): { total: number; top: [string, number][] } {
  const total = [...errors.values()].reduce((sum, n) => sum + n, 0)
  return { total, top: [...errors.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5) }
}

function pollSpread(hosts: readonly BenchFleetHost[], polls: ReadonlyMap<string, number>): SubjectResult['pollsPerHost'] {
  const counts = hosts.map((h) => polls.get(h.name) ?? 0)
  return { total: counts.reduce((sum, n) => sum + n, 0), median: median(counts), min: Math.min(...counts), max: Math.max(...counts) }
}

/** Age of the stalest answer among hosts that answered at all (never-polled hosts are counted apart). */
function oldestAgeSeconds(lastAtMs: ReadonlyMap<string, number>, endMs: number): number {
  return lastAtMs.size === 0 ? Number.NaN : Math.max(...[...lastAtMs.values()].map((atMs) => endMs - atMs)) / 1000
}

/** What Rackside's events say about the window: polls, their spacing, failures, event volume. */
class RacksideTally {
  polls = new Map<string, number>()
  lastSystemAtMs = new Map<string, number>()
  periodsMs: number[] = []
  answered = new Set<string>()
  glusterPolls = 0
  errors = new Map<string, number>()
  events = 0
  bytes = 0
  connected = new Set<string>()

  reset(): void {
    this.polls = new Map()
    this.periodsMs = []
    this.glusterPolls = 0
    this.errors = new Map()
    this.events = 0
    this.bytes = 0
  }

  take<T extends EventTopic>(topic: T, payload: ApiEvents[T], bytes: number): void {
    this.events++
    this.bytes += bytes
    if (topic === 'host.state') {
      const state = payload as ApiEvents['host.state']
      if (state.status === 'connected') this.connected.add(state.host)
      else this.connected.delete(state.host)
      return
    }
    if (topic !== 'fleet.delta') return
    const delta = payload as ApiEvents['fleet.delta']
    if (delta.kind === 'host-removed') return
    const error = delta.fact.error
    if (error) {
      // Host names vary; the message after them is what repeats.
      const key = `${delta.kind === 'host' ? delta.key : 'gluster'}: ${error.message.replace(/^[\w.-]+: /, '')}`
      this.errors.set(key, (this.errors.get(key) ?? 0) + 1)
      return
    }
    if (delta.kind === 'gluster') {
      this.glusterPolls++
      return
    }
    if (delta.key !== 'system' || delta.fact.atMs === null) return
    this.answered.add(delta.host)
    this.polls.set(delta.host, (this.polls.get(delta.host) ?? 0) + 1)
    const previous = this.lastSystemAtMs.get(delta.host)
    if (previous !== undefined) this.periodsMs.push(delta.fact.atMs - previous)
    this.lastSystemAtMs.set(delta.host, delta.fact.atMs)
  }
}

async function waitFor(condition: () => boolean, timeoutSeconds: number): Promise<number> {
  const started = performance.now()
  while (!condition() && performance.now() - started < timeoutSeconds * 1000) await sleep(250)
  return (performance.now() - started) / 1000
}

async function measureWindow(seconds: number, profileFile: string | undefined): Promise<{ window: ProcessWindow; liveHeapMB: number; profile?: ProfileSummary }> {
  const profiler = profileFile ? new CpuProfile() : null
  await profiler?.start()
  const sampler = new ProcessSampler()
  await sleep(seconds * 1000)
  const window = sampler.stop()
  const profile = profiler && profileFile ? await profiler.stop(profileFile) : undefined
  return { window, liveHeapMB: measureLiveHeapMB(), ...(profile ? { profile } : {}) }
}

/** heapUsed right after a full GC; NaN unless the process runs with --expose-gc. */
function measureLiveHeapMB(): number {
  const gc = (globalThis as { gc?: () => void }).gc
  if (gc === undefined) return Number.NaN
  gc()
  return process.memoryUsage().heapUsed / 1_000_000
}

async function runRackside(options: ReturnType<typeof parse>): Promise<SubjectResult> {
  const { fleet } = options
  const site = benchSite(loadDemoSite(), fleet.hosts)
  const endpoints = new Map<string, DemoEndpoint>(
    fleet.hosts.map((h) => [h.name, { address: h.address, port: h.port, identityFile: fleet.clientKeyFile, knownHostsLine: `[${h.address}]:${h.port} ${h.hostPublicKey}` }])
  )
  const tally = new RacksideTally()
  const events = new EventHub()
  events.attach((topic, payload) => tally.take(topic, payload, options.serialise ? JSON.stringify({ event: topic, payload }).length : 0))
  const service = new FleetService({
    dataDir: options.dataDir,
    events,
    auth: { agentSocket: null, homeDir: options.dataDir },
    userKnownHostsPaths: [],
    ...(options.maxConcurrent === undefined ? {} : { poller: { maxConcurrent: options.maxConcurrent } })
  })
  await service.applySite(site, endpoints)
  service.start()

  const warmupSeconds = await waitFor(() => tally.answered.size === fleet.hosts.length, options.warmupTimeoutSeconds)
  const hostsAnsweredInWarmup = tally.answered.size
  await sleep(options.settleSeconds * 1000)

  const channelsOf = () => fleet.hosts.reduce((sum, h) => sum + service.pool.stats(h.name).execsStarted + service.pool.stats(h.name).probeSessionsStarted, 0)
  const requestsOf = () => fleet.hosts.reduce((sum, h) => sum + service.pool.stats(h.name).probeRequests, 0)
  tally.reset()
  const channelsBefore = channelsOf()
  const requestsBefore = requestsOf()
  sendToParent({ kind: 'measure-start' } satisfies SubjectMessage)
  const { window, liveHeapMB, profile } = await measureWindow(options.seconds, options.cpuProfileFile)
  const endMs = Date.now()
  const channelsOpened = channelsOf() - channelsBefore
  const requests = requestsOf() - requestsBefore
  const sessionHosts = fleet.hosts.filter((h) => service.pool.stats(h.name).probeMode === 'session').length
  const result: SubjectResult = {
    kind: 'result',
    mode: 'rackside',
    hosts: fleet.hosts.length,
    baselineRssMB: options.baselineRssMB,
    warmupSeconds,
    hostsAnsweredInWarmup,
    window,
    liveHeapMB,
    pollsPerHost: pollSpread(fleet.hosts, tally.polls),
    hostsWithoutPoll: fleet.hosts.filter((h) => !tally.polls.has(h.name)).length,
    medianPeriodSeconds: median(tally.periodsMs) / 1000,
    oldestFactAgeSeconds: oldestAgeSeconds(tally.lastSystemAtMs, endMs),
    channelsOpened,
    requests,
    hostsOnProbeSessions: sessionHosts,
    glusterPolls: tally.glusterPolls,
    errors: topErrors(tally.errors),
    events: { count: tally.events, bytes: tally.bytes },
    hostsNotConnectedAtEnd: fleet.hosts.filter((h) => !tally.connected.has(h.name)).length,
    ...(profile ? { profile } : {})
  }
  await service.close()
  return result
}

async function runFloor(options: ReturnType<typeof parse>): Promise<SubjectResult> {
  const { fleet } = options
  const floor = new FloorPoller(fleet.hosts, fleet.clientKeyFile, POLL_INTERVAL_MS)
  const started = performance.now()
  await floor.start()
  await waitFor(() => floor.counts.polls.size === fleet.hosts.length, options.warmupTimeoutSeconds)
  const warmupSeconds = (performance.now() - started) / 1000
  const hostsAnsweredInWarmup = floor.counts.polls.size
  await sleep(options.settleSeconds * 1000)

  floor.resetCounts()
  sendToParent({ kind: 'measure-start' } satisfies SubjectMessage)
  const { window, liveHeapMB, profile } = await measureWindow(options.seconds, options.cpuProfileFile)
  const counts = floor.resetCounts()
  const endMs = Date.now()
  floor.stop()
  return {
    kind: 'result',
    mode: 'floor',
    hosts: fleet.hosts.length,
    baselineRssMB: options.baselineRssMB,
    warmupSeconds,
    hostsAnsweredInWarmup,
    window,
    liveHeapMB,
    pollsPerHost: pollSpread(fleet.hosts, counts.polls),
    hostsWithoutPoll: fleet.hosts.filter((h) => !counts.polls.has(h.name)).length,
    medianPeriodSeconds: median(counts.periodsMs) / 1000,
    oldestFactAgeSeconds: oldestAgeSeconds(floor.lastPollAtMs, endMs),
    channelsOpened: 0,
    requests: counts.requests,
    hostsOnProbeSessions: fleet.hosts.length,
    glusterPolls: 0,
    errors: topErrors(counts.errors),
    events: { count: 0, bytes: counts.outputBytes },
    hostsNotConnectedAtEnd: Number.NaN,
    ...(profile ? { profile } : {})
  }
}

async function main(): Promise<void> {
  const options = parse()
  const result = options.mode === 'rackside' ? await runRackside(options) : await runFloor(options)
  sendToParent(result)
  process.exit(0)
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
