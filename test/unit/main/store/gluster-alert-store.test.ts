// Gluster alerts in the SQLite store (migration 3): saved with their raised and cleared times,
// read back after the store file is closed and opened again, bounded in age and count, and rows
// that are not Rackside's alerts reported by name while the rest still load.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { AlertBook } from '../../../../src/main/gluster/alert-book'
import { openDatabase, RACKSIDE_APPLICATION_ID } from '../../../../src/main/store/database'
import { ALERT_HISTORY_MAX_CLEARED, ALERT_HISTORY_RETENTION_MS, GlusterAlertStore } from '../../../../src/main/store/gluster-alert-store'
import { migrations } from '../../../../src/main/store/migrations'
import type { GlusterAlert, GlusterAlertSample } from '../../../../src/shared/domain/gluster-alerts'

const T0 = Date.UTC(2026, 11, 3, 2, 0, 0)
const BRICK = '10.200.0.12:/srv/gluster/vmstore/brick'
const GiB = 1024 ** 3

function sample(atMs: number, options: { offline?: string[]; peerDown?: boolean; heal?: number } = {}): GlusterAlertSample {
  const bricks = ['10.200.0.11', '10.200.0.12', '10.200.0.13'].map((ip) => ({
    host: ip,
    path: '/srv/gluster/vmstore/brick',
    online: !(options.offline ?? []).includes(`${ip}:/srv/gluster/vmstore/brick`),
    sizeTotalBytes: 100 * GiB,
    sizeFreeBytes: 60 * GiB,
    inodesTotal: 1000,
    inodesFree: 900
  }))
  return {
    atMs,
    volumes: [{ name: 'vmstore', started: true, bricks }],
    peers: [{ uuid: 'u-3', hostname: '10.200.0.13', connected: options.peerDown !== true }],
    ...(options.heal === undefined ? {} : { heal: [{ volume: 'vmstore', bricks: bricks.map(({ host, path, online }) => ({ host, path, pending: online ? (options.heal ?? 0) : null, splitBrain: online ? 0 : null })) }] })
  }
}

