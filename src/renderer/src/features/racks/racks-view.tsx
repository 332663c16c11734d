// Racks: the site summary, then every cabinet as a front/rear elevation with its budget bars
// under it; clicking a device opens its details beside the cabinets.
import { useEffect, useMemo, useState } from 'react'
import type { HostConnectionStatus } from '../../../../shared/api'
import type { Site } from '../../../../shared/model'
import { useAppStore } from '../../store/app-store'
import { EmptyState } from '../../ui/empty-state'
import { formatUnitsCount } from '../../ui/format'
import { CabinetBudgetBars } from './cabinet-budget-bars'
import { CabinetElevation } from './cabinet-elevation'
import { DeviceDetails } from './device-details'
import { RoleLegend } from './role-legend'
import { SiteSummary } from './site-summary'
import { useSiteBudget } from './use-site-budget'

export function RacksView({ site }: { site: Site }) {
  const hostStates = useAppStore((s) => s.hostStates)
  const setView = useAppStore((s) => s.setView)
  const [selected, setSelected] = useState<string | null>(null)
  const budget = useSiteBudget(site)

  const statusByDevice = useMemo(() => {
    const map: Record<string, HostConnectionStatus> = {}
    for (const d of site.devices) {
      const state = d.host === undefined ? undefined : hostStates[d.host]
      if (state !== undefined) map[d.name] = state.status
    }
    return map
  }, [site, hostStates])

  useEffect(() => {
    if (selected === null) return
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setSelected(null)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [selected])

  const selectedDevice = selected === null ? undefined : site.devices.find((d) => d.name === selected)

  return (
    <div className="racks">
      <SiteSummary site={site} budget={budget.ok ? budget.value : null} />
      {!budget.ok && (
        <div role="alert" className="alert alert--over">
          Cannot compute the budgets: {budget.message}. Fix the inventory (Hosts → import YAML) and the bars will appear.
        </div>
      )}
      {budget.ok && budget.value.totals.unplacedDevices.length > 0 && (
        <div role="alert" className="alert alert--warn">
          Devices in no known cabinet (not drawn, not counted): {budget.value.totals.unplacedDevices.join(', ')}
        </div>
      )}
      {site.cabinets.length === 0 ? (
        <EmptyState title="No cabinets yet">Import a site YAML with cabinets, feeds, models and devices to see the elevations.</EmptyState>
      ) : (
        <div className={selectedDevice ? 'racks__body racks__body--details' : 'racks__body'}>
          <div className="racks__scroll">
            <RoleLegend site={site} />
            <div className="cabinets">
              {site.cabinets.map((cabinet) => {
                const devices = site.devices.filter((d) => d.cabinet === cabinet.name)
                const cabinetBudget = budget.ok ? budget.value.cabinets.find((b) => b.name === cabinet.name) : undefined
                return (
                  <article key={cabinet.name} className="cabinet" aria-labelledby={`cabinet-${cabinet.name}`}>
                    <header className="cabinet__head">
                      <h2 id={`cabinet-${cabinet.name}`}>{cabinet.name}</h2>
                      <span className="muted small">
                        {formatUnitsCount(cabinet.heightU)} · {devices.length} devices · feeds {cabinet.feeds.map((f) => f.name).join(' + ')}
                      </span>
                    </header>
                    <div className="cabinet__drawing">
                      <CabinetElevation
                        cabinet={cabinet}
                        devices={devices}
                        models={site.models}
                        statusByDevice={statusByDevice}
                        selectedDevice={selected}
                        onSelectDevice={(name) => setSelected((current) => (current === name ? null : name))}
                      />
                    </div>
                    {cabinetBudget !== undefined && <CabinetBudgetBars budget={cabinetBudget} />}
                  </article>
                )
              })}
            </div>
          </div>
          {selectedDevice !== undefined && (
            <DeviceDetails
              site={site}
              deviceName={selectedDevice.name}
              hostState={selectedDevice.host === undefined ? undefined : hostStates[selectedDevice.host]}
              onClose={() => setSelected(null)}
              onShowHosts={() => setView('Hosts')}
            />
          )}
        </div>
      )}
    </div>
  )
}
