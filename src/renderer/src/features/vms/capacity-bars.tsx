// A hypervisor's CPU and RAM: what its VMs were given against what it has (overcommit shows as
// a ratio above 1:1), with live use as the inner band. Unknown capacity says so.
import type { VmsSettings } from '../../../../shared/api-parts/vms-api'
import type { Verdict } from '../../../../shared/domain/power'
import { Bar } from '../../ui/bar'
import { formatKiBAsGiB, formatRatio } from './vm-format'
import type { HostCapacity } from './vm-layout'

function cpuVerdict(ratio: number, settings: VmsSettings | null): Verdict {
  if (settings !== null && ratio > settings.vcpuMaxRatio) return 'over'
  if (ratio > (settings?.vcpuWarnRatio ?? 2)) return 'warn'
  return 'ok'
}

function ramVerdict(capacity: HostCapacity, settings: VmsSettings | null): Verdict {
  const total = capacity.totalKiB ?? 0
  if (capacity.allocatedKiB > total - (settings?.hostReserveKiB ?? 0)) return 'over'
  return capacity.allocatedKiB > total * 0.85 ? 'warn' : 'ok'
}

export function CapacityBars({ capacity, settings, stale }: { capacity: HostCapacity; settings: VmsSettings | null; stale: boolean }) {
  const { cpus, totalKiB } = capacity
  return (
    <div className={stale ? 'vm-bars vm-bars--stale' : 'vm-bars'}>
      {cpus === null ? (
        <p className="muted small">CPU count unknown until the host answers.</p>
      ) : (
        <Bar
          label="vCPU allocated"
          used={capacity.allocatedVcpus}
          limit={cpus}
          valueText={`${capacity.allocatedVcpus} vCPU of ${cpus} CPU (${formatRatio(capacity.vcpuRatio ?? 0)}${(capacity.vcpuRatio ?? 0) > 1 ? ' overcommit' : ''})`}
          verdict={cpuVerdict(capacity.vcpuRatio ?? 0, settings)}
          {...(capacity.busyCpus === null ? {} : { inner: { label: `live: ${capacity.busyCpus.toFixed(1)} CPU busy`, used: capacity.busyCpus } })}
          note={capacity.busyCpus === null ? 'live use: waiting for a second sample' : `live: ${capacity.busyCpus.toFixed(1)} of ${cpus} CPU busy (${Math.round((capacity.busyCpus / cpus) * 100)} %)`}
        />
      )}
      {totalKiB === null ? (
        <p className="muted small">Memory size unknown until the host answers.</p>
      ) : (
        <Bar
          label="RAM allocated"
          used={capacity.allocatedKiB}
          limit={totalKiB}
          valueText={`${formatKiBAsGiB(capacity.allocatedKiB)} of ${formatKiBAsGiB(totalKiB)}${capacity.allocatedKiB > totalKiB ? ' (overcommit)' : ''}`}
          verdict={ramVerdict(capacity, settings)}
          {...(capacity.usedKiB === null ? {} : { inner: { label: `live: ${formatKiBAsGiB(capacity.usedKiB)} in use`, used: capacity.usedKiB } })}
          note={capacity.usedKiB === null ? 'live use unknown' : `live: ${formatKiBAsGiB(capacity.usedKiB)} in use (MemTotal − MemAvailable)`}
        />
      )}
    </div>
  )
}
