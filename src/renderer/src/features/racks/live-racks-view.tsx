// The Racks view fed with live CPU use from the fleet: each device linked to a host gets its
// host's busy share, which the budgets turn into a live power estimate.
import { useMemo } from 'react'
import type { Site } from '../../../../shared/model'
import { factFreshness } from '../../../../shared/fleet'
import { useAppStore } from '../../store/app-store'
import { useNow } from '../../ui/use-now'
import { RacksView } from './racks-view'

export function LiveRacksView({ site }: { site: Site }) {
  const fleetHosts = useAppStore((s) => s.fleet.hosts)
  const nowMs = useNow(5_000)
  const cpuUtilisationByDevice = useMemo(() => {
    const byDevice: Record<string, number> = {}
    for (const device of site.devices) {
      const fact = device.host ? fleetHosts[device.host]?.system : undefined
      // Stale figures are left out: the budget then falls back to the model's typical draw.
      if (factFreshness(fact, nowMs) !== 'fresh' || fact?.value?.cpuBusyPercent == null) continue
      byDevice[device.name] = Math.min(1, Math.max(0, fact.value.cpuBusyPercent / 100))
    }
    return byDevice
  }, [site, fleetHosts, nowMs])
  return <RacksView site={site} cpuUtilisationByDevice={cpuUtilisationByDevice} />
}
