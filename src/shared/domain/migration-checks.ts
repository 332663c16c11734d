// Live-migration pre-checks: may this VM move from that hypervisor to this one, and what would the
// move do to the target's RAM, CPUs, storage and cabinet power? Each check answers in words with
// the numbers behind it. The drag-to-migrate view calls planMigration() on every hover, and the
// balancing plans run the same checkMove() against a placement state they update move by move.
import type { VmFacts } from '../fleet'
import type { DeviceModel, Site } from '../model'
import { DEFAULT_MIGRATION_COMMAND_OPTIONS, migrateCommand, type MigrationCommandOptions } from './migration-command'
import { WARN_FRACTION, cabinetBudget, liveWattsAt } from './power'
import { cpuHeadroomCheck, cpuUseOn, speedPerCpu } from './cpu-headroom'
import { SiteLookupError, findModel } from './rack-units'
import {
  GIB_IN_KIB,
  placementPolicy,
  type HostMount,
  type HypervisorFacts,
  type PlacementFacts,
  type PlacementPolicy,
  type VmDiskSpec,
  type VmDomainSpec
} from './vm-placement-types'

export type CheckLevel = 'ok' | 'warn' | 'error'

export type CheckId =
  | 'same-host'
  | 'hosts-known'
  | 'vm-found'
  | 'reachable'
  | 'vm-state'
  | 'memory'
  | 'vcpu-ratio'
  | 'cpu-headroom'
  | 'storage'
  | 'cpu-model'
  | 'name-free'
  | 'anti-affinity'
  | 'power'
  | 'command'

export interface MigrationCheck {
  id: CheckId
  level: CheckLevel
  message: string
}

export interface MoveCheck {
  /** The worst level among the checks. */
  verdict: CheckLevel
  checks: MigrationCheck[]
  /** Some disk is host-local and the policy allows copying it: the move needs --copy-storage-all. */
  copyStorage: boolean
}

export interface MigrationPlan extends MoveCheck {
  vm: string
  from: string
  to: string
  /** The virsh argv to run on the source host; only when no check is an error. */
  command?: string[]
}

export interface MigrationPlanOptions extends Partial<PlacementPolicy> {
  command?: MigrationCommandOptions
}

const LEVEL_RANK: Record<CheckLevel, number> = { ok: 0, warn: 1, error: 2 }

export function worstLevel(levels: Iterable<CheckLevel>): CheckLevel {
  let worst: CheckLevel = 'ok'
  for (const level of levels) if (LEVEL_RANK[level] > LEVEL_RANK[worst]) worst = level
  return worst
}

/** A VM as the placement state holds it. */
export interface PlacedVm {
  name: string
  host: string
  facts: VmFacts
  /** From the source host's domain XML; null when it was not read. */
  spec: VmDomainSpec | null
  /** Holds RAM and CPUs on its host (anything but shut off or crashed). */
  active: boolean
  memoryKiB: number | null
  vcpus: number | null
  /** CPU in use, in host CPUs (1.5 = one and a half CPUs busy). */
  cpuUse: number
  /** cpuUse was not measured: the VM's vCPUs are counted fully busy. */
  cpuUseAssumed: boolean
}

export type HostPower = { kind: 'linked'; device: string; cabinet: string; model: DeviceModel } | { kind: 'unlinked' } | { kind: 'error'; message: string }

export interface PlacementHost {
  name: string
  facts: HypervisorFacts
  fresh: boolean
  /** Physical CPUs (threads) as libvirt counts them; null when unknown. */
  cpus: number | null
  totalKiB: number | null
  /** MemAvailable as measured, moved by the RAM of VMs planned in or out. */
  availableKiB: number | null
  /** RAM of the active VMs on the host. */
  committedKiB: number
  allocatedVcpus: number
  /** One CPU's share of the model's performance score (how much work it does); null without a score. */
  speedPerCpu: number | null
  /** Share of all CPUs busy (0..1, more only in a plan's arithmetic). */
  cpuLoad: number
  cpuLoadBasis: 'measured' | 'vms' | 'typical' | 'none'
  vms: Map<string, PlacedVm>
  power: HostPower
}

