import { describe, expect, it } from 'vitest'
import { StorageSettings } from '../../../../src/main/gluster/storage-settings'
import { openDatabase } from '../../../../src/main/store/database'
import { tempDir } from '../ssh/temp-dir'

describe('StorageSettings', () => {
  it('keeps the configured mounts across a reopen of the store', () => {
    const dir = tempDir()
    const first = openDatabase(dir)
    new StorageSettings(first.db).setSharedMounts([{ volume: 'vmstore', mountPath: '/mnt/vmstore' }])
    first.db.close()
    const again = openDatabase(dir)
    expect(new StorageSettings(again.db).sharedMounts()).toEqual([{ volume: 'vmstore', mountPath: '/mnt/vmstore' }])
    again.db.close()
  })

  it('reports a damaged value instead of pretending nothing is set', () => {
    const { db } = openDatabase(tempDir())
    expect(new StorageSettings(db).sharedMounts()).toEqual([])
    db.prepare("INSERT INTO setting (key, value) VALUES ('storage.sharedMounts', '[{\"volume\":1}')").run()
    expect(() => new StorageSettings(db).sharedMounts()).toThrow(/setting storage.sharedMounts is not valid JSON .*: set the mounts again/)
    db.prepare("UPDATE setting SET value = '[{\"volume\":\"x\"}]' WHERE key = 'storage.sharedMounts'").run()
    expect(() => new StorageSettings(db).sharedMounts()).toThrow(/setting storage.sharedMounts is malformed/)
    db.close()
  })
})
