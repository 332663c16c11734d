// `gluster --xml pool list`: like peer status, plus the node that answered (hostname "localhost").
import { parsePeers, type PeerStatus } from './gluster-peer-status'

const tool = 'gluster-pool-list'

export const poolListCommand = (): string[] => ['gluster', '--xml', 'pool', 'list']

export function parsePoolList(text: string): PeerStatus {
  return parsePeers(tool, text, 'gluster --xml pool list')
}
