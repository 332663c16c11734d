// The main-side service behind the VMs view: placement facts beyond the poller's, anti-affinity
// tags and migration settings (stored in this data folder), pre-checks, live migrations through
// the runner, and balancing plans run move by move. Tables it creates on first use: vm_tag,
// vm_migration; its settings live under the key 'vms.settings' of the setting table.
import {
  hypervisorExtrasOf,
  hypervisorNames,
  placementPlanOptions,
  withReachability,
  type BalancePlanResult,
  type MigrationCheckResult,
  type MigrationRecord,
  type VmsPlacement,
  type vmsRequests
} from '../../shared/api-parts/vms-api'
import { planEven, planPowerSaving, type BalanceStorage } from '../../shared/domain/balance-plan'
import { brickHostsFromSite } from '../../shared/domain/failure-impact'
import type { GlusterVolumeStatus } from '../../shared/domain/gluster-health'
import { migrateCommand } from '../../shared/domain/migration-command'
import { planMigration, type MigrationPlan } from '../../shared/domain/migration-checks'
import { placementFactsFromSnapshot } from '../../shared/domain/vm-placement-types'
import type { FleetSnapshot } from '../../shared/fleet'
import type { Site } from '../../shared/model'
import { volumeStatusFromFacts } from '../gluster/alert-sample'
import { poolExec, type HostExec } from '../migration/host-exec'
import { MigrationRunner, MigrationRunnerError, type MigrationJob } from '../migration/migration-runner'
import { MigrationStore } from '../migration/migration-store'
import { PlacementExtrasCollector } from '../migration/placement-extras'
import { PlanRunner, type PlanMove } from '../migration/plan-runner'
import { VmsSettingsStore } from '../migration/vms-settings-store'
import { VmTagsStore } from '../migration/vm-tags-store'
import { shellQuote } from '../ssh/quote'
import type { FeatureDeps, FeatureService } from './feature-service'

export class VmsServiceError extends Error {
  override name = 'VmsServiceError'
  constructor(
    readonly kind: 'no-fleet' | 'refused' | 'not-found',
    message: string
  ) {
    super(message)
  }
}

export interface VmsServiceOptions {
  /** Stand-in for the SSH pool (tests); the fleet's pool otherwise. */
  exec?: HostExec
  pollIntervalMs?: number
  /** How long a plan waits for the poller to show its last batch done before checking the next. */
  settleTimeoutMs?: number
}

export type VmsService = FeatureService<typeof vmsRequests>

