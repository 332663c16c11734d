import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { MigrationRecord } from '../../../../src/shared/api-parts/vms-api'
import { MigrationStore } from '../../../../src/main/migration/migration-store'
import { DEFAULT_VMS_SETTINGS, VmsSettingsStore } from '../../../../src/main/migration/vms-settings-store'
import { VmTagsStore } from '../../../../src/main/migration/vm-tags-store'
import { openDatabase } from '../../../../src/main/store/database'
import { tempDir } from '../../../helpers/temp-services'

function record(id: string, status: MigrationRecord['status'], startedAtMs: number): MigrationRecord {
  return {
    id,
    vm: 'web-01',
    from: 'hvx-01',
    to: 'hvx-02',
    runsOn: 'hvx-01',
    argv: ['virsh', 'migrate'],
    commandLine: 'virsh migrate',
    actor: 'alice',
    status,
    startedAtMs,
    endedAtMs: null,
    durationMs: null,
    progress: null,
    warnings: []
  }
}

describe('the VMs feature’s stores', () => {
  let dir: ReturnType<typeof tempDir>
  let db: ReturnType<typeof openDatabase>['db']
  beforeEach(() => {
    dir = tempDir('rackside-vms-store-')
    db = openDatabase(dir.path).db
  })
  afterEach(() => {
    db.close()
    dir.remove()
  })

  it('keeps the tags of each VM across a reopen, replacing them as a whole', () => {
    const tags = new VmTagsStore(db)
    tags.set('web-01', ['web', 'frontend', 'web'])
    tags.set('web-02', ['web'])
    tags.set('db-01', ['db'])
    tags.set('db-01', [])
    db.close()
    db = openDatabase(dir.path).db
    expect(new VmTagsStore(db).all()).toEqual({ 'web-01': ['frontend', 'web'], 'web-02': ['web'] })
  })

  it('gives the defaults until settings are saved, merges changes, and refuses a warn ratio above the limit', () => {
    const settings = new VmsSettingsStore(db)
    expect(settings.get()).toEqual(DEFAULT_VMS_SETTINGS)
    expect(settings.get().command.uriTemplate).toBe('qemu+ssh://{address}/system')
    settings.update({ maxConcurrent: 3, command: { uriTemplate: 'qemu+tls://{address}/system', autoConverge: true } })
    expect(new VmsSettingsStore(db).get()).toMatchObject({ maxConcurrent: 3, command: { uriTemplate: 'qemu+tls://{address}/system', autoConverge: true }, vcpuMaxRatio: 4 })
    expect(() => settings.update({ vcpuWarnRatio: 5 })).toThrow(/warning ratio 5 must lie between 0 and the limit 4/)
    expect(settings.get().vcpuWarnRatio).toBe(2)
  })

  it('says so when the stored settings were damaged, rather than running on defaults', () => {
    db.prepare("INSERT INTO setting (key, value) VALUES ('vms.settings', '{\"maxConcurrent\": 99}')").run()
    expect(() => new VmsSettingsStore(db).get()).toThrow(/stored VM settings are invalid: maxConcurrent/)
  })

  it('lists migrations newest first and raises an alarm for those a previous run left unfinished', () => {
    const store = new MigrationStore(db)
    store.save(record('a', 'succeeded', 1_000))
    store.save(record('b', 'running', 2_000))
    store.save({ ...record('b', 'running', 2_000), progress: { atMs: 2_500, percent: 40, processedBytes: 1, remainingBytes: 2, totalBytes: 3, bandwidthBytesPerSecond: 4, etaSeconds: 1, elapsedMs: 500, iteration: 1 } })
    expect(store.list().map((r) => r.id)).toEqual(['b', 'a'])
    expect(store.list()[0]?.progress?.percent).toBe(40)
    const orphans = new MigrationStore(db).closeOrphans(10_000)
    expect(orphans.map((r) => r.id)).toEqual(['b'])
    const closed = store.list()[0]
    expect(closed).toMatchObject({ status: 'unknown', endedAtMs: 10_000, durationMs: 8_000 })
    expect(closed?.alarm).toMatch(/Rackside stopped while migrating web-01 from hvx-01 to hvx-02/)
    expect(store.closeOrphans(11_000)).toEqual([])
  })
})
