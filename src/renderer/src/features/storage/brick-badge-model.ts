// Which Gluster bricks each inventory host holds, for badges on the Racks view: brick hosts are
// mapped to site hosts by address or name, as the failure checks map them.
import { brickHostsFromSite } from '../../../../shared/domain/failure-impact'
import type { GlusterFacts } from '../../../../shared/fleet'
import type { Site } from '../../../../shared/model'

export interface HostBrick {
  volume: string
  /** host:path as gluster names it. */
  brick: string
  online: boolean
  healPending: number | null
  /** The brick belongs to the volume selected in the Storage view. */
  selected: boolean
}

export interface HostBricks {
  host: string
  bricks: HostBrick[]
  online: number
  offline: number
  /** Some brick here belongs to the selected volume. */
  selected: boolean
}

export function brickBadges(site: Site, facts: GlusterFacts | null, selectedVolume: string | null): Record<string, HostBricks> {
  if (facts === null) return {}
  const resolve = brickHostsFromSite(site)
  const status = new Map(facts.bricks.map((brick) => [`${brick.volume}|${brick.host}:${brick.path}`, brick]))
  const heal = new Map((facts.heal?.bricks ?? []).map((brick) => [`${brick.volume}|${brick.host}:${brick.path}`, brick]))
  const out: Record<string, HostBricks> = {}
  for (const volume of facts.volumeInfo) {
    for (const brick of volume.bricks) {
      const host = resolve(brick)
      if (host === undefined) continue
      const key = `${volume.name}|${brick.host}:${brick.path}`
      const online = volume.status === 'started' && (status.get(key)?.online ?? false)
      const entry = (out[host] ??= { host, bricks: [], online: 0, offline: 0, selected: false })
      const selected = volume.name === selectedVolume
      entry.bricks.push({ volume: volume.name, brick: `${brick.host}:${brick.path}`, online, healPending: heal.get(key)?.pending ?? null, selected })
      if (online) entry.online++
      else entry.offline++
      entry.selected ||= selected
    }
  }
  return out
}
