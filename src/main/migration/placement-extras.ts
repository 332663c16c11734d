// What the pre-checks need beyond the poller's facts, read slowly and on demand: each domain's XML
// (CPU mode and model, disk sources) when the VM first shows up on a host and every few minutes
// after, and per hypervisor its mount table and libvirt's name for its CPU. Only hosts whose
// libvirt already answered the poller are asked, so an unreachable host is not hammered.
import type { HostPlacementExtras } from '../../shared/api-parts/vms-api'
import { factFreshness, type FleetSnapshot } from '../../shared/fleet'
import { parseVirshDumpxml, virshDumpxmlCommand } from '../probes/libvirt'
import { execText, type HostExec } from './host-exec'
import { parseHostCpuModel, virshCapabilitiesCommand } from './host-cpu-model'
import { parseProcMounts, procMountsCommand } from './proc-mounts'

export interface PlacementExtrasOptions {
  exec: HostExec
  snapshot(): FleetSnapshot
  now(): number
  /** Called after changes, at most once per flushDelayMs. */
  onChange(): void
  flushDelayMs?: number
  /** libvirt's URI on the hosts when virsh's default is not it. */
  connectUri?: () => string | undefined
  domainRefreshMs?: number
  hostRefreshMs?: number
  /** A failed read is tried again after this long. */
  retryMs?: number
  tickMs?: number
  maxConcurrent?: number
  timeoutMs?: number
}

type TaskKey = string

const emptyExtras = (host: string): HostPlacementExtras => ({ host, cpuModel: null, cpuModelAtMs: null, mounts: null, mountsAtMs: null, domains: {}, domainErrors: {} })

export class PlacementExtrasCollector {
  private readonly hosts = new Map<string, HostPlacementExtras>()
  private readonly dueMs = new Map<TaskKey, number>()
  private readonly running = new Map<TaskKey, Promise<void>>()
  private timer: ReturnType<typeof setInterval> | null = null
  private flushTimer: ReturnType<typeof setTimeout> | null = null
  private changed = false
  private readonly domainRefreshMs: number
  private readonly hostRefreshMs: number
  private readonly retryMs: number
  private readonly tickMs: number
  private readonly maxConcurrent: number
  private readonly timeoutMs: number

  constructor(private readonly options: PlacementExtrasOptions) {
    this.domainRefreshMs = options.domainRefreshMs ?? 5 * 60_000
    this.hostRefreshMs = options.hostRefreshMs ?? 5 * 60_000
    this.retryMs = options.retryMs ?? 60_000
    this.tickMs = options.tickMs ?? 2_000
    this.maxConcurrent = options.maxConcurrent ?? 2
    this.timeoutMs = options.timeoutMs ?? 15_000
  }

  /** The hypervisors to read; others are forgotten. */
  setHosts(names: readonly string[]): void {
    const wanted = new Set(names)
    for (const name of [...this.hosts.keys()]) if (!wanted.has(name)) this.hosts.delete(name)
    for (const name of names) if (!this.hosts.has(name)) this.hosts.set(name, emptyExtras(name))
  }

  start(): void {
    if (this.timer !== null) return
    this.timer = setInterval(() => this.tick(), this.tickMs)
    this.tick()
  }

