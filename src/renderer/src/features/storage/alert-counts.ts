// The status bar's one-glance summary of active Gluster alerts.
import type { GlusterAlert } from '../../../../shared/domain/gluster-alerts'

export interface AlertCounts {
  critical: number
  warning: number
}

export function countAlerts(active: readonly GlusterAlert[]): AlertCounts {
  return {
    critical: active.filter((alert) => alert.severity === 'critical').length,
    warning: active.filter((alert) => alert.severity === 'warning').length
  }
}

/** "1 critical, 2 warnings" or "no Gluster alerts". */
export function alertCountsText(counts: AlertCounts): string {
  const parts = [counts.critical > 0 ? `${counts.critical} critical` : null, counts.warning > 0 ? `${counts.warning} ${counts.warning === 1 ? 'warning' : 'warnings'}` : null].filter(
    (part): part is string => part !== null
  )
  return parts.length === 0 ? 'no Gluster alerts' : `Gluster: ${parts.join(', ')}`
}
