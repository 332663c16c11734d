// The confirm → run → result flow of a Gluster action as a small state machine: the dialog
// only renders the state, and each step is a plain function tested without a DOM.
import type { StorageActionKind, StorageActionPlan, StorageActionStatus } from '../../../../shared/api-parts/storage-api'

export type ActionFlow =
  | { kind: 'idle' }
  | { kind: 'planning'; action: StorageActionKind; volume: string }
  | { kind: 'refused'; action: StorageActionKind; volume: string; message: string }
  | { kind: 'confirming'; plan: StorageActionPlan }
  | { kind: 'running'; plan: StorageActionPlan; startedAtMs: number }
  | { kind: 'done'; plan: StorageActionPlan; result: StorageActionStatus }
  | { kind: 'failed-to-send'; plan: StorageActionPlan; message: string }

export const idleFlow: ActionFlow = { kind: 'idle' }

export const ACTION_TITLE: Record<StorageActionKind, string> = { 'restart-bricks': 'Restart dead bricks', 'start-heal': 'Start a heal' }

export function startPlanning(flow: ActionFlow, action: StorageActionKind, volume: string): ActionFlow {
  // One action at a time: a running one is never replaced.
  return flow.kind === 'running' || flow.kind === 'planning' ? flow : { kind: 'planning', action, volume }
}

export function planArrived(flow: ActionFlow, plan: StorageActionPlan): ActionFlow {
  if (flow.kind !== 'planning' || flow.action !== plan.action || flow.volume !== plan.volume) return flow
  return { kind: 'confirming', plan }
}

export function planRefused(flow: ActionFlow, message: string): ActionFlow {
  return flow.kind === 'planning' ? { kind: 'refused', action: flow.action, volume: flow.volume, message } : flow
}

/** Only a plan the user saw can run. */
export function confirm(flow: ActionFlow, nowMs: number): ActionFlow {
  return flow.kind === 'confirming' ? { kind: 'running', plan: flow.plan, startedAtMs: nowMs } : flow
}

export function finished(flow: ActionFlow, result: StorageActionStatus): ActionFlow {
  return flow.kind === 'running' ? { kind: 'done', plan: flow.plan, result } : flow
}

export function sendFailed(flow: ActionFlow, message: string): ActionFlow {
  return flow.kind === 'running' ? { kind: 'failed-to-send', plan: flow.plan, message } : flow
}

/** Escape or Cancel: anything but a running action closes; a running one cannot be taken back. */
export function dismiss(flow: ActionFlow): ActionFlow {
  return flow.kind === 'running' ? flow : idleFlow
}

/** The arguments of the run request: only ever built from a confirmed plan. */
export function runArgs(flow: ActionFlow): { action: StorageActionKind; volume: string; host: string; confirmed: true } | null {
  return flow.kind === 'running' ? { action: flow.plan.action, volume: flow.plan.volume, host: flow.plan.host, confirmed: true } : null
}
