import { describe, expect, it } from 'vitest'
import type { MailSample } from '../../../../src/shared/api-parts/mail-api'
import { appendSample } from '../../../../src/renderer/src/features/mail/mail-store'
import { connectionRows, latestFact, processRows, rowsMax } from '../../../../src/renderer/src/features/mail/mail-series'

function sample(atMs: number, imap: number | null): MailSample {
  return {
    host: 'mail-01',
    atMs,
    load: null,
    cpu: null,
    psi: null,
    vmstat: null,
    connections: imap === null ? null : { imap, imaps: 2, pop3: 0, pop3s: 0, submission: 1 },
    processes: [
      { service: 'pop3', count: 150, limit: 150 },
      { service: 'imap', count: 25, limit: 500 }
    ],
    logins: null,
    queue: null,
    measuredAtMs: imap === null ? {} : { connections: atMs }
  }
}

describe('mail chart rows', () => {
  it('keeps a missing reading as a gap, never as zero', () => {
    const rows = connectionRows([sample(1000, 5), sample(2000, null)])
    expect(rows[0]).toMatchObject({ atMs: 1000, imap: 5, imaps: 2 })
    expect(rows[1]).toMatchObject({ atMs: 2000, imap: null, imaps: null })
    expect(rowsMax(rows, ['imap', 'imaps', 'submission'], true)).toBe(8)
    expect(rowsMax(rows, ['imap', 'imaps'], false)).toBe(5)
  })

  it('charts Dovecot processes as a share of each process_limit', () => {
    const [row] = processRows([sample(1000, 1)])
    expect(row).toMatchObject({ pop3: 100, imap: 5, 'imap-login': null })
  })

  it('finds when a fact was last measured', () => {
    expect(latestFact([sample(1000, 3), sample(2000, null)], 'connections')).toBe(1000)
    expect(latestFact([sample(2000, null)], 'connections')).toBeNull()
  })
})

describe('appendSample', () => {
  it('keeps time order and the newest samples up to the cap, ignoring one already held', () => {
    let samples: MailSample[] = []
    for (let i = 1; i <= 5; i++) samples = appendSample(samples, sample(i * 1000, i), 3)
    expect(samples.map((s) => s.atMs)).toEqual([3000, 4000, 5000])
    expect(appendSample(samples, sample(4000, 9), 3)).toBe(samples)
    expect(appendSample(samples, sample(4500, 9), 3).map((s) => s.atMs)).toEqual([4000, 4500, 5000])
  })
})
