// Undo and redo against the site as it is now: the domain's history reducer decides whether the
// step still applies, and this says which move to persist (or why nothing can be done). The
// stacks change only once the server has stored the move.
import { historyReducer, type HistoryAction, type MoveCommand } from '../../../../shared/domain/placement-drag'
import { describePlacement } from '../../../../shared/domain/rack-units'
import type { Site } from '../../../../shared/model'

export interface MoveStacks {
  past: MoveCommand[]
  future: MoveCommand[]
}

export const emptyStacks: MoveStacks = { past: [], future: [] }

export type HistoryPlan =
  /** `move` is what to send to the server; `stacks` is the history once it is stored. */
  | { ok: true; move: MoveCommand; stacks: MoveStacks }
  | { ok: false; reason: string }

const VERB: Record<HistoryAction['type'], string> = { do: 'move', undo: 'undo', redo: 'redo' }

export function planHistory(site: Site, stacks: MoveStacks, action: HistoryAction): HistoryPlan {
  const step = action.type === 'do' ? action.move : action.type === 'undo' ? stacks.past.at(-1) : stacks.future[0]
  if (step === undefined) return { ok: false, reason: `nothing to ${VERB[action.type]}` }
  const next = historyReducer({ site, past: stacks.past, future: stacks.future, error: null }, action)
  if (next.error !== null) return { ok: false, reason: action.type === 'do' ? next.error : `cannot ${VERB[action.type]} the move of ${step.device}: ${next.error}` }
  const move: MoveCommand = action.type === 'undo' ? { type: 'move', device: step.device, from: step.to, to: step.from } : step
  return { ok: true, move, stacks: { past: next.past, future: next.future } }
}

/** "web-01: R01 U38 front → R02 U20 front" */
export function describeMove(move: MoveCommand): string {
  return `${move.device}: ${describePlacement(move.from)} → ${describePlacement(move.to)}`
}
