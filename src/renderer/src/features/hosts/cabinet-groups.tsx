// Host cards grouped under their cabinet's heading, as the VMs, Storage and Mail views list them.
import type { ReactNode } from 'react'
import type { CabinetGroup, PlacedHost } from './host-placement'

interface CabinetGroupsProps {
  groups: CabinetGroup[]
  /** A line of totals for a group's heading ("2 hypervisors · 32 cores · 384 GiB"). */
  summarize(group: CabinetGroup): string
  renderHost(placed: PlacedHost): ReactNode
}

export function CabinetGroups({ groups, summarize, renderHost }: CabinetGroupsProps) {
  return (
    <div className="groups">
      {groups.map((group) => {
        const title =
          group.cabinetName === null ? 'Not placed in a cabinet' : group.cabinet === null ? `${group.cabinetName} (cabinet not in the site)` : `Cabinet ${group.cabinetName}`
        return (
          <section key={group.cabinetName ?? '(none)'} className="group" aria-label={title}>
            <header className="group__head">
              <h2>{title}</h2>
              <span className="muted small">{summarize(group)}</span>
            </header>
            <div className="group__cards">{group.hosts.map((placed) => renderHost(placed))}</div>
          </section>
        )
      })}
    </div>
  )
}
