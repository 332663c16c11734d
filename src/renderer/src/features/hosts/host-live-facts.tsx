// A host's live system facts with their age; stale facts are greyed and say so.
import { factFreshness, type Fact, type SystemFacts } from '../../../../shared/fleet'
import { formatAge } from '../../ui/format'

const gib = (kib: number) => `${(kib / 1024 / 1024).toFixed(1)} GiB`

export function uptimeText(seconds: number): string {
  const days = Math.floor(seconds / 86_400)
  const hours = Math.floor((seconds % 86_400) / 3600)
  return days > 0 ? `${days} d ${hours} h` : `${hours} h ${Math.floor((seconds % 3600) / 60)} min`
}

export function HostLiveFacts({ fact, nowMs }: { fact: Fact<SystemFacts> | undefined; nowMs: number }) {
  const freshness = factFreshness(fact, nowMs)
  if (!fact || freshness === 'missing' || !fact.value) {
    return <span className="muted">{fact?.error ? `no facts: ${fact.error.message}` : 'no facts yet'}</span>
  }
  const v = fact.value
  const loadPerCore = v.load1 / v.cpuCount
  return (
    <span className={freshness === 'stale' ? 'live-facts live-facts--stale' : 'live-facts'} data-host-facts={v.hostname}>
      <span title="load average 1 / 5 / 15 min against CPU count">
        load {v.load1.toFixed(2)} / {v.load5.toFixed(2)} / {v.load15.toFixed(2)} on {v.cpuCount} CPU{loadPerCore > 1 ? ' ▲' : ''}
      </span>
      {' · '}
      <span>CPU {v.cpuBusyPercent === null ? '—' : `${v.cpuBusyPercent.toFixed(0)} %`}</span>
      {v.cpuIowaitPercent !== null && v.cpuIowaitPercent >= 5 && <span> (iowait {v.cpuIowaitPercent.toFixed(0)} %)</span>}
      {' · '}
      <span>
        mem {gib(v.memTotalKiB - v.memAvailableKiB)} of {gib(v.memTotalKiB)}
      </span>
      {' · '}
      <span>up {uptimeText(v.uptimeSeconds)}</span>
      {' · '}
      <span className="muted">
        {fact.atMs !== null ? formatAge(fact.atMs, nowMs) : ''}
        {freshness === 'stale' ? ' — stale' : ''}
      </span>
    </span>
  )
}
