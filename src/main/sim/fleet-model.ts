// The demo fleet as one stateful model: hosts built from the site (plus generated Atom
// hypervisors when asked for more), their VMs, the Gluster volume, the mail server and the
// running migrations, all read through one clock. The failure-injection methods here are
// what the app's demo panel and the tests use to break things on purpose.
import { EventEmitter } from 'node:events'
import type { DeviceModel, HostRole, Site } from '../../shared/model'
import { DEMO_VMS, VM_PROFILES, generatedProfile, generatedVmSpecs, type VmSpec } from './demo-vms'
import { GlusterModel, type Brick } from './gluster-model'
import { HostMetrics, type HostActivity } from './host-metrics'
import { HypervisorModel } from './hypervisor-model'
import { MailModel, type MailScenario } from './mail-model'
import { MigrationModel, type MigrationFailurePlan } from './migration-model'
import { intHash, unitHash, uuidHash } from './seeded-random'

export type Reachability = 'up' | 'refuse' | 'hang'

export interface SimHardware {
  cpus: number
  mhz: number
  sockets: number
  coresPerSocket: number
  threadsPerCore: number
  memTotalKiB: number
  cpuModelName: string
}

export interface SimHost {
  name: string
  index: number
  roles: HostRole[]
  /** The host's address on the demo's private network (shown in ss, logs, bricks). */
  ipAddress: string
  hardware: SimHardware
  bootMs: number
  /** True for hosts added beyond the site by `--hosts N`. */
  generated: boolean
  metrics: HostMetrics
  hypervisor: HypervisorModel | null
  mail: MailModel | null
  isGlusterNode: boolean
  reachability: Reachability
  /** Extra delay before every command's answer. */
  slowMs: number
}

export interface FleetOptions {
  site: Site
  /** Total number of hosts: fewer takes the first N of the site, more adds generated Atom hypervisors. */
  hosts?: number
  clock?: () => number
  seed?: string | number
  /** Local time zone of the demo hosts (daily patterns, log timestamps); defaults to this machine's. */
  utcOffsetMinutes?: number
  /** Transfer time of a live migration per GiB of guest memory (default 1 s). */
  migrationSecondsPerGiB?: number
  /** Installs fail2ban (jails dovecot, postfix-sasl, sshd) on the mail servers; off by default. */
  mailFail2ban?: boolean
}

export interface FleetStatus {
  hosts: { name: string; reachability: Reachability; slowMs: number; roles: HostRole[]; vms: string[] }[]
  /** healPending: files written while the brick was away and not yet healed onto it. */
  bricks: { host: string; path: string; online: boolean; killed: boolean; healPending: number }[]
  mailScenario: { host: string; scenario: MailScenario }[]
  migrations: { id: string; vm: string; source: string; target: string; status: string; fraction: number }[]
}

const ATOM_DEFAULT = { cores: 4, ghz: 2.4, ramGiB: 16, name: 'Atom C2550 1U' }

export class FleetModel extends EventEmitter {
  readonly hosts: SimHost[]
  readonly gluster: GlusterModel | null
  readonly migrations: MigrationModel
  readonly seed: string
  readonly startMs: number
  readonly utcOffsetMinutes: number
  private readonly clock: () => number
  private readonly byName = new Map<string, SimHost>()

  constructor(options: FleetOptions) {
    super()
    this.clock = options.clock ?? Date.now
    this.seed = String(options.seed ?? 'rackside-demo')
    this.startMs = this.clock()
    this.utcOffsetMinutes = options.utcOffsetMinutes ?? -new Date(this.startMs).getTimezoneOffset()
    this.hosts = []
    const specs = hostSpecs(options.site, options.hosts)
    const demoPlacement = DEMO_VMS.some((vm) => specs.some((s) => !s.generated && s.name === vm.host))
    for (const spec of specs) this.addHost(spec, demoPlacement, options.mailFail2ban ?? false)

    const glusterHosts = this.hosts.filter((h) => h.isGlusterNode).map((h) => h.name)
    const images = this.hosts.flatMap((h) =>
      (h.hypervisor?.list() ?? []).flatMap((d) => d.disks.map((disk) => ({ path: `/${disk.path.split('/').pop() ?? ''}`, allocationBytes: disk.allocationBytes })))
    )
    this.gluster = glusterHosts.length > 0 ? new GlusterModel(glusterHosts, images, this.seed, this.startMs, (host) => this.byName.get(host)?.reachability === 'up') : null
    this.migrations = new MigrationModel(
      (host) => this.byName.get(host)?.hypervisor ?? undefined,
      (host, atMs) => this.byName.get(host)?.metrics.advanceTo(atMs),
      { secondsPerGiB: options.migrationSecondsPerGiB ?? 1, setupMs: 300 },
      (host) => this.hostUuid(host),
      this.seed
    )
  }

