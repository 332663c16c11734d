// The last hour or day of a mail host from the service's 10 s history, refreshed while shown.
import { useEffect } from 'react'
import type { MailHistoryRange } from '../../../../shared/api-parts/mail-api'
import { useAppStore } from '../../store/app-store'
import { useMailStore } from './mail-store'

const REFRESH_MS: Record<Exclude<MailHistoryRange, 'live'>, number> = { '1h': 10_000, '24h': 60_000 }

export function useMailHistory(host: string, range: MailHistoryRange): void {
  const api = useAppStore((s) => s.api)
  useEffect(() => {
    if (api === null || range === 'live') return
    let stopped = false
    const load = async () => {
      try {
        const data = await api.call('mail.history', { host, range })
        if (!stopped) useMailStore.getState().setHistory(host, { range, data, error: null })
      } catch (error) {
        if (!stopped) useMailStore.getState().setHistory(host, { range, data: null, error: (error as Error).message })
      }
    }
    void load()
    const timer = setInterval(() => void load(), REFRESH_MS[range])
    return () => {
      stopped = true
      clearInterval(timer)
    }
  }, [api, host, range])
}
