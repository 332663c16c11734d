// `npm run bench -- plan [--runs N] [--seed N]`: balancing plans for 500 VMs over 50 hypervisors.
// Times planPowerSaving and planEven against a named peer in the same run — a naive drain planner
// that runs every pre-check on every VM × host pair and packs best-fit — and prints the
// distribution of hosts used against ⌈ΣRAM / usable host RAM⌉ over 200 random fleets; then the
// same with the first third of the hosts being Gluster brick hosts, which stay on whatever they
// run, against the brick hosts plus ⌈RAM they cannot hold / usable host RAM⌉.
import { parseArgs } from 'node:util'
import { planEven, planPowerSaving, type BalanceInput } from '../src/shared/domain/balance-plan'
import { applyMove, buildPlacementState, checkMove, cloneState, type PlacementHost, type PlacementState } from '../src/shared/domain/migration-checks'
import { placementPolicy, type PlacementPolicy } from '../src/shared/domain/vm-placement-types'
import { RANDOM_POLICY, instanceOptions, randomFleet } from '../test/unit/shared/domain/random-fleet'

const TARGET_MS = 100

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2
}

function time<T>(runs: number, work: () => T): { medianMs: number; minMs: number; result: T } {
  let result = work()
  const samples: number[] = []
  for (let i = 0; i < runs; i++) {
    const start = performance.now()
    result = work()
    samples.push(performance.now() - start)
  }
  return { medianMs: median(samples), minMs: Math.min(...samples), result }
}

function activeCount(host: PlacementHost): number {
  let count = 0
  for (const vm of host.vms.values()) if (vm.active) count++
  return count
}

/**
 * The peer: empty the emptiest host first, each of its VMs to the fullest other host that passes
 * every pre-check (all pairs checked, nothing pruned); keep the host when one of its VMs finds no
 * place. Returns the hosts still running VMs.
 */
function naiveDrainPlan(input: BalanceInput, policy: PlacementPolicy): { hostsUsed: number; moves: number } {
  let state: PlacementState = buildPlacementState(input.facts, input.site, policy)
  const drained = new Set<string>()
  let moves = 0
  const byCommitted = [...state.hosts.values()].sort((a, b) => a.committedKiB - b.committedKiB).map((h) => h.name)
  for (const name of byCommitted) {
    const trial = cloneState(state)
    const host = trial.hosts.get(name)
    if (host === undefined || activeCount(host) === 0) continue
    let trialMoves = 0
    let ok = true
    for (const vm of [...host.vms.values()].filter((v) => v.active)) {
      let best: PlacementHost | undefined
      for (const target of trial.hosts.values()) {
        if (target.name === name || drained.has(target.name)) continue
        if (checkMove(trial, vm.name, name, target.name).verdict === 'error') continue
        if (best === undefined || target.committedKiB > best.committedKiB) best = target
      }
      if (best === undefined) {
        ok = false
        break
      }
      applyMove(trial, vm.name, name, best.name)
      trialMoves++
    }
    if (!ok) continue
    state = trial
    drained.add(name)
    moves += trialMoves
  }
  return { hostsUsed: [...state.hosts.values()].filter((h) => activeCount(h) > 0).length, moves }
}

