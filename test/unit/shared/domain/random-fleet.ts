// Seeded random fleets of identical hypervisors for the planner tests and bench/plan.bench.ts:
// VMs on the shared Gluster store, placed at random where they fit, a few anti-affinity groups,
// and cabinets large enough that RAM, not power, is what limits packing.
import type { PlannedMove } from '../../../../src/shared/domain/balance-plan'
import type { HypervisorFacts, PlacementFacts } from '../../../../src/shared/domain/vm-placement-types'
import { SiteSchema, type Site } from '../../../../src/shared/model'
import { GIB, VMSTORE, XEON, hypervisor, vm, type VmEntry } from './vm-placement-fixtures'

/** mulberry32: small, fast and good enough to draw test fleets from a seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

// (GiB, vCPUs), at least 2 GiB per vCPU: on 16 CPUs × 4 and 127 GiB usable, RAM binds before vCPUs.
const SHAPES: readonly [number, number, number][] = [
  // [memoryGiB, vcpus, weight]
  [2, 1, 30],
  [4, 1, 15],
  [4, 2, 20],
  [8, 2, 12],
  [8, 4, 10],
  [16, 4, 8],
  [16, 8, 3],
  [32, 8, 2]
]

export interface RandomFleet {
  facts: PlacementFacts
  site: Site
  antiAffinityGroups: Record<string, string[]>
  hostMemoryKiB: number
  totalVmMemoryKiB: number
  vmCount: number
}

export interface RandomFleetOptions {
  hosts: number
  /** Share of the hosts' usable RAM the VMs take, before packing. */
  fill: number
  /**
   * How many anti-affinity pairs (the first VMs drawn). Pairs, not larger groups: a group of g
   * needs g hosts, which ⌈ΣRAM / host RAM⌉ + 1 does not allow for when it is below g.
   */
  groups: number
  /** Stop drawing VMs at this many. */
  maxVms?: number
  /** The first this many hosts also have the gluster role: brick hosts, which stay on. */
  glusterHosts?: number
}

/** The parameters of the n-th fleet of the 200-instance checks (tests and bench alike): 3 to 20 hosts, 20 % to 70 % full. */
export function instanceOptions(n: number): RandomFleetOptions {
  return { hosts: 3 + (n % 18), fill: 0.2 + ((n * 7) % 11) / 20, groups: n % 4 }
}

const HOST_GIB = XEON.ramGiB
const HOST_CPUS = XEON.cores
const RESERVE_GIB = 1
const VCPU_LIMIT = 4
const HOSTS_PER_CABINET = 10

function pickShape(random: () => number): [number, number] {
  const total = SHAPES.reduce((sum, s) => sum + s[2], 0)
  let roll = random() * total
  for (const [memoryGiB, vcpus, weight] of SHAPES) {
    roll -= weight
    if (roll < 0) return [memoryGiB, vcpus]
  }
  return [2, 1]
}