describe('GlusterAlertStore', () => {
  const dirs: string[] = []
  const open = () => {
    const dir = mkdtempSync(join(tmpdir(), 'rackside-alert-store-'))
    dirs.push(dir)
    return { dir, ...openDatabase(dir) }
  }
  afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })))

  it('round-trips active and cleared alerts and the heal history through the store', () => {
    const { db } = open()
    const store = new GlusterAlertStore(db)
    const book = new AlertBook(100, store)
    book.take(sample(T0, { heal: 0 }))
    book.take(sample(T0 + 10_000, { offline: [BRICK], peerDown: true, heal: 4 }))
    book.take(sample(T0 + 20_000, { offline: [BRICK], heal: 9 }))

    const loaded = store.load(100)
    expect(loaded.problems).toEqual([])
    expect(loaded.state).toEqual({ active: book.snapshot().active, healPending: { vmstore: expect.objectContaining({ [BRICK]: [0], '10.200.0.11:/srv/gluster/vmstore/brick': [0, 4, 9] }) }, lastAtMs: T0 + 20_000 })
    expect(loaded.state.active.map((a) => [a.kind, a.raisedAtMs, a.clearedAtMs])).toEqual([['brick-offline', T0 + 10_000, null]])
    expect(loaded.cleared.map((a) => [a.kind, a.peer, a.raisedAtMs, a.clearedAtMs])).toEqual([['peer-disconnected', '10.200.0.13', T0 + 10_000, T0 + 20_000]])
    db.close()
  })

  it('keeps alerts across a restart: the reopened file shows them with both times, and the next sample clears the restored one', () => {
    const first = open()
    const before = new AlertBook(100, new GlusterAlertStore(first.db))
    before.take(sample(T0, { offline: [BRICK], peerDown: true }))
    before.take(sample(T0 + 10_000, { offline: [BRICK] }))
    first.db.close()

    const reopened = openDatabase(first.dir)
    const after = new AlertBook(100, new GlusterAlertStore(reopened.db))
    const restored = after.snapshot()
    expect(restored.sampledAtMs).toBe(T0 + 10_000)
    expect(restored.storeProblems).toEqual([])
    expect(restored.active.map((a) => [a.id, a.raisedAtMs, a.clearedAtMs])).toEqual([[`brick-offline:vmstore:${BRICK}`, T0, null]])
    expect(restored.cleared.map((a) => [a.id, a.raisedAtMs, a.clearedAtMs])).toEqual([['peer-disconnected:u-3', T0, T0 + 10_000]])

    // The clock may have been set back while Rackside was off: a sample from before the saved one still counts.
    const change = after.take(sample(T0 + 5_000))
    expect(change?.cleared.map((a) => [a.kind, a.raisedAtMs, a.clearedAtMs])).toEqual([['brick-offline', T0, T0 + 5_000]])
    reopened.db.close()

    const third = openDatabase(first.dir)
    const stored = new GlusterAlertStore(third.db).load(100)
    expect(stored.state.active).toEqual([])
    expect(stored.cleared.map((a) => [a.kind, a.clearedAtMs])).toEqual([
      ['peer-disconnected', T0 + 10_000],
      ['brick-offline', T0 + 5_000]
    ])
    third.db.close()
  })

  it('judges a growing heal backlog across a restart from the saved heal history', () => {
    const first = open()
    const before = new AlertBook(100, new GlusterAlertStore(first.db))
    before.take(sample(T0, { offline: [BRICK], heal: 2 }))
    before.take(sample(T0 + 60_000, { offline: [BRICK], heal: 5 }))
    before.take(sample(T0 + 120_000, { offline: [BRICK], heal: 8 }))
    first.db.close()

    const reopened = openDatabase(first.dir)
    const after = new AlertBook(100, new GlusterAlertStore(reopened.db))
    const change = after.take(sample(T0 + 180_000, { offline: [BRICK], heal: 11 }))
    expect(change?.raised.map((a) => [a.kind, a.message])).toEqual([
      ['heal-backlog-growing', `heal backlog on brick 10.200.0.11:/srv/gluster/vmstore/brick of vmstore grew 3 samples in a row: 2 → 5 → 8 → 11 entries pending`],
      ['heal-backlog-growing', `heal backlog on brick 10.200.0.13:/srv/gluster/vmstore/brick of vmstore grew 3 samples in a row: 2 → 5 → 8 → 11 entries pending`]
    ])
    reopened.db.close()
  })

  it('reports corrupt and foreign rows by name, leaves them in place, and still loads the good ones', () => {
    const { db } = open()
    const store = new GlusterAlertStore(db)
    new AlertBook(100, store).take(sample(T0, { offline: [BRICK] }))
    const insert = db.prepare('INSERT INTO gluster_alert (id, raised_at_ms, cleared_at_ms, body) VALUES (?, ?, ?, ?)')
    insert.run('garbage', T0 + 1, null, '{not json')
    insert.run('alien', T0 + 2, T0 + 3, JSON.stringify({ id: 'alien', kind: 'cpu-hot', severity: 'warning' }))
    const good = store.load(100).state.active[0] as GlusterAlert
    insert.run('mismatch', T0 + 4, T0 + 5, JSON.stringify({ ...good, clearedAtMs: T0 + 5 }))
    db.prepare('UPDATE gluster_alert_reducer SET heal_pending = ?').run('{"vmstore": {"b": ["x"]}}')
    const rowsBefore = db.prepare('SELECT * FROM gluster_alert ORDER BY id').all()

    const loaded = store.load(100)
    expect(loaded.state.active.map((a) => a.id)).toEqual([`brick-offline:vmstore:${BRICK}`])
    expect(loaded.cleared).toEqual([])
    expect(loaded.state.healPending).toEqual({})
    expect(loaded.problems).toEqual([
      `stored alert garbage raised ${new Date(T0 + 1).toISOString()} was not loaded: its body is not JSON (${errorOfParsing('{not json')})`,
      `stored alert mismatch raised ${new Date(T0 + 4).toISOString()} was not loaded: its body does not match its id and times`,
      expect.stringMatching(new RegExp(`^stored alert alien raised ${new Date(T0 + 2).toISOString()} was not loaded: its body is not a Gluster alert \\(kind: .*brick-offline.*\\)$`)),
      'the stored heal-count history is unreadable: a growing heal backlog is judged from new heal summaries only'
    ])
    expect(db.prepare('SELECT * FROM gluster_alert ORDER BY id').all()).toEqual(rowsBefore)

    const book = new AlertBook(100, store)
    expect(book.snapshot().storeProblems).toEqual(loaded.problems)
    expect(book.snapshot().active.map((a) => a.kind)).toEqual(['brick-offline'])
    db.close()
  })

  it('reports a save that fails and writes the alerts it missed once saving works again', () => {
    const { db } = open()
    const store = new GlusterAlertStore(db)
    const book = new AlertBook(100, store)
    book.take(sample(T0, { offline: [BRICK] }))
    db.exec('CREATE TRIGGER refuse BEFORE UPDATE ON gluster_alert BEGIN SELECT RAISE(ABORT, \'disk is full\'); END')
    book.take(sample(T0 + 10_000))
    expect(book.lastSaveProblem).toBe(`alerts of the sample at ${new Date(T0 + 10_000).toISOString()} could not be saved (disk is full): they show here but will not survive a restart`)
    expect(book.snapshot().storeProblems).toEqual([book.lastSaveProblem])
    expect(store.load(100).state.active.map((a) => a.kind)).toEqual(['brick-offline'])

    db.exec('DROP TRIGGER refuse')
    book.take(sample(T0 + 20_000, { heal: 0 }))
    expect(book.lastSaveProblem).toBeNull()
    const stored = store.load(100)
    expect(stored.state.active).toEqual([])
    expect(stored.cleared.map((a) => [a.kind, a.clearedAtMs])).toEqual([['brick-offline', T0 + 10_000]])
    db.close()
  })

  it('keeps cleared alerts 30 days and at most 1000, never dropping active ones', () => {
    const { db } = open()
    const store = new GlusterAlertStore(db)
    const book = new AlertBook(100, store)
    book.take(sample(T0, { offline: [BRICK] }))
    const insert = db.prepare('INSERT INTO gluster_alert (id, raised_at_ms, cleared_at_ms, body) VALUES (?, ?, ?, ?)')
    const cleared = (i: number, clearedAtMs: number): GlusterAlert => ({
      id: `peer-disconnected:u-${i}`,
      kind: 'peer-disconnected',
      severity: 'warning',
      volume: null,
      brick: null,
      peer: `10.0.0.${i}`,
      message: `peer 10.0.0.${i} disconnected`,
      raisedAtMs: clearedAtMs - 1_000,
      severityChangedAtMs: null,
      clearedAtMs
    })
    db.transaction(() => {
      for (let i = 0; i < ALERT_HISTORY_MAX_CLEARED + 5; i++) {
        const alert = cleared(i, T0 - ALERT_HISTORY_RETENTION_MS + 60_000 + i)
        insert.run(alert.id, alert.raisedAtMs, alert.clearedAtMs, JSON.stringify(alert))
      }
      const old = cleared(9999, T0 - ALERT_HISTORY_RETENTION_MS - 1)
      insert.run(old.id, old.raisedAtMs, old.clearedAtMs, JSON.stringify(old))
    })()

    // Counting from the saved sample's time: the one past 30 days and the 5 oldest beyond 1000 go.
    expect(store.prune(T0)).toBe(6)
    const left = db.prepare('SELECT count(*) AS n, min(cleared_at_ms) AS oldest FROM gluster_alert WHERE cleared_at_ms IS NOT NULL').get() as { n: number; oldest: number }
    expect(left).toEqual({ n: ALERT_HISTORY_MAX_CLEARED, oldest: T0 - ALERT_HISTORY_RETENTION_MS + 60_000 + 5 })
    expect(store.load(3).cleared.map((a) => a.peer)).toEqual(['10.0.0.1004', '10.0.0.1003', '10.0.0.1002'])
    expect(store.load(3).state.active.map((a) => a.kind)).toEqual(['brick-offline'])

    // A sample that clears something prunes by its own time.
    book.take(sample(T0 + 60_000 + 1003))
    const remaining = db.prepare('SELECT id FROM gluster_alert ORDER BY cleared_at_ms').all() as { id: string }[]
    expect(remaining.map((r) => r.id)).toEqual(['peer-disconnected:u-1003', 'peer-disconnected:u-1004', `brick-offline:vmstore:${BRICK}`])
    db.close()
  })

  it('upgrades a schema-2 store in place: its mail history stays and the alert tables appear', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rackside-alert-upgrade-'))
    dirs.push(dir)
    const old = new Database(join(dir, 'rackside.db'))
    old.exec(migrations[0] ?? '')
    old.exec(migrations[1] ?? '')
    old.pragma('user_version = 2')
    old.pragma(`application_id = ${RACKSIDE_APPLICATION_ID}`)
    old.prepare('INSERT INTO mail_metric (host, at_ms, sample) VALUES (?, ?, ?)').run('mail-01', T0, '{}')
    old.close()

    const { db } = openDatabase(dir)
    expect(db.pragma('user_version', { simple: true })).toBe(3)
    expect(db.prepare('SELECT host FROM mail_metric').all()).toEqual([{ host: 'mail-01' }])
    expect(new GlusterAlertStore(db).load(10)).toEqual({ state: { active: [], healPending: {}, lastAtMs: null }, cleared: [], problems: [] })
    db.close()
  })
})

function errorOfParsing(text: string): string {
  try {
    JSON.parse(text)
  } catch (error) {
    return (error as Error).message
  }
  throw new Error('parsed')
}