export type CabinetPower =
  | { kind: 'ok'; name: string; budgetWatts: number; boundBy: 'feed' | 'contract'; liveWatts: number }
  | { kind: 'error'; name: string; message: string }

/** Hypervisors, their VMs and their cabinets' live power, as one plan step sees them. */
export interface PlacementState {
  policy: PlacementPolicy
  site: Site
  hosts: Map<string, PlacementHost>
  cabinets: Map<string, CabinetPower>
  /** VM name -> anti-affinity groups it belongs to. */
  groupsByVm: Map<string, string[]>
}

const INACTIVE_STATES = new Set(['shut off', 'shutoff', 'crashed'])
const RUNNING_STATES = new Set(['running', 'idle', 'blocked'])
// Filesystems every hypervisor can mount at once: a disk on one is reachable from the target.
const SHARED_FS_TYPES = new Set(['fuse.glusterfs', 'glusterfs', 'nfs', 'nfs4', 'ceph', 'fuse.ceph', 'cifs', 'smb3', 'gfs2', 'ocfs2'])

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value))
}

function trimNumber(value: number, digits: number): string {
  return value.toFixed(digits).replace(/\.?0+$/, '')
}

export function formatGiB(kib: number): string {
  return `${trimNumber(kib / GIB_IN_KIB, 1)} GiB`
}

function formatRatio(ratio: number): string {
  return `${trimNumber(ratio, 2)}:1`
}

function formatWatts(watts: number): string {
  return `${Math.round(watts)} W`
}

