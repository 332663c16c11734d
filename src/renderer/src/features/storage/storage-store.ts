// Storage-only state: alerts and heal trends pushed by main, the latest action per volume, and
// the volume selected for highlighting on the Racks view. Fed once per API client; every
// component that shows storage state calls useStorageLive() to make sure it is.
import { useEffect } from 'react'
import { create } from 'zustand'
import type { ApiClient } from '../../../../shared/api'
import type { HealTrend, StorageActionStatus, StorageAlertsState } from '../../../../shared/api-parts/storage-api'
import { useAppStore } from '../../store/app-store'

export interface StorageState {
  alerts: StorageAlertsState | null
  healTrend: HealTrend | null
  /** Why alerts or trends could not be read, shown instead of an empty list. */
  loadError: string | null
  /** The latest action status per volume, as main pushes it. */
  actions: Record<string, StorageActionStatus>
  /** The volume whose bricks the Racks view highlights (null: none). */
  selectedVolume: string | null
  setSelectedVolume(volume: string | null): void
}

export const useStorageStore = create<StorageState>()((set) => ({
  alerts: null,
  healTrend: null,
  loadError: null,
  actions: {},
  selectedVolume: null,
  setSelectedVolume: (selectedVolume) => set({ selectedVolume })
}))

const subscribed = new WeakSet<ApiClient>()

/** Reads alerts and trends again (on start and after a reconnect: events sent meanwhile are lost). */
export async function refreshStorage(api: ApiClient): Promise<void> {
  try {
    const [alerts, healTrend] = await Promise.all([api.call('storage.alerts', {}), api.call('storage.healTrend', {})])
    useStorageStore.setState({ alerts, healTrend, loadError: null })
  } catch (error) {
    useStorageStore.setState({ loadError: `could not read Gluster alerts: ${(error as Error).message}` })
  }
}

export function subscribeStorage(api: ApiClient): void {
  if (subscribed.has(api)) return
  subscribed.add(api)
  api.on('storage.alerts', (alerts) => useStorageStore.setState({ alerts }))
  api.on('storage.healTrend', (healTrend) => useStorageStore.setState({ healTrend }))
  api.on('storage.action', (status) => useStorageStore.setState((s) => ({ actions: { ...s.actions, [status.volume]: status } })))
}

/** Keeps the storage store fed while a component that needs it is mounted. */
export function useStorageLive(): void {
  const api = useAppStore((s) => s.api)
  const open = useAppStore((s) => s.connection === 'open')
  useEffect(() => {
    if (api === null) return
    subscribeStorage(api)
    if (open) void refreshStorage(api)
  }, [api, open])
}
