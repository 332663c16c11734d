// The VMs view's part of the API contract: placement facts beyond the poller's (domain XML, mounts,
// host CPU model), anti-affinity tags, per-site migration settings, live migrations with progress,
// and balancing plans run move by move.
import { z } from 'zod'
import type { BalancePlan } from '../domain/balance-plan'
import type { MigrationPlan, MigrationPlanOptions } from '../domain/migration-checks'
import type { HostMount, HypervisorExtras, VmDomainSpec } from '../domain/vm-placement-types'
import type { Site } from '../model'
import type { HostConnectionState } from '../api'
import type { FleetSnapshot } from '../fleet'
import { entityName, noArgs, request, type RequestSpec } from './request-spec'

// ---- settings ----

export const MigrationCommandSettingsSchema = z
  .object({
    /** Destination libvirt URI; `{address}` is the target's inventory address, `{host}` its name. */
    uriTemplate: z.string().trim().min(1).max(512),
    migrateUri: z.string().trim().min(1).max(512).optional(),
    p2p: z.boolean().optional(),
    tunnelled: z.boolean().optional(),
    autoConverge: z.boolean().optional(),
    timeoutSeconds: z.number().int().min(1).max(86_400).optional(),
    bandwidthMiBps: z.number().int().min(1).max(1_000_000).optional(),
    connectUri: z.string().trim().min(1).max(512).optional()
  })
  .strict()

export const VmsSettingsSchema = z
  .object({
    command: MigrationCommandSettingsSchema,
    /** Shared VM stores mounted at the same path on every hypervisor (the Gluster FUSE mount). */
    sharedMountPrefixes: z.array(z.string().trim().startsWith('/').max(1024)).max(16),
    hostReserveKiB: z.number().int().min(0).max(1024 ** 3),
    vcpuWarnRatio: z.number().positive().max(64),
    vcpuMaxRatio: z.number().positive().max(64),
    allowCopyStorage: z.boolean(),
    /** Migrations a balancing plan runs at once. */
    maxConcurrent: z.number().int().min(1).max(8),
    /** The `virsh migrate` channel is closed after this long (virsh then cancels the job). */
    migrationTimeoutMinutes: z.number().int().min(1).max(24 * 60)
  })
  .strict()
export type VmsSettings = z.infer<typeof VmsSettingsSchema>

// ---- placement facts ----

/** What Rackside reads about one hypervisor besides the poller's facts, with each part's age and last error. */
export interface HostPlacementExtras {
  host: string
  /** `virsh capabilities` /host/cpu/model; null when unknown (see cpuModelError, or libvirt names none). */
  cpuModel: string | null
  cpuModelAtMs: number | null
  cpuModelError?: string
  /** /proc/mounts; null until read. */
  mounts: HostMount[] | null
  mountsAtMs: number | null
  mountsError?: string
  /** `virsh dumpxml` of each domain read so far, by name. */
  domains: Record<string, VmDomainSpec & { atMs: number }>
  /** Domains whose XML could not be read, with the reason. */
  domainErrors: Record<string, string>
}

export interface VmsPlacement {
  hosts: Record<string, HostPlacementExtras>
  /** VM name -> its tags; every tag is an anti-affinity group (no two VMs sharing a tag on one host). */
  tags: Record<string, string[]>
  settings: VmsSettings
}

// ---- migrations ----

export type MigrationStatus = 'running' | 'aborting' | 'verifying' | 'succeeded' | 'failed' | 'cancelled' | 'unknown'

/** The running job as `virsh domjobinfo` on the source reports it. */
export interface MigrationProgress {
  atMs: number
  /** Data processed / total, 0..100; null before libvirt knows the total. */
  percent: number | null
  processedBytes: number | null
  remainingBytes: number | null
  totalBytes: number | null
  bandwidthBytesPerSecond: number | null
  /** Remaining / bandwidth; null when either is unknown. */
  etaSeconds: number | null
  elapsedMs: number | null
  iteration: number | null
}

