import { describe, expect, it } from 'vitest'
import { parseHealSummary } from '../../../../../src/main/probes/gluster/gluster-heal-summary'
import { healSummaryTextCommand, parseHealSummaryText } from '../../../../../src/main/probes/gluster/gluster-heal-summary-text'
import { ParseError } from '../../../../../src/main/probes/parse-error'
import { glusterFixture } from './fixture'

const counts = (text: ReturnType<typeof parseHealSummary>) =>
  text.bricks.map(({ host, path, connected, pending, splitBrain, possiblyHealing, totalEntries }) => ({ host, path, connected, pending, splitBrain, possiblyHealing, totalEntries }))

describe('parseHealSummaryText', () => {
  it('runs the plain command', () => {
    expect(healSummaryTextCommand('vol0')).toEqual(['gluster', 'volume', 'heal', 'vol0', 'info', 'summary'])
  })

  it('reads the same counts as the XML capture of the same state', () => {
    for (const state of ['healthy', 'brick-down', 'node-down']) {
      const text = parseHealSummaryText(glusterFixture(`volume-heal-info-summary.${state}.txt`))
      const xml = parseHealSummary(glusterFixture(`volume-heal-info-summary.${state}.xml`))
      expect(counts(text), state).toEqual(counts(xml))
    }
  })

  it('shows the restarted brick connected while the others still hold 13 entries', () => {
    const { bricks } = parseHealSummaryText(glusterFixture('volume-heal-info-summary.brick-restarted-0.3s.txt'))
    expect(bricks.map((b) => [b.host, b.connected, b.pending, b.splitBrain])).toEqual([
      ['127.1.1.1', true, 13, 0],
      ['127.1.1.2', true, 0, 0],
      ['127.1.1.3', true, 13, 0]
    ])
  })

  it('keeps the status words of an unreachable brick', () => {
    expect(parseHealSummaryText(glusterFixture('volume-heal-info-summary.brick-down.txt')).bricks[1]?.status).toBe('Transport endpoint is not connected')
  })

  it('names the offending line of garbage', () => {
    const healthy = glusterFixture('volume-heal-info-summary.healthy.txt')
    expect(() => parseHealSummaryText(healthy.replace('split-brain: 0', 'split-brain: zero'))).toThrow(
      'gluster-heal-summary-text: Number of entries in split-brain is not a count at line 5: "Number of entries in split-brain: zero"'
    )
    expect(() => parseHealSummaryText(healthy.replace('Status: Connected', 'Mood: Connected'))).toThrow('unknown field "Mood" at line 2')
    expect(() => parseHealSummaryText('Volume vmstore does not exist\nVolume heal failed.\n')).toThrow('expected a "Brick host:/path" line at line 1')
    expect(() => parseHealSummaryText('')).toThrow(ParseError)
    expect(() => parseHealSummaryText(glusterFixture('volume-heal-info-summary.healthy.xml'))).toThrow(ParseError)
  })
})
