// Every action that changes a host or the inventory leaves a row here: who, what, the exact
// command, when it started and ended, and how it ended.
import type Database from 'better-sqlite3'
import type { AuditEntry, AuditEntryInput } from '../../shared/api'

export class AuditLog {
  constructor(
    private readonly db: Database.Database,
    private readonly now: () => number = Date.now
  ) {}

  append(entry: AuditEntryInput): AuditEntry {
    const atMs = entry.atMs ?? this.now()
    const info = this.db
      .prepare('INSERT INTO audit_log (at_ms, actor, action, target, command, result, detail) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(atMs, entry.actor, entry.action, entry.target, entry.command ?? null, entry.result, entry.detail ?? null)
    return { ...entry, id: Number(info.lastInsertRowid), atMs }
  }

  list(limit = 200): AuditEntry[] {
    const rows = this.db.prepare('SELECT * FROM audit_log ORDER BY id DESC LIMIT ?').all(limit) as {
      id: number
      at_ms: number
      actor: string
      action: string
      target: string
      command: string | null
      result: AuditEntry['result']
      detail: string | null
    }[]
    return rows.map((row) => ({
      id: row.id,
      atMs: row.at_ms,
      actor: row.actor,
      action: row.action,
      target: row.target,
      ...(row.command === null ? {} : { command: row.command }),
      result: row.result,
      ...(row.detail === null ? {} : { detail: row.detail })
    }))
  }
}