function signedWatts(watts: number): string {
  const rounded = Math.round(watts)
  return `${rounded > 0 ? '+' : rounded < 0 ? '−' : '±'}${Math.abs(rounded)} W`
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`
}

function placedVm(facts: VmFacts, host: string, spec: VmDomainSpec | null, cpus: number | null): PlacedVm {
  const active = !INACTIVE_STATES.has(facts.state)
  const measured = facts.cpuPercent !== null
  return {
    name: facts.name,
    host,
    facts,
    spec,
    active,
    memoryKiB: facts.memoryKiB ?? facts.maxMemoryKiB,
    vcpus: facts.vcpus,
    // Unmeasured CPU use is counted as every vCPU busy (capped at the host's CPUs): a plan may
    // overestimate a cabinet's draw, never underestimate it.
    cpuUse: !active ? 0 : measured ? (facts.cpuPercent ?? 0) / 100 : Math.min(facts.vcpus ?? 1, cpus ?? Infinity),
    cpuUseAssumed: active && !measured
  }
}

function hostPower(site: Site, hostName: string): HostPower {
  const device = site.devices.find((d) => d.host === hostName)
  if (device === undefined) return { kind: 'unlinked' }
  try {
    return { kind: 'linked', device: device.name, cabinet: device.cabinet, model: findModel(site, device.model) }
  } catch (error) {
    if (error instanceof SiteLookupError) return { kind: 'error', message: `${device.name}: ${error.message}` }
    throw error
  }
}

/** The utilisation at which the live estimate equals the model's typical draw. */
function typicalUtilisation(model: DeviceModel): number {
  const span = model.watts.peak - model.watts.idle
  return span > 0 ? clamp01((model.watts.typical - model.watts.idle) / span) : 0
}

function buildHost(name: string, facts: HypervisorFacts, site: Site): PlacementHost {
  const power = hostPower(site, name)
  const model = power.kind === 'linked' ? power.model : null
  const cpus = facts.node?.cpus ?? facts.system?.cpuCount ?? model?.cores ?? null
  const totalKiB = facts.system?.memTotalKiB ?? facts.node?.memoryKiB ?? (model?.ramGiB === undefined ? null : model.ramGiB * GIB_IN_KIB)
  const vms = new Map<string, PlacedVm>()
  for (const vm of facts.vms ?? []) vms.set(vm.name, placedVm(vm, name, facts.domains[vm.name] ?? null, cpus))
  let committedKiB = 0
  let allocatedVcpus = 0
  let vmCpuUse = 0
  let allMeasured = true
  for (const vm of vms.values()) {
    if (!vm.active) continue
    committedKiB += vm.memoryKiB ?? 0
    allocatedVcpus += vm.vcpus ?? 0
    vmCpuUse += vm.cpuUse
    if (vm.cpuUseAssumed) allMeasured = false
  }
  let cpuLoad = 0
  let cpuLoadBasis: PlacementHost['cpuLoadBasis'] = 'none'
  if (facts.system?.cpuBusyPercent !== null && facts.system?.cpuBusyPercent !== undefined) {
    cpuLoad = facts.system.cpuBusyPercent / 100
    cpuLoadBasis = 'measured'
  } else if (facts.vms !== null && allMeasured && cpus !== null) {
    cpuLoad = vmCpuUse / cpus
    cpuLoadBasis = 'vms'
  } else if (model !== null) {
    cpuLoad = typicalUtilisation(model)
    cpuLoadBasis = 'typical'
  }
  return {
    name,
    facts,
    fresh: facts.freshness === 'fresh',
    cpus,
    totalKiB,
    availableKiB: facts.system?.memAvailableKiB ?? null,
    committedKiB,
    allocatedVcpus,
    speedPerCpu: speedPerCpu(model, cpus),
    cpuLoad,
    cpuLoadBasis,
    vms,
    power
  }
}

function buildCabinets(site: Site, hosts: Map<string, PlacementHost>): Map<string, CabinetPower> {
  const utilisation: Record<string, number> = {}
  const names = new Set<string>()
  for (const host of hosts.values()) {
    if (host.power.kind !== 'linked') continue
    utilisation[host.power.device] = clamp01(host.cpuLoad)
    names.add(host.power.cabinet)
  }
  const cabinets = new Map<string, CabinetPower>()
  for (const name of names) {
    try {
      const budget = cabinetBudget(site, name, { utilisation })
      cabinets.set(name, { kind: 'ok', name, budgetWatts: budget.budgetWatts, boundBy: budget.budgetBoundBy, liveWatts: budget.drawWatts.live })
    } catch (error) {
      if (!(error instanceof SiteLookupError)) throw error
      cabinets.set(name, { kind: 'error', name, message: error.message })
    }
  }
  return cabinets
}

/** The placement state of the given facts: hosts, VMs, and the live draw of every cabinet holding a hypervisor. */
export function buildPlacementState(facts: PlacementFacts, site: Site, policy: PlacementPolicy): PlacementState {
  const hosts = new Map<string, PlacementHost>()
  for (const [name, hostFacts] of Object.entries(facts.hosts)) hosts.set(name, buildHost(name, hostFacts, site))
  const groupsByVm = new Map<string, string[]>()
  for (const [group, members] of Object.entries(policy.antiAffinityGroups))
    for (const member of new Set(members)) groupsByVm.set(member, [...(groupsByVm.get(member) ?? []), group])
  return { policy, site, hosts, cabinets: buildCabinets(site, hosts), groupsByVm }
}

/** An independent copy for a plan to move VMs in. */
export function cloneState(state: PlacementState): PlacementState {
  const hosts = new Map<string, PlacementHost>()
  for (const [name, host] of state.hosts) hosts.set(name, { ...host, vms: new Map(host.vms) })
  const cabinets = new Map<string, CabinetPower>()
  for (const [name, cabinet] of state.cabinets) cabinets.set(name, { ...cabinet })
  return { ...state, hosts, cabinets }
}

function isRunning(vm: PlacedVm): boolean {
  return RUNNING_STATES.has(vm.facts.state)
}

/** The RAM the target can give a VM: unallocated RAM, lowered to MemAvailable when that is less. */
export function freeKiB(host: PlacementHost): number | null {
  const unallocated = host.totalKiB === null ? null : host.totalKiB - host.committedKiB
  if (unallocated === null) return host.availableKiB
  return host.availableKiB === null ? unallocated : Math.min(unallocated, host.availableKiB)
}

/** Watts each touched cabinet changes by when `vm` moves: the source's share drops, the target's grows. */
export function powerDeltas(state: PlacementState, vm: PlacedVm, from: PlacementHost, to: PlacementHost): Map<string, number> {
  const deltas = new Map<string, number>()
  const add = (host: PlacementHost, sign: 1 | -1): void => {
    if (host.power.kind !== 'linked') return
    // An unknown CPU count on the target counts the VM as filling it; on the source, as nothing.
    const cpuUse = sign > 0 ? cpuUseOn(vm, from, to) : vm.cpuUse
    const share = host.cpus === null ? (sign > 0 ? 1 : 0) : cpuUse / host.cpus
    const model = host.power.model
    const watts = liveWattsAt(model, clamp01(host.cpuLoad + sign * share)) - liveWattsAt(model, clamp01(host.cpuLoad))
    deltas.set(host.power.cabinet, (deltas.get(host.power.cabinet) ?? 0) + watts)
  }
  add(from, -1)
  add(to, 1)
  return deltas
}

/** Moves `vm` in the state (no checks): RAM, vCPUs, CPU load (in the target's CPUs) and cabinet draw follow it. */
export function applyMove(state: PlacementState, vmName: string, fromName: string, toName: string): void {
  const from = state.hosts.get(fromName)
  const to = state.hosts.get(toName)
  const vm = from?.vms.get(vmName)
  if (from === undefined || to === undefined || vm === undefined) throw new Error(`cannot move ${vmName} from ${fromName} to ${toName}: not in the state`)
  for (const [cabinet, watts] of powerDeltas(state, vm, from, to)) {
    const ledger = state.cabinets.get(cabinet)
    if (ledger?.kind === 'ok') state.cabinets.set(cabinet, { ...ledger, liveWatts: ledger.liveWatts + watts })
  }
  const memoryKiB = vm.active ? (vm.memoryKiB ?? 0) : 0
  const vcpus = vm.active ? (vm.vcpus ?? 0) : 0
  const cpuUseThere = cpuUseOn(vm, from, to)
  from.vms.delete(vmName)
  to.vms.set(vmName, { ...vm, host: toName, cpuUse: cpuUseThere })
  from.committedKiB -= memoryKiB
  to.committedKiB += memoryKiB
  if (from.availableKiB !== null) from.availableKiB += memoryKiB
  if (to.availableKiB !== null) to.availableKiB -= memoryKiB
  from.allocatedVcpus -= vcpus
  to.allocatedVcpus += vcpus
  if (from.cpus !== null) from.cpuLoad = Math.max(0, from.cpuLoad - vm.cpuUse / from.cpus)
  if (to.cpus !== null) to.cpuLoad += cpuUseThere / to.cpus
}

// ---- the checks, each a pure function of the state ----

function reachableCheck(from: PlacementHost, to: PlacementHost): MigrationCheck {
  const problems: string[] = []
  for (const [host, role] of [
    [from, 'source'],
    [to, 'target']
  ] as const) {
    if (host.fresh) continue
    const why = host.facts.error === undefined ? '' : ` (last error: ${host.facts.error})`
    problems.push(
      host.facts.freshness === 'missing'
        ? `${role} ${host.name}: libvirt has not answered yet${why}`
        : `${role} ${host.name}: libvirt facts are stale, no answer for three refreshes${why}`
    )
  }
  if (problems.length > 0) return { id: 'reachable', level: 'error', message: `${problems.join('; ')}: refresh before migrating` }
  return { id: 'reachable', level: 'ok', message: `${from.name} and ${to.name}: libvirt answered within the last three refreshes` }
}

function stateCheck(vm: PlacedVm, to: PlacementHost): MigrationCheck {
  const state = vm.facts.state
  if (isRunning(vm)) return { id: 'vm-state', level: 'ok', message: `${vm.name} is running` }
  if (!vm.active)
    return { id: 'vm-state', level: 'error', message: `${vm.name} is ${state}: a live migration needs a running domain, and offline migration is not supported` }
  if (state === 'paused') return { id: 'vm-state', level: 'warn', message: `${vm.name} is paused: it migrates as it is and stays paused on ${to.name}` }
  return { id: 'vm-state', level: 'warn', message: `${vm.name} is ${state}, not running: the live migration may fail` }
}

function memoryCheck(vm: PlacedVm, to: PlacementHost, reserveKiB: number): MigrationCheck {
  if (vm.memoryKiB === null) return { id: 'memory', level: 'error', message: `memory size of ${vm.name} is unknown: refresh its facts` }
  const free = freeKiB(to)
  if (free === null) return { id: 'memory', level: 'error', message: `memory of ${to.name} is unknown: refresh its facts` }
  const activeCount = [...to.vms.values()].filter((v) => v.active).length
  const unallocated = to.totalKiB === null ? null : to.totalKiB - to.committedKiB
  const basis =
    unallocated !== null && free === unallocated
      ? `${formatGiB(free)} unallocated (${formatGiB(to.totalKiB ?? 0)} total, ${formatGiB(to.committedKiB)} given to ${plural(activeCount, 'VM')})`
      : `${formatGiB(free)} available (MemAvailable)`
  const need = `${vm.name} needs ${formatGiB(vm.memoryKiB)} + ${formatGiB(reserveKiB)} host reserve`
  const left = free - vm.memoryKiB - reserveKiB
  if (left >= 0) return { id: 'memory', level: 'ok', message: `${to.name} has ${basis}; ${need}` }
  return { id: 'memory', level: 'error', message: `${to.name} has only ${basis}; ${need}: short by ${formatGiB(-left)}` }
}

function vcpuCheck(vm: PlacedVm, to: PlacementHost, policy: PlacementPolicy): MigrationCheck {
  if (to.cpus === null) return { id: 'vcpu-ratio', level: 'warn', message: `CPU count of ${to.name} is unknown: vCPU overcommit not checked` }
  if (vm.vcpus === null) return { id: 'vcpu-ratio', level: 'warn', message: `vCPU count of ${vm.name} is unknown: vCPU overcommit not checked` }
  if (vm.vcpus > to.cpus)
    return { id: 'vcpu-ratio', level: 'error', message: `${vm.name} has ${vm.vcpus} vCPUs but ${to.name} has only ${plural(to.cpus, 'CPU')}` }
  const after = to.allocatedVcpus + vm.vcpus
  const ratio = after / to.cpus
  const what = `${to.name} would run ${plural(after, 'vCPU')} on ${plural(to.cpus, 'CPU')} (${formatRatio(ratio)})`
  if (ratio > policy.vcpuMaxRatio) return { id: 'vcpu-ratio', level: 'error', message: `${what}, above the ${formatRatio(policy.vcpuMaxRatio)} limit` }
  if (ratio > policy.vcpuWarnRatio)
    return { id: 'vcpu-ratio', level: 'warn', message: `${what}, above ${formatRatio(policy.vcpuWarnRatio)}: busy guests will wait for CPU` }
  return { id: 'vcpu-ratio', level: 'ok', message: what }
}

function normalisePath(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, '') : path
}

function isUnder(path: string, prefix: string): boolean {
  return prefix === '/' || path === prefix || path.startsWith(`${prefix}/`)
}

/** The mount that holds `path` on the host: the deepest mount point above it. */
function mountOf(path: string, mounts: readonly HostMount[]): HostMount | null {
  let best: HostMount | null = null
  for (const mount of mounts) {
    const point = normalisePath(mount.mountPoint)
    if (isUnder(path, point) && (best === null || point.length > normalisePath(best.mountPoint).length)) best = mount
  }
  return best
}

function vmDisks(vm: PlacedVm): VmDiskSpec[] {
  if (vm.spec !== null) return vm.spec.disks
  // Without the domain XML, VmFacts' paths are all there is: URLs are network disks.
  return vm.facts.diskPaths.map((path) => ({ device: 'disk', type: /^[a-z][a-z0-9+.-]*:\/\//i.test(path) ? 'network' : 'file', target: null, source: path }))
}

interface DiskFinding {
  level: CheckLevel
  text: string
  copy: boolean
}

function diskFinding(disk: VmDiskSpec, from: PlacementHost, to: PlacementHost, policy: PlacementPolicy): DiskFinding | null {
  const source = disk.source
  if (source === null) return null
  const label = disk.target ?? source
  const readOnly = disk.device === 'cdrom' || disk.device === 'floppy'
  if (disk.type === 'network' || /^[a-z][a-z0-9+.-]*:\/\//i.test(source)) return { level: 'ok', text: `${label} is network storage (${source})`, copy: false }
  if (disk.type === 'volume')
    return { level: 'warn', text: `${label} is libvirt volume ${source}: check that its pool is shared storage on ${to.name}`, copy: false }
  const path = normalisePath(source)
  const prefix = policy.sharedMountPrefixes.map(normalisePath).find((p) => isUnder(path, p))
  if (prefix !== undefined) {
    if (to.facts.mounts === null) return { level: 'warn', text: `${label} is on ${prefix}, but the mounts of ${to.name} are unknown`, copy: false }
    const mount = mountOf(prefix, to.facts.mounts)
    if (mount !== null && SHARED_FS_TYPES.has(mount.fsType)) return { level: 'ok', text: `${label} is on ${prefix} (${mount.fsType} on ${to.name})`, copy: false }
    const found = mount === null ? 'nothing' : `${mount.mountPoint} (${mount.fsType})`
    return { level: 'error', text: `${label} is on shared store ${prefix}, which ${to.name} has not mounted (the path is on ${found} there)`, copy: false }
  }
  const hint = policy.sharedMountPrefixes.length === 0 ? ' (no shared mount is configured for this site)' : ''
  if (readOnly)
    return { level: 'warn', text: `${label} (${disk.device}) ${source} is a file local to ${from.name}${hint}: ${to.name} needs the same file at the same path, or eject it first`, copy: false }
  if (policy.allowCopyStorage)
    return { level: 'warn', text: `${label} ${source} is local to ${from.name}${hint}: it will be copied with --copy-storage-all (slow; ${to.name} needs room for it)`, copy: true }
  return {
    level: 'error',
    text: `${label} ${source} is local to ${from.name}${hint}: move it to shared storage${policy.sharedMountPrefixes.length === 0 ? '' : ` (${policy.sharedMountPrefixes.join(', ')})`} or allow copying storage`,
    copy: false
  }
}

function storageCheck(vm: PlacedVm, from: PlacementHost, to: PlacementHost, policy: PlacementPolicy): { check: MigrationCheck; copy: boolean } {
  const findings = vmDisks(vm)
    .map((disk) => diskFinding(disk, from, to, policy))
    .filter((f): f is DiskFinding => f !== null)
  const level = worstLevel(findings.map((f) => f.level))
  const copy = findings.some((f) => f.copy)
  if (findings.length === 0) return { check: { id: 'storage', level: 'ok', message: `${vm.name} has no disks with a source` }, copy }
  if (level === 'ok') {
    const message = `${findings.length === 1 ? 'its disk is' : `all ${findings.length} disks are`} on storage ${to.name} shares: ${findings.map((f) => f.text).join('; ')}`
    return { check: { id: 'storage', level, message }, copy }
  }
  const message = findings
    .filter((f) => f.level !== 'ok')
    .map((f) => f.text)
    .join('; ')
  return { check: { id: 'storage', level, message }, copy }
}

interface HostCpu {
  name: string
  by: 'libvirt' | 'inventory'
}

function hostCpu(host: PlacementHost): HostCpu | null {
  if (host.facts.cpuModel !== null) return { name: host.facts.cpuModel, by: 'libvirt' }
  if (host.power.kind === 'linked') return { name: host.power.model.name, by: 'inventory' }
  return null
}

function cpuCheck(vm: PlacedVm, from: PlacementHost, to: PlacementHost): MigrationCheck {
  if (vm.spec === null) return { id: 'cpu-model', level: 'warn', message: `CPU mode of ${vm.name} is unknown (its domain XML was not read)` }
  const cpu = vm.spec.cpu
  if (cpu === null) return { id: 'cpu-model', level: 'ok', message: `${vm.name} uses libvirt's default CPU model, which every host runs` }
  if (cpu.mode === 'custom')
    return { id: 'cpu-model', level: 'ok', message: `${vm.name} uses the named CPU model ${cpu.model ?? '(default)'}, assumed supported by ${to.name}` }
  if (cpu.mode !== 'host-passthrough' && cpu.mode !== 'maximum' && cpu.mode !== 'host-model')
    return { id: 'cpu-model', level: 'warn', message: `${vm.name} has CPU mode ${cpu.mode}, which Rackside does not know how to compare` }
  const source = hostCpu(from)
  const target = hostCpu(to)
  if (source === null || target === null)
    return { id: 'cpu-model', level: 'warn', message: `${vm.name} uses ${cpu.mode}, but the CPU model of ${source === null ? from.name : to.name} is unknown` }
  const describe = (host: PlacementHost, c: HostCpu): string => `${host.name} is ${c.name}${c.by === 'inventory' ? ' (inventory model)' : ''}`
  if (source.name === target.name)
    return { id: 'cpu-model', level: 'ok', message: `${vm.name} uses ${cpu.mode}; ${from.name} and ${to.name} both are ${source.name}` }
  const both = `${describe(from, source)}, ${describe(to, target)}`
  if (cpu.mode === 'host-model')
    return { id: 'cpu-model', level: 'warn', message: `${vm.name} uses host-model across different CPUs (${both}): ${to.name} must offer every feature the guest started with` }
  // Inventory model names can differ for the same CPU (a 1U and a 2U box), so only libvirt's names make this an error.
  const level: CheckLevel = source.by === 'libvirt' && target.by === 'libvirt' ? 'error' : 'warn'
  return { id: 'cpu-model', level, message: `${vm.name} passes the host CPU through (${cpu.mode}) and the CPUs differ (${both}): use host-model or a named model to move it` }
}

