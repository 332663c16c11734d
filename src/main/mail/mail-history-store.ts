// The mail metrics on disk: one row per host and 10 s, kept 24 h, so the Mail view can show last
// night after a restart. Rows are written once their 10 s have passed.
import type Database from 'better-sqlite3'
import type { MailSample } from '../../shared/api-parts/mail-api'

export const HISTORY_RESOLUTION_MS = 10_000
export const HISTORY_RETENTION_MS = 24 * 3_600_000

export class MailHistoryStore {
  private readonly insert: Database.Statement
  private readonly select: Database.Statement
  private readonly remove: Database.Statement

  constructor(private readonly db: Database.Database) {
    this.insert = db.prepare('INSERT OR REPLACE INTO mail_metric (host, at_ms, sample) VALUES (?, ?, ?)')
    this.select = db.prepare('SELECT sample FROM mail_metric WHERE host = ? AND at_ms >= ? AND at_ms <= ? ORDER BY at_ms')
    this.remove = db.prepare('DELETE FROM mail_metric WHERE at_ms < ?')
  }

  append(sample: MailSample): void {
    this.insert.run(sample.host, sample.atMs, JSON.stringify(sample))
  }

  /** Rows of `host` stamped within [fromMs, toMs], oldest first. */
  range(host: string, fromMs: number, toMs: number): MailSample[] {
    return (this.select.all(host, fromMs, toMs) as { sample: string }[]).map((row) => JSON.parse(row.sample) as MailSample)
  }

  /** Deletes rows older than the retention; returns how many went. */
  prune(nowMs: number): number {
    return this.remove.run(nowMs - HISTORY_RETENTION_MS).changes
  }
}
