import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { MailSample } from '../../../../src/shared/api-parts/mail-api'
import { MailCollector, type MailPool } from '../../../../src/main/mail/mail-collector'
import type { ExecResult } from '../../../../src/main/ssh/ssh-pool'

const answer = (stdout: string, exitCode = 0): ExecResult => ({ exitCode, signal: null, stdout: Buffer.from(stdout), stderr: Buffer.alloc(0) })

/** A mail host whose probe batch takes `batchMs` to answer (a busy host or a slow link). */
function slowHost(batchMs: number): MailPool & { batches: number } {
  const pool = {
    batches: 0,
    exec: async () => answer('', 1),
    execCommandLine: () => {
      pool.batches += 1
      return new Promise<ExecResult>((resolve) => setTimeout(() => resolve(answer('')), batchMs))
    },
    stream: () => ({ stop: () => undefined, write: () => false, ended: false })
  }
  return pool
}

describe('mail collector pacing', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    vi.setSystemTime(1_700_000_000_000)
  })
  afterEach(() => vi.useRealTimers())

  it('samples a watched host once a second on a steady grid even when its probes answer slowly, and stops when told', async () => {
    const samples: MailSample[] = []
    const host = slowHost(950)
    const collector = new MailCollector({ host: 'mail-01', pool: host, now: () => Date.now(), history: null, publishSample: (sample) => samples.push(sample), publishReport: () => undefined })
    collector.watch(undefined, 30)
    const startedMs = Date.now()
    collector.start()
    await vi.advanceTimersByTimeAsync(10_000)
    collector.stop()
    // Each tick waits 900 ms for its batch, then samples what it has, stamped when it began.
    expect(samples.map((sample) => sample.atMs - startedMs)).toEqual([0, 1_000, 2_000, 3_000, 4_000, 5_000, 6_000, 7_000, 8_000, 9_000])
    // One batch per tick (the tick begun at 10 s included); a batch still running is never doubled.
    expect(host.batches).toBe(11)
    await vi.advanceTimersByTimeAsync(5_000)
    expect(samples).toHaveLength(10)
  })

  it('keeps sampling while a batch hangs past its tick, without starting another one', async () => {
    const samples: MailSample[] = []
    const host = slowHost(3_500)
    const collector = new MailCollector({ host: 'mail-01', pool: host, now: () => Date.now(), history: null, publishSample: (sample) => samples.push(sample), publishReport: () => undefined })
    collector.watch(undefined, 30)
    collector.start()
    await vi.advanceTimersByTimeAsync(6_000)
    collector.stop()
    expect(samples.length).toBeGreaterThanOrEqual(6)
    expect(host.batches).toBe(2)
  })
})
