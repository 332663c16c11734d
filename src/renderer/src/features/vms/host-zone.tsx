// One hypervisor as a drop zone: its card, CPU and RAM bars, its VMs, and while a VM is held the
// pre-check verdict of moving it here (green ok / amber with warnings / red with the reason).
import { useDroppable } from '@dnd-kit/core'
import type { HostConnectionState } from '../../../../shared/api'
import type { HostPlacementExtras, MigrationRecord, VmsSettings } from '../../../../shared/api-parts/vms-api'
import type { MigrationPlan } from '../../../../shared/domain/migration-checks'
import { factFreshness, type Fact, type VmFacts } from '../../../../shared/fleet'
import { formatAge } from '../../ui/format'
import { HostCard } from '../hosts/host-card'
import type { PlacedHost } from '../hosts/host-placement'
import { CapacityBars } from './capacity-bars'
import { VerdictLine } from './verdict-line'
import { VmCard } from './vm-card'
import type { HostCapacity, VmView } from './vm-layout'

export interface HostDropData {
  host: string
}

interface HostZoneProps {
  placed: PlacedHost
  state: HostConnectionState | undefined
  nowMs: number
  vmsFact: Fact<VmFacts[]> | undefined
  vms: readonly VmView[]
  hiddenCount: number
  capacity: HostCapacity
  settings: VmsSettings | null
  extras: HostPlacementExtras | undefined
  /** While a VM is held: this host is the source, the hovered target, or another candidate. */
  role: 'source' | 'target' | 'candidate' | null
  plan: MigrationPlan | null
  liftedVm: string | null
  migrationsByVm: ReadonlyMap<string, MigrationRecord>
  onMigrateTo(vm: VmView): void
  onTags(vm: VmView): void
}

function extrasLine(extras: HostPlacementExtras | undefined, nowMs: number): string | null {
  if (extras === undefined) return null
  const problems = [extras.mountsError, extras.cpuModelError, ...Object.values(extras.domainErrors)].filter((e): e is string => e !== undefined)
  const read = Object.keys(extras.domains).length
  const cpu = extras.cpuModel === null ? 'CPU model unknown' : `CPU ${extras.cpuModel}`
  const mounts = extras.mounts === null ? 'mounts unknown' : `${extras.mounts.length} mounts`
  const age = extras.mountsAtMs === null ? '' : ` · read ${formatAge(extras.mountsAtMs, nowMs)}`
  return `${read} domain XML read · ${cpu} · ${mounts}${age}${problems.length > 0 ? ` · ${problems.length} problem(s)` : ''}`
}

export function HostZone(props: HostZoneProps) {
  const { placed, state, nowMs, vmsFact, vms, capacity, role, plan } = props
  const name = placed.host.name
  const { setNodeRef, isOver } = useDroppable({ id: `host:${name}`, data: { host: name } satisfies HostDropData })
  const freshness = factFreshness(vmsFact, nowMs)
  const stale = freshness !== 'fresh'
  const verdict = role === 'target' || role === 'candidate' ? (plan?.verdict ?? null) : null
  const classes = ['vm-zone', role === 'target' || isOver ? 'vm-zone--over' : '', verdict === null ? '' : `vm-zone--${verdict}`, role === 'source' ? 'vm-zone--source' : ''].filter(Boolean).join(' ')
  const extras = extrasLine(props.extras, nowMs)
  const problems = props.extras === undefined ? [] : [props.extras.mountsError, props.extras.cpuModelError, ...Object.entries(props.extras.domainErrors).map(([vm, e]) => `${vm}: ${e}`)].filter((e): e is string => e !== undefined)
  return (
    <div ref={setNodeRef} className={classes} data-host-zone={name} data-verdict={verdict ?? undefined}>
      <HostCard placed={placed} state={state} nowMs={nowMs}>
        {role === 'source' && <div className="vm-zone__role small">source of {props.liftedVm}</div>}
        {role === 'target' && plan !== null && <VerdictLine plan={plan} detailed />}
        {role === 'candidate' && plan !== null && <VerdictLine plan={plan} detailed={false} />}
        <CapacityBars capacity={capacity} settings={props.settings} stale={stale} />
        <div className={stale ? 'vm-zone__age small muted vm-zone__age--stale' : 'vm-zone__age small muted'}>
          {vmsFact?.atMs == null ? (vmsFact?.error ? `no VM list: ${vmsFact.error.message}` : 'no VM list yet') : `VMs listed ${formatAge(vmsFact.atMs, nowMs)}${stale ? ' — stale' : ''}`}
          {vmsFact?.error !== undefined && vmsFact.atMs !== null && <span className="error-text"> · last error: {vmsFact.error.message}</span>}
        </div>
        {extras !== null && (
          <details className="vm-zone__extras small">
            <summary className="muted">{extras}</summary>
            {problems.length > 0 && (
              <ul className="plain-list error-text">
                {problems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            )}
          </details>
        )}
        <div className="vm-zone__vms" aria-label={`VMs on ${name}`}>
          {vms.map((vm) => (
            <VmCard key={vm.name} vm={vm} lifted={props.liftedVm === vm.name} dimmed={false} migration={props.migrationsByVm.get(vm.name)} onMigrateTo={props.onMigrateTo} onTags={props.onTags} />
          ))}
          {vms.length === 0 && <p className="card__empty">{vmsFact?.value == null ? 'VMs appear once libvirt on this host answers.' : props.hiddenCount > 0 ? 'No VM here matches the filter.' : 'No VMs — drop one here.'}</p>}
        </div>
        {props.hiddenCount > 0 && vms.length > 0 && <p className="muted small">{props.hiddenCount} more hidden by the filter</p>}
      </HostCard>
    </div>
  )
}
