import { describe, expect, it } from 'vitest'
import { volumeHealTotals } from '../../../../src/main/gluster/heal-totals'
import type { GlusterHealBrick, GlusterVolumeInfo } from '../../../../src/shared/domain/gluster-health'

const brick = (host: string, path = '/b') => ({ host, path, isArbiter: false })
const heal = (host: string, pending: number | null, splitBrain: number | null = 0, path = '/b'): GlusterHealBrick => ({ host, path, connected: pending !== null, pending, splitBrain, possiblyHealing: 0 })

const twoByThree: GlusterVolumeInfo = {
  name: 'vmstore',
  type: 'distributed-replicate',
  status: 'started',
  brickCount: 6,
  replicaCount: 3,
  arbiterCount: 0,
  disperseCount: 0,
  redundancyCount: 0,
  bricks: [brick('a'), brick('b'), brick('c'), brick('d'), brick('e'), brick('f')]
}

describe('volumeHealTotals', () => {
  it('counts each replica set once, by its largest brick, and sums the sets', () => {
    // Set 0 lost c: a and b both list the same 8 entries. Set 1 has 3 on d only.
    const totals = volumeHealTotals(twoByThree, [heal('a', 8), heal('b', 8, 1), heal('c', null, null), heal('d', 3), heal('e', 0), heal('f', 0)])
    expect(totals).toEqual({ volume: 'vmstore', pending: 11, splitBrain: 1 })
  })

  it('says null when no brick gave a count, and ignores bricks of other volumes', () => {
    expect(volumeHealTotals(twoByThree, [heal('a', null, null), heal('x', 40)])).toEqual({ volume: 'vmstore', pending: null, splitBrain: null })
  })

  it('groups a disperse volume by its disperse count', () => {
    const disperse: GlusterVolumeInfo = { ...twoByThree, type: 'distributed-disperse', replicaCount: 1, disperseCount: 3, redundancyCount: 1 }
    expect(volumeHealTotals(disperse, [heal('a', 2), heal('b', 5), heal('d', 1)]).pending).toBe(6)
  })
})
