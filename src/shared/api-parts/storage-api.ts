// The Storage view's part of the API contract: its requests and event topics.
import { z } from 'zod'
import type { GlusterAlert } from '../domain/gluster-alerts'
import type { FailureImpact, MaintenanceCheck } from '../domain/failure-impact'
import { entityName, noArgs, request, type RequestSpec } from './request-spec'

/** Gluster alerts as the main process keeps them (saved in the store): what is wrong now and what cleared lately. */
export interface StorageAlertsState {
  /** Sorted by id (kind, volume, brick). */
  active: GlusterAlert[]
  /** Cleared alerts with their clearedAtMs, newest first, at most `clearedLimit`. */
  cleared: GlusterAlert[]
  clearedLimit: number
  /** Time of the last Gluster sample taken in (by this run, else the saved one); null before the first. */
  sampledAtMs: number | null
  /** Saved alerts that could not be read, or why the last save failed: shown, never hidden. */
  storeProblems: string[]
}

/** Heal counts of one volume at one heal summary: per replica / disperse set the largest brick count, summed. */
export interface HealTrendSample {
  atMs: number
  /** null when no brick of the volume gave a count (all unreachable for heal info). */
  pending: number | null
  splitBrain: number | null
}

export interface HealTrend {
  /** Samples kept per volume and per brick, oldest first. */
  maxSamples: number
  volumes: { volume: string; samples: HealTrendSample[] }[]
  /** brick is `host:path`, as gluster names it. */
  bricks: { volume: string; brick: string; samples: HealTrendSample[] }[]
}

export const storageActionKinds = ['restart-bricks', 'start-heal'] as const
export type StorageActionKind = (typeof storageActionKinds)[number]

/** What an action will run, where, and why — shown in the confirm dialog before anything runs. */
export interface StorageActionPlan {
  action: StorageActionKind
  volume: string
  /** The site host the command runs on (a reachable Gluster node). */
  host: string
  argv: string[]
  /** argv as the remote shell receives it. */
  command: string
  /** One sentence: what the command does. */
  description: string
  /** Bricks it is meant to bring back (restart) or the sets it heals, as gluster names them. */
  targets: string[]
  /** Things to know before confirming (nothing to restart, a brick on an unreachable node, stale facts). */
  warnings: string[]
  /** Age of the facts the plan was made from. */
  factsAtMs: number | null
}

export type StorageActionPhase = 'running' | 'succeeded' | 'failed'

/** Progress and outcome of one action, pushed as it runs and returned at the end. */
export interface StorageActionStatus {
  id: string
  action: StorageActionKind
  volume: string
  host: string
  command: string
  phase: StorageActionPhase
  startedAtMs: number
  finishedAtMs: number | null
  exitCode: number | null
  /** stdout and stderr of the command, trimmed (empty while running). */
  output: string
  /** In words: "volume start: vmstore: success" or what failed and what to try. */
  message: string
}

export interface SharedMountEntry {
  volume: string
  mountPath: string
  /** setting: configured by the user; vm-disks: read from where the VMs' disks live. */
  source: 'setting' | 'vm-disks'
  /** For vm-disks: how many VM disks were found under the path. */
  disks?: number
}

export interface StorageScenarioBasis {
  /** When the Gluster facts used were observed; null when there were none. */
  glusterAtMs: number | null
  glusterStale: boolean
  mounts: SharedMountEntry[]
  /** What the answer could not take into account ("no mount known for volume x"). */
  notes: string[]
}

export interface WhatIfResult {
  impact: FailureImpact
  basis: StorageScenarioBasis
}

export interface MaintenanceCheckResult {
  check: MaintenanceCheck
  basis: StorageScenarioBasis
}

const mountPath = z
  .string()
  .trim()
  .min(1)
  .max(1024)
  .refine((path) => path.startsWith('/'), 'must be an absolute path')

export const WhatIfArgsSchema = z
  .object({
    hosts: z.array(entityName).max(500).optional(),
    cabinets: z.array(entityName).max(200).optional(),
    feeds: z.array(z.object({ cabinet: entityName, feed: entityName }).strict()).max(400).optional()
  })
  .strict()

export const StorageActionArgsSchema = z.object({ action: z.enum(storageActionKinds), volume: entityName }).strict()

export const RunStorageActionArgsSchema = z
  .object({
    action: z.enum(storageActionKinds),
    volume: entityName,
    /** The host the confirm dialog showed: the command runs there or not at all. */
    host: entityName,
    /** Only the confirm dialog sends this: no action runs without it. */
    confirmed: z.literal(true)
  })
  .strict()

export const SetSharedMountsArgsSchema = z
  .object({ mounts: z.array(z.object({ volume: entityName, mountPath }).strict()).max(200) })
  .strict()

export const storageRequests = {
  'storage.alerts': request<StorageAlertsState>()(noArgs),
  'storage.healTrend': request<HealTrend>()(noArgs),
  'storage.whatIf': request<WhatIfResult>()(WhatIfArgsSchema),
  'storage.maintenanceCheck': request<MaintenanceCheckResult>()(z.object({ host: entityName }).strict()),
  'storage.sharedMounts': request<SharedMountEntry[]>()(noArgs),
  'storage.setSharedMounts': request<SharedMountEntry[]>()(SetSharedMountsArgsSchema),
  'storage.planAction': request<StorageActionPlan>()(StorageActionArgsSchema),
  'storage.runAction': request<StorageActionStatus>()(RunStorageActionArgsSchema)
} satisfies Record<string, RequestSpec<z.ZodType, unknown>>

export interface StorageEvents {
  'storage.alerts': StorageAlertsState
  'storage.healTrend': HealTrend
  'storage.action': StorageActionStatus
}
export const storageEventTopics: readonly (keyof StorageEvents)[] = ['storage.alerts', 'storage.healTrend', 'storage.action']
