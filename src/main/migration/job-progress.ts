// A running migration's progress from `virsh domjobinfo`: percent, data rate and ETA.
import type { MigrationProgress } from '../../shared/api-parts/vms-api'
import type { VirshDomjobinfo } from '../probes/libvirt'

/** Null when no job is running (before libvirt registered it, or after it ended). */
export function jobProgress(info: VirshDomjobinfo, atMs: number): MigrationProgress | null {
  if (info.jobType !== 'Unbounded' && info.jobType !== 'Bounded') return null
  const total = info.dataTotalBytes ?? info.memoryTotalBytes ?? null
  const processed = info.dataProcessedBytes ?? info.memoryProcessedBytes ?? null
  const remaining = info.dataRemainingBytes ?? info.memoryRemainingBytes ?? null
  const bandwidth = info.memoryBandwidthBytesPerSecond ?? null
  // Processed counts pages sent again after the guest dirtied them, so it can pass the total:
  // what is left says more about how far along the job is.
  const percent = total !== null && total > 0 && remaining !== null ? clampPercent(100 * (1 - remaining / total)) : total !== null && total > 0 && processed !== null ? clampPercent((100 * processed) / total) : null
  return {
    atMs,
    percent,
    processedBytes: processed,
    remainingBytes: remaining,
    totalBytes: total,
    bandwidthBytesPerSecond: bandwidth,
    etaSeconds: remaining !== null && bandwidth !== null && bandwidth > 0 ? remaining / bandwidth : null,
    elapsedMs: info.timeElapsedMs ?? null,
    iteration: info.iteration ?? null
  }
}

function clampPercent(value: number): number {
  return Math.min(100, Math.max(0, value))
}
