// Keeps the VMs store current while the view is open: the events as they come, and a full read on
// opening and after a reconnect (events sent while the link was down are lost).
import { useEffect } from 'react'
import type { ApiClient } from '../../../../shared/api'
import { useVmsStore } from './vms-store'

export function useVmsFeed(api: ApiClient | null, connected: boolean): void {
  useEffect(() => {
    if (api === null || !connected) return
    const store = useVmsStore.getState()
    const off = [
      api.on('vms.placement', (placement) => useVmsStore.getState().setPlacement(placement)),
      api.on('vms.migration', (record) => useVmsStore.getState().upsertMigration(record)),
      api.on('vms.planRun', (run) => useVmsStore.getState().upsertPlanRun(run))
    ]
    let live = true
    Promise.all([api.call('vms.placement', {}), api.call('vms.migrations', { limit: 100 }), api.call('vms.planRuns', {})]).then(
      ([placement, migrations, runs]) => {
        if (!live) return
        store.setPlacement(placement)
        store.setMigrations(migrations)
        store.setPlanRuns(runs)
        store.setLoadError(null)
      },
      (error: unknown) => {
        if (live) store.setLoadError((error as Error).message)
      }
    )
    return () => {
      live = false
      for (const unsubscribe of off) unsubscribe()
    }
  }, [api, connected])
}
