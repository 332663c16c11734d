import { describe, expect, it } from 'vitest'
import { alertCountsText, countAlerts } from '../../../../src/renderer/src/features/storage/alert-counts'
import { brickBadges } from '../../../../src/renderer/src/features/storage/brick-badge-model'
import { sparklinePoints, trendDirection, trendText } from '../../../../src/renderer/src/features/storage/heal-trend-shape'
import { formatBytes, formatInodes, volumeShapeText } from '../../../../src/renderer/src/features/storage/storage-format'
import { emptyScenario, isEmptyScenario, onlyHost, scenarioArgs, toggleFeed, toggleHost } from '../../../../src/renderer/src/features/storage/what-if-scenario'
import type { GlusterAlert } from '../../../../src/shared/domain/gluster-alerts'
import type { Site } from '../../../../src/shared/model'
import { B1, B2, factsWithDeadBrick, layout } from './gluster-facts-fixture'

const alert = (severity: GlusterAlert['severity'], id: string): GlusterAlert => ({
  id,
  kind: 'brick-offline',
  severity,
  volume: 'vmstore',
  brick: id,
  peer: null,
  message: id,
  raisedAtMs: 1,
  severityChangedAtMs: null,
  clearedAtMs: null
})

describe('alert counts', () => {
  it('counts by severity and says it in words', () => {
    expect(alertCountsText(countAlerts([]))).toBe('no Gluster alerts')
    const counts = countAlerts([alert('warning', 'a'), alert('critical', 'b'), alert('warning', 'c')])
    expect(counts).toEqual({ critical: 1, warning: 2 })
    expect(alertCountsText(counts)).toBe('Gluster: 1 critical, 2 warnings')
    expect(alertCountsText(countAlerts([alert('warning', 'a')]))).toBe('Gluster: 1 warning')
  })
})

describe('heal trend shape', () => {
  const samples = [0, 8, null, 11].map((pending, i) => ({ atMs: i * 60_000, pending, splitBrain: 0 }))
  it('reads the direction from the last two known counts', () => {
    expect(trendDirection(samples)).toBe('rising')
    expect(trendDirection(samples.slice(0, 1))).toBe('unknown')
    expect(trendDirection([...samples, { atMs: 0, pending: 3, splitBrain: 0 }])).toBe('falling')
  })
  it('scales points from zero and skips unknown counts', () => {
    expect(sparklinePoints(samples, 30, 10)).toBe('0.0,10.0 10.0,2.7 30.0,0.0')
    expect(trendText(samples)).toBe('0 → 8 → ? → 11 over the last 4 heal summaries')
  })
})

describe('storage format', () => {
  it('puts units on bytes and inodes and names the volume shape', () => {
    expect(formatBytes(998_986_268_672)).toBe('930.4 GiB')
    expect(formatBytes(512)).toBe('512 B')
    expect(formatInodes(97_675_264)).toBe('97.7 M inodes')
    expect(formatInodes(1800)).toBe('1,800 inodes')
    expect(volumeShapeText(layout)).toBe('distributed-replicate 2 × 3')
    expect(volumeShapeText({ ...layout, type: 'disperse', disperseCount: 6, redundancyCount: 2, distCount: 1 })).toBe('disperse 4 + 2')
    expect(volumeShapeText({ ...layout, type: 'arbiter', arbiterCount: 1, distCount: 1 })).toBe('arbiter 3 (1 arbiter)')
  })
})

describe('what-if scenario', () => {
  it('toggles hosts and feeds and builds the request arguments', () => {
    expect(isEmptyScenario(emptyScenario)).toBe(true)
    const scenario = toggleFeed(toggleHost(toggleHost(emptyScenario, 'hv-01'), 'hv-02'), 'R02', 'A')
    expect(scenarioArgs(toggleHost(scenario, 'hv-01'))).toEqual({ hosts: ['hv-02'], cabinets: [], feeds: [{ cabinet: 'R02', feed: 'A' }] })
    expect(onlyHost('hv-03')).toEqual({ hosts: ['hv-03'], cabinets: [], feeds: [] })
  })
})

describe('brick badges', () => {
  const site = {
    hosts: ['hv-01', 'hv-02', 'hv-03', 'hv-04'].map((name) => ({ name, address: `${name}.demo`, port: 22, user: 'rackside', roles: ['gluster'] })).concat([{ name: 'hv-05', address: '10.0.0.5', port: 22, user: 'rackside', roles: ['gluster'] }])
  } as unknown as Site

  it('gives each inventory host its bricks, counting offline ones, and marks the selected volume', () => {
    const badges = brickBadges(site, factsWithDeadBrick(), 'vmstore')
    expect(badges['hv-01']).toMatchObject({ online: 2, offline: 0, selected: true })
    expect(badges['hv-01']?.bricks.map((b) => b.brick)).toEqual([`hv-01:${B1}`, `hv-01:${B2}`])
    expect(badges['hv-02']).toMatchObject({ online: 0, offline: 1 })
    expect(badges['hv-03']?.bricks[0]?.healPending).toBe(8)
    expect(brickBadges(site, factsWithDeadBrick(), null)['hv-01']?.selected).toBe(false)
    expect(brickBadges(site, null, null)).toEqual({})
  })

  it('maps brick hosts by address too, and leaves bricks of unknown hosts out', () => {
    const facts = factsWithDeadBrick()
    facts.volumeInfo = [{ ...layout, bricks: layout.bricks.map((b) => (b.host === 'hv-05' ? { ...b, host: '10.0.0.5' } : b.host === 'hv-04' ? { ...b, host: 'stranger' } : b)) }]
    const badges = brickBadges(site, facts, null)
    expect(badges['hv-05']?.bricks).toHaveLength(1)
    expect(badges['hv-04']).toBeUndefined()
  })
})
