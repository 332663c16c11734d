// Every migration Rackside ran, in the table vm_migration created on first use: the list the
// VMs view shows, kept across restarts. The audit log gets its own rows; this keeps progress,
// verification and the alarm, which the audit log has no columns for.
import type Database from 'better-sqlite3'
import type { MigrationRecord } from '../../shared/api-parts/vms-api'

const UNFINISHED = new Set(['running', 'aborting', 'verifying'])

export class MigrationStore {
  constructor(private readonly db: Database.Database) {
    db.exec(`CREATE TABLE IF NOT EXISTS vm_migration (
      id TEXT PRIMARY KEY,
      vm TEXT NOT NULL,
      started_at_ms INTEGER NOT NULL,
      status TEXT NOT NULL,
      record TEXT NOT NULL
    )`)
  }

  save(record: MigrationRecord): void {
    this.db
      .prepare('INSERT INTO vm_migration (id, vm, started_at_ms, status, record) VALUES (?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET status = excluded.status, record = excluded.record')
      .run(record.id, record.vm, record.startedAtMs, record.status, JSON.stringify(record))
  }

  /** Newest first. */
  list(limit = 100): MigrationRecord[] {
    const rows = this.db.prepare('SELECT record FROM vm_migration ORDER BY started_at_ms DESC, rowid DESC LIMIT ?').all(limit) as { record: string }[]
    return rows.map((row) => JSON.parse(row.record) as MigrationRecord)
  }

  /**
   * Migrations a previous run of Rackside left unfinished (it stopped while they ran): marked
   * 'unknown' with an alarm, since nobody verified where the VM ended up.
   */
  closeOrphans(nowMs: number): MigrationRecord[] {
    const rows = this.db.prepare(`SELECT record FROM vm_migration WHERE status IN (${[...UNFINISHED].map(() => '?').join(', ')})`).all(...UNFINISHED) as { record: string }[]
    const closed: MigrationRecord[] = []
    for (const row of rows) {
      const record = JSON.parse(row.record) as MigrationRecord
      const orphan: MigrationRecord = {
        ...record,
        status: 'unknown',
        endedAtMs: nowMs,
        durationMs: nowMs - record.startedAtMs,
        alarm: `Rackside stopped while migrating ${record.vm} from ${record.from} to ${record.to}: where it runs was never verified — check both hosts (virsh list --all)`
      }
      this.save(orphan)
      closed.push(orphan)
    }
    return closed
  }
}
