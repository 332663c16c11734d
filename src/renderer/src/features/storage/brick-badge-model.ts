// Which Gluster bricks each inventory host holds, for badges on the Racks view: brick hosts are
// mapped to site hosts by address or name, as the failure checks map them. Each brick gets one
// state (offline, healing, online) that reads as a word and a glyph, not by colour alone.
import { brickHostsFromSite } from '../../../../shared/domain/failure-impact'
import type { GlusterFacts } from '../../../../shared/fleet'
import type { Site } from '../../../../shared/model'

/** A brick's state on a badge: its process down, up with heal entries waiting, or up and in sync. */
export type BrickState = 'offline' | 'healing' | 'online'

export const BRICK_STATE_LOOK: Record<BrickState, { word: string; glyph: string; tone: 'ok' | 'warn' | 'down' }> = {
  online: { word: 'online', glyph: '✓', tone: 'ok' },
  healing: { word: 'healing', glyph: '↻', tone: 'warn' },
  offline: { word: 'offline', glyph: '✕', tone: 'down' }
}

export function brickState(online: boolean, healPending: number | null): BrickState {
  if (!online) return 'offline'
  return healPending !== null && healPending > 0 ? 'healing' : 'online'
}

/** "hv-01:/data/…/brick1/brick — vmstore, healing: 8 heal entries pending" */
export function brickTitle(brick: HostBrick): string {
  const heal = brick.healPending === null ? '' : `: ${brick.healPending} heal ${brick.healPending === 1 ? 'entry' : 'entries'} pending`
  return `${brick.brick} — ${brick.volume}, ${BRICK_STATE_LOOK[brick.state].word}${brick.online ? heal : ''}`
}

export interface HostBrick {
  volume: string
  /** host:path as gluster names it. */
  brick: string
  online: boolean
  state: BrickState
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
      const healPending = heal.get(key)?.pending ?? null
      entry.bricks.push({ volume: volume.name, brick: `${brick.host}:${brick.path}`, online, state: brickState(online, healPending), healPending, selected })
      if (online) entry.online++
      else entry.offline++
      entry.selected ||= selected
    }
  }
  return out
}

/** The bricks of the host each device runs, by device name: what the elevation draws as badges. */
export function bricksByDevice(site: Site, byHost: Readonly<Record<string, HostBricks>>): Record<string, readonly HostBrick[]> {
  const out: Record<string, readonly HostBrick[]> = {}
  for (const device of site.devices) {
    const bricks = device.host === undefined ? undefined : byHost[device.host]?.bricks
    if (bricks !== undefined && bricks.length > 0) out[device.name] = bricks
  }
  return out
}