function nameCheck(vm: PlacedVm, to: PlacementHost): MigrationCheck {
  if (to.facts.vms === null) return { id: 'name-free', level: 'warn', message: `the domains on ${to.name} are unknown` }
  const clash = to.vms.get(vm.name)
  if (clash === undefined) return { id: 'name-free', level: 'ok', message: `no domain named ${vm.name} on ${to.name}` }
  if (clash.active) return { id: 'name-free', level: 'error', message: `${to.name} already runs a domain named ${vm.name}` }
  return {
    id: 'name-free',
    level: 'warn',
    message: `${to.name} has a ${clash.facts.state} domain named ${vm.name}: libvirt refuses the migration unless it is the same domain (same UUID)`
  }
}

function antiAffinityCheck(vm: PlacedVm, to: PlacementHost, state: PlacementState): MigrationCheck {
  const groups = state.groupsByVm.get(vm.name) ?? []
  if (groups.length === 0) return { id: 'anti-affinity', level: 'ok', message: `${vm.name} is in no anti-affinity group` }
  const running: string[] = []
  const stopped: string[] = []
  for (const group of groups) {
    for (const other of state.policy.antiAffinityGroups[group] ?? []) {
      if (other === vm.name) continue
      const there = to.vms.get(other)
      if (there === undefined) continue
      ;(there.active ? running : stopped).push(`${other} (group ${group})`)
    }
  }
  if (running.length > 0)
    return { id: 'anti-affinity', level: 'error', message: `${to.name} already runs ${running.join(', ')}: ${vm.name} must not share a host with it` }
  if (stopped.length > 0)
    return { id: 'anti-affinity', level: 'warn', message: `${to.name} holds shut-off ${stopped.join(', ')}: starting it there would break anti-affinity with ${vm.name}` }
  return { id: 'anti-affinity', level: 'ok', message: `no other member of ${groups.join(', ')} is on ${to.name}` }
}

