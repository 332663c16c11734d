// The Racks view's placement session: the domain's drag state machine is the one source of the
// interaction state (pointer, keyboard and the "Move to…" dialog all feed it events), and every
// committed move, undo and redo is stored by the server before the history moves on.
import { useCallback, useEffect, useRef, useState } from 'react'
import type { ApiClient } from '../../../../shared/api'
import { dragReducer, idleDrag, type DragEvent, type DragState, type MoveCommand } from '../../../../shared/domain/placement-drag'
import { placementOf } from '../../../../shared/domain/rack-units'
import type { Site } from '../../../../shared/model'
import { describeMove, emptyStacks, planHistory, type MoveStacks } from './move-history-plan'

export interface PlacementNotice {
  tone: 'ok' | 'error'
  text: string
}

export interface PlacementSession {
  drag: DragState
  /** The state after the events dispatched so far, before React renders it. */
  current(): DragState
  dispatch(event: DragEvent): void
  /** Picks a device up where it is (keyboard and dialog moves start here). */
  pickUp(device: string): void
  stacks: MoveStacks
  /** A move is being stored; new moves wait. */
  busy: boolean
  notice: PlacementNotice | null
  setNotice(notice: PlacementNotice | null): void
  undo(): void
  redo(): void
  /** The last move the user committed, for focusing the device once the site shows it. */
  lastMoved: string | null
}

export function usePlacement(site: Site, api: ApiClient | null, onStored: (site: Site) => void): PlacementSession {
  const [drag, setDrag] = useState<DragState>(idleDrag)
  const [stacks, setStacks] = useState<MoveStacks>(emptyStacks)
  const [busy, setBusy] = useState(false)
  const [notice, setNotice] = useState<PlacementNotice | null>(null)
  const [lastMoved, setLastMoved] = useState<string | null>(null)
  // Event handlers outlive renders (window listeners, dnd-kit callbacks): they read these refs.
  const siteRef = useRef(site)
  const dragRef = useRef(drag)
  const stacksRef = useRef(stacks)
  const busyRef = useRef(false)
  useEffect(() => {
    siteRef.current = site
  }, [site])

  const store = useCallback(
    async (move: MoveCommand, nextStacks: MoveStacks, done: string) => {
      if (api === null) {
        setNotice({ tone: 'error', text: `${move.device} was not moved: not connected to the Rackside service` })
        return
      }
      busyRef.current = true
      setBusy(true)
      try {
        const stored = await api.call('inventory.moveDevice', { device: move.device, cabinet: move.to.cabinet, positionU: move.to.positionU, face: move.to.face })
        // The pushed inventory brings the same site; taking the answer now keeps an undo pressed
        // right after the drop from seeing the old one.
        siteRef.current = stored
        onStored(stored)
        stacksRef.current = nextStacks
        setStacks(nextStacks)
        setLastMoved(move.device)
        setNotice({ tone: 'ok', text: `${done} ${describeMove(move)}` })
      } catch (error) {
        setNotice({ tone: 'error', text: `${move.device} was not moved: ${(error as Error).message}` })
      } finally {
        busyRef.current = false
        setBusy(false)
      }
    },
    [api, onStored]
  )

  const commit = useCallback(
    (move: MoveCommand) => {
      const plan = planHistory(siteRef.current, stacksRef.current, { type: 'do', move })
      if (!plan.ok) {
        setNotice({ tone: 'error', text: plan.reason })
        return
      }
      void store(plan.move, plan.stacks, 'Moved')
    },
    [store]
  )

  const dispatch = useCallback(
    (event: DragEvent) => {
      const current = dragRef.current
      if (event.type === 'pointerDown' && busyRef.current) {
        setNotice({ tone: 'error', text: 'Still storing the last move; try again in a moment' })
        return
      }
      const step = dragReducer(siteRef.current, current, event)
      if (step.state !== current) {
        dragRef.current = step.state
        setDrag(step.state)
      }
      if (event.type === 'pointerDown') setNotice(null)
      if (step.command !== undefined) commit(step.command)
    },
    [commit]
  )

  const pickUp = useCallback(
    (device: string) => {
      if (dragRef.current.kind !== 'idle') dispatch({ type: 'cancel' })
      dispatch({ type: 'pointerDown', device })
      if (dragRef.current.kind !== 'pointing') return
      // Straight into 'dragging' at its own place, so the ghost and the budget preview show at once.
      dispatch({ type: 'move', target: placementOf(siteRef.current, device) })
    },
    [dispatch]
  )

  const historyStep = useCallback(
    (type: 'undo' | 'redo') => {
      if (busyRef.current) return
      if (dragRef.current.kind !== 'idle') dispatch({ type: 'cancel' })
      const plan = planHistory(siteRef.current, stacksRef.current, { type })
      if (!plan.ok) {
        setNotice({ tone: 'error', text: plan.reason.charAt(0).toUpperCase() + plan.reason.slice(1) })
        return
      }
      void store(plan.move, plan.stacks, type === 'undo' ? 'Undone:' : 'Redone:')
    },
    [dispatch, store]
  )
  const undo = useCallback(() => historyStep('undo'), [historyStep])
  const redo = useCallback(() => historyStep('redo'), [historyStep])

  const current = useCallback(() => dragRef.current, [])

  return { drag, current, dispatch, pickUp, stacks, busy, notice, setNotice, undo, redo, lastMoved }
}