export function createVmsService(deps: FeatureDeps, options: VmsServiceOptions = {}): VmsService {
  const settingsStore = new VmsSettingsStore(deps.db)
  const tagsStore = new VmTagsStore(deps.db)
  const migrations = new MigrationStore(deps.db)
  let site: Site = deps.inventory.getSite()
  let closed = false
  const fleet = deps.fleet
  const exec: HostExec | null = options.exec ?? (fleet ? poolExec(fleet.pool) : null)
  const snapshot = (): FleetSnapshot => fleet?.snapshot() ?? { hosts: {} }

  for (const orphan of migrations.closeOrphans(deps.now())) {
    deps.audit.append({ actor: deps.actor, action: 'vm.migrate', target: `${orphan.vm}: ${orphan.from} → ${orphan.to}`, command: `on ${orphan.from}: ${orphan.commandLine}`, result: 'unknown', detail: orphan.alarm ?? '' })
  }

  const placement = (): VmsPlacement => ({ hosts: collector?.extras() ?? {}, tags: tagsStore.all(), settings: settingsStore.get() })
  const publishPlacement = () => {
    if (!closed) deps.events.publish('vms.placement', placement())
  }

  const collector = exec
    ? new PlacementExtrasCollector({
        exec,
        snapshot,
        now: deps.now,
        onChange: publishPlacement,
        connectUri: () => settingsStore.get().command.connectUri
      })
    : null

  const runner = exec
    ? new MigrationRunner({
        exec,
        now: deps.now,
        ...(options.pollIntervalMs === undefined ? {} : { pollIntervalMs: options.pollIntervalMs }),
        onUpdate: (record) => {
          // After close the store is gone: the row stays unfinished and the next start raises its alarm.
          if (closed) return
          migrations.save(record)
          deps.events.publish('vms.migration', record)
        },
        audit: (entry) => {
          if (!closed) deps.audit.append(entry)
        }
      })
    : null

  const requireExec = (): { exec: HostExec; runner: MigrationRunner } => {
    if (!exec || !runner) throw new VmsServiceError('no-fleet', 'Rackside is not connected to the fleet here (inventory-only mode): migrations need the hosts')
    return { exec, runner }
  }

  const check = (vm: string, from: string, to: string): MigrationPlan => {
    const settings = settingsStore.get()
    const current = snapshot()
    const facts = placementFactsFromSnapshot(current, hypervisorNames(site), deps.now(), hypervisorExtrasOf(collector?.extras() ?? {}))
    const states = Object.fromEntries((fleet?.hostStates() ?? []).map((state) => [state.host, state]))
    return withReachability(planMigration(vm, from, to, facts, site, placementPlanOptions(settings, tagsStore.all())), states, current)
  }

  const addressOf = (host: string): string => {
    const entry = site.hosts.find((h) => h.name === host)
    return entry === undefined ? `${host} (not in the inventory)` : `${entry.user}@${entry.address}:${entry.port}`
  }

  const startMigration = (vm: string, from: string, to: string, planRunId?: string): { record: MigrationRecord; done: Promise<MigrationRecord> } => {
    const { runner: r } = requireExec()
    const plan = check(vm, from, to)
    if (plan.verdict === 'error' || plan.command === undefined) {
      const reasons = plan.checks.filter((c) => c.level === 'error').map((c) => c.message)
      throw new VmsServiceError('refused', `${vm} → ${to} refused by the pre-checks: ${reasons.join('; ')}`)
    }
    const settings = settingsStore.get()
    const job: MigrationJob = {
      vm,
      from,
      to,
      argv: plan.command,
      actor: deps.actor,
      warnings: plan.checks.filter((c) => c.level === 'warn').map((c) => c.message),
      timeoutMs: settings.migrationTimeoutMinutes * 60_000,
      ...(settings.command.connectUri === undefined ? {} : { connectUri: settings.command.connectUri }),
      ...(planRunId === undefined ? {} : { planRunId })
    }
    return r.start(job)
  }

  const settle = async (moves: readonly PlanMove[]): Promise<void> => {
    const deadline = Date.now() + (options.settleTimeoutMs ?? 30_000)
    const runsOn = (s: FleetSnapshot, host: string, vm: string) => s.hosts[host]?.vms?.value?.some((v) => v.name === vm) ?? false
    while (!closed && Date.now() < deadline) {
      const s = snapshot()
      if (moves.every((m) => runsOn(s, m.to, m.vm) && !runsOn(s, m.from, m.vm))) return
      await new Promise((resolve) => setTimeout(resolve, 500))
    }
  }

  const plans = new PlanRunner({
    now: deps.now,
    onUpdate: (run) => {
      if (!closed) deps.events.publish('vms.planRun', run)
    },
    audit: (entry) => {
      if (!closed) deps.audit.append(entry)
    },
    startMove: (move, planRunId) => startMigration(move.vm, move.from, move.to, planRunId),
    settle
  })

  // The last volume layout, even when stale: which hosts hold bricks changes only with `volume create`
  // or `add-brick`. Before any Gluster facts the planner falls back on the hosts' gluster role.
  const storageOf = (current: FleetSnapshot): BalanceStorage | undefined => {
    const gluster = current.gluster?.value
    if (!gluster) return undefined
    const volumesStatus = gluster.volumeInfo.map((volume) => volumeStatusFromFacts(gluster, volume.name)).filter((status): status is GlusterVolumeStatus => status !== undefined)
    return { volumesInfo: gluster.volumeInfo, volumesStatus, brickHost: brickHostsFromSite(site) }
  }

  const balance = (strategy: 'even' | 'power-saving', maxConcurrent: number | undefined): BalancePlanResult => {
    if (!fleet) throw new VmsServiceError('no-fleet', 'Rackside is not connected to the fleet here (inventory-only mode): plans need live facts')
    const settings = settingsStore.get()
    const current = snapshot()
    const facts = placementFactsFromSnapshot(current, hypervisorNames(site), deps.now(), hypervisorExtrasOf(collector?.extras() ?? {}))
    const { command: _command, ...policy } = placementPlanOptions(settings, tagsStore.all())
    const balanceOptions = { ...policy, maxConcurrent: maxConcurrent ?? settings.maxConcurrent }
    const storage = storageOf(current)
    const input = { facts, site, ...(storage === undefined ? {} : { storage }) }
    const plan = strategy === 'even' ? planEven(input, balanceOptions) : planPowerSaving(input, balanceOptions)
    const commands = plan.moves.map((move) => {
      const address = site.hosts.find((h) => h.name === move.to)?.address
      if (address === undefined) return { vm: move.vm, runsOn: move.from, commandLine: null, error: `${move.to} has no address in the inventory` }
      const built = migrateCommand(move.vm, { host: move.to, address }, { ...settings.command, copyStorageAll: move.copyStorage })
      return built.ok ? { vm: move.vm, runsOn: move.from, commandLine: shellQuote(built.argv) } : { vm: move.vm, runsOn: move.from, commandLine: null, error: built.error.message }
    })
    return { plan, commands }
  }

  collector?.setHosts(hypervisorNames(site))
  collector?.start()

  return {
    handlers: {
      'vms.placement': async () => placement(),
      'vms.refresh': async ({ host }) => {
        if (!collector) throw new VmsServiceError('no-fleet', 'Rackside is not connected to the fleet here (inventory-only mode)')
        if (host !== undefined && !hypervisorNames(site).includes(host)) throw new VmsServiceError('not-found', `${host} is not a hypervisor of this site`)
        await collector.refresh(host)
        return placement()
      },
      'vms.check': async ({ vm, from, to }): Promise<MigrationCheckResult> => {
        const plan = check(vm, from, to)
        return { plan, ...(plan.command === undefined ? {} : { commandLine: shellQuote(plan.command) }), runsOnAddress: addressOf(from) }
      },
      'vms.migrate': async ({ vm, from, to }) => startMigration(vm, from, to).record,
      'vms.abort': async ({ id }) => {
        const { runner: r } = requireExec()
        try {
          return await r.abort(id, deps.actor)
        } catch (error) {
          if (error instanceof MigrationRunnerError && error.kind === 'not-running') {
            const known = migrations.list(1000).find((m) => m.id === id)
            if (known === undefined) throw new VmsServiceError('not-found', `no migration ${id}`)
          }
          throw error
        }
      },
      'vms.migrations': async ({ limit }) => migrations.list(limit ?? 100),
      'vms.setTags': async ({ vm, tags }) => {
        const before = tagsStore.all()[vm] ?? []
        tagsStore.set(vm, tags)
        deps.audit.append({ actor: deps.actor, action: 'vm.tags', target: vm, result: 'succeeded', detail: `[${before.join(', ')}] → [${[...new Set(tags)].join(', ')}]` })
        publishPlacement()
        return placement()
      },
      'vms.setSettings': async (changes) => {
        const definedChanges = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined))
        settingsStore.update(definedChanges)
        deps.audit.append({ actor: deps.actor, action: 'vms.settings', target: 'migration settings', result: 'succeeded', detail: JSON.stringify(definedChanges) })
        publishPlacement()
        return placement()
      },
      'vms.plan': async ({ strategy, maxConcurrent }) => balance(strategy, maxConcurrent),
      'vms.runPlan': async ({ strategy, moves, maxConcurrent }) => {
        requireExec()
        return plans.start(strategy, moves, maxConcurrent, deps.actor).run
      },
      'vms.cancelPlan': async ({ id }) => plans.cancel(id),
      'vms.planRuns': async () => plans.list()
    },
    onSiteChanged(next) {
      site = next
      collector?.setHosts(hypervisorNames(next))
    },
    async close() {
      closed = true
      await collector?.stop()
    }
  }
}
