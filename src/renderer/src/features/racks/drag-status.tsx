// What a placement is doing, in words: while a device is held, where it would go, whether that is
// allowed and what it would strain (with the touched cabinets' peak draw before and after); once
// dropped, why it was refused or what was stored. Screen readers hear both as they change.
import type { DragState } from '../../../../shared/domain/placement-drag'
import type { MovePreview } from '../../../../shared/domain/power'
import { describePlacement } from '../../../../shared/domain/rack-units'
import { formatWatts } from '../../ui/format'
import type { GhostTone } from './cabinet-elevation'
import type { PlacementNotice } from './use-placement'

export function ghostTone(drag: DragState): GhostTone {
  if (drag.kind !== 'dragging' && drag.kind !== 'confirming') return 'ok'
  if (!drag.preview.allowed) return 'refused'
  return drag.preview.verdict
}

const TONE_WORD: Record<GhostTone, string> = { ok: '✓ fits', warn: '▲ fits, with warnings', over: '✕ breaks a limit', refused: '⊘ refused' }

function peakChange(preview: MovePreview): string[] {
  if (!preview.allowed) return []
  return preview.after.map((after) => {
    const before = preview.before.find((b) => b.name === after.name)
    const from = before === undefined ? '' : `${formatWatts(before.drawWatts.peak)} → `
    return `${after.name} peak ${from}${formatWatts(after.drawWatts.peak)} of ${formatWatts(after.budgetWatts)}`
  })
}

/** The live line while a device is held: an overlay, so it never shifts the cabinets under the pointer. */
export function DragStatus({ drag }: { drag: DragState }) {
  if (drag.kind === 'pointing')
    return (
      <div className="drag-status" role="status">
        <strong>{drag.device}</strong> picked up at {describePlacement(drag.origin)} — move it onto a cabinet face; Esc cancels
      </div>
    )
  if (drag.kind !== 'dragging' && drag.kind !== 'confirming') return null
  const tone = ghostTone(drag)
  return (
    <div className={`drag-status drag-status--${tone}`} role="status" aria-live="polite">
      <div className="drag-status__line">
        <strong>{drag.device}</strong>
        <span>
          {describePlacement(drag.origin)} → <strong data-testid="drag-target">{describePlacement(drag.target)}</strong>
        </span>
        <span className={`drag-status__verdict drag-status__verdict--${tone}`}>{TONE_WORD[tone]}</span>
        {peakChange(drag.preview).map((text) => (
          <span key={text} className="drag-status__figure">
            {text}
          </span>
        ))}
        <span className="drag-status__keys muted">↑↓ one unit · ←→ face / cabinet · Enter drops · Esc cancels</span>
      </div>
      {!drag.preview.allowed && <div className="drag-status__reason">Cannot go there: {drag.preview.reason}</div>}
      {drag.preview.warnings.length > 0 && (
        <ul className="drag-status__warnings">
          {drag.preview.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
    </div>
  )
}

export interface PlacementMessageProps {
  drag: DragState
  busy: boolean
  notice: PlacementNotice | null
  /** Shown when there is nothing else to say. */
  hint: string
  onDismiss(): void
}

/** The toolbar's message: why a drop was refused, that a move is being stored, or what the last action did. */
export function PlacementMessage({ drag, busy, notice, hint, onDismiss }: PlacementMessageProps) {
  if (drag.kind === 'idle' && drag.refusal !== undefined)
    return (
      <span className="placement-msg placement-msg--error" role="alert">
        <span aria-hidden="true">⊘</span> <strong>Refused:</strong> {drag.refusal}. Nothing moved.
      </span>
    )
  if (busy)
    return (
      <span className="placement-msg" role="status">
        Storing the move…
      </span>
    )
  if (notice !== null)
    return (
      <span className={`placement-msg placement-msg--${notice.tone}`} role={notice.tone === 'ok' ? 'status' : 'alert'}>
        <span aria-hidden="true">{notice.tone === 'ok' ? '✓' : '✕'}</span> {notice.text}
        <button type="button" className="btn btn--icon placement-msg__dismiss" onClick={onDismiss} aria-label="Dismiss message" title="Dismiss">
          ✕
        </button>
      </span>
    )
  return <span className="racks__hint muted small">{hint}</span>
}
