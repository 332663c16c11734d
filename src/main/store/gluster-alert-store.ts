// Gluster alerts on disk: one row per raising with its raised and cleared times, plus the alert
// reducer's heal-count history, so the Storage view's notifications survive a restart. Cleared
// rows are kept 30 days and at most 1000; a row that cannot be read is reported and left alone.
import type Database from 'better-sqlite3'
import { z } from 'zod'
import type { GlusterAlert, GlusterAlertState } from '../../shared/domain/gluster-alerts'

export const ALERT_HISTORY_RETENTION_MS = 30 * 24 * 3_600_000
export const ALERT_HISTORY_MAX_CLEARED = 1000

const AlertSchema = z
  .object({
    id: z.string().min(1),
    kind: z.enum(['brick-offline', 'heal-backlog-growing', 'split-brain', 'brick-disk-full', 'brick-inodes-full', 'peer-disconnected']),
    severity: z.enum(['warning', 'critical']),
    volume: z.string().nullable(),
    brick: z.string().nullable(),
    peer: z.string().nullable(),
    message: z.string(),
    raisedAtMs: z.number().int(),
    severityChangedAtMs: z.number().int().nullable(),
    clearedAtMs: z.number().int().nullable()
  })
  .strict()

const HealPendingSchema = z.record(z.string(), z.record(z.string(), z.array(z.number().int().nonnegative())))

export interface StoredAlerts {
  /** Active alerts (sorted by id) and the heal-count history as last saved. */
  state: GlusterAlertState
  /** Cleared alerts, newest first, at most the limit asked for. */
  cleared: GlusterAlert[]
  /** Rows that could not be read, one line each; they stay in the store and are not shown. */
  problems: string[]
}

interface AlertRow {
  id: unknown
  raised_at_ms: unknown
  cleared_at_ms: unknown
  body: unknown
}

const when = (ms: unknown): string => (typeof ms === 'number' && Number.isFinite(ms) ? new Date(ms).toISOString() : JSON.stringify(ms))

/** The alert a row holds, or why it cannot be trusted: its body must agree with its key columns. */
function readRow(row: AlertRow): GlusterAlert | string {
  let parsed: unknown
  try {
    parsed = JSON.parse(String(row.body))
  } catch (error) {
    return `its body is not JSON (${(error as Error).message})`
  }
  const result = AlertSchema.safeParse(parsed)
  if (!result.success) {
    const issue = result.error.issues[0]
    return `its body is not a Gluster alert (${issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'invalid'})`
  }
  const alert = result.data
  if (alert.id !== row.id || alert.raisedAtMs !== row.raised_at_ms || alert.clearedAtMs !== row.cleared_at_ms) return 'its body does not match its id and times'
  return alert
}

export class GlusterAlertStore {
  private readonly upsertActive: Database.Statement
  private readonly markCleared: Database.Statement
  private readonly saveReducer: Database.Statement
  private readonly pruneCleared: Database.Statement

  constructor(private readonly db: Database.Database) {
    this.upsertActive = db.prepare(
      'INSERT INTO gluster_alert (id, raised_at_ms, cleared_at_ms, body) VALUES (?, ?, NULL, ?) ON CONFLICT (id, raised_at_ms) DO UPDATE SET cleared_at_ms = NULL, body = excluded.body'
    )
    this.markCleared = db.prepare(
      'INSERT INTO gluster_alert (id, raised_at_ms, cleared_at_ms, body) VALUES (?, ?, ?, ?) ON CONFLICT (id, raised_at_ms) DO UPDATE SET cleared_at_ms = excluded.cleared_at_ms, body = excluded.body'
    )
    this.saveReducer = db.prepare(
      'INSERT INTO gluster_alert_reducer (id, last_at_ms, heal_pending) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET last_at_ms = excluded.last_at_ms, heal_pending = excluded.heal_pending'
    )
    this.pruneCleared = db.prepare(`
      DELETE FROM gluster_alert WHERE cleared_at_ms IS NOT NULL AND (
        cleared_at_ms < ? OR (id, raised_at_ms) NOT IN (
          SELECT id, raised_at_ms FROM gluster_alert WHERE cleared_at_ms IS NOT NULL ORDER BY cleared_at_ms DESC LIMIT ?))`)
  }

