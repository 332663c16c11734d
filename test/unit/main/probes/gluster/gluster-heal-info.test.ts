import { describe, expect, it } from 'vitest'
import { healInfoCommand, parseHealInfo } from '../../../../../src/main/probes/gluster/gluster-heal-info'
import { GlusterOpError } from '../../../../../src/main/probes/gluster/gluster-xml'
import { ParseError } from '../../../../../src/main/probes/parse-error'
import { glusterFixture } from './fixture'

const brick = (n: number): { host: string; path: string } => ({ host: `127.1.1.${n}`, path: `/tmp/lab/run/gluster/bricks/n${n}/vol0` })

describe('parseHealInfo', () => {
  it('runs heal info for one volume', () => {
    expect(healInfoCommand('vol0')).toEqual(['gluster', '--xml', 'volume', 'heal', 'vol0', 'info'])
  })

  it('counts and lists the entries the surviving bricks hold for the killed one', () => {
    const { bricks } = parseHealInfo(glusterFixture('volume-heal-info.brick-down.xml'))
    expect(bricks.map((b) => [b.host, b.connected, b.pending])).toEqual([
      ['127.1.1.1', true, 13],
      ['127.1.1.2', false, null],
      ['127.1.1.3', true, 13]
    ])
    expect(bricks[1]).toEqual({ ...brick(2), connected: false, pending: null, splitBrain: null, possiblyHealing: null, status: 'Transport endpoint is not connected', entries: [] })
    expect(bricks[0]?.entries).toHaveLength(13)
    expect(bricks[0]?.entries[0]).toEqual({ name: '/vm-images/disk0.img', gfid: 'e53c646a-b0c6-4080-a995-05c3305d9a27' })
    expect(bricks[2]?.entries.map((entry) => entry.name)).toContain('/f1.txt')
  })

  it('reads a healthy volume as zero pending on every connected brick', () => {
    const { bricks } = parseHealInfo(glusterFixture('volume-heal-info.healthy.xml'))
    expect(bricks).toEqual([1, 2, 3].map((n) => ({ ...brick(n), connected: true, pending: 0, splitBrain: null, possiblyHealing: null, status: 'Connected', entries: [] })))
  })

  it('shows the brick of the dead node unreachable', () => {
    const { bricks } = parseHealInfo(glusterFixture('volume-heal-info.node-down.xml'))
    expect(bricks.map((b) => b.connected)).toEqual([true, true, false])
    expect(bricks[2]?.pending).toBeNull()
  })

  it('reads `info split-brain` output of the same shape', () => {
    expect(parseHealInfo(glusterFixture('volume-heal-info-split-brain.brick-down.xml')).bricks.map((b) => b.pending)).toEqual([0, null, 0])
  })

  it('turns glfsheal failing into GlusterOpError', () => {
    expect(() => parseHealInfo(glusterFixture('topologies/volume-heal-info.no-glusterd-socket.xml'))).toThrow(GlusterOpError)
    expect(() => parseHealInfo(glusterFixture('topologies/volume-heal-info.no-glusterd-socket.xml'))).toThrow('dist: Not able to fetch volfile from glusterd')
  })

  it('refuses a count that is not a number, naming its line', () => {
    const bad = glusterFixture('volume-heal-info.healthy.xml').replace('<numberOfEntries>0</numberOfEntries>', '<numberOfEntries>lots</numberOfEntries>')
    expect(() => parseHealInfo(bad)).toThrow(ParseError)
    expect(() => parseHealInfo(bad)).toThrow('gluster-heal-info: <numberOfEntries> is not a number: "lots" at line 8')
  })
})