  async stop(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer)
    this.timer = null
    await Promise.allSettled([...this.running.values()])
    if (this.flushTimer !== null) clearTimeout(this.flushTimer)
    this.flushTimer = null
  }

  extras(): Record<string, HostPlacementExtras> {
    return Object.fromEntries(this.hosts)
  }

  /** Reads everything of one host (or all) now, whatever is due, and waits for it. */
  async refresh(host?: string): Promise<void> {
    const names = host === undefined ? [...this.hosts.keys()] : [host]
    const work: Promise<void>[] = []
    for (const name of names) {
      if (!this.hosts.has(name)) continue
      for (const key of this.tasksOf(name)) work.push(this.running.get(key) ?? this.run(key))
    }
    await Promise.allSettled(work)
    this.flush()
  }

  /** Runs every due read to the end without the timer: for tests, which drive time themselves. */
  async pollDue(): Promise<void> {
    const nowMs = this.options.now()
    const snapshot = this.options.snapshot()
    this.tick()
    const work: Promise<void>[] = []
    for (const name of this.hosts.keys()) {
      if (factFreshness(snapshot.hosts[name]?.vms, nowMs) !== 'fresh') continue
      for (const key of this.tasksOf(name)) if (!this.running.has(key) && (this.dueMs.get(key) ?? 0) <= nowMs) work.push(this.run(key))
    }
    await Promise.allSettled([...work, ...this.running.values()])
    this.flush()
  }

  private tasksOf(host: string): TaskKey[] {
    const vms = this.options.snapshot().hosts[host]?.vms?.value ?? []
    return [`caps\u0000${host}`, `mounts\u0000${host}`, ...vms.map((vm) => `dom\u0000${host}\u0000${vm.name}`)]
  }

  private tick(): void {
    const snapshot = this.options.snapshot()
    for (const [name, extras] of this.hosts) {
      const vmsFact = snapshot.hosts[name]?.vms
      // Domains that left the host (migrated, undefined) drop out of its map.
      if (vmsFact?.value) {
        const present = new Set(vmsFact.value.map((vm) => vm.name))
        for (const vm of Object.keys(extras.domains)) if (!present.has(vm)) this.forgetDomain(name, vm)
        for (const vm of Object.keys(extras.domainErrors)) if (!present.has(vm)) this.forgetDomain(name, vm)
      }
    }
    this.pump()
    this.scheduleFlush()
  }

  /** Starts due reads up to the concurrency limit; each finished read starts the next one. */
  private pump(): void {
    if (this.timer === null) return
    const nowMs = this.options.now()
    const snapshot = this.options.snapshot()
    for (const name of this.hosts.keys()) {
      if (factFreshness(snapshot.hosts[name]?.vms, nowMs) !== 'fresh') continue
      for (const key of this.tasksOf(name)) {
        if (this.running.size >= this.maxConcurrent) return
        if (this.running.has(key) || (this.dueMs.get(key) ?? 0) > nowMs) continue
        void this.run(key)
      }
    }
  }

  private scheduleFlush(): void {
    if (!this.changed || this.flushTimer !== null) return
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null
      this.flush()
    }, this.options.flushDelayMs ?? 300)
  }

  private forgetDomain(host: string, vm: string): void {
    const extras = this.hosts.get(host)
    if (!extras) return
    const { [vm]: _spec, ...domains } = extras.domains
    const { [vm]: _error, ...domainErrors } = extras.domainErrors
    this.hosts.set(host, { ...extras, domains, domainErrors })
    this.dueMs.delete(`dom\u0000${host}\u0000${vm}`)
    this.changed = true
  }

  private flush(): void {
    if (!this.changed) return
    this.changed = false
    this.options.onChange()
  }

  private run(key: TaskKey): Promise<void> {
    const [kind, host = '', vm = ''] = key.split('\u0000')
    const task = this.execute(kind as 'caps' | 'mounts' | 'dom', host, vm).finally(() => {
      this.running.delete(key)
      this.pump()
      this.scheduleFlush()
    })
    this.running.set(key, task)
    return task
  }

  private async execute(kind: 'caps' | 'mounts' | 'dom', host: string, vm: string): Promise<void> {
    const key = kind === 'dom' ? `dom\u0000${host}\u0000${vm}` : `${kind}\u0000${host}`
    const connectUri = this.options.connectUri?.()
    let ok = false
    try {
      if (kind === 'caps') {
        const cpuModel = parseHostCpuModel(await execText(this.options.exec, host, virshCapabilitiesCommand(connectUri), this.timeoutMs))
        this.update(host, (e) => ({ ...withoutKey(e, 'cpuModelError'), cpuModel, cpuModelAtMs: this.options.now() }))
      } else if (kind === 'mounts') {
        const mounts = parseProcMounts(await execText(this.options.exec, host, procMountsCommand, this.timeoutMs))
        this.update(host, (e) => ({ ...withoutKey(e, 'mountsError'), mounts, mountsAtMs: this.options.now() }))
      } else {
        const xml = parseVirshDumpxml(await execText(this.options.exec, host, virshDumpxmlCommand(vm, connectUri), this.timeoutMs))
        const spec = { cpu: xml.cpu, disks: xml.disks.map((d) => ({ device: d.device, type: d.type, target: d.target, source: d.source })), atMs: this.options.now() }
        this.update(host, (e) => {
          const { [vm]: _gone, ...domainErrors } = e.domainErrors
          return { ...e, domains: { ...e.domains, [vm]: spec }, domainErrors }
        })
      }
      ok = true
    } catch (error) {
      const message = (error as Error).message
      if (kind === 'caps') this.update(host, (e) => ({ ...e, cpuModelError: message }))
      else if (kind === 'mounts') this.update(host, (e) => ({ ...e, mountsError: message }))
      else this.update(host, (e) => ({ ...e, domainErrors: { ...e.domainErrors, [vm]: message } }))
    }
    const interval = !ok ? this.retryMs : kind === 'dom' ? this.domainRefreshMs : this.hostRefreshMs
    this.dueMs.set(key, this.options.now() + interval)
  }

  private update(host: string, change: (extras: HostPlacementExtras) => HostPlacementExtras): void {
    const current = this.hosts.get(host)
    // The host left the site while its read was under way.
    if (current === undefined) return
    this.hosts.set(host, change(current))
    this.changed = true
  }
}

function withoutKey<T extends object, K extends keyof T>(value: T, key: K): Omit<T, K> {
  const { [key]: _dropped, ...rest } = value
  return rest
}