  /** The model's current time; finishes any migration that has run its course first. */
  now(): number {
    const t = this.clock()
    this.migrations.settle(t)
    return t
  }

  host(name: string): SimHost | undefined {
    return this.byName.get(name)
  }

  hostUuid(name: string): string {
    return uuidHash(this.seed, 'host', name)
  }

  /** Which hypervisor runs each VM right now (paused migration targets excluded). */
  vmLocations(): Map<string, string> {
    this.now()
    const out = new Map<string, string>()
    for (const host of this.hosts) {
      for (const domain of host.hypervisor?.list() ?? []) if (domain.state === 'running') out.set(domain.spec.name, host.name)
    }
    return out
  }

  // ---- failure injection -------------------------------------------------------------

  /** Kills a brick process (glusterfsd) on a host; its heal backlog starts to build. */
  killBrick(host: string, brickPath?: string): Brick {
    if (!this.gluster) throw new FleetError('no-gluster', 'the demo fleet has no Gluster nodes')
    const result = this.gluster.killBrick(host, this.now(), brickPath)
    if (typeof result === 'string') throw new FleetError('not-found', result)
    this.emit('changed')
    return result
  }

  /** Restarts killed bricks, as `gluster volume start vmstore force` does. */
  restartBricks(): Brick[] {
    if (!this.gluster) throw new FleetError('no-gluster', 'the demo fleet has no Gluster nodes')
    const restarted = this.gluster.startForce(this.now())
    this.emit('changed')
    return restarted
  }

  /**
   * Cuts a host off: its SSH port refuses connections ('refuse') or accepts and never answers
   * ('hang'); its Gluster peers see it disconnected.
   */
  cutHost(name: string, mode: Exclude<Reachability, 'up'> = 'refuse'): void {
    this.setReachability(this.requireHost(name), mode)
  }

  restoreHost(name: string): void {
    this.setReachability(this.requireHost(name), 'up')
  }

  /** Delays every answer of a host by `delayMs` (0 restores normal speed). */
  slowHost(name: string, delayMs: number): void {
    if (!Number.isFinite(delayMs) || delayMs < 0) throw new FleetError('invalid', `delay must be 0 or more milliseconds, got ${delayMs}`)
    this.requireHost(name).slowMs = delayMs
    this.emit('changed')
  }

  /** Switches the mail server's load scenario (the first mail host unless one is named). */
  setMailScenario(scenario: MailScenario, hostName?: string): void {
    const host = hostName ? this.requireHost(hostName) : this.hosts.find((h) => h.mail)
    if (!host?.mail) throw new FleetError('not-found', hostName ? `${hostName} is not a mail server` : 'the demo fleet has no mail server')
    const now = this.now()
    host.metrics.advanceTo(now)
    host.mail.setScenario(scenario, now)
    this.emit('changed')
  }

  /** Makes the next matching live migration fail (refused by the target, or cut midway). */
  planMigrationFailure(plan: MigrationFailurePlan): void {
    this.migrations.planFailure(plan)
  }

  status(): FleetStatus {
    const now = this.now()
    return {
      hosts: this.hosts.map((h) => ({
        name: h.name,
        reachability: h.reachability,
        slowMs: h.slowMs,
        roles: h.roles,
        vms: (h.hypervisor?.list() ?? []).filter((d) => d.state === 'running').map((d) => d.spec.name)
      })),
      bricks: (this.gluster?.bricks ?? []).map((b) => ({
        host: b.host,
        path: b.path,
        online: this.gluster?.isOnline(b) ?? false,
        killed: b.killed,
        // Entries still to be healed onto this brick (its backlog from being away).
        healPending: this.gluster?.pendingFor(b, now).length ?? 0
      })),
      mailScenario: this.hosts.flatMap((h) => (h.mail ? [{ host: h.name, scenario: h.mail.scenarioAt(now) }] : [])),
      migrations: this.migrations.all().map((m) => ({ id: m.id, vm: m.vm, source: m.source, target: m.target, status: m.status, fraction: this.migrations.progress(m, now).fraction }))
    }
  }

  private requireHost(name: string): SimHost {
    const host = this.byName.get(name)
    if (!host) throw new FleetError('not-found', `no demo host named ${name}`)
    return host
  }

