// The VMs view's own state, beside the app store: placement extras, tags and settings, the
// migrations and the plan runs, kept current by the feed's events.
import { create } from 'zustand'
import type { MigrationRecord, PlanRun, VmsPlacement } from '../../../../shared/api-parts/vms-api'

export interface VmsFeatureState {
  placement: VmsPlacement | null
  migrations: MigrationRecord[]
  planRuns: PlanRun[]
  /** Why the feed could not load, in words. */
  loadError: string | null
  setPlacement(placement: VmsPlacement): void
  upsertMigration(record: MigrationRecord): void
  setMigrations(records: MigrationRecord[]): void
  upsertPlanRun(run: PlanRun): void
  setPlanRuns(runs: PlanRun[]): void
  setLoadError(message: string | null): void
}

/** Replaces the record with the same id (or adds it), newest start first. */
export function mergeById<T extends { id: string; startedAtMs: number }>(list: readonly T[], item: T): T[] {
  const rest = list.filter((other) => other.id !== item.id)
  return [item, ...rest].sort((a, b) => b.startedAtMs - a.startedAtMs)
}

export const useVmsStore = create<VmsFeatureState>()((set) => ({
  placement: null,
  migrations: [],
  planRuns: [],
  loadError: null,
  setPlacement: (placement) => set({ placement }),
  upsertMigration: (record) => set((s) => ({ migrations: mergeById(s.migrations, record) })),
  setMigrations: (records) => set({ migrations: records }),
  upsertPlanRun: (run) => set((s) => ({ planRuns: mergeById(s.planRuns, run) })),
  setPlanRuns: (runs) => set({ planRuns: runs }),
  setLoadError: (loadError) => set({ loadError })
}))
