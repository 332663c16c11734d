// `gluster --xml volume heal VOL info summary`: per-brick counts of pending, split-brain and healing entries.
import type { GlusterHealBrick, GlusterHealReport } from '../../../shared/domain/gluster-health'
import { healBrickRows, healCount } from './gluster-heal-bricks'
import { GlusterXml } from './gluster-xml'

const command = 'gluster --xml volume heal VOL info summary'
const tool = 'gluster-heal-summary'

export const healSummaryCommand = (volume: string): string[] => ['gluster', '--xml', 'volume', 'heal', volume, 'info', 'summary']

export interface HealSummaryBrick extends GlusterHealBrick {
  status: string | null
  totalEntries: number | null
}

export interface HealSummary extends GlusterHealReport {
  bricks: HealSummaryBrick[]
}

export function parseHealSummary(text: string): HealSummary {
  const { xml, payload } = GlusterXml.read(tool, text, 'healInfo', command)
  // glusterfs 10 prints an unreachable brick's status as "Failed to process entries completely.
  // (Transport endpoint is not connected)totalNumberOfEntries0": not "Connected", so its counts are null.
  const bricks = healBrickRows(xml, payload, 'totalNumberOfEntries').map((row): HealSummaryBrick => ({
    host: row.host,
    path: row.path,
    connected: row.connected,
    pending: healCount(xml, row, 'numberOfEntriesInHealPending', command),
    splitBrain: healCount(xml, row, 'numberOfEntriesInSplitBrain', command),
    possiblyHealing: healCount(xml, row, 'numberOfEntriesPossiblyHealing', command),
    status: row.status,
    totalEntries: healCount(xml, row, 'totalNumberOfEntries', command)
  }))
  return { bricks }
}