  private setReachability(host: SimHost, reachability: Reachability): void {
    const wasUp = host.reachability === 'up'
    host.reachability = reachability
    const isUp = reachability === 'up'
    if (wasUp !== isUp && host.isGlusterNode) this.gluster?.reachabilityChanged(host.name, isUp, this.now())
    if (!isUp) this.migrations.interrupt(host.name, this.now())
    this.emit('reachability', host.name, reachability)
    this.emit('changed')
  }

  private addHost(spec: HostSpec, demoPlacement: boolean, mailFail2ban: boolean): void {
    const seed = `${this.seed}/${spec.name}`
    const bootMs = this.startMs - intHash(3, 90, seed, 'uptime-days') * 86_400_000 - intHash(0, 86_399, seed, 'uptime-s') * 1000
    const hardware = hardwareFor(spec.model)
    const isHypervisor = spec.roles.includes('hypervisor')
    const hypervisor = isHypervisor ? new HypervisorModel(spec.name, hardware.cpus, hardware.memTotalKiB, this.seed) : null
    const ipAddress = `10.20.${Math.floor(spec.index / 250)}.${(spec.index % 250) + 4}`
    const mail = spec.roles.includes('mail') ? new MailModel(spec.name, seed, this.startMs, this.utcOffsetMinutes, ipAddress, mailFail2ban) : null
    const isGlusterNode = spec.roles.includes('gluster')
    const metrics = new HostMetrics({ cpus: hardware.cpus, memTotalKiB: hardware.memTotalKiB, bootMs, seed }, activityFor(spec.name, hardware, hypervisor, mail, isGlusterNode))
    const host: SimHost = {
      name: spec.name,
      index: spec.index,
      roles: spec.roles,
      ipAddress,
      hardware,
      bootMs,
      generated: spec.generated,
      metrics,
      hypervisor,
      mail,
      isGlusterNode,
      reachability: 'up',
      slowMs: 0
    }
    if (hypervisor) {
      const vms: VmSpec[] = spec.generated || !demoPlacement ? generatedVmSpecs(spec.name, spec.index, spec.generated ? 9 + (spec.index % 3) : Math.max(2, Math.min(10, hardware.cpus))) : DEMO_VMS.filter((vm) => vm.host === spec.name)
      for (const vm of vms) {
        const profile = spec.generated || !demoPlacement ? generatedProfile(vm.kind) : VM_PROFILES[vm.kind]
        hypervisor.bootDomain(vm, profile, this.utcOffsetMinutes, bootMs + intHash(60, 600, seed, 'vm-start', vm.name) * 1000)
      }
    }
    this.hosts.push(host)
    this.byName.set(host.name, host)
  }
}

export class FleetError extends Error {
  override name = 'FleetError'
  constructor(
    readonly kind: 'not-found' | 'no-gluster' | 'invalid',
    message: string
  ) {
    super(message)
  }
}

interface HostSpec {
  name: string
  index: number
  roles: HostRole[]
  model: Pick<DeviceModel, 'name' | 'cores' | 'ghz' | 'ramGiB'> | undefined
  generated: boolean
}

/** Hosts in site order, then generated Atom hypervisors named after the site's hv-NN pattern. */
function hostSpecs(site: Site, count: number | undefined): HostSpec[] {
  const specs: HostSpec[] = site.hosts.map((host, index) => {
    const device = site.devices.find((d) => d.host === host.name)
    const model = device ? site.models.find((m) => m.name === device.model) : undefined
    return { name: host.name, index, roles: host.roles, model, generated: false }
  })
  const wanted = count ?? specs.length
  if (wanted <= specs.length) return specs.slice(0, Math.max(0, wanted))
  const atom = site.models.find((m) => m.name.includes('Atom')) ?? ATOM_DEFAULT
  const taken = new Set(specs.map((s) => s.name))
  let next = Math.max(0, ...specs.map((s) => /^hv-(\d+)$/.exec(s.name)?.[1]).map((n) => (n === undefined ? 0 : Number(n)))) + 1
  while (specs.length < wanted) {
    const name = `hv-${String(next++).padStart(2, '0')}`
    if (taken.has(name)) continue
    specs.push({ name, index: specs.length, roles: ['hypervisor', 'gluster'], model: atom, generated: true })
  }
  return specs
}

