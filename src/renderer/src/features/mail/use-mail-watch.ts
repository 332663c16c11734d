// Watches one mail host while the view shows it: starts the watch, renews its lease, feeds the
// store from the events, and ends the watch when the view goes away.
import { useEffect } from 'react'
import { useAppStore } from '../../store/app-store'
import { retainMailEvents, useMailStore } from './mail-store'

const RENEW_MS = 20_000

export function useMailWatch(host: string, windowSeconds: number): void {
  const api = useAppStore((s) => s.api)
  useEffect(() => {
    if (api === null) return
    const release = retainMailEvents(api)
    let watchId: string | undefined
    let stopped = false
    const watch = async () => {
      try {
        const live = await api.call('mail.watch', { host, diagnosisWindowSeconds: windowSeconds, ...(watchId === undefined ? {} : { watchId }) })
        watchId = live.watchId
        if (stopped) {
          await api.call('mail.unwatch', { host, watchId })
          return
        }
        useMailStore.getState().applyWatch(live)
      } catch (error) {
        if (!stopped) useMailStore.getState().setError(host, (error as Error).message)
      }
    }
    void watch()
    const timer = setInterval(() => void watch(), RENEW_MS)
    return () => {
      stopped = true
      clearInterval(timer)
      release()
      // If this fails (the service is gone), the watch's lease simply runs out on its side.
      if (watchId !== undefined) api.call('mail.unwatch', { host, watchId }).catch(() => undefined)
    }
  }, [api, host, windowSeconds])
}
