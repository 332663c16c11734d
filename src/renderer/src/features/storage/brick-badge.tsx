// Bricks on the rack: useBrickBadges() gives each inventory host its Gluster bricks (with the
// selected volume marked), BrickBadge draws one host's as a small chip, and useRackBricks() hands
// the Racks view each device's bricks for the badges drawn on the elevation.
import { useMemo } from 'react'
import { factFreshness } from '../../../../shared/fleet'
import { useAppStore } from '../../store/app-store'
import { useNow } from '../../ui/use-now'
import { BRICK_STATE_LOOK, brickBadges, brickTitle, bricksByDevice, type HostBrick, type HostBricks } from './brick-badge-model'
import { useStorageStore } from './storage-store'
import './storage.css'

export function useBrickBadges(): Record<string, HostBricks> {
  const site = useAppStore((s) => s.site)
  const facts = useAppStore((s) => s.fleet.gluster?.value ?? null)
  const selectedVolume = useStorageStore((s) => s.selectedVolume)
  return useMemo(() => (site === null ? {} : brickBadges(site, facts, selectedVolume)), [site, facts, selectedVolume])
}

export interface RackBricks {
  byDevice: Record<string, readonly HostBrick[]>
  /** Volumes the Gluster facts name, for the highlight selector. */
  volumes: string[]
  /** The facts are older than three poll intervals: badges show the last known state, greyed. */
  stale: boolean
}

export function useRackBricks(): RackBricks {
  const site = useAppStore((s) => s.site)
  const fact = useAppStore((s) => s.fleet.gluster)
  const badges = useBrickBadges()
  const nowMs = useNow(5_000)
  const stale = factFreshness(fact, nowMs) === 'stale'
  return useMemo(
    () => ({ byDevice: site === null ? {} : bricksByDevice(site, badges), volumes: fact?.value?.volumeInfo.map((v) => v.name) ?? [], stale }),
    [site, badges, fact, stale]
  )
}

export function BrickBadge({ bricks }: { bricks: HostBricks | undefined }) {
  if (bricks === undefined || bricks.bricks.length === 0) return null
  const down = bricks.offline > 0
  const label = down ? `${bricks.offline} of ${bricks.bricks.length} bricks offline` : `${bricks.bricks.length} ${bricks.bricks.length === 1 ? 'brick' : 'bricks'} online`
  return (
    <span
      className={`brick-badge state state--${down ? 'down' : 'ok'}${bricks.selected ? ' brick-badge--selected' : ''}`}
      title={bricks.bricks.map(brickTitle).join('\n')}
      data-brick-host={bricks.host}
      data-selected={bricks.selected ? 'true' : undefined}
    >
      <span className="state__glyph" aria-hidden="true">
        {down ? BRICK_STATE_LOOK.offline.glyph : '▣'}
      </span>
      {label}
    </span>
  )
}
