import { describe, expect, it } from 'vitest'
import { parsePoolList, poolListCommand } from '../../../../../src/main/probes/gluster/gluster-pool-list'
import { glusterFixture } from './fixture'

describe('parsePoolList', () => {
  it('runs pool list in XML', () => {
    expect(poolListCommand()).toEqual(['gluster', '--xml', 'pool', 'list'])
  })

  it('includes the answering node as localhost, without a state', () => {
    const { peers } = parsePoolList(glusterFixture('pool-list.healthy.xml'))
    expect(peers.map((peer) => [peer.hostname, peer.connected])).toEqual([
      ['127.1.1.2', true],
      ['127.1.1.3', true],
      ['localhost', true]
    ])
    expect(peers[2]).toEqual({ uuid: 'd66a5aab-a274-40b4-afdd-013d2a8b21ba', hostname: 'localhost', connected: true, state: null, hostnames: ['localhost'] })
  })

  it('shows the killed node disconnected', () => {
    expect(parsePoolList(glusterFixture('pool-list.node-down.xml')).peers.map((peer) => peer.connected)).toEqual([true, false, true])
    expect(parsePoolList(glusterFixture('pool-list.brick-down.xml')).peers.map((peer) => peer.connected)).toEqual([true, true, true])
  })

  it('lists a lone node as itself', () => {
    expect(parsePoolList(glusterFixture('topologies/pool-list.single.xml')).peers).toEqual([
      { uuid: '289f6f0a-a27e-4ee0-a2ce-ffabbfe3083d', hostname: 'localhost', connected: true, state: null, hostnames: ['localhost'] }
    ])
  })

  it('names itself in errors', () => {
    expect(() => parsePoolList('<html><body>502 Bad Gateway</body></html>')).toThrow("gluster-pool-list: expected one <cliOutput> element, found <html> (is this the output of 'gluster --xml pool list'?)")
  })
})