function powerCheck(vm: PlacedVm, from: PlacementHost, to: PlacementHost, state: PlacementState): MigrationCheck {
  if (to.power.kind === 'unlinked')
    return { id: 'power', level: 'warn', message: `${to.name} is not linked to a device in the site inventory: its cabinet's power budget is not checked` }
  if (to.power.kind === 'error') return { id: 'power', level: 'warn', message: `power budget of ${to.name} not checked: ${to.power.message}` }
  const cabinet = state.cabinets.get(to.power.cabinet)
  if (cabinet === undefined || cabinet.kind === 'error')
    return { id: 'power', level: 'warn', message: `power budget of ${to.power.cabinet} not checked: ${cabinet?.kind === 'error' ? cabinet.message : 'no such cabinet'}` }
  const delta = powerDeltas(state, vm, from, to).get(cabinet.name) ?? 0
  const after = cabinet.liveWatts + delta
  const budget = `${formatWatts(cabinet.budgetWatts)} ${cabinet.boundBy === 'contract' ? 'contracted power' : 'failover-safe budget'}`
  const share = after / cabinet.budgetWatts
  const assumed = vm.cpuUseAssumed ? `; ${vm.name}'s CPU use is unknown, counted as its ${plural(vm.vcpus ?? 1, 'vCPU')} fully busy` : ''
  const change = `${signedWatts(delta)} for ${vm.name}${assumed}`
  // Only what the move adds is judged, so a cabinet already over budget does not block moves that relieve it.
  if (Math.round(delta) <= 0)
    return { id: 'power', level: 'ok', message: `${cabinet.name} would draw ${formatWatts(after)} live of its ${budget} (${Math.round(share * 100)} %), ${change}` }
  if (after > cabinet.budgetWatts)
    return { id: 'power', level: 'error', message: `${cabinet.name} would draw ${formatWatts(after)} live, over its ${budget} by ${formatWatts(Math.ceil(after - cabinet.budgetWatts))} (${change})` }
  if (share >= WARN_FRACTION)
    return { id: 'power', level: 'warn', message: `${cabinet.name} would draw ${formatWatts(after)} live, ${Math.round(share * 100)} % of its ${budget} (${change})` }
  return { id: 'power', level: 'ok', message: `${cabinet.name} would draw ${formatWatts(after)} live of its ${budget} (${Math.round(share * 100)} %), ${change}` }
}