/** Where the VM is after the migration, from `virsh list --all` on both hosts. */
export interface MigrationVerification {
  atMs: number
  /** Each host asked, with the VM's state there (null: not defined there) or why it could not be asked. */
  hosts: { host: string; state: string | null; error?: string }[]
  /** Hosts where the VM is active (running, paused, …). */
  activeOn: string[]
  verdict: 'on-target' | 'on-source' | 'nowhere' | 'both' | 'unknown'
}

export interface MigrationRecord {
  id: string
  vm: string
  from: string
  to: string
  /** The source host: virsh runs there. */
  runsOn: string
  /** The argv and the exact command line sent over SSH. */
  argv: string[]
  commandLine: string
  actor: string
  status: MigrationStatus
  startedAtMs: number
  endedAtMs: number | null
  durationMs: number | null
  progress: MigrationProgress | null
  /** Why progress is unknown right now (domjobinfo failed); the migration itself may be fine. */
  progressError?: string
  /** What happened in words ("web-01 runs on hv-02 (verified)"; virsh's error on failure). */
  message?: string
  verification?: MigrationVerification
  /** Set when the VM is not verifiably on exactly one host: shown loudly until dismissed by a fresh check. */
  alarm?: string
  /** Warnings of the pre-checks the user confirmed. */
  warnings: string[]
  /** Final stats from `domjobinfo --completed` on the target. */
  downtimeMs?: number
  planRunId?: string
}

// ---- balancing plans ----

export type PlanMoveStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'skipped' | 'cancelled'
export interface PlanRunMove {
  vm: string
  from: string
  to: string
  batch: number
  status: PlanMoveStatus
  migrationId?: string
  message?: string
}
export interface PlanRun {
  id: string
  strategy: 'even' | 'power-saving'
  maxConcurrent: number
  status: 'running' | 'succeeded' | 'failed' | 'cancelled'
  startedAtMs: number
  endedAtMs: number | null
  moves: PlanRunMove[]
  message?: string
}

/** A pre-check answer with what the runner would send: the exact command line and where it runs. */
export interface MigrationCheckResult {
  plan: MigrationPlan
  /** Present when the plan has a command: the shell-quoted line sent over SSH. */
  commandLine?: string
  /** The source host as SSH reaches it: "rackside@hv-01.demo:22". */
  runsOnAddress: string
}

/** A balancing plan with the exact command each move would run (its pre-checks run again when it starts). */
export interface BalancePlanResult {
  plan: BalancePlan
  /** Per move, in the plan's order: the command line and the host it runs on, or why none can be built. */
  commands: { vm: string; runsOn: string; commandLine: string | null; error?: string }[]
}

const vmArgs = { vm: entityName, from: entityName, to: entityName }
const MoveSchema = z.object(vmArgs).strict()
export const StrategySchema = z.enum(['even', 'power-saving'])

export const vmsRequests = {
  'vms.placement': request<VmsPlacement>()(noArgs),
  /** Reads domain XML, mounts and CPU models again now (one host, or every hypervisor). */
  'vms.refresh': request<VmsPlacement>()(z.object({ host: entityName.optional() }).strict()),
  'vms.check': request<MigrationCheckResult>()(MoveSchema),
  /** Starts a live migration after the user saw the command; refused when a pre-check is an error. */
  'vms.migrate': request<MigrationRecord>()(z.object({ ...vmArgs, confirmed: z.literal(true) }).strict()),
  'vms.abort': request<MigrationRecord>()(z.object({ id: z.string().min(1).max(64) }).strict()),
  'vms.migrations': request<MigrationRecord[]>()(z.object({ limit: z.number().int().min(1).max(1000).optional() }).strict()),
  'vms.setTags': request<VmsPlacement>()(
    z.object({ vm: entityName, tags: z.array(z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9_.:-]+$/, 'letters, digits, _ . : - only')).max(16) }).strict()
  ),
  'vms.setSettings': request<VmsPlacement>()(VmsSettingsSchema.partial().strict()),
  'vms.plan': request<BalancePlanResult>()(z.object({ strategy: StrategySchema, maxConcurrent: z.number().int().min(1).max(8).optional() }).strict()),
  'vms.runPlan': request<PlanRun>()(
    z
      .object({
        strategy: StrategySchema,
        moves: z.array(MoveSchema.extend({ batch: z.number().int().min(0).max(1000) })).min(1).max(500),
        maxConcurrent: z.number().int().min(1).max(8),
        confirmed: z.literal(true)
      })
      .strict()
  ),
  'vms.cancelPlan': request<PlanRun>()(z.object({ id: z.string().min(1).max(64) }).strict()),
  'vms.planRuns': request<PlanRun[]>()(noArgs)
} satisfies Record<string, RequestSpec<z.ZodType, unknown>>

