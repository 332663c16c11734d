// "Move to…": cabinet, unit and face chosen in a form. Each change is a move event for the same
// drag state machine the pointer and keyboard use, so the ghost and the budget preview behind the
// dialog follow the form, and Move is a drop (refused, confirmed or committed the same way).
import { useState, type FormEvent } from 'react'
import type { DragEvent, DragState } from '../../../../shared/domain/placement-drag'
import { describePlacement, type Placement } from '../../../../shared/domain/rack-units'
import type { Face, Site } from '../../../../shared/model'
import { formatWatts } from '../../ui/format'
import { MoveConsequences } from './confirm-move-dialog'
import { ghostTone } from './drag-status'
import { useModalDialog } from '../../ui/use-modal-dialog'

export interface MoveToDialogProps {
  site: Site
  drag: DragState
  dispatch(event: DragEvent): void
}

function PlacementForm({ site, drag, dispatch }: MoveToDialogProps & { drag: Extract<DragState, { kind: 'dragging' }> }) {
  const target = drag.target
  const [unitText, setUnitText] = useState(String(target.positionU))
  const model = site.models.find((m) => m.name === site.devices.find((d) => d.name === drag.device)?.model)
  const cabinet = site.cabinets.find((c) => c.name === target.cabinet)
  const topU = Math.max(1, (cabinet?.heightU ?? 1) - (model?.heightU ?? 1) + 1)
  const moveTo = (next: Partial<Placement>) => dispatch({ type: 'move', target: { ...target, ...next } })
  const onSubmit = (event: FormEvent) => {
    event.preventDefault()
    dispatch({ type: 'drop' })
  }
  const tone = ghostTone(drag)
  return (
    <form onSubmit={onSubmit} className="move-to__form">
      <div className="move-to__fields">
        <label>
          Cabinet{' '}
          <select value={target.cabinet} onChange={(e) => moveTo({ cabinet: e.target.value })} aria-label="Cabinet">
            {site.cabinets.map((c) => (
              <option key={c.name}>{c.name}</option>
            ))}
          </select>
        </label>
        <label>
          Lowest unit U{' '}
          <input
            type="number"
            min={1}
            max={topU}
            step={1}
            value={unitText}
            className="move-to__unit"
            aria-label="Lowest unit U"
            onChange={(e) => {
              setUnitText(e.target.value)
              const unit = Number(e.target.value)
              if (Number.isInteger(unit) && unit >= 1) moveTo({ positionU: unit })
            }}
          />
        </label>
        <label>
          Face{' '}
          <select value={target.face} onChange={(e) => moveTo({ face: e.target.value as Face })} aria-label="Face">
            <option value="front">front</option>
            <option value="rear">rear</option>
          </select>
        </label>
      </div>
      <p className="muted small">
        {model === undefined ? '' : `${model.name}: ${model.heightU} U, ${model.fullDepth ? 'full depth (takes both faces)' : 'half depth'}; `}now at{' '}
        {describePlacement(drag.origin)}
      </p>
      <div className={`move-to__verdict drag-status--${tone}`} role="status">
        {drag.preview.allowed ? (
          <>
            <strong>{tone === 'ok' ? '✓ Fits' : tone === 'warn' ? '▲ Fits, with warnings' : '✕ Breaks a limit: you will be asked to confirm'}</strong>
            {drag.preview.after.map((after) => {
              const before = drag.preview.before.find((b) => b.name === after.name)
              return (
                <span key={after.name} className="move-to__figure">
                  {after.name} peak {before === undefined ? '' : `${formatWatts(before.drawWatts.peak)} → `}
                  {formatWatts(after.drawWatts.peak)} of {formatWatts(after.budgetWatts)}
                </span>
              )
            })}
            {drag.preview.warnings.length > 0 && (
              <ul className="drag-status__warnings">
                {drag.preview.warnings.map((w) => (
                  <li key={w}>{w}</li>
                ))}
              </ul>
            )}
          </>
        ) : (
          <strong>⊘ Cannot go there: {drag.preview.reason}</strong>
        )}
      </div>
      <div className="dialog__actions">
        <button type="submit" className="btn btn--primary" disabled={!drag.preview.allowed}>
          Move
        </button>
        <button type="button" className="btn" onClick={() => dispatch({ type: 'cancel' })}>
          Cancel
        </button>
      </div>
    </form>
  )
}

export function MoveToDialog({ site, drag, dispatch, open }: MoveToDialogProps & { open: boolean }) {
  const ref = useModalDialog(open)
  return (
    <dialog
      ref={ref}
      className="dialog move-to"
      aria-labelledby="move-to-title"
      onCancel={(event) => {
        event.preventDefault()
        dispatch({ type: 'cancel' })
      }}
    >
      {open && drag.kind !== 'idle' && (
        <>
          <h2 id="move-to-title">Move {drag.device} to…</h2>
          {drag.kind === 'dragging' && <PlacementForm key={drag.device} site={site} drag={drag} dispatch={dispatch} />}
          {drag.kind === 'confirming' && (
            <>
              <p>
                {describePlacement(drag.target)} fits physically but breaks a limit:
              </p>
              <MoveConsequences drag={drag} />
              <div className="dialog__actions">
                <button type="button" className="btn btn--danger" autoFocus onClick={() => dispatch({ type: 'confirm' })}>
                  Move anyway
                </button>
                <button type="button" className="btn" onClick={() => dispatch({ type: 'cancel' })}>
                  Cancel
                </button>
              </div>
            </>
          )}
        </>
      )}
    </dialog>
  )
}
