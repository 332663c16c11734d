// `gluster --xml peer status`: the other nodes of the trusted pool and whether glusterd reaches them.
import type { GlusterPeer, GlusterPeerList } from '../../../shared/domain/gluster-health'
import { GlusterXml } from './gluster-xml'

const tool = 'gluster-peer-status'

export const peerStatusCommand = (): string[] => ['gluster', '--xml', 'peer', 'status']

export interface PeerInfo extends GlusterPeer {
  /** Every name the peer is known by (first is the one probed). */
  hostnames: string[]
}

export interface PeerStatus extends GlusterPeerList {
  peers: PeerInfo[]
}

export function parsePeerStatus(text: string): PeerStatus {
  return parsePeers(tool, text, 'gluster --xml peer status')
}

/** `peer status` and `pool list` print the same <peerStatus> list; pool list adds the local node. */
export function parsePeers(toolName: string, text: string, command: string): PeerStatus {
  const { xml, payload } = GlusterXml.read(toolName, text, 'peerStatus', command)
  const seen = new Set<string>()
  const peers = xml.list(payload, 'peer').map((node): PeerInfo => {
    const uuid = xml.requiredText(node, 'uuid', 'a <peer>')
    if (seen.has(uuid)) throw xml.fail(`peer ${uuid} is listed twice`, `<uuid>${uuid}</uuid>`)
    seen.add(uuid)
    const hostname = xml.requiredText(node, 'hostname', `peer ${uuid}`)
    const connected = xml.flag(node, 'connected')
    if (connected === undefined) throw xml.fail(`peer ${hostname} has no <connected>`, `<uuid>${uuid}</uuid>`)
    const hostnamesNode = xml.container(node, 'hostnames')
    const hostnames = hostnamesNode === undefined || hostnamesNode === '' ? [] : xml.texts(hostnamesNode, 'hostname')
    return {
      uuid,
      hostname,
      connected,
      state: xml.text(node, 'stateStr') || null,
      hostnames: hostnames.includes(hostname) ? hostnames : [hostname, ...hostnames]
    }
  })
  return { peers }
}
