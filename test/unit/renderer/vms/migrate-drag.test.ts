import { describe, expect, it } from 'vitest'
import { idleMigrateDrag, migrateDragReducer, type MigrateDragContext, type MigrateDragEvent, type MigrateDragState } from '../../../../src/renderer/src/features/vms/migrate-drag'

const ctx: MigrateDragContext = {
  hosts: ['hvx-01', 'hvx-02', 'hv-01', 'hv-02'],
  verdictOf: (_vm, _from, to) => (to === 'hv-02' ? { level: 'error', reason: 'target hv-02: no SSH connection' } : to === 'hv-01' ? { level: 'warn', reason: 'mounts unknown' } : { level: 'ok', reason: 'every pre-check passed' })
}

function run(events: MigrateDragEvent[], start: MigrateDragState = idleMigrateDrag) {
  let state = start
  let notice: { tone: string; text: string } | undefined
  for (const event of events) {
    const step = migrateDragReducer(ctx, state, event)
    state = step.state
    notice = step.notice
  }
  return { state, notice }
}

describe('the drag-to-migrate state machine', () => {
  it('pointer: pick up, hover, drop on an ok host → confirming', () => {
    const held = run([{ type: 'pickUp', vm: 'web-01', from: 'hvx-01', via: 'pointer' }])
    expect(held.state).toEqual({ kind: 'dragging', vm: 'web-01', from: 'hvx-01', target: null, via: 'pointer' })
    const dropped = run([{ type: 'over', target: 'hvx-02' }, { type: 'drop' }], held.state)
    expect(dropped.state).toEqual({ kind: 'confirming', vm: 'web-01', from: 'hvx-01', to: 'hvx-02' })
    expect(dropped.notice).toBeUndefined()
  })

  it('a host with warnings still goes to the confirm dialog', () => {
    expect(run([{ type: 'pickUp', vm: 'web-01', from: 'hvx-01', via: 'pointer' }, { type: 'over', target: 'hv-01' }, { type: 'drop' }]).state.kind).toBe('confirming')
  })

  it('a refused host, the source itself or nowhere: back to idle, nothing to confirm, and the reason said', () => {
    const refused = run([{ type: 'pickUp', vm: 'web-01', from: 'hvx-01', via: 'pointer' }, { type: 'over', target: 'hv-02' }, { type: 'drop' }])
    expect(refused.state).toEqual(idleMigrateDrag)
    expect(refused.notice).toEqual({ tone: 'error', text: 'Refused: web-01 cannot move to hv-02: target hv-02: no SSH connection. Nothing changed.' })
    const same = run([{ type: 'pickUp', vm: 'web-01', from: 'hvx-01', via: 'pointer' }, { type: 'over', target: 'hvx-01' }, { type: 'drop' }])
    expect(same.notice?.text).toBe('web-01 is already on hvx-01: nothing to do')
    const outside = run([{ type: 'pickUp', vm: 'web-01', from: 'hvx-01', via: 'pointer' }, { type: 'over', target: 'hv-01' }, { type: 'over', target: null }, { type: 'drop' }])
    expect(outside.state).toEqual(idleMigrateDrag)
    expect(outside.notice?.text).toBe('Dropped outside the hypervisors: web-01 stays on hvx-01')
  })

  it('keyboard: starts over its own host, arrows walk the hosts in drawing order and wrap', () => {
    const held = run([{ type: 'pickUp', vm: 'dns-01', from: 'hv-01', via: 'keyboard' }])
    expect(held.state).toMatchObject({ kind: 'dragging', target: 'hv-01', via: 'keyboard' })
    expect(run([{ type: 'key', key: 'ArrowRight' }], held.state).state).toMatchObject({ target: 'hv-02' })
    expect(run([{ type: 'key', key: 'ArrowRight' }, { type: 'key', key: 'ArrowDown' }], held.state).state).toMatchObject({ target: 'hvx-01' })
    expect(run([{ type: 'key', key: 'ArrowLeft' }, { type: 'key', key: 'ArrowUp' }], held.state).state).toMatchObject({ target: 'hvx-01' })
    expect(run([{ type: 'key', key: 'End' }], held.state).state).toMatchObject({ target: 'hv-02' })
    expect(run([{ type: 'key', key: 'Home' }, { type: 'drop' }], held.state).state).toEqual({ kind: 'confirming', vm: 'dns-01', from: 'hv-01', to: 'hvx-01' })
  })

  it('Escape cancels a drag or the confirm dialog; a finished migration ends the confirmation', () => {
    const cancelled = run([{ type: 'pickUp', vm: 'dns-01', from: 'hv-01', via: 'keyboard' }, { type: 'key', key: 'ArrowLeft' }, { type: 'cancel' }])
    expect(cancelled.state).toEqual(idleMigrateDrag)
    expect(cancelled.notice).toEqual({ tone: 'ok', text: 'Cancelled: dns-01 stays on hv-01' })
    const confirming: MigrateDragState = { kind: 'confirming', vm: 'a', from: 'hv-01', to: 'hvx-01' }
    expect(run([{ type: 'cancel' }], confirming).state).toEqual(idleMigrateDrag)
    expect(run([{ type: 'done' }], confirming)).toEqual({ state: idleMigrateDrag, notice: undefined })
    // While the dialog is open nothing else starts.
    expect(run([{ type: 'pickUp', vm: 'b', from: 'hv-02', via: 'pointer' }], confirming).state).toBe(confirming)
    expect(run([{ type: 'choose', vm: 'b', from: 'hv-02', to: 'hvx-01' }], confirming).state).toBe(confirming)
  })

  it('"Migrate to…" goes straight to the confirmation, or refuses like a drop', () => {
    expect(run([{ type: 'choose', vm: 'web-01', from: 'hvx-01', to: 'hvx-02' }]).state).toEqual({ kind: 'confirming', vm: 'web-01', from: 'hvx-01', to: 'hvx-02' })
    expect(run([{ type: 'choose', vm: 'web-01', from: 'hvx-01', to: 'hv-02' }]).notice?.tone).toBe('error')
  })

  it('ignores moves and drops when nothing is held', () => {
    expect(run([{ type: 'over', target: 'hv-01' }, { type: 'key', key: 'ArrowUp' }, { type: 'drop' }, { type: 'cancel' }])).toEqual({ state: idleMigrateDrag, notice: undefined })
  })
})
