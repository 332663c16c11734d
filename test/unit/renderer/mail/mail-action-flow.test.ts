// The action dialog's states, driven headless: nothing runs without a confirm on a plan that can
// run, a running command cannot be dismissed, and the result or error ends the flow.
import { describe, expect, it } from 'vitest'
import type { MailActionPlan, MailActionResult } from '../../../../src/shared/api-parts/mail-api'
import { actionFlow, actionTitle, idleFlow, type ActionFlow } from '../../../../src/renderer/src/features/mail/mail-action-flow'

const kick = { action: 'kick' as const, host: 'mail-01', user: 'anna@example.test' }
const plan: MailActionPlan = { host: 'mail-01', action: 'kick', argv: ['doveadm', 'kick', 'anna@example.test'], command: 'doveadm kick anna@example.test', available: true, summary: 'Closes 2 sessions.' }
const result: MailActionResult = { host: 'mail-01', action: 'kick', command: plan.command, ok: true, exitCode: 0, output: 'kicked', message: 'mail-01: kicked', durationMs: 40, auditId: 7 }

describe('mail action flow', () => {
  it('goes asked → planning → confirming → running → done', () => {
    let state: ActionFlow = actionFlow(idleFlow, { type: 'ask', action: kick })
    expect(state.kind).toBe('planning')
    expect(actionFlow(state, { type: 'confirm', atMs: 1 }).kind).toBe('planning')
    state = actionFlow(state, { type: 'planned', plan })
    expect(state).toMatchObject({ kind: 'confirming', plan: { command: 'doveadm kick anna@example.test' } })
    state = actionFlow(state, { type: 'confirm', atMs: 5 })
    expect(state).toMatchObject({ kind: 'running', startedAtMs: 5 })
    expect(actionFlow(state, { type: 'close' })).toBe(state)
    state = actionFlow(state, { type: 'finished', result })
    expect(state).toMatchObject({ kind: 'done', result: { auditId: 7 } })
    expect(actionFlow(state, { type: 'close' })).toEqual(idleFlow)
  })

  it('cannot confirm a plan the host cannot carry out, and reports errors in words', () => {
    const unavailable: MailActionPlan = { ...plan, action: 'ban-ip', argv: [], command: '', available: false, unavailableReason: 'mail-01 has no fail2ban-client' }
    const asked = actionFlow(idleFlow, { type: 'ask', action: { action: 'ban-ip', host: 'mail-01', ip: '203.0.113.45' } })
    const confirming = actionFlow(asked, { type: 'planned', plan: unavailable })
    expect(actionFlow(confirming, { type: 'confirm', atMs: 1 })).toBe(confirming)
    expect(actionFlow(confirming, { type: 'close' })).toEqual(idleFlow)
    expect(actionFlow(asked, { type: 'error', message: 'mail-01 is not connected' })).toEqual({ kind: 'failed', action: { action: 'ban-ip', host: 'mail-01', ip: '203.0.113.45' }, plan: null, message: 'mail-01 is not connected' })
  })

  it('titles each action with its target and host', () => {
    expect(actionTitle({ ...kick, ip: '192.0.2.7' })).toBe('Kick anna@example.test from 192.0.2.7 on mail-01?')
    expect(actionTitle({ action: 'flush-queue', host: 'mail-01' })).toBe('Flush the Postfix queue on mail-01?')
  })
})
