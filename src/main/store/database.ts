// Opens Rackside's SQLite store in the data folder and brings its schema up to date.
// Refuses files that are not Rackside's own (corrupt, foreign or newer) without touching them.
import Database from 'better-sqlite3'
import { accessSync, constants, existsSync, mkdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { migrations } from './migrations'

/** "RKSD" as a big-endian int: marks a SQLite file as Rackside's (PRAGMA application_id). */
export const RACKSIDE_APPLICATION_ID = 0x524b5344

export class StoreOpenError extends Error {
  override name = 'StoreOpenError'
  constructor(
    readonly kind: 'data-folder-unusable' | 'not-a-database' | 'foreign-database' | 'newer-schema',
    message: string
  ) {
    super(message)
  }
}

export interface OpenedDatabase {
  db: Database.Database
  path: string
  /** True when this call created the file: the caller seeds it (the demo site). */
  created: boolean
}

export function openDatabase(dataDir: string): OpenedDatabase {
  ensureWritableFolder(dataDir)
  const path = join(dataDir, 'rackside.db')
  const existed = existsSync(path) && statSync(path).size > 0
  let db: Database.Database
  try {
    db = new Database(path, { fileMustExist: false })
  } catch (error) {
    throw new StoreOpenError('not-a-database', `${path}: cannot open the store: ${(error as Error).message}`)
  }
  try {
    if (existed) checkOwnership(db, path)
    db.pragma('journal_mode = WAL')
    db.pragma('foreign_keys = ON')
    db.pragma('busy_timeout = 5000')
    migrate(db, path)
    return { db, path, created: !existed }
  } catch (error) {
    db.close()
    throw error
  }
}

function ensureWritableFolder(dataDir: string): void {
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 })
    accessSync(dataDir, constants.R_OK | constants.W_OK | constants.X_OK)
  } catch (error) {
    throw new StoreOpenError(
      'data-folder-unusable',
      `data folder ${dataDir} is not usable (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); choose another with --data DIR or RACKSIDE_DATA`
    )
  }
}

function checkOwnership(db: Database.Database, path: string): void {
  let applicationId: number
  let tableCount: number
  try {
    applicationId = db.pragma('application_id', { simple: true }) as number
    tableCount = (db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number }).n
  } catch (error) {
    throw new StoreOpenError('not-a-database', `${path} is not a SQLite database (${(error as Error).message}); it was left untouched — move it away to start afresh`)
  }
  if (applicationId !== RACKSIDE_APPLICATION_ID && tableCount > 0) {
    throw new StoreOpenError('foreign-database', `${path} is a SQLite database of another program (application_id ${applicationId}); it was left untouched — point --data at another folder`)
  }
}

function migrate(db: Database.Database, path: string): void {
  const current = db.pragma('user_version', { simple: true }) as number
  if (current > migrations.length) {
    throw new StoreOpenError('newer-schema', `${path} has schema version ${current}, newer than this Rackside understands (${migrations.length}); upgrade Rackside`)
  }
  const pending = migrations.slice(current)
  if (pending.length === 0) return
  db.transaction(() => {
    pending.forEach((sql, offset) => {
      db.exec(sql)
      db.pragma(`user_version = ${current + offset + 1}`)
    })
    db.pragma(`application_id = ${RACKSIDE_APPLICATION_ID}`)
  })()
}