function refused(check: MigrationCheck): MoveCheck {
  return { verdict: 'error', checks: [check], copyStorage: false }
}

/** Every pre-check of moving `vmName` from one host to another in this state. */
export function checkMove(state: PlacementState, vmName: string, fromName: string, toName: string): MoveCheck {
  if (fromName === toName) return refused({ id: 'same-host', level: 'error', message: `${vmName} is already on ${fromName}: pick another host` })
  const from = state.hosts.get(fromName)
  const to = state.hosts.get(toName)
  if (from === undefined || to === undefined) {
    const unknown = [fromName, toName].filter((name) => !state.hosts.has(name))
    return refused({ id: 'hosts-known', level: 'error', message: `${unknown.join(' and ')} ${unknown.length === 1 ? 'is not a known hypervisor' : 'are not known hypervisors'}` })
  }
  const vm = from.vms.get(vmName)
  if (vm === undefined) {
    const why = from.facts.vms === null ? `the domains on ${fromName} are unknown` : `${vmName} is not on ${fromName} (as of the last refresh)`
    return refused({ id: 'vm-found', level: 'error', message: why })
  }
  const storage = storageCheck(vm, from, to, state.policy)
  const checks: MigrationCheck[] = [
    reachableCheck(from, to),
    stateCheck(vm, to),
    memoryCheck(vm, to, state.policy.hostReserveKiB),
    vcpuCheck(vm, to, state.policy),
    cpuHeadroomCheck(vm, from, to),
    storage.check,
    cpuCheck(vm, from, to),
    nameCheck(vm, to),
    antiAffinityCheck(vm, to, state),
    powerCheck(vm, from, to, state)
  ]
  return { verdict: worstLevel(checks.map((c) => c.level)), checks, copyStorage: storage.copy }
}

