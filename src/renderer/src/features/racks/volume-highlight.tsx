// Picks the Gluster volume whose bricks light up across every cabinet (the same selection as the
// Storage view's), with a legend of the brick badges drawn on the devices.
import { BRICK_STATE_LOOK, type BrickState } from '../storage/brick-badge-model'
import { useStorageStore } from '../storage/storage-store'

const STATES: readonly BrickState[] = ['online', 'healing', 'offline']

export function VolumeHighlight({ volumes, stale }: { volumes: readonly string[]; stale: boolean }) {
  const selected = useStorageStore((s) => s.selectedVolume)
  const setSelected = useStorageStore((s) => s.setSelectedVolume)
  if (volumes.length === 0 && selected === null) return null
  return (
    <div className="racks__bricks" role="group" aria-label="Gluster bricks">
      <label>
        Highlight bricks of{' '}
        <select aria-label="Highlight the bricks of volume" value={selected ?? ''} onChange={(e) => setSelected(e.target.value === '' ? null : e.target.value)}>
          <option value="">no volume</option>
          {[...new Set([...volumes, ...(selected === null ? [] : [selected])])].map((v) => (
            <option key={v} value={v}>
              {v}
            </option>
          ))}
        </select>
      </label>
      <ul className="legend" aria-label="Brick badges">
        {STATES.map((state) => (
          <li key={state}>
            <span className={`legend__brick elev-brick--${state}`} aria-hidden="true">
              {BRICK_STATE_LOOK[state].glyph}
            </span>
            {BRICK_STATE_LOOK[state].word}
          </li>
        ))}
        {stale && <li className="muted">bricks greyed: Gluster facts are stale</li>}
      </ul>
    </div>
  )
}