function histogram(title: string, counts: Map<number, number>, total: number): void {
  console.log(title)
  for (const excess of [...counts.keys()].sort((a, b) => a - b)) {
    const count = counts.get(excess) ?? 0
    console.log(`  bound ${excess >= 0 ? '+' : ''}${excess}: ${String(count).padStart(4)} ${'#'.repeat(Math.round((count / total) * 60))}`)
  }
}

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { runs: { type: 'string', default: '9' }, seed: { type: 'string', default: '42' } } })
  const runs = Number(values.runs)
  const seed = Number(values.seed)
  if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(seed)) throw new Error('--runs must be a whole number of at least 1 and --seed a whole number')

  const fleet = randomFleet(seed, { hosts: 50, fill: 0.95, groups: 20, maxVms: 500 })
  const input: BalanceInput = { facts: fleet.facts, site: fleet.site }
  const options = { ...RANDOM_POLICY, antiAffinityGroups: fleet.antiAffinityGroups }
  const lowerBound = Math.ceil(fleet.totalVmMemoryKiB / (fleet.hostMemoryKiB - RANDOM_POLICY.hostReserveKiB))
  console.log(`fleet: ${fleet.vmCount} VMs (${Math.round(fleet.totalVmMemoryKiB / 1024 / 1024)} GiB) on 50 hosts of 128 GiB, 16 CPUs; ${Object.keys(fleet.antiAffinityGroups).length} anti-affinity pairs; ⌈ΣRAM / usable⌉ = ${lowerBound}`)
  console.log(`median of ${runs} runs after one warm-up run`)

  const saving = time(runs, () => planPowerSaving(input, options))
  const brickFleet = randomFleet(seed, { hosts: 50, fill: 0.95, groups: 20, maxVms: 500, glusterHosts: 17 })
  const withBricks = time(runs, () => planPowerSaving({ facts: brickFleet.facts, site: brickFleet.site }, { ...RANDOM_POLICY, antiAffinityGroups: brickFleet.antiAffinityGroups }))
  const even = time(runs, () => planEven(input, options))
  const naive = time(runs, () => naiveDrainPlan(input, placementPolicy(options)))
  const used = saving.result.hosts.filter((h) => h.after.vms > 0).length
  const row = (name: string, t: { medianMs: number; minMs: number }, what: string) =>
    console.log(`  ${name.padEnd(34)} ${t.medianMs.toFixed(1).padStart(8)} ms  (min ${t.minMs.toFixed(1)} ms)  ${what}`)
  row('planPowerSaving', saving, `${used} hosts, ${saving.result.moves.length} moves in ${saving.result.batches.length} batches, ${Math.round(saving.result.wattsSaved)} W saved`)
  row('planPowerSaving, 17 brick hosts', withBricks, `${withBricks.result.hosts.length - withBricks.result.powerDown.length} hosts on, ${withBricks.result.moves.length} moves`)
  row('planEven', even, `${even.result.moves.length} moves`)
  row('peer: naive drain, all pairs checked', naive, `${naive.result.hostsUsed} hosts, ${naive.result.moves} moves`)
  console.log(`  ratio peer / planPowerSaving: ${(naive.medianMs / saving.medianMs).toFixed(1)}×; planEven / planPowerSaving: ${(even.medianMs / saving.medianMs).toFixed(2)}×`)
  console.log(`  target: planPowerSaving under ${TARGET_MS} ms: ${saving.medianMs < TARGET_MS ? 'met' : 'MISSED'}; planEven: ${even.medianMs < TARGET_MS ? 'met' : 'MISSED'}`)

  const planner = new Map<number, number>()
  const peer = new Map<number, number>()
  const count = 200
  for (let n = 0; n < count; n++) {
    const random = randomFleet(n + 1, instanceOptions(n))
    const randomOptions = { ...RANDOM_POLICY, antiAffinityGroups: random.antiAffinityGroups }
    const bound = Math.ceil(random.totalVmMemoryKiB / (random.hostMemoryKiB - RANDOM_POLICY.hostReserveKiB))
    const plan = planPowerSaving({ facts: random.facts, site: random.site }, randomOptions)
    const excess = plan.hosts.filter((h) => h.after.vms > 0).length - bound
    planner.set(excess, (planner.get(excess) ?? 0) + 1)
    const drained = naiveDrainPlan({ facts: random.facts, site: random.site }, placementPolicy(randomOptions))
    peer.set(drained.hostsUsed - bound, (peer.get(drained.hostsUsed - bound) ?? 0) + 1)
  }
  histogram(`hosts used − ⌈ΣRAM / usable host RAM⌉ over ${count} random fleets (3–20 hosts, 20–70 % full), planPowerSaving:`, planner, count)
  histogram('same fleets, peer (naive drain):', peer, count)

  const pinnedExcess = new Map<number, number>()
  for (let n = 0; n < count; n++) {
    const shape = instanceOptions(n)
    const pinned = Math.ceil(shape.hosts / 3)
    const random = randomFleet(n + 1, { ...shape, glusterHosts: pinned })
    const usableKiB = random.hostMemoryKiB - RANDOM_POLICY.hostReserveKiB
    const bound = pinned + Math.ceil(Math.max(0, random.totalVmMemoryKiB - pinned * usableKiB) / usableKiB)
    const plan = planPowerSaving({ facts: random.facts, site: random.site }, { ...RANDOM_POLICY, antiAffinityGroups: random.antiAffinityGroups })
    const excess = plan.hosts.length - plan.powerDown.length - bound
    pinnedExcess.set(excess, (pinnedExcess.get(excess) ?? 0) + 1)
  }
  histogram('same fleets with the first third as brick hosts (kept on): hosts on − (brick hosts + ⌈RAM left over / usable host RAM⌉):', pinnedExcess, count)
}
