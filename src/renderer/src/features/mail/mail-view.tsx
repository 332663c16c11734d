// Mail: every mail host with its diagnosis, live charts at 1 Hz and the tables behind the load,
// and one time-range switch (live, last hour, last 24 h) for all of them.
import { useMemo } from 'react'
import type { MailHistoryRange } from '../../../../shared/api-parts/mail-api'
import type { Site } from '../../../../shared/model'
import { EmptyState } from '../../ui/empty-state'
import { useNow } from '../../ui/use-now'
import { MailHostPanel } from './mail-host-panel'
import { useMailStore } from './mail-store'
import './mail.css'

const RANGES: readonly { range: MailHistoryRange; label: string }[] = [
  { range: 'live', label: 'Live (5 min, 1 s)' },
  { range: '1h', label: 'Last hour (10 s)' },
  { range: '24h', label: 'Last 24 h (2 min)' }
]

export function MailView({ site }: { site: Site }) {
  const nowMs = useNow()
  const range = useMailStore((s) => s.range)
  const setRange = useMailStore((s) => s.setRange)
  const hosts = useMemo(() => site.hosts.filter((host) => host.roles.includes('mail')).map((host) => host.name), [site])

  if (hosts.length === 0)
    return (
      <EmptyState title="No mail hosts">
        Give the host running Dovecot and Postfix the <code>mail</code> role (in the site YAML or in Hosts) to see its load here.
      </EmptyState>
    )

  return (
    <div className="view-body mail-view">
      <div className="mail-range" role="radiogroup" aria-label="Time range">
        {RANGES.map((choice) => (
          <label key={choice.range} className={choice.range === range ? 'mail-range__choice mail-range__choice--on' : 'mail-range__choice'}>
            <input type="radio" name="mail-range" value={choice.range} checked={choice.range === range} onChange={() => setRange(choice.range)} />
            {choice.label}
          </label>
        ))}
      </div>
      {hosts.map((host) => (
        <MailHostPanel key={host} host={host} nowMs={nowMs} />
      ))}
    </div>
  )
}
