// Bricks on the rack: useBrickBadges() gives each inventory host its Gluster bricks (with the
// Storage view's selected volume marked), and BrickBadge draws one host's as a small chip.
import { useMemo } from 'react'
import { useAppStore } from '../../store/app-store'
import { brickBadges, type HostBricks } from './brick-badge-model'
import { useStorageStore } from './storage-store'
import './storage.css'

export function useBrickBadges(): Record<string, HostBricks> {
  const site = useAppStore((s) => s.site)
  const facts = useAppStore((s) => s.fleet.gluster?.value ?? null)
  const selectedVolume = useStorageStore((s) => s.selectedVolume)
  return useMemo(() => (site === null ? {} : brickBadges(site, facts, selectedVolume)), [site, facts, selectedVolume])
}

export function BrickBadge({ bricks }: { bricks: HostBricks | undefined }) {
  if (bricks === undefined || bricks.bricks.length === 0) return null
  const down = bricks.offline > 0
  const label = down ? `${bricks.offline} of ${bricks.bricks.length} bricks offline` : `${bricks.bricks.length} ${bricks.bricks.length === 1 ? 'brick' : 'bricks'} online`
  const title = bricks.bricks.map((b) => `${b.volume}: ${b.brick} ${b.online ? 'online' : 'OFFLINE'}${b.healPending ? `, ${b.healPending} heal entries pending` : ''}`).join('\n')
  return (
    <span
      className={`brick-badge state state--${down ? 'down' : 'ok'}${bricks.selected ? ' brick-badge--selected' : ''}`}
      title={title}
      data-brick-host={bricks.host}
      data-selected={bricks.selected ? 'true' : undefined}
    >
      <span className="state__glyph" aria-hidden="true">
        {down ? '✕' : '▣'}
      </span>
      {label}
    </span>
  )
}
