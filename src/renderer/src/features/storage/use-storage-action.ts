// Drives the action flow against the API: ask main for the plan, show it, run only what was
// confirmed, then show the result. The dialog renders `flow`; nothing else changes it.
import { useCallback, useRef, useState } from 'react'
import type { StorageActionKind } from '../../../../shared/api-parts/storage-api'
import { useAppStore } from '../../store/app-store'
import { confirm, dismiss, finished, idleFlow, planArrived, planRefused, runArgs, sendFailed, startPlanning, type ActionFlow } from './action-flow'

export interface StorageActionControl {
  flow: ActionFlow
  begin(action: StorageActionKind, volume: string): void
  confirmRun(): void
  close(): void
}

export function useStorageAction(): StorageActionControl {
  const api = useAppStore((s) => s.api)
  const [flow, setFlowState] = useState<ActionFlow>(idleFlow)
  const current = useRef<ActionFlow>(idleFlow)
  const setFlow = useCallback((step: (flow: ActionFlow) => ActionFlow) => {
    current.current = step(current.current)
    setFlowState(current.current)
  }, [])

  const begin = useCallback(
    (action: StorageActionKind, volume: string) => {
      setFlow((f) => startPlanning(f, action, volume))
      if (api === null) return setFlow((f) => planRefused(f, 'not connected to the Rackside service'))
      api.call('storage.planAction', { action, volume }).then(
        (plan) => setFlow((f) => planArrived(f, plan)),
        (error: Error) => setFlow((f) => planRefused(f, error.message))
      )
    },
    [api, setFlow]
  )

  const confirmRun = useCallback(() => {
    setFlow((f) => confirm(f, Date.now()))
    const args = runArgs(current.current)
    if (args === null || api === null) return
    api.call('storage.runAction', args).then(
      (result) => setFlow((f) => finished(f, result)),
      (error: Error) => setFlow((f) => sendFailed(f, error.message))
    )
  }, [api, setFlow])

  const close = useCallback(() => setFlow(dismiss), [setFlow])
  return { flow, begin, confirmRun, close }
}