  /** What was saved: the active alerts, the newest `clearedLimit` cleared ones and the heal history. */
  load(clearedLimit: number): StoredAlerts {
    const problems: string[] = []
    const active = new Map<string, GlusterAlert>()
    const activeRows = this.db.prepare('SELECT id, raised_at_ms, cleared_at_ms, body FROM gluster_alert WHERE cleared_at_ms IS NULL ORDER BY raised_at_ms').all() as AlertRow[]
    for (const row of activeRows) {
      const alert = readRow(row)
      if (typeof alert === 'string') problems.push(`stored alert ${String(row.id)} raised ${when(row.raised_at_ms)} was not loaded: ${alert}`)
      else {
        const older = active.get(alert.id)
        if (older) problems.push(`stored alert ${alert.id} is active twice (raised ${when(older.raisedAtMs)} and ${when(alert.raisedAtMs)}): only the later one is shown`)
        active.set(alert.id, alert)
      }
    }
    const cleared: GlusterAlert[] = []
    const clearedRows = this.db
      .prepare('SELECT id, raised_at_ms, cleared_at_ms, body FROM gluster_alert WHERE cleared_at_ms IS NOT NULL ORDER BY cleared_at_ms DESC LIMIT ?')
      .all(clearedLimit) as AlertRow[]
    for (const row of clearedRows) {
      const alert = readRow(row)
      if (typeof alert === 'string') problems.push(`stored alert ${String(row.id)} raised ${when(row.raised_at_ms)} was not loaded: ${alert}`)
      else cleared.push(alert)
    }

    let healPending: GlusterAlertState['healPending'] = {}
    let lastAtMs: number | null = null
    const reducer = this.db.prepare('SELECT last_at_ms, heal_pending FROM gluster_alert_reducer WHERE id = 1').get() as { last_at_ms: unknown; heal_pending: unknown } | undefined
    if (reducer !== undefined) {
      lastAtMs = typeof reducer.last_at_ms === 'number' && Number.isInteger(reducer.last_at_ms) ? reducer.last_at_ms : null
      let parsed: unknown
      try {
        parsed = JSON.parse(String(reducer.heal_pending))
      } catch {
        parsed = undefined
      }
      const result = HealPendingSchema.safeParse(parsed)
      if (result.success) healPending = result.data
      else problems.push('the stored heal-count history is unreadable: a growing heal backlog is judged from new heal summaries only')
    }
    const byId = (a: GlusterAlert, b: GlusterAlert): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
    return { state: { active: [...active.values()].sort(byId), healPending, lastAtMs }, cleared, problems }
  }

  /**
   * Saves the reducer's state after a sample, and the alerts that sample cleared, in one
   * transaction; then drops cleared rows past the retention (counted from the sample's time).
   */
  save(state: GlusterAlertState, cleared: readonly GlusterAlert[]): void {
    this.db.transaction(() => {
      for (const alert of state.active) this.upsertActive.run(alert.id, alert.raisedAtMs, JSON.stringify(alert))
      for (const alert of cleared) this.markCleared.run(alert.id, alert.raisedAtMs, alert.clearedAtMs, JSON.stringify(alert))
      this.saveReducer.run(state.lastAtMs, JSON.stringify(state.healPending))
      if (cleared.length > 0 && state.lastAtMs !== null) this.prune(state.lastAtMs)
    })()
  }

  /** Deletes cleared rows older than the retention and beyond the newest ALERT_HISTORY_MAX_CLEARED; returns how many went. */
  prune(nowMs: number): number {
    return this.pruneCleared.run(nowMs - ALERT_HISTORY_RETENTION_MS, ALERT_HISTORY_MAX_CLEARED).changes
  }
}
