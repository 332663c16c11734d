// `gluster --xml volume heal VOL info`: entries each brick still has to heal, by name and gfid.
import type { GlusterHealBrick, GlusterHealReport } from '../../../shared/domain/gluster-health'
import { healBrickRows, healCount } from './gluster-heal-bricks'
import { GlusterXml } from './gluster-xml'

const command = 'gluster --xml volume heal VOL info'
const tool = 'gluster-heal-info'

export const healInfoCommand = (volume: string): string[] => ['gluster', '--xml', 'volume', 'heal', volume, 'info']

export interface HealEntry {
  /** Path inside the volume, or gluster's "<gfid:…>" when the brick knows only the gfid. */
  name: string
  gfid: string | null
}

export interface HealInfoBrick extends GlusterHealBrick {
  status: string | null
  entries: HealEntry[]
}

export interface HealInfo extends GlusterHealReport {
  bricks: HealInfoBrick[]
}

export function parseHealInfo(text: string): HealInfo {
  const { xml, payload } = GlusterXml.read(tool, text, 'healInfo', command)
  const bricks = healBrickRows(xml, payload, 'numberOfEntries').map((row): HealInfoBrick => {
    const entries = xml.list(row.node, 'file').map((file): HealEntry => {
      const gfidValue = Object.prototype.hasOwnProperty.call(file, '@_gfid') ? file['@_gfid'] : undefined
      return { name: xml.text(file, '#text') ?? '', gfid: typeof gfidValue === 'string' && gfidValue !== '' ? gfidValue : null }
    })
    return {
      host: row.host,
      path: row.path,
      connected: row.connected,
      // `info` counts every entry needing heal; it does not split out split-brain or possibly-healing.
      pending: healCount(xml, row, 'numberOfEntries', command),
      splitBrain: null,
      possiblyHealing: null,
      status: row.status,
      entries
    }
  })
  return { bricks }
}
