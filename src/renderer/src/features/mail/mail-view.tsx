// Mail: the mail hosts and their connection state. The live charts (sessions, queue, load) and
// the diagnosis need samples from the hosts; until they arrive the view says what it waits for.
import { useMemo } from 'react'
import type { Site } from '../../../../shared/model'
import { useAppStore } from '../../store/app-store'
import { EmptyState } from '../../ui/empty-state'
import { formatCount } from '../../ui/format'
import { useNow } from '../../ui/use-now'
import { CabinetGroups } from '../hosts/cabinet-groups'
import { HostCard } from '../hosts/host-card'
import { hostsByCabinet } from '../hosts/host-placement'

export function MailView({ site }: { site: Site }) {
  const hostStates = useAppStore((s) => s.hostStates)
  const nowMs = useNow()
  const groups = useMemo(() => hostsByCabinet(site, 'mail'), [site])
  const all = groups.flatMap((g) => g.hosts)

  if (all.length === 0)
    return (
      <EmptyState title="No mail hosts">
        Give the host running Dovecot and Postfix the <code>mail</code> role (in the site YAML or in Hosts) to see its load here.
      </EmptyState>
    )

  const names = all.map((p) => p.host.name).join(', ')
  return (
    <div className="view-body">
      <CabinetGroups groups={groups} summarize={(g) => formatCount(g.hosts.length, 'mail host')} renderHost={(placed) => (
        <HostCard key={placed.host.name} placed={placed} state={hostStates[placed.host.name]} nowMs={nowMs} />
      )} />
      <section className="panel" aria-label="Live charts">
        <header className="panel__head">
          <h2>Live load</h2>
          <span className="muted small">1 Hz once connected</span>
        </header>
        <EmptyState title="No samples collected yet">
          IMAP/POP3 sessions, SMTP queue, load and memory pressure chart here at 1 Hz, with the diagnosis above them, once {names}{' '}
          {all.length === 1 ? 'is' : 'are'} connected.
        </EmptyState>
      </section>
    </div>
  )
}
