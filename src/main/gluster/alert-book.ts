// Keeps the Gluster alerts between samples: the reducer's state (what is active) plus a short
// list of what cleared, newest first, so the Storage view can show when each was raised and cleared.
import { initialAlertState, updateAlerts, type GlusterAlert, type GlusterAlertSample, type GlusterAlertState } from '../../shared/domain/gluster-alerts'
import type { StorageAlertsState } from '../../shared/api-parts/storage-api'

export interface AlertChange {
  raised: GlusterAlert[]
  cleared: GlusterAlert[]
  updated: GlusterAlert[]
}

export class AlertBook {
  private state: GlusterAlertState = initialAlertState
  private cleared: GlusterAlert[] = []

  constructor(private readonly clearedLimit = 100) {}

  /** Takes in one sample; returns what changed, or null when nothing did (or the sample was out of order). */
  take(sample: GlusterAlertSample): AlertChange | null {
    const update = updateAlerts(this.state, sample)
    if (update.ignored) return null
    this.state = update.state
    if (update.cleared.length > 0) this.cleared = [...[...update.cleared].sort((a, b) => (b.clearedAtMs ?? 0) - (a.clearedAtMs ?? 0)), ...this.cleared].slice(0, this.clearedLimit)
    const changed = update.raised.length + update.cleared.length + update.updated.length > 0
    return changed ? { raised: update.raised, cleared: update.cleared, updated: update.updated } : null
  }

  snapshot(): StorageAlertsState {
    return { active: this.state.active, cleared: this.cleared, clearedLimit: this.clearedLimit, sampledAtMs: this.state.lastAtMs }
  }
}
