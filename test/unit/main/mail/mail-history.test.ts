// 1 Hz samples become 10 s rows in SQLite, kept 24 h, read back after the store is reopened.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { MailSample } from '../../../../src/shared/api-parts/mail-api'
import { downsample, downsampleSeries } from '../../../../src/main/mail/mail-downsample'
import { HISTORY_RETENTION_MS, MailHistoryStore } from '../../../../src/main/mail/mail-history-store'
import { openDatabase } from '../../../../src/main/store/database'

const T0 = Date.UTC(2026, 11, 3, 2, 0, 0)

function sample(atMs: number, load1: number, overrides: Partial<MailSample> = {}): MailSample {
  return {
    host: 'mail-01',
    atMs,
    load: { load1, load5: 1, load15: 1, cores: 4 },
    cpu: { userPercent: 10, systemPercent: 5, iowaitPercent: load1 },
    psi: { cpuPercent: 1, ioPercent: null, memoryPercent: 0 },
    vmstat: { running: 1, blocked: 0 },
    connections: { imap: 10, imaps: 20, pop3: 0, pop3s: 0, submission: 1 },
    processes: [{ service: 'imap', count: 30, limit: 500 }],
    logins: { loginsPerMinute: 6, authFailuresPerMinute: 0 },
    queue: { active: 0, deferred: 2, hold: 0, incoming: 0, maildrop: 0 },
    measuredAtMs: { load: atMs },
    ...overrides
  }
}

describe('downsample', () => {
  it('averages each fact over the samples that had it; a fact no sample had stays empty', () => {
    const row = downsample('mail-01', T0, [sample(T0, 1), sample(T0 + 1000, 3, { psi: null, queue: null }), sample(T0 + 2000, 5, { connections: null })])
    expect(row.load).toEqual({ load1: 3, load5: 1, load15: 1, cores: 4 })
    expect(row.psi).toEqual({ cpuPercent: 1, ioPercent: null, memoryPercent: 0 })
    expect(row.connections?.imaps).toBe(20)
    expect(row.queue?.deferred).toBe(2)
    expect(row.measuredAtMs.load).toBe(T0 + 2000)
    expect(downsample('mail-01', T0, [sample(T0, 1, { load: null })]).load).toBeNull()
    expect(() => downsample('mail-01', T0, [])).toThrow(RangeError)
  })

  it('groups a series into buckets by start time', () => {
    const series = Array.from({ length: 30 }, (_, i) => sample(T0 + i * 1000, i))
    const rows = downsampleSeries('mail-01', series, 10_000)
    expect(rows.map((row) => row.atMs)).toEqual([T0, T0 + 10_000, T0 + 20_000])
    expect(rows.map((row) => row.load?.load1)).toEqual([4.5, 14.5, 24.5])
  })
})

describe('MailHistoryStore', () => {
  const dirs: string[] = []
  afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })))

  it('keeps rows across a reopen (migration 2) and prunes what is older than 24 h', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rackside-mail-history-'))
    dirs.push(dir)
    const first = openDatabase(dir)
    const store = new MailHistoryStore(first.db)
    for (let i = 0; i < 6; i++) store.append(downsample('mail-01', T0 + i * 10_000, [sample(T0 + i * 10_000, i)]))
    store.append(downsample('mail-02', T0, [sample(T0, 9, { host: 'mail-02' })]))
    first.db.close()

    const reopened = openDatabase(dir)
    const again = new MailHistoryStore(reopened.db)
    const rows = again.range('mail-01', T0 + 10_000, T0 + 40_000)
    expect(rows.map((row) => row.load?.load1)).toEqual([1, 2, 3, 4])
    // Three rows of mail-01 and the one of mail-02 are older than 24 h.
    expect(again.prune(T0 + HISTORY_RETENTION_MS + 25_000)).toBe(4)
    expect(again.range('mail-01', 0, Number.MAX_SAFE_INTEGER).map((row) => row.atMs)).toEqual([T0 + 30_000, T0 + 40_000, T0 + 50_000])
    reopened.db.close()
  })
})
