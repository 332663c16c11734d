// Every gluster parser by the KIND name `rackside parse` uses.
import { parseHealInfo } from './gluster-heal-info'
import { parseHealSummary } from './gluster-heal-summary'
import { parsePeerStatus } from './gluster-peer-status'
import { parsePoolList } from './gluster-pool-list'
import { parseVolumeInfo } from './gluster-volume-info'
import { parseVolumeStatus } from './gluster-volume-status'

export type GlusterParserKind = 'gluster-volume-info' | 'gluster-volume-status' | 'gluster-heal-info' | 'gluster-heal-summary' | 'gluster-peer-status' | 'gluster-pool-list'

export const glusterParsers: Record<GlusterParserKind, (text: string) => unknown> = {
  'gluster-volume-info': parseVolumeInfo,
  'gluster-volume-status': parseVolumeStatus,
  'gluster-heal-info': parseHealInfo,
  'gluster-heal-summary': parseHealSummary,
  'gluster-peer-status': parsePeerStatus,
  'gluster-pool-list': parsePoolList
}

export { GlusterOpError } from './gluster-xml'
export { healInfoCommand, parseHealInfo, type HealInfo, type HealInfoBrick, type HealEntry } from './gluster-heal-info'
export { healSummaryCommand, parseHealSummary, type HealSummary, type HealSummaryBrick } from './gluster-heal-summary'
export { healSummaryTextCommand, parseHealSummaryText } from './gluster-heal-summary-text'
export { peerStatusCommand, parsePeerStatus, type PeerStatus, type PeerInfo } from './gluster-peer-status'
export { poolListCommand, parsePoolList } from './gluster-pool-list'
export { volumeInfoCommand, parseVolumeInfo, type VolumeInfo, type VolumeInfoList, type VolumeInfoBrick } from './gluster-volume-info'
export { volumeStatusDetailCommand, parseVolumeStatus, type VolumeStatus, type VolumeStatusList, type VolumeStatusBrick, type VolumeStatusDaemon } from './gluster-volume-status'
