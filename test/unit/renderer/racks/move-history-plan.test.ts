import { describe, expect, it } from 'vitest'
import { applyMove, type MoveCommand } from '../../../../src/shared/domain/placement-drag'
import { describeMove, emptyStacks, planHistory } from '../../../../src/renderer/src/features/racks/move-history-plan'
import { cageSite } from '../site-fixture'

const toR02: MoveCommand = {
  type: 'move',
  device: 'mail-01',
  from: { cabinet: 'R01', positionU: 40, face: 'front' },
  to: { cabinet: 'R02', positionU: 20, face: 'front' }
}

describe('planHistory', () => {
  it('plans a move, then its undo and redo as the moves to store', () => {
    const site = cageSite()
    const done = planHistory(site, emptyStacks, { type: 'do', move: toR02 })
    expect(done).toEqual({ ok: true, move: toR02, stacks: { past: [toR02], future: [] } })
    if (!done.ok) return

    const moved = applyMove(site, toR02)
    const undone = planHistory(moved, done.stacks, { type: 'undo' })
    expect(undone).toEqual({ ok: true, move: { type: 'move', device: 'mail-01', from: toR02.to, to: toR02.from }, stacks: { past: [], future: [toR02] } })
    if (!undone.ok) return

    const redone = planHistory(site, undone.stacks, { type: 'redo' })
    expect(redone).toEqual({ ok: true, move: toR02, stacks: { past: [toR02], future: [] } })
  })

  it('says why an undo no longer applies when the device moved meanwhile, and keeps the stacks', () => {
    const moved = applyMove(cageSite(), toR02)
    const elsewhere = applyMove(moved, { type: 'move', device: 'mail-01', from: toR02.to, to: { cabinet: 'R02', positionU: 10, face: 'front' } })
    expect(planHistory(elsewhere, { past: [toR02], future: [] }, { type: 'undo' })).toEqual({
      ok: false,
      reason: 'cannot undo the move of mail-01: mail-01 is no longer at R02 U20 front (it is at R02 U10 front)'
    })
  })

  it('refuses a move onto taken units and says there is nothing to undo or redo', () => {
    const blocked: MoveCommand = { ...toR02, to: { cabinet: 'R02', positionU: 39, face: 'front' } }
    expect(planHistory(cageSite(), emptyStacks, { type: 'do', move: blocked })).toEqual({
      ok: false,
      reason: 'mail-01: U39 front is taken by hv-02'
    })
    expect(planHistory(cageSite(), emptyStacks, { type: 'undo' })).toEqual({ ok: false, reason: 'nothing to undo' })
    expect(planHistory(cageSite(), emptyStacks, { type: 'redo' })).toEqual({ ok: false, reason: 'nothing to redo' })
  })

  it('describes a move in one line', () => {
    expect(describeMove(toR02)).toBe('mail-01: R01 U40 front → R02 U20 front')
  })
})
