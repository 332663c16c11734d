// Keeps the Gluster alerts between samples: the reducer's state (what is active) plus a short
// list of what cleared, newest first, so the Storage view can show when each was raised and cleared.
// With a store, it starts from what was saved and saves every sample that changed something.
import { initialAlertState, updateAlerts, type GlusterAlert, type GlusterAlertSample, type GlusterAlertState } from '../../shared/domain/gluster-alerts'
import type { StorageAlertsState } from '../../shared/api-parts/storage-api'
import { ALERT_HISTORY_MAX_CLEARED, type StoredAlerts } from '../store/gluster-alert-store'

export interface AlertChange {
  raised: GlusterAlert[]
  cleared: GlusterAlert[]
  updated: GlusterAlert[]
}

/** Where the book keeps its alerts across restarts (GlusterAlertStore in the app). */
export interface AlertBookStore {
  load(clearedLimit: number): StoredAlerts
  save(state: GlusterAlertState, cleared: readonly GlusterAlert[]): void
}

export class AlertBook {
  private state: GlusterAlertState = initialAlertState
  private cleared: GlusterAlert[] = []
  /** Time of the last sample of the previous run, shown until this run takes its first. */
  private restoredAtMs: number | null = null
  private loadProblems: string[] = []
  private saveProblem: string | null = null
  /** Cleared alerts a failed save did not write: the next save writes them, so none stays active on disk. */
  private unsavedCleared: GlusterAlert[] = []

  constructor(
    private readonly clearedLimit = 100,
    private readonly store?: AlertBookStore
  ) {
    if (!store) return
    try {
      const stored = store.load(clearedLimit)
      // Ordering only guards samples within one run: a clock set back between runs must not freeze the alerts.
      this.state = { ...stored.state, lastAtMs: null }
      this.restoredAtMs = stored.state.lastAtMs
      this.cleared = stored.cleared
      this.loadProblems = stored.problems
    } catch (error) {
      this.loadProblems = [`saved alerts could not be read (${(error as Error).message}): only alerts from this run are shown`]
    }
  }

  /** Takes in one sample; returns what changed, or null when nothing did (or the sample was out of order). */
  take(sample: GlusterAlertSample): AlertChange | null {
    const update = updateAlerts(this.state, sample)
    if (update.ignored) return null
    this.state = update.state
    if (update.cleared.length > 0) this.cleared = [...[...update.cleared].sort((a, b) => (b.clearedAtMs ?? 0) - (a.clearedAtMs ?? 0)), ...this.cleared].slice(0, this.clearedLimit)
    const changed = update.raised.length + update.cleared.length + update.updated.length > 0
    // Heal counts feed the backlog trend even when no alert changes, so a sample with them is saved too.
    if (changed || sample.heal !== undefined) this.save(update.cleared, sample.atMs)
    return changed ? { raised: update.raised, cleared: update.cleared, updated: update.updated } : null
  }

  snapshot(): StorageAlertsState {
    return {
      active: this.state.active,
      cleared: this.cleared,
      clearedLimit: this.clearedLimit,
      sampledAtMs: this.state.lastAtMs ?? this.restoredAtMs,
      storeProblems: this.saveProblem === null ? this.loadProblems : [...this.loadProblems, this.saveProblem]
    }
  }

  /** Why the last save failed; null when it worked (or there is no store). */
  get lastSaveProblem(): string | null {
    return this.saveProblem
  }

  private save(cleared: readonly GlusterAlert[], atMs: number): void {
    if (!this.store) return
    const toWrite = [...this.unsavedCleared, ...cleared]
    try {
      this.store.save(this.state, toWrite)
      this.saveProblem = null
      this.unsavedCleared = []
    } catch (error) {
      this.unsavedCleared = toWrite.slice(-ALERT_HISTORY_MAX_CLEARED)
      this.saveProblem = `alerts of the sample at ${new Date(atMs).toISOString()} could not be saved (${(error as Error).message}): they show here but will not survive a restart`
    }
  }
}
