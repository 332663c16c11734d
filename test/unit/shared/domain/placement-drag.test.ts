import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import {
  dragReducer,
  historyReducer,
  idleDrag,
  nudge,
  redo,
  startHistory,
  undo,
  type DragEvent,
  type DragState,
  type DragStep
} from '../../../../src/shared/domain/placement-drag'
import { SiteSchema, type Site } from '../../../../src/shared/model'

const demo: Site = SiteSchema.parse(parse(readFileSync(join(__dirname, '../../../../resources/demo-site.yaml'), 'utf8')))

/** Feeds events one after another, as the rack view would, and keeps every step. */
function run(site: Site, events: DragEvent[], start: DragState = idleDrag): DragStep[] {
  const steps: DragStep[] = []
  let state = start
  for (const event of events) {
    const step = dragReducer(site, state, event)
    steps.push(step)
    state = step.state
  }
  return steps
}
const last = (steps: DragStep[]): DragStep => {
  const step = steps.at(-1)
  if (step === undefined) throw new Error('no steps')
  return step
}

describe('drag-to-place with the pointer', () => {
  it('goes idle → pointing → dragging → idle and yields a move', () => {
    const steps = run(demo, [
      { type: 'pointerDown', device: 'hv-01' },
      { type: 'move', target: { cabinet: 'R02', positionU: 20, face: 'front' } },
      { type: 'drop' }
    ])
    expect(steps.map((s) => s.state.kind)).toEqual(['pointing', 'dragging', 'idle'])
    expect(last(steps).command).toEqual({
      type: 'move',
      device: 'hv-01',
      from: { cabinet: 'R02', positionU: 40, face: 'front' },
      to: { cabinet: 'R02', positionU: 20, face: 'front' }
    })
  })

  it('carries the live preview while dragging', () => {
    const steps = run(demo, [
      { type: 'pointerDown', device: 'hv-01' },
      { type: 'move', target: { cabinet: 'R01', positionU: 10, face: 'front' } }
    ])
    const state = last(steps).state
    if (state.kind !== 'dragging') throw new Error(`expected dragging, got ${state.kind}`)
    // R01 peak 2400 W + one 20 W Atom = 2420 W
    expect(state.preview.allowed).toBe(true)
    expect(state.preview.after.find((b) => b.name === 'R01')?.drawWatts.peak).toBe(2420)
  })

  it('refuses a drop on a collision with the reason and emits nothing', () => {
    const steps = run(demo, [
      { type: 'pointerDown', device: 'hv-01' },
      { type: 'move', target: { cabinet: 'R01', positionU: 35, face: 'front' } },
      { type: 'drop' }
    ])
    expect(last(steps)).toEqual({ state: { kind: 'idle', refusal: 'U35 front is taken by db-01' } })
  })

  it('asks for confirmation when the drop breaks a limit, and commits on confirm', () => {
    const crowded: Site = {
      ...demo,
      devices: [
        ...demo.devices.map((d) => (d.name === 'hv-01' ? { ...d, cabinet: 'R01', positionU: 1 } : d)),
        { name: 'spare', model: 'Xeon E5-2637 v3 2U', cabinet: 'R02', positionU: 10, face: 'front', feeds: ['A', 'B'] },
        { name: 'spare-2', model: 'Xeon E5-2637 v3 2U', cabinet: 'R01', positionU: 10, face: 'front', feeds: ['A', 'B'] }
      ]
    }
    // R01 holds 2400 + 20 + 380 = 2800 W; the spare brings it to 3180 W, over 2944 W
    const steps = run(crowded, [
      { type: 'pointerDown', device: 'spare' },
      { type: 'move', target: { cabinet: 'R01', positionU: 12, face: 'front' } },
      { type: 'drop' }
    ])
    const state = last(steps).state
    expect(state.kind).toBe('confirming')
    expect(last(steps).command).toBeUndefined()
    const confirmed = dragReducer(crowded, state, { type: 'confirm' })
    expect(confirmed.state.kind).toBe('idle')
    expect(confirmed.command?.to).toEqual({ cabinet: 'R01', positionU: 12, face: 'front' })
    expect(dragReducer(crowded, state, { type: 'key', key: 'Escape' })).toEqual({ state: idleDrag })
  })

  it('does nothing for a click without a move, or a drop back where it started', () => {
    expect(last(run(demo, [{ type: 'pointerDown', device: 'hv-01' }, { type: 'drop' }]))).toEqual({ state: idleDrag })
    const back = run(demo, [
      { type: 'pointerDown', device: 'hv-01' },
      { type: 'move', target: { cabinet: 'R02', positionU: 20, face: 'front' } },
      { type: 'move', target: { cabinet: 'R02', positionU: 40, face: 'front' } },
      { type: 'drop' }
    ])
    expect(last(back)).toEqual({ state: idleDrag })
  })

  it('cancels on Escape and ignores moves while idle', () => {
    const steps = run(demo, [
      { type: 'move', target: { cabinet: 'R01', positionU: 3, face: 'front' } },
      { type: 'pointerDown', device: 'hv-01' },
      { type: 'move', target: { cabinet: 'R01', positionU: 3, face: 'front' } },
      { type: 'key', key: 'Escape' },
      { type: 'drop' }
    ])
    expect(steps.map((s) => s.state.kind)).toEqual(['idle', 'pointing', 'dragging', 'idle', 'idle'])
    expect(steps.every((s) => s.command === undefined)).toBe(true)
  })

  it('refuses to pick up a device that does not exist', () => {
    expect(dragReducer(demo, idleDrag, { type: 'pointerDown', device: 'ghost' })).toEqual({ state: { kind: 'idle', refusal: 'no device named ghost' } })
  })
})

