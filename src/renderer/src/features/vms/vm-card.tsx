// One VM as a card sized by its memory: name, vCPUs, memory, live CPU %, state and tags. It is
// the drag handle (mouse), a focusable button (M or Space picks it up for the keyboard), and has
// "Migrate to…" and "Tags…" buttons.
import { useDraggable } from '@dnd-kit/core'
import type { MigrationRecord } from '../../../../shared/api-parts/vms-api'
import { formatCpuPercent, formatKiBAsGiB } from './vm-format'
import type { VmView } from './vm-layout'

export interface VmDragData {
  vm: string
  from: string
}

/** Width grows with memory, so a 16 GiB guest reads bigger than a 1 GiB one at a glance. */
export function cardWidthPx(memoryKiB: number | null): number {
  const gib = (memoryKiB ?? 0) / 1024 / 1024
  return Math.round(Math.min(240, 70 + 28 * Math.sqrt(gib)))
}

const STATE_GLYPH: Record<string, string> = { running: '●', paused: '❚❚', 'shut off': '○', crashed: '✕' }

interface VmCardProps {
  vm: VmView
  lifted: boolean
  dimmed: boolean
  migration: MigrationRecord | undefined
  onMigrateTo(vm: VmView): void
  onTags(vm: VmView): void
}

export function VmCard({ vm, lifted, dimmed, migration, onMigrateTo, onTags }: VmCardProps) {
  // Keyed by host too: while a migration runs (or right after an abort) libvirt lists the VM on
  // both hosts, and two cards sharing an id would unregister each other from dnd-kit.
  const { attributes, listeners, setNodeRef } = useDraggable({ id: `vm:${vm.host}:${vm.name}`, data: { vm: vm.name, from: vm.host } satisfies VmDragData })
  const memoryKiB = vm.facts.memoryKiB ?? vm.facts.maxMemoryKiB
  const running = vm.facts.state === 'running'
  const percent = migration?.progress?.percent
  const classes = ['vm-card', running ? '' : 'vm-card--inactive', lifted ? 'vm-card--lifted' : '', dimmed ? 'vm-card--dimmed' : '', migration ? 'vm-card--migrating' : ''].filter(Boolean).join(' ')
  return (
    <div
      ref={setNodeRef}
      {...attributes}
      {...listeners}
      role="button"
      tabIndex={0}
      className={classes}
      style={{ width: cardWidthPx(memoryKiB) }}
      data-vm={vm.name}
      data-host={vm.host}
      aria-label={`${vm.name}, ${vm.facts.vcpus ?? '?'} vCPU, ${memoryKiB === null ? 'memory unknown' : formatKiBAsGiB(memoryKiB)}, ${vm.facts.state} on ${vm.host}`}
      aria-roledescription="VM, draggable"
      title={`${vm.name} — drag onto another hypervisor, or press M to move it with the arrow keys`}
    >
      <div className="vm-card__head">
        <span className="vm-card__name">{vm.name}</span>
        <span className={`state state--${running ? 'ok' : vm.facts.state === 'crashed' ? 'down' : 'idle'}`} title={vm.facts.state}>
          <span className="state__glyph" aria-hidden="true">
            {STATE_GLYPH[vm.facts.state] ?? '?'}
          </span>
          {!running && <span className="small">{vm.facts.state}</span>}
        </span>
      </div>
      <div className="vm-card__facts small">
        <span>{vm.facts.vcpus ?? '?'} vCPU</span>
        <span>{memoryKiB === null ? '? GiB' : formatKiBAsGiB(memoryKiB)}</span>
        <span title="CPU use in % of one host CPU, between the last two samples">{formatCpuPercent(vm.facts.cpuPercent)}</span>
      </div>
      {migration !== undefined && (
        <div className="vm-card__migrating small">
          {migration.to === vm.host ? `⇠ incoming from ${migration.from}` : `⇢ to ${migration.to}`} {percent == null ? '' : `${Math.floor(percent)} %`} ({migration.status})
        </div>
      )}
      {vm.movedByMigration !== undefined && <div className="vm-card__moved small">moved here · verified by virsh</div>}
      <div className="vm-card__foot">
        <span className="vm-card__tags">
          {vm.tags.map((tag) => (
            <span key={tag} className="tag" title={`anti-affinity group ${tag}`}>
              {tag}
            </span>
          ))}
        </span>
        <span className="vm-card__actions">
          <button type="button" className="btn btn--icon" aria-label={`Migrate ${vm.name} to…`} title="Migrate to…" onPointerDown={(e) => e.stopPropagation()} onClick={() => onMigrateTo(vm)}>
            ⇄
          </button>
          <button type="button" className="btn btn--icon" aria-label={`Tags of ${vm.name}`} title="Tags (anti-affinity groups)…" onPointerDown={(e) => e.stopPropagation()} onClick={() => onTags(vm)}>
            #
          </button>
        </span>
      </div>
    </div>
  )
}