export function randomFleet(seed: number, options: RandomFleetOptions): RandomFleet {
  const random = seededRandom(seed)
  const hostNames = Array.from({ length: options.hosts }, (_, i) => `hv-${String(i + 1).padStart(3, '0')}`)
  const placed = new Map<string, { vms: VmEntry[]; memoryGiB: number; vcpus: number; busyPercent: number }>()
  for (const name of hostNames) placed.set(name, { vms: [], memoryGiB: 0, vcpus: 0, busyPercent: 0 })
  const usableGiB = options.hosts * (HOST_GIB - RESERVE_GIB)
  const groupOf = new Map<string, string>()
  const members = new Map<string, string[]>()
  let totalGiB = 0
  let misses = 0
  for (let n = 1; totalGiB < usableGiB * options.fill && misses < 50 && n <= (options.maxVms ?? Infinity); n++) {
    const name = `vm-${String(n).padStart(4, '0')}`
    const [memoryGiB, vcpus] = pickShape(random)
    const group = n <= options.groups * 2 ? `g${Math.ceil(n / 2)}` : undefined
    const cpuPercent = Math.round(5 + random() * vcpus * 55)
    const fits = hostNames.filter((h) => {
      const host = placed.get(h)
      if (host === undefined) return false
      const mates = group === undefined ? [] : (members.get(group) ?? [])
      return host.memoryGiB + memoryGiB <= HOST_GIB - RESERVE_GIB && host.vcpus + vcpus <= HOST_CPUS * VCPU_LIMIT && !host.vms.some((v) => mates.includes(v.facts.name))
    })
    const hostName = fits[Math.floor(random() * fits.length)]
    const host = hostName === undefined ? undefined : placed.get(hostName)
    if (host === undefined) {
      misses++
      continue
    }
    host.vms.push(vm({ name, vcpus, memoryGiB, cpuPercent }))
    host.memoryGiB += memoryGiB
    host.vcpus += vcpus
    host.busyPercent += cpuPercent / HOST_CPUS
    totalGiB += memoryGiB
    if (group !== undefined) {
      groupOf.set(name, group)
      members.set(group, [...(members.get(group) ?? []), name])
    }
  }
  const hosts: Record<string, HypervisorFacts> = {}
  for (const [name, host] of placed) hosts[name] = hypervisor({ cpus: HOST_CPUS, memoryGiB: HOST_GIB, busyPercent: Math.min(100, host.busyPercent), vms: host.vms })
  const cabinets = Math.ceil(options.hosts / HOSTS_PER_CABINET)
  const site = SiteSchema.parse({
    site: { name: `random ${seed}` },
    cabinets: Array.from({ length: cabinets }, (_, i) => ({
      name: `R${String(i + 1).padStart(2, '0')}`,
      maxWeightKg: 2000,
      coolingWatts: 20000,
      // 400 V 3-phase 32 A: 17.7 kW per feed, far above ten 380 W hosts.
      feeds: [
        { name: 'A', volts: 400, amps: 32, phases: 3 },
        { name: 'B', volts: 400, amps: 32, phases: 3 }
      ]
    })),
    models: [XEON],
    devices: hostNames.map((name, i) => ({
      name,
      model: XEON.name,
      cabinet: `R${String(Math.floor(i / HOSTS_PER_CABINET) + 1).padStart(2, '0')}`,
      positionU: 1 + (i % HOSTS_PER_CABINET) * 2,
      feeds: ['A', 'B'],
      host: name
    })),
    hosts: hostNames.map((name, i) => ({ name, address: `10.1.${Math.floor(i / 250)}.${(i % 250) + 1}`, roles: i < (options.glusterHosts ?? 0) ? ['hypervisor', 'gluster'] : ['hypervisor'] }))
  })
  return {
    facts: { hosts },
    site,
    antiAffinityGroups: Object.fromEntries(members),
    hostMemoryKiB: HOST_GIB * GIB,
    totalVmMemoryKiB: totalGiB * GIB,
    vmCount: [...placed.values()].reduce((sum, h) => sum + h.vms.length, 0)
  }
}

export const RANDOM_POLICY = { sharedMountPrefixes: [VMSTORE], hostReserveKiB: RESERVE_GIB * GIB, vcpuMaxRatio: VCPU_LIMIT }

/** The facts after a move, as the poller would see them: the VM in the target's list, RAM and CPU with it. */
export function factsAfterMove(facts: PlacementFacts, move: PlannedMove): PlacementFacts {
  const from = facts.hosts[move.from]
  const to = facts.hosts[move.to]
  const moved = from?.vms?.find((v) => v.name === move.vm)
  if (from === undefined || to === undefined || moved === undefined || from.system === null || to.system === null) throw new Error(`cannot replay ${move.vm}`)
  const memoryKiB = moved.memoryKiB ?? 0
  const busy = (moved.cpuPercent ?? 0) / (to.node?.cpus ?? 1)
  const { [move.vm]: spec, ...fromDomains } = from.domains
  return {
    hosts: {
      ...facts.hosts,
      [move.from]: {
        ...from,
        vms: (from.vms ?? []).filter((v) => v.name !== move.vm),
        domains: fromDomains,
        system: {
          ...from.system,
          memAvailableKiB: from.system.memAvailableKiB + memoryKiB,
          cpuBusyPercent: Math.max(0, (from.system.cpuBusyPercent ?? 0) - (moved.cpuPercent ?? 0) / (from.node?.cpus ?? 1))
        }
      },
      [move.to]: {
        ...to,
        vms: [...(to.vms ?? []), moved],
        domains: spec === undefined ? to.domains : { ...to.domains, [move.vm]: spec },
        system: { ...to.system, memAvailableKiB: to.system.memAvailableKiB - memoryKiB, cpuBusyPercent: (to.system.cpuBusyPercent ?? 0) + busy }
      }
    }
  }
}

/** Hosts running at least one active VM. */
export function hostsInUse(facts: PlacementFacts): number {
  return Object.values(facts.hosts).filter((h) => (h.vms ?? []).some((v) => v.state !== 'shut off')).length
}
