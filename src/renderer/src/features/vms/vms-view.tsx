// VMs: hypervisor hosts grouped by cabinet with their physical capacity. VM cards come from the
// hosts' facts once they are polled; until then each host says so instead of showing anything made up.
import { useMemo } from 'react'
import type { HostConnectionState } from '../../../../shared/api'
import type { Site } from '../../../../shared/model'
import { useAppStore } from '../../store/app-store'
import { EmptyState } from '../../ui/empty-state'
import { formatCount, formatGiB } from '../../ui/format'
import { useNow } from '../../ui/use-now'
import { CabinetGroups } from '../hosts/cabinet-groups'
import { HostCard } from '../hosts/host-card'
import { hostsByCabinet, type PlacedHost } from '../hosts/host-placement'

function capacity(hosts: readonly PlacedHost[]): { cores: number; ramGiB: number; unknown: number } {
  let cores = 0
  let ramGiB = 0
  let unknown = 0
  for (const { model } of hosts) {
    if (model?.cores === undefined || model.ramGiB === undefined) unknown++
    cores += model?.cores ?? 0
    ramGiB += model?.ramGiB ?? 0
  }
  return { cores, ramGiB, unknown }
}

function capacityLine(hosts: readonly PlacedHost[]): string {
  const c = capacity(hosts)
  const base = `${formatCount(hosts.length, 'hypervisor')} · ${formatCount(c.cores, 'core')} · ${formatGiB(c.ramGiB)} RAM`
  return c.unknown > 0 ? `${base} (${c.unknown} without CPU/RAM in their model)` : base
}

function noVmsLine(name: string, state: HostConnectionState | undefined): string {
  if (state?.status === 'connected') return `Connected — no VM facts collected from ${name} yet.`
  return `No VM facts collected yet — VMs appear here once ${name} is connected.`
}

export function VmsView({ site }: { site: Site }) {
  const hostStates = useAppStore((s) => s.hostStates)
  const nowMs = useNow()
  const groups = useMemo(() => hostsByCabinet(site, 'hypervisor'), [site])
  const all = groups.flatMap((g) => g.hosts)

  if (all.length === 0)
    return (
      <EmptyState title="No hypervisor hosts">
        Give a host the <code>hypervisor</code> role (in the site YAML or in Hosts) and link it to its device to see it here.
      </EmptyState>
    )

  return (
    <div className="view-body">
      <p className="view-sub">
        Physical capacity: {capacityLine(all)}. Allocated and live use appear per host once its VM facts are collected.
      </p>
      <CabinetGroups
        groups={groups}
        summarize={(g) => capacityLine(g.hosts)}
        renderHost={(placed) => {
          const state = hostStates[placed.host.name]
          const { model } = placed
          return (
            <HostCard key={placed.host.name} placed={placed} state={state} nowMs={nowMs}>
              <dl className="capacity">
                <div>
                  <dt>CPU</dt>
                  <dd>{model?.cores === undefined ? 'unknown' : `${model.cores} cores${model.ghz === undefined ? '' : ` @ ${model.ghz} GHz`}`}</dd>
                </div>
                <div>
                  <dt>RAM</dt>
                  <dd>{model?.ramGiB === undefined ? 'unknown' : formatGiB(model.ramGiB)}</dd>
                </div>
                {model?.performanceScore !== undefined && (
                  <div>
                    <dt>Perf. score</dt>
                    <dd>{model.performanceScore}</dd>
                  </div>
                )}
              </dl>
              <p className="card__empty">{noVmsLine(placed.host.name, state)}</p>
            </HostCard>
          )
        }}
      />
    </div>
  )
}
