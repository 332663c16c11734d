import { describe, expect, it } from 'vitest'
import { healSummaryCommand, parseHealSummary } from '../../../../../src/main/probes/gluster/gluster-heal-summary'
import { GlusterOpError } from '../../../../../src/main/probes/gluster/gluster-xml'
import { ParseError } from '../../../../../src/main/probes/parse-error'
import { glusterFixture } from './fixture'

describe('parseHealSummary', () => {
  it('runs heal info summary for one volume', () => {
    expect(healSummaryCommand('vol0')).toEqual(['gluster', '--xml', 'volume', 'heal', 'vol0', 'info', 'summary'])
  })

  it('reads pending, split-brain and healing counts per brick', () => {
    const { bricks } = parseHealSummary(glusterFixture('volume-heal-info-summary.brick-down.xml'))
    expect(bricks[0]).toEqual({
      host: '127.1.1.1',
      path: '/tmp/lab/run/gluster/bricks/n1/vol0',
      connected: true,
      pending: 13,
      splitBrain: 0,
      possiblyHealing: 0,
      status: 'Connected',
      totalEntries: 13
    })
    expect(bricks[2]).toMatchObject({ host: '127.1.1.3', pending: 13, splitBrain: 0 })
  })

  it('gives null counts for the unreachable brick despite gluster 10\'s garbled status text', () => {
    const killed = parseHealSummary(glusterFixture('volume-heal-info-summary.brick-down.xml')).bricks[1]
    expect(killed).toMatchObject({ host: '127.1.1.2', connected: false, pending: null, splitBrain: null, possiblyHealing: null, totalEntries: null })
    expect(killed?.status).toBe('Failed to process entries completely. (Transport endpoint is not connected)totalNumberOfEntries0')
    const dead = parseHealSummary(glusterFixture('volume-heal-info-summary.node-down.xml')).bricks
    expect(dead.map((b) => [b.host, b.connected, b.pending])).toEqual([
      ['127.1.1.1', true, 0],
      ['127.1.1.2', true, 0],
      ['127.1.1.3', false, null]
    ])
  })

  it('reads zeros where gluster printed zeros', () => {
    const { bricks } = parseHealSummary(glusterFixture('volume-heal-info-summary.healthy.xml'))
    expect(bricks.map((b) => [b.connected, b.pending, b.splitBrain, b.possiblyHealing, b.totalEntries])).toEqual([
      [true, 0, 0, 0, 0],
      [true, 0, 0, 0, 0],
      [true, 0, 0, 0, 0]
    ])
  })

  it('turns glfsheal failing into GlusterOpError, not an empty brick list', () => {
    const fixture = glusterFixture('topologies/volume-heal-info-summary.no-glusterd-socket.xml')
    expect(() => parseHealSummary(fixture)).toThrow(GlusterOpError)
    expect(() => parseHealSummary(fixture)).toThrow('opErrno 107): vmstore: Not able to fetch volfile from glusterd')
  })

  it('refuses a split-brain count that is not a number and a brick listed twice', () => {
    const healthy = glusterFixture('volume-heal-info-summary.healthy.xml')
    expect(() => parseHealSummary(healthy.replace('<numberOfEntriesInSplitBrain>0<', '<numberOfEntriesInSplitBrain>0x1<'))).toThrow(
      'gluster-heal-summary: <numberOfEntriesInSplitBrain> is not a number: "0x1" at line 10'
    )
    const first = /\s*<brick [\s\S]*?<\/brick>/.exec(healthy)?.[0] ?? ''
    expect(() => parseHealSummary(healthy.replace(first, first + first))).toThrow(ParseError)
  })
})
