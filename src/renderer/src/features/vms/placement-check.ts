// The pre-checks as the renderer runs them on every hover: the same planMigration() main runs
// before it starts a migration, fed the same facts (the live snapshot with verified moves applied,
// the placement extras, the site's settings and tags).
import type { HostConnectionState } from '../../../../shared/api'
import { hypervisorExtrasOf, hypervisorNames, placementPlanOptions, withReachability, type VmsPlacement } from '../../../../shared/api-parts/vms-api'
import { planMigration, type MigrationPlan } from '../../../../shared/domain/migration-checks'
import { placementFactsFromSnapshot, type PlacementFacts } from '../../../../shared/domain/vm-placement-types'
import type { FleetSnapshot } from '../../../../shared/fleet'
import type { Site } from '../../../../shared/model'
import type { TargetVerdict } from './migrate-drag'
import type { VmView } from './vm-layout'

/** The snapshot with each host's VM list as drawn (verified moves the poller has not listed yet). */
export function snapshotAsPlaced(fleet: FleetSnapshot, placed: Readonly<Record<string, readonly VmView[]>>): FleetSnapshot {
  const hosts = { ...fleet.hosts }
  for (const [host, vms] of Object.entries(placed)) {
    const facts = hosts[host]
    if (facts?.vms?.value == null) continue
    hosts[host] = { ...facts, vms: { ...facts.vms, value: vms.map((vm) => vm.facts) } }
  }
  return { ...fleet, hosts }
}

export function placementFacts(site: Site, fleet: FleetSnapshot, placement: VmsPlacement | null, nowMs: number): PlacementFacts {
  return placementFactsFromSnapshot(fleet, hypervisorNames(site), nowMs, hypervisorExtrasOf(placement?.hosts ?? {}))
}

/** Every pre-check of one move, with the SSH connection states; a policy the settings cannot make is an error check, not a crash. */
export function checkMove(
  site: Site,
  fleet: FleetSnapshot,
  facts: PlacementFacts,
  placement: VmsPlacement | null,
  states: Readonly<Record<string, HostConnectionState>>,
  vm: string,
  from: string,
  to: string
): MigrationPlan {
  if (placement === null)
    return { vm, from, to, verdict: 'error', copyStorage: false, checks: [{ id: 'hosts-known', level: 'error', message: 'the migration settings have not loaded yet' }] }
  try {
    return withReachability(planMigration(vm, from, to, facts, site, placementPlanOptions(placement.settings, placement.tags)), states, fleet)
  } catch (error) {
    return { vm, from, to, verdict: 'error', copyStorage: false, checks: [{ id: 'command', level: 'error', message: (error as Error).message }] }
  }
}

/** The verdict with the reason a user reads first: the first error, else the first warning. */
export function verdictOf(plan: MigrationPlan): TargetVerdict {
  const first = plan.checks.find((c) => c.level === plan.verdict && c.level !== 'ok')
  return { level: plan.verdict, reason: first?.message ?? 'every pre-check passed' }
}
