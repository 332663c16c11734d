import { describe, expect, it } from 'vitest'
import { brickBadges, brickState, brickTitle, bricksByDevice } from '../../../../src/renderer/src/features/storage/brick-badge-model'
import { cageSite } from '../site-fixture'
import { B1, B2, factsWithDeadBrick } from './gluster-facts-fixture'

describe('brick states for the badges', () => {
  it('reads offline before healing before online', () => {
    expect(brickState(false, 8)).toBe('offline')
    expect(brickState(true, 8)).toBe('healing')
    expect(brickState(true, 0)).toBe('online')
    // No heal count known: up is online, not "healing".
    expect(brickState(true, null)).toBe('online')
  })

  it("gives each device the bricks of the host it runs, with each brick's state and volume mark", () => {
    const site = cageSite()
    const byDevice = bricksByDevice(site, brickBadges(site, factsWithDeadBrick(), 'vmstore'))
    // cageSite has hv-01 and hv-02 in R02; the other brick hosts are not in it.
    expect(Object.keys(byDevice).sort()).toEqual(['hv-01', 'hv-02'])
    expect(byDevice['hv-01']?.map((b) => [b.brick, b.state, b.selected])).toEqual([
      [`hv-01:${B1}`, 'healing', true],
      [`hv-01:${B2}`, 'online', true]
    ])
    expect(byDevice['hv-02']?.map((b) => b.state)).toEqual(['offline'])
    expect(bricksByDevice(site, brickBadges(site, null, null))).toEqual({})
  })

  it('says host:path, volume and state in the tooltip, with the heal count when healing', () => {
    const site = cageSite()
    const byDevice = bricksByDevice(site, brickBadges(site, factsWithDeadBrick(), null))
    expect(byDevice['hv-01']?.map(brickTitle)).toEqual([`hv-01:${B1} — vmstore, healing: 8 heal entries pending`, `hv-01:${B2} — vmstore, online: 0 heal entries pending`])
    expect(byDevice['hv-02']?.map(brickTitle)).toEqual([`hv-02:${B1} — vmstore, offline`])
  })
})