/**
 * May `vm` live-migrate from `fromHost` to `toHost`? Every check with its numbers, the verdict,
 * and — when nothing is an error — the virsh argv to run on the source. Throws
 * PlacementPolicyError for a policy no check can use.
 */
export function planMigration(vm: string, fromHost: string, toHost: string, facts: PlacementFacts, site: Site, options: MigrationPlanOptions = {}): MigrationPlan {
  const { command: commandOptions = DEFAULT_MIGRATION_COMMAND_OPTIONS, ...overrides } = options
  const state = buildPlacementState(facts, site, placementPolicy(overrides))
  const result = checkMove(state, vm, fromHost, toHost)
  const plan: MigrationPlan = { vm, from: fromHost, to: toHost, ...result }
  if (result.verdict === 'error') return plan
  const address = site.hosts.find((h) => h.name === toHost)?.address
  if (address === undefined) return withCommandError(plan, `${toHost} is not in the site's host list: there is no address to migrate to`)
  const built = migrateCommand(vm, { host: toHost, address }, { ...commandOptions, copyStorageAll: result.copyStorage || commandOptions.copyStorageAll === true })
  if (!built.ok) return withCommandError(plan, built.error.message)
  return { ...plan, command: built.argv }
}

function withCommandError(plan: MigrationPlan, message: string): MigrationPlan {
  return { ...plan, verdict: 'error', checks: [...plan.checks, { id: 'command', level: 'error', message }] }
}