function hardwareFor(model: HostSpec['model']): SimHardware {
  const cpus = model?.cores ?? 2
  const ghz = model?.ghz ?? 2.2
  const ramGiB = model?.ramGiB ?? 4
  const name = model?.name ?? ''
  const twoSockets = cpus >= 16 && cpus % 4 === 0
  const threadsPerCore = cpus >= 8 && !name.includes('Atom') ? 2 : 1
  const sockets = twoSockets ? 2 : 1
  const cpuModelName = name.includes('Atom')
    ? `Intel(R) Atom(TM) CPU  C2550  @ ${ghz.toFixed(2)}GHz`
    : name.includes('Xeon')
      ? `Intel(R) Xeon(R) CPU E5-2637 v3 @ ${ghz.toFixed(2)}GHz`
      : `Intel(R) Xeon(R) CPU E3-1230 v6 @ ${ghz.toFixed(2)}GHz`
  return {
    cpus,
    mhz: Math.round(ghz * 1000),
    sockets,
    coresPerSocket: Math.max(1, cpus / sockets / threadsPerCore),
    threadsPerCore,
    // The kernel keeps ~2 % for itself: MemTotal is a little below the installed RAM.
    memTotalKiB: Math.round(ramGiB * 1_048_576 * 0.982),
    cpuModelName
  }
}

const MIB_KIB = 1024

/** What keeps a host busy, by role: guests on hypervisors, the mail scenario, a quiet baseline. */
function activityFor(name: string, hardware: SimHardware, hypervisor: HypervisorModel | null, mailModel: MailModel | null, isGlusterNode: boolean): HostActivity {
  const jitter = (tMs: number) => unitHash(name, 'jitter', Math.floor(tMs / 10_000))
  const gluster = isGlusterNode ? 1 : 0
  if (hypervisor) {
    const hv = hypervisor
    return {
      busyCores: (t) => hv.guestCores(t) + 0.06 + 0.012 * hv.runningCount() + gluster * 0.05 + jitter(t) * 0.04,
      guestCores: (t) => hv.guestCores(t),
      iowaitCores: (t) => 0.01 * hardware.cpus + gluster * 0.02 + jitter(t) * 0.02,
      blockedProcesses: (t) => (jitter(t) < 0.1 ? 1 : 0),
      processCount: () => 150 + hv.runningCount() * 4 + gluster * 12,
      memoryUsedKiB: () => hv.guestResidentKiB() + 600 * MIB_KIB + gluster * 420 * MIB_KIB,
      pageCacheKiB: () => 1536 * MIB_KIB,
      diskKiBps: (t) => hv.guestDiskKiBps(t),
      contextSwitchesPerS: (t) => 900 + hv.guestCores(t) * 2600,
      forksPerS: () => 0.6
    }
  }
  if (mailModel) {
    const mail = mailModel
    const past = (t: number) => t < mail.startMs - 120_000
    // Far in the past (counters since boot) an estimate from the daily curve is enough;
    // enumerating sessions for every integration step would cost seconds.
    // HostMetrics asks for several facts per instant; compute the instant once.
    let memo: { t: number; value: ReturnType<MailModel['activity']> } | null = null
    const act = (t: number) => {
      if (memo?.t === t) return memo.value
      const value = compute(t)
      memo = { t, value }
      return value
    }
    const compute = (t: number) => {
      if (past(t)) {
        const day = mail.businessCurve(t)
        return { busyCores: 0.3 + day * 1.2, iowaitCores: 0.06 + day * 0.06, blocked: 0, sessions: 30 + day * 60, diskReadKiBps: 600 + day * 900, diskWriteKiBps: 300 + day * 500 }
      }
      return mail.activity(t)
    }
    return {
      busyCores: (t) => act(t).busyCores,
      guestCores: () => 0,
      iowaitCores: (t) => act(t).iowaitCores,
      blockedProcesses: (t) => act(t).blocked,
      processCount: (t) => 210 + act(t).sessions,
      memoryUsedKiB: (t) => 2600 * MIB_KIB + act(t).sessions * 3 * MIB_KIB,
      pageCacheKiB: () => hardware.memTotalKiB * 0.55,
      diskKiBps: (t) => ({ readKiBps: act(t).diskReadKiBps, writeKiBps: act(t).diskWriteKiBps }),
      contextSwitchesPerS: (t) => 1500 + act(t).sessions * 35,
      forksPerS: (t) => 2 + act(t).sessions * 0.05
    }
  }
  return {
    busyCores: (t) => 0.05 + jitter(t) * 0.1,
    guestCores: () => 0,
    iowaitCores: () => 0.01,
    blockedProcesses: () => 0,
    processCount: () => 120,
    memoryUsedKiB: () => 450 * MIB_KIB,
    pageCacheKiB: () => 800 * MIB_KIB,
    diskKiBps: () => ({ readKiBps: 20, writeKiBps: 60 }),
    contextSwitchesPerS: () => 400,
    forksPerS: () => 0.3
  }
}
