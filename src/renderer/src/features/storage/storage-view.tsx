// Storage: Gluster hosts grouped by cabinet with the disks their model declares. Volumes, bricks
// and heal counts come from the hosts once they are polled; until then the view says so.
import { useMemo } from 'react'
import type { Site } from '../../../../shared/model'
import { useAppStore } from '../../store/app-store'
import { EmptyState } from '../../ui/empty-state'
import { formatCount } from '../../ui/format'
import { useNow } from '../../ui/use-now'
import { CabinetGroups } from '../hosts/cabinet-groups'
import { HostCard } from '../hosts/host-card'
import { hostsByCabinet } from '../hosts/host-placement'

export function StorageView({ site }: { site: Site }) {
  const hostStates = useAppStore((s) => s.hostStates)
  const nowMs = useNow()
  const groups = useMemo(() => hostsByCabinet(site, 'gluster'), [site])
  const all = groups.flatMap((g) => g.hosts)

  if (all.length === 0)
    return (
      <EmptyState title="No Gluster hosts">
        Give the hosts that hold bricks the <code>gluster</code> role (in the site YAML or in Hosts) to see their volumes here.
      </EmptyState>
    )

  const connected = all.filter((p) => hostStates[p.host.name]?.status === 'connected').length
  return (
    <div className="view-body">
      <section className="panel" aria-label="Volumes">
        <header className="panel__head">
          <h2>Volumes</h2>
        </header>
        <EmptyState title="No volume facts collected yet">
          Volumes, their health verdict, bricks by replica set and heal counts appear once the Gluster hosts ({all.map((p) => p.host.name).join(', ')}) are
          polled — {connected} of {all.length} connected now.
        </EmptyState>
      </section>
      <CabinetGroups
        groups={groups}
        summarize={(g) => formatCount(g.hosts.length, 'Gluster host')}
        renderHost={(placed) => (
          <HostCard key={placed.host.name} placed={placed} state={hostStates[placed.host.name]} nowMs={nowMs}>
            <dl className="capacity">
              <div>
                <dt>Disks</dt>
                <dd>{placed.model?.disks ?? (placed.model === undefined ? 'unknown (no device model)' : 'not listed in the model')}</dd>
              </div>
            </dl>
          </HostCard>
        )}
      />
    </div>
  )
}
