import { describe, expect, it } from 'vitest'
import { volumeViews } from '../../../../src/renderer/src/features/storage/volume-model'
import { B1, B2, factsWithDeadBrick, layout } from './gluster-facts-fixture'

const GB = 1e9

describe('volumeViews', () => {
  it('groups bricks by replica set in volume-info order with gluster’s set names and states', () => {
    const [view] = volumeViews(factsWithDeadBrick())
    expect(view?.sets.map((s) => [s.name, s.state, s.bricks.map((b) => `${b.host}:${b.path}`)])).toEqual([
      ['vmstore-replicate-0', 'partial', [`hv-01:${B1}`, `hv-02:${B1}`, `hv-03:${B1}`]],
      ['vmstore-replicate-1', 'up', [`hv-04:${B1}`, `hv-05:${B1}`, `hv-01:${B2}`]]
    ])
    expect(view?.offlineBricks).toBe(1)
    expect(view?.health).toBe('PARTIAL')
    const dead = view?.sets[0]?.bricks[1]
    expect(dead).toMatchObject({ online: false, pid: null, healPending: null, missingFromStatus: false })
    expect(view?.sets[0]?.bricks[0]).toMatchObject({ online: true, healPending: 8, splitBrain: 0 })
  })

  it('counts usable capacity once per replica set: the fullest copy’s use against the smallest copy', () => {
    const [view] = volumeViews(factsWithDeadBrick())
    // Set 0: the dead brick gives no numbers, its partners 200 and 210 GB used → 210 GB; set 1 → 300 GB.
    expect(view?.capacity?.used).toBeCloseTo(510 * GB, -3)
    expect(view?.capacity?.total).toBe(2 * 1024 ** 4)
    expect(view?.capacity?.unknownSets).toBe(0)
    expect(view?.inodes).toEqual({ used: 210_000 + 300_000, total: 2_000_000, unknownSets: 0 })
    expect(view?.healPending).toBe(8)
  })

  it('marks a started brick that status left out, and leaves out sets with no numbers', () => {
    const facts = factsWithDeadBrick()
    facts.bricks = facts.bricks.filter((b) => b.host !== 'hv-04' && b.host !== 'hv-05' && !(b.host === 'hv-01' && b.path === B2))
    const [view] = volumeViews(facts)
    expect(view?.sets[1]?.bricks[0]).toMatchObject({ online: false, missingFromStatus: true })
    expect(view?.capacity?.unknownSets).toBe(1)
  })

  it('shows a stopped volume as DOWN with its reason even without an assessment', () => {
    const facts = factsWithDeadBrick()
    facts.volumes = []
    facts.bricks = []
    facts.volumeInfo = [{ ...layout, status: 'stopped' }]
    const [view] = volumeViews(facts)
    expect(view).toMatchObject({ health: 'DOWN', reasons: ['volume vmstore not started (status: stopped)'], offlineBricks: 0, capacity: null })
  })

  it('scales a disperse set by its data bricks', () => {
    const facts = factsWithDeadBrick()
    facts.volumes = []
    facts.volumeInfo = [{ ...layout, type: 'disperse', replicaCount: 1, disperseCount: 6, redundancyCount: 2, distCount: 1 }]
    const [view] = volumeViews(facts)
    expect(view?.sets).toHaveLength(1)
    expect(view?.sets[0]?.name).toBe('vmstore-disperse-0')
    expect(view?.capacity?.total).toBe(4 * 1024 ** 4)
    expect(view?.capacity?.used).toBeCloseTo(4 * 300 * GB, -3)
  })
})
