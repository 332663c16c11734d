import { describe, expect, it } from 'vitest'
import { parsePeerStatus, peerStatusCommand } from '../../../../../src/main/probes/gluster/gluster-peer-status'
import { ParseError } from '../../../../../src/main/probes/parse-error'
import { glusterFixture } from './fixture'

describe('parsePeerStatus', () => {
  it('runs peer status in XML', () => {
    expect(peerStatusCommand()).toEqual(['gluster', '--xml', 'peer', 'status'])
  })

  it('reads both peers of node 1 connected when healthy', () => {
    expect(parsePeerStatus(glusterFixture('peer-status.healthy.xml'))).toEqual({
      peers: [
        { uuid: '37f15235-ac75-44d4-8760-f4c94176fc33', hostname: '127.1.1.2', connected: true, state: 'Peer in Cluster', hostnames: ['127.1.1.2'] },
        { uuid: 'e5506319-c449-4fb8-9262-7f9bbc5eae64', hostname: '127.1.1.3', connected: true, state: 'Peer in Cluster', hostnames: ['127.1.1.3'] }
      ]
    })
    expect(parsePeerStatus(glusterFixture('peer-status.brick-down.xml')).peers.every((peer) => peer.connected)).toBe(true)
  })

  it('shows the killed node disconnected but still in the cluster', () => {
    const { peers } = parsePeerStatus(glusterFixture('peer-status.node-down.xml'))
    expect(peers.map((peer) => [peer.hostname, peer.connected, peer.state])).toEqual([
      ['127.1.1.2', true, 'Peer in Cluster'],
      ['127.1.1.3', false, 'Peer in Cluster']
    ])
  })

  it('reads a node without peers as an empty list', () => {
    expect(parsePeerStatus(glusterFixture('topologies/peer-status.no-peers.xml'))).toEqual({ peers: [] })
  })

  it('refuses a connected flag that is not 0/1 and a peer without hostname', () => {
    const healthy = glusterFixture('peer-status.healthy.xml')
    expect(() => parsePeerStatus(healthy.replace('<connected>1</connected>', '<connected>maybe</connected>'))).toThrow(
      'gluster-peer-status: <connected> should be 0 or 1, not "maybe" at line 13'
    )
    expect(() => parsePeerStatus(healthy.replace('<hostname>127.1.1.2</hostname>\n      <hostnames>', '<hostnames>'))).toThrow(ParseError)
  })
})
