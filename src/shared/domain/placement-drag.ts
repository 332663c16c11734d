// Drag-to-place as a small state machine: idle → pointing → dragging → confirming → idle.
// The rack view feeds it pointer and keyboard events and renders the state; it never moves a
// device itself. A drop yields a move command, which the history reducer applies and can undo.
import type { Face, Site } from '../model'
import { previewMove, type MovePreview } from './power'
import { FACES, MoveError, SiteLookupError, applyMove, findDevice, findModel, samePlacement, type MoveCommand, type Placement } from './rack-units'

export type { MoveCommand } from './rack-units'

export type DragState =
  /** `refusal` is why the last drop was refused, shown until the next drag starts. */
  | { kind: 'idle'; refusal?: string }
  | { kind: 'pointing'; device: string; origin: Placement }
  | { kind: 'dragging'; device: string; origin: Placement; target: Placement; preview: MovePreview }
  /** Dropped onto a place that breaks a limit: the user must confirm or cancel. */
  | { kind: 'confirming'; device: string; origin: Placement; target: Placement; preview: MovePreview }

export type DragKey = 'ArrowUp' | 'ArrowDown' | 'ArrowLeft' | 'ArrowRight' | 'Enter' | 'Escape'

export type DragEvent =
  | { type: 'pointerDown'; device: string }
  | { type: 'move'; target: Placement }
  | { type: 'key'; key: DragKey }
  | { type: 'drop' }
  | { type: 'confirm' }
  | { type: 'cancel' }

export interface DragStep {
  state: DragState
  /** Set when this event committed a move. */
  command?: MoveCommand
}

export const idleDrag: DragState = { kind: 'idle' }

function draggingTo(site: Site, device: string, origin: Placement, target: Placement): DragState {
  return { kind: 'dragging', device, origin, target, preview: previewMove(site, device, target) }
}

function commit(device: string, origin: Placement, target: Placement): DragStep {
  if (samePlacement(origin, target)) return { state: idleDrag }
  return { state: idleDrag, command: { type: 'move', device, from: origin, to: target } }
}

function drop(state: Extract<DragState, { kind: 'dragging' }>): DragStep {
  const { preview } = state
  if (!preview.allowed) return { state: { kind: 'idle', refusal: preview.reason ?? 'the move is not allowed' } }
  if (preview.verdict === 'over') return { state: { ...state, kind: 'confirming' } }
  return commit(state.device, state.origin, state.target)
}

/**
 * Where an arrow key takes the target: up/down by one unit (kept inside the cabinet), left/right
 * through the cabinet faces in site order (R01 front, R01 rear, R02 front, …), stopping at the ends.
 */
export function nudge(site: Site, device: string, from: Placement, key: 'ArrowUp' | 'ArrowDown' | 'ArrowLeft' | 'ArrowRight'): Placement {
  const model = findModel(site, findDevice(site, device).model)
  const topFor = (cabinetName: string): number => {
    const heightU = site.cabinets.find((c) => c.name === cabinetName)?.heightU ?? from.positionU
    return Math.max(1, heightU - model.heightU + 1)
  }
  if (key === 'ArrowUp' || key === 'ArrowDown') {
    const positionU = Math.min(topFor(from.cabinet), Math.max(1, from.positionU + (key === 'ArrowUp' ? 1 : -1)))
    return { ...from, positionU }
  }
  const slots: { cabinet: string; face: Face }[] = site.cabinets.flatMap((c) => FACES.map((face) => ({ cabinet: c.name, face })))
  const here = slots.findIndex((s) => s.cabinet === from.cabinet && s.face === from.face)
  const next = slots[Math.min(slots.length - 1, Math.max(0, here + (key === 'ArrowRight' ? 1 : -1)))]
  if (here < 0 || next === undefined) return from
  return { cabinet: next.cabinet, face: next.face, positionU: Math.min(from.positionU, topFor(next.cabinet)) }
}

/** The next state for an event. Events that mean nothing in the current state leave it as is. */
export function dragReducer(site: Site, state: DragState, event: DragEvent): DragStep {
  switch (state.kind) {
    case 'idle': {
      if (event.type !== 'pointerDown') return { state }
      const device = site.devices.find((d) => d.name === event.device)
      if (device === undefined) return { state: { kind: 'idle', refusal: `no device named ${event.device}` } }
      return { state: { kind: 'pointing', device: device.name, origin: { cabinet: device.cabinet, positionU: device.positionU, face: device.face } } }
    }
    case 'pointing':
    case 'dragging': {
      const at = state.kind === 'dragging' ? state.target : state.origin
      switch (event.type) {
        case 'move':
          return { state: draggingTo(site, state.device, state.origin, event.target) }
        case 'cancel':
          return { state: idleDrag }
        case 'drop':
          return state.kind === 'dragging' ? drop(state) : { state: idleDrag }
        case 'key':
          if (event.key === 'Escape') return { state: idleDrag }
          if (event.key === 'Enter') return state.kind === 'dragging' ? drop(state) : { state }
          return { state: draggingTo(site, state.device, state.origin, nudge(site, state.device, at, event.key)) }
        default:
          return { state }
      }
    }
    case 'confirming':
      if (event.type === 'confirm' || (event.type === 'key' && event.key === 'Enter')) return commit(state.device, state.origin, state.target)
      if (event.type === 'cancel' || (event.type === 'key' && event.key === 'Escape')) return { state: idleDrag }
      return { state }
  }
}

/** The site with its undo and redo stacks. `error` is why the last action did nothing. */
export interface MoveHistory {
  site: Site
  past: MoveCommand[]
  future: MoveCommand[]
  error: string | null
}

export type HistoryAction = { type: 'do'; move: MoveCommand } | { type: 'undo' } | { type: 'redo' }

export function startHistory(site: Site): MoveHistory {
  return { site, past: [], future: [], error: null }
}

function inverse(move: MoveCommand): MoveCommand {
  return { type: 'move', device: move.device, from: move.to, to: move.from }
}

// A move that no longer applies (the site changed under it) leaves the history as it was and
// says why, instead of throwing out of a reducer.
function tryApply(history: MoveHistory, move: MoveCommand, next: (site: Site) => MoveHistory): MoveHistory {
  try {
    return next(applyMove(history.site, move))
  } catch (error) {
    if (error instanceof MoveError || error instanceof SiteLookupError) return { ...history, error: error.message }
    throw error
  }
}

export function historyReducer(history: MoveHistory, action: HistoryAction): MoveHistory {
  switch (action.type) {
    case 'do':
      return tryApply(history, action.move, (site) => ({ site, past: [...history.past, action.move], future: [], error: null }))
    case 'undo': {
      const last = history.past.at(-1)
      if (last === undefined) return { ...history, error: 'nothing to undo' }
      return tryApply(history, inverse(last), (site) => ({ site, past: history.past.slice(0, -1), future: [last, ...history.future], error: null }))
    }
    case 'redo': {
      const next = history.future[0]
      if (next === undefined) return { ...history, error: 'nothing to redo' }
      return tryApply(history, next, (site) => ({ site, past: [...history.past, next], future: history.future.slice(1), error: null }))
    }
  }
}

export const undo = (history: MoveHistory): MoveHistory => historyReducer(history, { type: 'undo' })
export const redo = (history: MoveHistory): MoveHistory => historyReducer(history, { type: 'redo' })
export { applyMove }