describe('drag-to-place with the keyboard', () => {
  it('moves one unit per arrow and drops on Enter', () => {
    const steps = run(demo, [
      { type: 'pointerDown', device: 'hv-01' },
      { type: 'key', key: 'ArrowUp' },
      { type: 'key', key: 'ArrowUp' },
      { type: 'key', key: 'ArrowDown' },
      { type: 'key', key: 'Enter' }
    ])
    expect(steps.map((s) => s.state.kind)).toEqual(['pointing', 'dragging', 'dragging', 'dragging', 'idle'])
    // U40 → U41 → U42 → U41
    expect(last(steps).command?.to).toEqual({ cabinet: 'R02', positionU: 41, face: 'front' })
  })

  it('walks faces and cabinets with left and right, keeping the device inside', () => {
    const from = { cabinet: 'R01', positionU: 45, face: 'front' as const }
    // db-01 is 2U: its highest start in a 46U cabinet is U45
    expect(nudge(demo, 'db-01', from, 'ArrowUp')).toEqual(from)
    expect(nudge(demo, 'db-01', { ...from, positionU: 1 }, 'ArrowDown').positionU).toBe(1)
    expect(nudge(demo, 'db-01', from, 'ArrowRight')).toEqual({ cabinet: 'R01', positionU: 45, face: 'rear' })
    expect(nudge(demo, 'db-01', { ...from, face: 'rear' }, 'ArrowRight')).toEqual({ cabinet: 'R02', positionU: 45, face: 'front' })
    expect(nudge(demo, 'db-01', { cabinet: 'R02', positionU: 45, face: 'rear' }, 'ArrowRight')).toEqual({ cabinet: 'R02', positionU: 45, face: 'rear' })
    expect(nudge(demo, 'db-01', from, 'ArrowLeft')).toEqual(from)
  })

  it('previews each keyboard step, refusing an Enter onto a taken unit', () => {
    // hv-02 sits right below hv-01 at U39
    const steps = run(demo, [
      { type: 'pointerDown', device: 'hv-01' },
      { type: 'key', key: 'ArrowDown' }
    ])
    const state = last(steps).state
    expect(state.kind === 'dragging' && state.preview.reason).toBe('U39 front is taken by hv-02')
    expect(dragReducer(demo, state, { type: 'key', key: 'Enter' }).state).toEqual({ kind: 'idle', refusal: 'U39 front is taken by hv-02' })
  })
})

describe('move history', () => {
  const down = { type: 'move' as const, device: 'hv-01', from: { cabinet: 'R02', positionU: 40, face: 'front' as const }, to: { cabinet: 'R02', positionU: 20, face: 'front' as const } }
  const across = { type: 'move' as const, device: 'hv-01', from: down.to, to: { cabinet: 'R01', positionU: 5, face: 'front' as const } }
  const where = (site: Site) => {
    const d = site.devices.find((x) => x.name === 'hv-01')
    return d === undefined ? 'gone' : `${d.cabinet} U${d.positionU}`
  }

  it('applies, undoes and redoes moves in order', () => {
    let h = historyReducer(startHistory(demo), { type: 'do', move: down })
    h = historyReducer(h, { type: 'do', move: across })
    expect(where(h.site)).toBe('R01 U5')
    h = undo(h)
    expect(where(h.site)).toBe('R02 U20')
    h = undo(h)
    expect(where(h.site)).toBe('R02 U40')
    expect(h.site.devices).toEqual(demo.devices)
    expect(undo(h).error).toBe('nothing to undo')
    h = redo(h)
    expect(where(h.site)).toBe('R02 U20')
    expect(h).toMatchObject({ past: [down], future: [across], error: null })
  })

  it('drops the redo stack on a new move', () => {
    const h = historyReducer(undo(historyReducer(startHistory(demo), { type: 'do', move: down })), { type: 'do', move: { ...down, to: { ...down.to, positionU: 21 } } })
    expect(h.future).toEqual([])
    expect(redo(h).error).toBe('nothing to redo')
  })

  it('keeps the site and says why when a move no longer applies', () => {
    const stale = { ...across, from: { cabinet: 'R02', positionU: 33, face: 'front' as const } }
    const h = historyReducer(startHistory(demo), { type: 'do', move: stale })
    expect(h.site).toBe(demo)
    expect(h.past).toEqual([])
    expect(h.error).toBe('hv-01 is no longer at R02 U33 front (it is at R02 U40 front)')
  })
})
