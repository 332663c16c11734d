// A drop that breaks a limit waits here: the move, every limit it would break in words, and the
// cabinets' peak draw before and after. Enter on "Move anyway" confirms, Escape cancels.
import type { DragState } from '../../../../shared/domain/placement-drag'
import { describePlacement } from '../../../../shared/domain/rack-units'
import { formatWatts } from '../../ui/format'
import { useModalDialog } from '../../ui/use-modal-dialog'

type Confirming = Extract<DragState, { kind: 'confirming' }>

export function MoveConsequences({ drag }: { drag: Confirming }) {
  const { preview } = drag
  return (
    <>
      <ul className="dialog__warnings">
        {preview.warnings.map((w) => (
          <li key={w} className="state state--over">
            <span className="state__glyph" aria-hidden="true">
              ✕
            </span>
            {w}
          </li>
        ))}
      </ul>
      <table className="grid grid--compact" aria-label="Peak draw before and after">
        <thead>
          <tr>
            <th scope="col">Cabinet</th>
            <th scope="col" className="num">
              Peak before
            </th>
            <th scope="col" className="num">
              Peak after
            </th>
            <th scope="col" className="num">
              Budget
            </th>
          </tr>
        </thead>
        <tbody>
          {preview.after.map((after) => {
            const before = preview.before.find((b) => b.name === after.name)
            return (
              <tr key={after.name}>
                <th scope="row">{after.name}</th>
                <td className="num">{before === undefined ? '—' : formatWatts(before.drawWatts.peak)}</td>
                <td className="num">{formatWatts(after.drawWatts.peak)}</td>
                <td className="num">{formatWatts(after.budgetWatts)}</td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </>
  )
}

export function ConfirmMoveDialog({ drag, onConfirm, onCancel }: { drag: DragState; onConfirm(): void; onCancel(): void }) {
  const open = drag.kind === 'confirming'
  const ref = useModalDialog(open)
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby="confirm-move-title"
      onCancel={(event) => {
        event.preventDefault()
        onCancel()
      }}
    >
      {drag.kind === 'confirming' && (
        <>
          <h2 id="confirm-move-title">
            Move {drag.device} to {describePlacement(drag.target)}?
          </h2>
          <p>The move fits physically but breaks a limit:</p>
          <MoveConsequences drag={drag} />
          <div className="dialog__actions">
            <button type="button" className="btn btn--danger" autoFocus onClick={onConfirm}>
              Move anyway
            </button>
            <button type="button" className="btn" onClick={onCancel}>
              Cancel
            </button>
          </div>
        </>
      )}
    </dialog>
  )
}
