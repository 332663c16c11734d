import { describe, expect, it } from 'vitest'
import { HealTrendBook } from '../../../../src/main/gluster/heal-trend-book'
import type { GlusterHealFacts } from '../../../../src/shared/fleet'

function heal(atMs: number, pending: number): GlusterHealFacts {
  return {
    atMs,
    intervalMs: 60_000,
    bricks: [
      { volume: 'vmstore', host: 'hv-01', path: '/b', connected: true, pending, splitBrain: 0, possiblyHealing: 0 },
      { volume: 'vmstore', host: 'hv-02', path: '/b', connected: false, pending: null, splitBrain: null, possiblyHealing: null }
    ],
    volumes: [{ volume: 'vmstore', pending, splitBrain: 0 }]
  }
}

describe('HealTrendBook', () => {
  it('adds each heal summary once, keeps the last N per volume and per brick', () => {
    const book = new HealTrendBook(3)
    expect(book.take(null)).toBe(false)
    expect(book.take(heal(1000, 1))).toBe(true)
    expect(book.take(heal(1000, 1))).toBe(false)
    book.take(heal(2000, 4))
    book.take(heal(3000, 9))
    book.take(heal(4000, 7))
    const trend = book.snapshot()
    expect(trend.maxSamples).toBe(3)
    expect(trend.volumes).toEqual([
      {
        volume: 'vmstore',
        samples: [
          { atMs: 2000, pending: 4, splitBrain: 0 },
          { atMs: 3000, pending: 9, splitBrain: 0 },
          { atMs: 4000, pending: 7, splitBrain: 0 }
        ]
      }
    ])
    expect(trend.bricks.find((b) => b.brick === 'hv-02:/b')?.samples.map((s) => s.pending)).toEqual([null, null, null])
  })

  it('forgets volumes and bricks that are gone', () => {
    const book = new HealTrendBook()
    book.take(heal(1000, 1))
    book.retain(new Set(['vmstore']), new Set(['vmstore|hv-01:/b']))
    expect(book.snapshot().bricks.map((b) => b.brick)).toEqual(['hv-01:/b'])
    book.retain(new Set(), new Set())
    expect(book.snapshot()).toEqual({ maxSamples: 30, volumes: [], bricks: [] })
  })
})