export interface VmsEvents {
  /** A migration started, progressed, or ended. */
  'vms.migration': MigrationRecord
  /** Placement extras, tags or settings changed. */
  'vms.placement': VmsPlacement
  'vms.planRun': PlanRun
}
export const vmsEventTopics: readonly (keyof VmsEvents)[] = ['vms.migration', 'vms.placement', 'vms.planRun']

// ---- reading the contract's placement data the same way on both sides ----

/** The pre-checks' options from the site's settings and tags: main and the renderer check moves with the same. */
export function placementPlanOptions(settings: VmsSettings, tags: Readonly<Record<string, readonly string[]>>): MigrationPlanOptions {
  const antiAffinityGroups: Record<string, string[]> = {}
  for (const [vm, vmTags] of Object.entries(tags)) for (const tag of vmTags) (antiAffinityGroups[tag] ??= []).push(vm)
  return {
    hostReserveKiB: settings.hostReserveKiB,
    vcpuWarnRatio: settings.vcpuWarnRatio,
    vcpuMaxRatio: settings.vcpuMaxRatio,
    sharedMountPrefixes: settings.sharedMountPrefixes,
    allowCopyStorage: settings.allowCopyStorage,
    antiAffinityGroups,
    command: settings.command
  }
}

/** The placement extras in the shape placementFactsFromSnapshot() takes. */
export function hypervisorExtrasOf(hosts: Readonly<Record<string, HostPlacementExtras>>): Record<string, HypervisorExtras> {
  const out: Record<string, HypervisorExtras> = {}
  for (const [name, extras] of Object.entries(hosts)) {
    const domains: Record<string, VmDomainSpec> = {}
    for (const [vm, spec] of Object.entries(extras.domains)) domains[vm] = { cpu: spec.cpu, disks: spec.disks }
    out[name] = { cpuModel: extras.cpuModel, mounts: extras.mounts, domains }
  }
  return out
}

/** The site's hypervisors: hosts with the hypervisor role, in site order. */
export function hypervisorNames(site: Site): string[] {
  return site.hosts.filter((h) => h.roles.includes('hypervisor')).map((h) => h.name)
}

/**
 * The pre-checks judge libvirt by the age of its facts, which takes three missed refreshes to
 * notice a host that is gone; the SSH pool and the poller's last attempt know at once. A source
 * or target whose connection is down or retrying, or whose last VM list failed, makes the move an
 * error, in those words.
 */
export function withReachability(
  plan: MigrationPlan,
  states: Readonly<Record<string, Pick<HostConnectionState, 'status' | 'lastError'>>>,
  snapshot: FleetSnapshot
): MigrationPlan {
  const problems: string[] = []
  for (const [role, host] of [
    ['source', plan.from],
    ['target', plan.to]
  ] as const) {
    const state = states[host]
    const vms = snapshot.hosts[host]?.vms
    if (state !== undefined && (state.status === 'down' || state.status === 'backoff')) {
      problems.push(`${role} ${host}: no SSH connection (${state.status === 'down' ? 'down' : 'retrying'}${state.lastError === undefined ? '' : `: ${state.lastError}`})`)
    } else if (vms?.error !== undefined && vms.error.atMs > (vms.atMs ?? 0)) {
      problems.push(`${role} ${host}: its last VM list failed (${vms.error.message})`)
    }
  }
  if (problems.length === 0) return plan
  const check: MigrationPlan['checks'][number] = { id: 'reachable', level: 'error', message: `${problems.join('; ')}: Rackside cannot reach it now, so the migration cannot be run or watched` }
  const checks = plan.checks.some((c) => c.id === 'reachable') ? plan.checks.map((c) => (c.id === 'reachable' ? check : c)) : [check, ...plan.checks]
  const { command: _dropped, ...rest } = plan
  return { ...rest, verdict: 'error', checks }
}
