// The Storage view's settings, kept in the store's setting table under their own keys.
import type Database from 'better-sqlite3'
import { z } from 'zod'

const SHARED_MOUNTS_KEY = 'storage.sharedMounts'
const MountsSchema = z.array(z.object({ volume: z.string().min(1), mountPath: z.string().min(1) }))

export type ConfiguredMount = z.infer<typeof MountsSchema>[number]

export class StorageSettingError extends Error {
  override name = 'StorageSettingError'
  readonly kind = 'invalid-setting'
}

export class StorageSettings {
  constructor(private readonly db: Database.Database) {}

  /** Mount paths the user set per volume; a corrupt value is an error, never an empty list. */
  sharedMounts(): ConfiguredMount[] {
    const row = this.db.prepare('SELECT value FROM setting WHERE key = ?').get(SHARED_MOUNTS_KEY) as { value: string } | undefined
    if (row === undefined) return []
    let parsed: unknown
    try {
      parsed = JSON.parse(row.value)
    } catch (error) {
      throw new StorageSettingError(`setting ${SHARED_MOUNTS_KEY} is not valid JSON (${(error as Error).message}): set the mounts again`)
    }
    const result = MountsSchema.safeParse(parsed)
    if (!result.success) throw new StorageSettingError(`setting ${SHARED_MOUNTS_KEY} is malformed (${result.error.issues[0]?.message ?? 'invalid'}): set the mounts again`)
    return result.data
  }

  setSharedMounts(mounts: readonly ConfiguredMount[]): void {
    this.db
      .prepare('INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value')
      .run(SHARED_MOUNTS_KEY, JSON.stringify(mounts.map(({ volume, mountPath }) => ({ volume, mountPath }))))
  }
}
