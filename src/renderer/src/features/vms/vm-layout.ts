// Where each VM is drawn and what each hypervisor's bars show, from the live facts: pure, so the
// view only renders. A migration verified by both hosts moves its VM at once; the poller's next
// VM list (a few seconds later) then agrees.
import type { MigrationRecord } from '../../../../shared/api-parts/vms-api'
import type { FleetSnapshot, VmFacts } from '../../../../shared/fleet'

export interface VmView {
  name: string
  host: string
  facts: VmFacts
  tags: readonly string[]
  /** Drawn here because a verified migration moved it after the host's last VM list. */
  movedByMigration?: string
}

const INACTIVE_STATES = new Set(['shut off', 'shutoff', 'crashed'])

export function isActiveVm(facts: VmFacts): boolean {
  return !INACTIVE_STATES.has(facts.state)
}

/** VMs by hypervisor, in name order, with verified migrations applied ahead of the poller. */
export function placeVms(
  hosts: readonly string[],
  fleet: FleetSnapshot,
  migrations: readonly MigrationRecord[],
  tags: Readonly<Record<string, readonly string[]>>
): Record<string, VmView[]> {
  const placed: Record<string, VmView[]> = {}
  for (const host of hosts) placed[host] = (fleet.hosts[host]?.vms?.value ?? []).map((facts) => ({ name: facts.name, host, facts, tags: tags[facts.name] ?? [] }))
  const listedAt = (host: string): number => fleet.hosts[host]?.vms?.atMs ?? 0
  const verified = migrations
    .filter((m) => m.status === 'succeeded' && m.endedAtMs !== null && m.verification?.verdict === 'on-target')
    .sort((a, b) => (a.endedAtMs ?? 0) - (b.endedAtMs ?? 0))
  for (const migration of verified) {
    const ended = migration.endedAtMs ?? 0
    const source = placed[migration.from]
    const target = placed[migration.to]
    if (source === undefined || target === undefined) continue
    // Only lists older than the verification are out of date; a newer list is the truth.
    const staleSource = listedAt(migration.from) < ended
    const staleTarget = listedAt(migration.to) < ended
    const index = source.findIndex((vm) => vm.name === migration.vm)
    const moving = staleSource && index >= 0 ? source[index] : undefined
    if (moving !== undefined) source.splice(index, 1)
    if (staleTarget && !target.some((vm) => vm.name === migration.vm) && moving !== undefined) {
      target.push({ ...moving, host: migration.to, movedByMigration: migration.id })
    }
  }
  for (const list of Object.values(placed)) list.sort((a, b) => a.name.localeCompare(b.name))
  return placed
}

export interface HostCapacity {
  /** Physical CPUs (threads); null when neither libvirt nor /proc told. */
  cpus: number | null
  allocatedVcpus: number
  /** CPUs busy right now (busy share × CPUs); null before two samples. */
  busyCpus: number | null
  totalKiB: number | null
  allocatedKiB: number
  /** MemTotal − MemAvailable. */
  usedKiB: number | null
  /** Allocated vCPUs per CPU; above 1 is overcommit. */
  vcpuRatio: number | null
  ramRatio: number | null
}

export function hostCapacity(fleet: FleetSnapshot, host: string, vms: readonly VmView[]): HostCapacity {
  const facts = fleet.hosts[host]
  const system = facts?.system?.value ?? null
  const node = facts?.node?.value ?? null
  const cpus = node?.cpus ?? system?.cpuCount ?? null
  const totalKiB = system?.memTotalKiB ?? node?.memoryKiB ?? null
  let allocatedVcpus = 0
  let allocatedKiB = 0
  for (const vm of vms) {
    if (!isActiveVm(vm.facts)) continue
    allocatedVcpus += vm.facts.vcpus ?? 0
    allocatedKiB += vm.facts.memoryKiB ?? vm.facts.maxMemoryKiB ?? 0
  }
  return {
    cpus,
    allocatedVcpus,
    busyCpus: system?.cpuBusyPercent == null || cpus === null ? null : (system.cpuBusyPercent / 100) * cpus,
    totalKiB,
    allocatedKiB,
    usedKiB: system === null ? null : system.memTotalKiB - system.memAvailableKiB,
    vcpuRatio: cpus === null || cpus === 0 ? null : allocatedVcpus / cpus,
    ramRatio: totalKiB === null || totalKiB === 0 ? null : allocatedKiB / totalKiB
  }
}

export interface VmFilter {
  /** Words that must all appear in the VM's name, host, state or tags (case-insensitive). */
  text: string
  state: 'all' | 'running' | 'not-running'
  tag: string | null
}

export const noFilter: VmFilter = { text: '', state: 'all', tag: null }

export function matchesFilter(vm: VmView, filter: VmFilter): boolean {
  if (filter.state === 'running' && vm.facts.state !== 'running') return false
  if (filter.state === 'not-running' && vm.facts.state === 'running') return false
  if (filter.tag !== null && !vm.tags.includes(filter.tag)) return false
  const haystack = [vm.name, vm.host, vm.facts.state, ...vm.tags].join(' ').toLowerCase()
  return filter.text
    .toLowerCase()
    .split(/\s+/)
    .filter((word) => word !== '')
    .every((word) => haystack.includes(word))
}
