// The life of one mail action in the UI as a small state machine: asked → planning → confirming
// (the exact command and host on screen) → running → done, with cancel at every waiting step.
import type { MailAction, MailActionPlan, MailActionResult } from '../../../../shared/api-parts/mail-api'

export type ActionFlow =
  | { kind: 'idle' }
  | { kind: 'planning'; action: MailAction }
  | { kind: 'confirming'; action: MailAction; plan: MailActionPlan }
  | { kind: 'running'; action: MailAction; plan: MailActionPlan; startedAtMs: number }
  | { kind: 'done'; action: MailAction; plan: MailActionPlan; result: MailActionResult }
  | { kind: 'failed'; action: MailAction; plan: MailActionPlan | null; message: string }

export type ActionEvent =
  | { type: 'ask'; action: MailAction }
  | { type: 'planned'; plan: MailActionPlan }
  | { type: 'confirm'; atMs: number }
  | { type: 'finished'; result: MailActionResult }
  | { type: 'error'; message: string }
  | { type: 'close' }

export const idleFlow: ActionFlow = { kind: 'idle' }

export function actionFlow(state: ActionFlow, event: ActionEvent): ActionFlow {
  switch (event.type) {
    case 'ask':
      return state.kind === 'idle' || state.kind === 'done' || state.kind === 'failed' ? { kind: 'planning', action: event.action } : state
    case 'planned':
      return state.kind === 'planning' ? { kind: 'confirming', action: state.action, plan: event.plan } : state
    case 'confirm':
      // An unavailable plan (no fail2ban) has nothing to confirm.
      return state.kind === 'confirming' && state.plan.available ? { kind: 'running', action: state.action, plan: state.plan, startedAtMs: event.atMs } : state
    case 'finished':
      return state.kind === 'running' ? { kind: 'done', action: state.action, plan: state.plan, result: event.result } : state
    case 'error':
      if (state.kind === 'planning') return { kind: 'failed', action: state.action, plan: null, message: event.message }
      if (state.kind === 'running') return { kind: 'failed', action: state.action, plan: state.plan, message: event.message }
      return state
    case 'close':
      // A running command cannot be called back: the dialog stays until it ends.
      return state.kind === 'running' ? state : idleFlow
  }
}

export function actionTitle(action: MailAction): string {
  switch (action.action) {
    case 'kick':
      return `Kick ${action.user}${action.ip === undefined ? '' : ` from ${action.ip}`} on ${action.host}?`
    case 'ban-ip':
      return `Ban ${action.ip} on ${action.host}?`
    case 'flush-queue':
      return `Flush the Postfix queue on ${action.host}?`
  }
}
