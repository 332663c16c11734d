// Drag-to-migrate as a small state machine, the same for the mouse, the keyboard and the
// "Migrate to…" dialog: idle → dragging (a VM held, a target host or none) → confirming (the
// confirm dialog) → idle. The component only feeds events and renders the state; the verdict of
// each target comes from the pre-checks through `verdictOf`.
import type { CheckLevel } from '../../../../shared/domain/migration-checks'

export type MigrateDragState =
  | { kind: 'idle' }
  | { kind: 'dragging'; vm: string; from: string; target: string | null; via: 'pointer' | 'keyboard' }
  | { kind: 'confirming'; vm: string; from: string; to: string }

export type MigrateDragEvent =
  | { type: 'pickUp'; vm: string; from: string; via: 'pointer' | 'keyboard' }
  | { type: 'over'; target: string | null }
  | { type: 'key'; key: 'ArrowUp' | 'ArrowDown' | 'ArrowLeft' | 'ArrowRight' | 'Home' | 'End' }
  | { type: 'drop' }
  | { type: 'choose'; vm: string; from: string; to: string }
  | { type: 'cancel' }
  | { type: 'done' }

export interface TargetVerdict {
  level: CheckLevel
  /** The first error (or warning) in words; what a refused drop says. */
  reason: string
}

export interface MigrateDragContext {
  /** Hypervisors in the order they are drawn: arrow keys walk this list. */
  hosts: readonly string[]
  verdictOf(vm: string, from: string, to: string): TargetVerdict
}

export interface MigrateDragStep {
  state: MigrateDragState
  /** Said to the user when a drop is refused or cancelled. */
  notice?: { tone: 'ok' | 'error'; text: string }
}

export const idleMigrateDrag: MigrateDragState = { kind: 'idle' }

function step(state: MigrateDragState, notice?: MigrateDragStep['notice']): MigrateDragStep {
  return notice === undefined ? { state } : { state, notice }
}

function walk(hosts: readonly string[], current: string | null, from: string, key: Extract<MigrateDragEvent, { type: 'key' }>['key']): string | null {
  if (hosts.length === 0) return current
  if (key === 'Home') return hosts[0] ?? null
  if (key === 'End') return hosts[hosts.length - 1] ?? null
  const forward = key === 'ArrowDown' || key === 'ArrowRight'
  const index = hosts.indexOf(current ?? from)
  const next = index === -1 ? (forward ? 0 : hosts.length - 1) : (index + (forward ? 1 : -1) + hosts.length) % hosts.length
  return hosts[next] ?? null
}

/** Drops onto the source or a refused host go nowhere and say why; others wait for confirmation. */
function dropOn(ctx: MigrateDragContext, vm: string, from: string, to: string | null): MigrateDragStep {
  if (to === null) return step(idleMigrateDrag, { tone: 'error', text: `Dropped outside the hypervisors: ${vm} stays on ${from}` })
  if (to === from) return step(idleMigrateDrag, { tone: 'error', text: `${vm} is already on ${from}: nothing to do` })
  const verdict = ctx.verdictOf(vm, from, to)
  if (verdict.level === 'error') return step(idleMigrateDrag, { tone: 'error', text: `Refused: ${vm} cannot move to ${to}: ${verdict.reason}. Nothing changed.` })
  return step({ kind: 'confirming', vm, from, to })
}

export function migrateDragReducer(ctx: MigrateDragContext, state: MigrateDragState, event: MigrateDragEvent): MigrateDragStep {
  switch (event.type) {
    case 'pickUp':
      if (state.kind === 'confirming') return step(state)
      return step({ kind: 'dragging', vm: event.vm, from: event.from, target: event.via === 'keyboard' ? event.from : null, via: event.via })
    case 'over':
      if (state.kind !== 'dragging' || state.target === event.target) return step(state)
      return step({ ...state, target: event.target })
    case 'key':
      if (state.kind !== 'dragging') return step(state)
      return step({ ...state, target: walk(ctx.hosts, state.target, state.from, event.key) })
    case 'drop':
      if (state.kind !== 'dragging') return step(state)
      return dropOn(ctx, state.vm, state.from, state.target)
    case 'choose':
      if (state.kind === 'confirming') return step(state)
      return dropOn(ctx, event.vm, event.from, event.to)
    case 'cancel':
      if (state.kind === 'idle') return step(state)
      return step(idleMigrateDrag, { tone: 'ok', text: `Cancelled: ${state.vm} stays on ${state.from}` })
    case 'done':
      return step(idleMigrateDrag)
  }
}
