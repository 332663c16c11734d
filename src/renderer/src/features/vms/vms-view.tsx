// VMs: hypervisors grouped by cabinet as drop zones with allocated-vs-physical CPU and RAM bars
// and live use, VMs as cards sized by memory. A VM moves by mouse (dnd-kit), by keyboard (M or
// Space, arrows, Enter, Escape) or through "Migrate to…"; all three feed one drag state machine,
// every target shows the pre-check verdict, and a drop opens the confirm dialog with the exact
// command. Migrations run in main; their progress, results and the audit list show here.
import { DndContext, DragOverlay, PointerSensor, pointerWithin, useSensor, useSensors, type DragEndEvent, type DragOverEvent, type DragStartEvent } from '@dnd-kit/core'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { MigrationRecord } from '../../../../shared/api-parts/vms-api'
import type { MigrationPlan } from '../../../../shared/domain/migration-checks'
import type { Site } from '../../../../shared/model'
import { useAppStore } from '../../store/app-store'
import { EmptyState } from '../../ui/empty-state'
import { formatCount } from '../../ui/format'
import { useNow } from '../../ui/use-now'
import { hostsByCabinet } from '../hosts/host-placement'
import { BalancePanel } from './balance-panel'
import { ConfirmMigrationDialog } from './confirm-migration-dialog'
import { HostZone, type HostDropData } from './host-zone'
import { idleMigrateDrag, migrateDragReducer, type MigrateDragEvent, type MigrateDragState } from './migrate-drag'
import { MigrateToDialog } from './migrate-to-dialog'
import { isActiveMigration, MigrationActivity } from './migration-activity'
import { MigrationsList } from './migrations-list'
import { checkMove, placementFacts, snapshotAsPlaced, verdictOf } from './placement-check'
import { SettingsDialog } from './settings-dialog'
import { TagsDialog } from './tags-dialog'
import { useVmsFeed } from './use-vms-feed'
import type { VmDragData } from './vm-card'
import { formatKiBAsGiB } from './vm-format'
import { hostCapacity, matchesFilter, noFilter, placeVms, type VmFilter, type VmView } from './vm-layout'
import { LEVEL_GLYPH } from './verdict-line'
import { useVmsStore } from './vms-store'
import './vms.css'

const DRAG_KEYS = new Set(['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Home', 'End'])

function isTyping(target: EventTarget | null): boolean {
  return target instanceof Element && target.closest('input, select, textarea, [contenteditable="true"]') !== null
}

interface Notice {
  tone: 'ok' | 'error'
  text: string
}

export function VmsView({ site }: { site: Site }) {
  const api = useAppStore((s) => s.api)
  const connected = useAppStore((s) => s.connection === 'open')
  const fleet = useAppStore((s) => s.fleet)
  const hostStates = useAppStore((s) => s.hostStates)
  useVmsFeed(api, connected)
  const placement = useVmsStore((s) => s.placement)
  const migrations = useVmsStore((s) => s.migrations)
  const planRuns = useVmsStore((s) => s.planRuns)
  const loadError = useVmsStore((s) => s.loadError)
  const nowMs = useNow()

  const [filter, setFilter] = useState<VmFilter>(noFilter)
  const [drag, setDrag] = useState<MigrateDragState>(idleMigrateDrag)
  const [notice, setNotice] = useState<Notice | null>(null)
  const [migrateTo, setMigrateTo] = useState<VmView | null>(null)
  const [tagsOf, setTagsOf] = useState<VmView | null>(null)
  const [plansOpen, setPlansOpen] = useState(false)
  const [settingsOpen, setSettingsOpen] = useState(false)
  const [refreshing, setRefreshing] = useState<string | null>(null)
  const searchRef = useRef<HTMLInputElement>(null)

  const groups = useMemo(() => hostsByCabinet(site, 'hypervisor'), [site])
  const hostOrder = useMemo(() => groups.flatMap((g) => g.hosts.map((p) => p.host.name)), [groups])
  const placed = useMemo(() => placeVms(hostOrder, fleet, migrations, placement?.tags ?? {}), [hostOrder, fleet, migrations, placement])
  const facts = useMemo(() => placementFacts(site, snapshotAsPlaced(fleet, placed), placement, nowMs), [site, fleet, placed, placement, nowMs])
  const activeByVm = useMemo(() => new Map(migrations.filter(isActiveMigration).map((m): [string, MigrationRecord] => [m.vm, m])), [migrations])
  const allTags = useMemo(() => [...new Set(Object.values(placement?.tags ?? {}).flat())].sort(), [placement])

  // Window listeners and dnd-kit callbacks outlive renders: they read the current values here.
  const live = useRef({ site, fleet, facts, placement, drag, hostOrder, hostStates })
  useEffect(() => {
    live.current = { site, fleet, facts, placement, drag, hostOrder, hostStates }
  })
  const placedRef = useRef(placed)
  useEffect(() => {
    placedRef.current = placed
  }, [placed])

  const dispatch = useCallback((event: MigrateDragEvent) => {
    const { site: s, fleet: fl, facts: f, placement: p, drag: current, hostOrder: hosts, hostStates: states } = live.current
    const result = migrateDragReducer({ hosts, verdictOf: (vm, from, to) => verdictOf(checkMove(s, fl, f, p, states, vm, from, to)) }, current, event)
    live.current.drag = result.state
    setDrag(result.state)
    if (result.notice !== undefined) setNotice(result.notice)
    else if (event.type === 'pickUp') setNotice(null)
  }, [])

  // While a VM is held: the verdict of every other host, shown on the zones.
  const held = drag.kind === 'dragging' ? drag : null
  const plans = useMemo((): ReadonlyMap<string, MigrationPlan> => {
    if (held === null) return new Map()
    return new Map(hostOrder.filter((h) => h !== held.from).map((h) => [h, checkMove(site, fleet, facts, placement, hostStates, held.vm, held.from, h)]))
  }, [held, hostOrder, site, fleet, facts, placement, hostStates])

  const choicesFor = useCallback(
    (vm: VmView) => hostOrder.filter((h) => h !== vm.host).map((host) => ({ host, plan: checkMove(site, fleet, facts, placement, hostStates, vm.name, vm.host, host) })),
    [hostOrder, site, fleet, facts, placement, hostStates]
  )

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (document.querySelector('dialog[open]') !== null) return
      const current = live.current.drag
      if (current.kind === 'dragging' && current.via === 'keyboard') {
        if (DRAG_KEYS.has(event.key)) {
          event.preventDefault()
          event.stopPropagation()
          dispatch({ type: 'key', key: event.key as 'ArrowUp' })
        } else if (event.key === 'Enter') {
          event.preventDefault()
          event.stopPropagation()
          dispatch({ type: 'drop' })
        } else if (event.key === 'Escape') {
          event.preventDefault()
          dispatch({ type: 'cancel' })
        }
        return
      }
      if (isTyping(event.target)) {
        if (event.key === 'Escape' && event.target === searchRef.current) searchRef.current?.blur()
        return
      }
      if ((event.key === '/' && !event.ctrlKey && !event.metaKey && !event.altKey) || ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k')) {
        event.preventDefault()
        searchRef.current?.focus()
        searchRef.current?.select()
        return
      }
      if (event.ctrlKey || event.metaKey || event.altKey) return
      const card = event.target instanceof Element ? event.target.closest<HTMLElement>('[data-vm]') : null
      if (card === null || event.target instanceof HTMLButtonElement) return
      const vm = card.dataset['vm']
      const from = card.dataset['host']
      if (vm === undefined || from === undefined) return
      if (event.key === 'm' || event.key === 'M' || event.key === ' ') {
        event.preventDefault()
        event.stopPropagation()
        dispatch({ type: 'pickUp', vm, from, via: 'keyboard' })
      } else if (event.key === 'Enter') {
        event.preventDefault()
        const view = Object.values(placedRef.current)
          .flat()
          .find((v) => v.name === vm)
        if (view !== undefined) setMigrateTo(view)
      }
    }
    window.addEventListener('keydown', onKeyDown, { capture: true })
    return () => window.removeEventListener('keydown', onKeyDown, { capture: true })
  }, [dispatch])
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 5 } }))
  const onDragStart = useCallback(
    ({ active }: DragStartEvent) => {
      const data = active.data.current as VmDragData | undefined
      if (data !== undefined) dispatch({ type: 'pickUp', vm: data.vm, from: data.from, via: 'pointer' })
    },
    [dispatch]
  )
  const onDragOver = useCallback(({ over }: DragOverEvent) => dispatch({ type: 'over', target: (over?.data.current as HostDropData | undefined)?.host ?? null }), [dispatch])
  const onDragEnd = useCallback(
    ({ over }: DragEndEvent) => {
      dispatch({ type: 'over', target: (over?.data.current as HostDropData | undefined)?.host ?? null })
      dispatch({ type: 'drop' })
    },
    [dispatch]
  )
  const onDragCancel = useCallback(() => dispatch({ type: 'cancel' }), [dispatch])

  const confirmingMove = useMemo(() => (drag.kind === 'confirming' ? { vm: drag.vm, from: drag.from, to: drag.to } : null), [drag])
  const onStarted = useCallback(
    (record: MigrationRecord) => {
      useVmsStore.getState().upsertMigration(record)
      dispatch({ type: 'done' })
      setNotice({ tone: 'ok', text: `Migrating ${record.vm} from ${record.from} to ${record.to}: progress below` })
    },
    [dispatch]
  )

  const refresh = (host?: string) => {
    if (api === null) return
    setRefreshing(host ?? 'all')
    api.call('vms.refresh', host === undefined ? {} : { host }).then(
      (result) => {
        useVmsStore.getState().setPlacement(result)
        setRefreshing(null)
      },
      (error: unknown) => {
        setRefreshing(null)
        setNotice({ tone: 'error', text: `Could not re-read the VM facts: ${(error as Error).message}` })
      }
    )
  }

  if (hostOrder.length === 0)
    return (
      <EmptyState title="No hypervisor hosts">
        Give a host the <code>hypervisor</code> role (in the site YAML or in Hosts) and link it to its device to see it here.
      </EmptyState>
    )

  // A VM being migrated is listed on both hosts (paused on the target) until the switch-over: counted once.
  const unique = new Map<string, VmView>()
  for (const vm of Object.values(placed).flat()) if (unique.get(vm.name)?.facts.state !== 'running') unique.set(vm.name, vm)
  const allVms = [...unique.values()]
  const shownCount = allVms.filter((vm) => matchesFilter(vm, filter)).length
  const heldVm = held === null ? undefined : allVms.find((vm) => vm.name === held.vm)
  const targetPlan = held?.target == null ? undefined : plans.get(held.target)
  const totals = allVms.reduce(
    (sum, vm) => (vm.facts.state === 'running' ? { vcpus: sum.vcpus + (vm.facts.vcpus ?? 0), kib: sum.kib + (vm.facts.memoryKiB ?? 0) } : sum),
    { vcpus: 0, kib: 0 }
  )

  return (
    <div className="vms" data-drag={drag.kind} data-drag-target={held?.target ?? undefined}>
      <p className="view-sub">
        {formatCount(hostOrder.length, 'hypervisor')} · {formatCount(allVms.length, 'VM')} ({totals.vcpus} vCPU, {formatKiBAsGiB(totals.kib)} running) · drag a VM onto another host, or focus it
        and press M, arrows, Enter.
      </p>
      {loadError !== null && (
        <div role="alert" className="alert alert--over">
          Could not load the VM placement facts: {loadError}
        </div>
      )}
      <div className="vms__toolbar" role="toolbar" aria-label="VMs actions">
        <input
          ref={searchRef}
          type="search"
          className="vms__search"
          placeholder="Search VMs, hosts, tags  ( / )"
          aria-label="Search VMs"
          value={filter.text}
          onChange={(e) => setFilter((f) => ({ ...f, text: e.target.value }))}
        />
        <select aria-label="VM state" value={filter.state} onChange={(e) => setFilter((f) => ({ ...f, state: e.target.value as VmFilter['state'] }))}>
          <option value="all">all states</option>
          <option value="running">running</option>
          <option value="not-running">not running</option>
        </select>
        <select aria-label="Tag" value={filter.tag ?? ''} onChange={(e) => setFilter((f) => ({ ...f, tag: e.target.value === '' ? null : e.target.value }))}>
          <option value="">any tag</option>
          {allTags.map((tag) => (
            <option key={tag} value={tag}>
              {tag}
            </option>
          ))}
        </select>
        <span className="muted small" aria-live="polite">
          {shownCount === allVms.length ? `${allVms.length} VMs` : `showing ${shownCount} of ${allVms.length} VMs`}
        </span>
        <span className="vms__spacer" />
        <button type="button" className="btn" aria-pressed={plansOpen} onClick={() => setPlansOpen((open) => !open)}>
          Balancing plans
        </button>
        <button type="button" className="btn" disabled={placement === null} onClick={() => setSettingsOpen(true)}>
          Migration settings…
        </button>
        <button type="button" className="btn" disabled={refreshing !== null || api === null} onClick={() => refresh()} title="Read every hypervisor's domain XML, mounts and CPU model again now">
          {refreshing === null ? 'Re-read VM facts' : 'Reading…'}
        </button>
      </div>
      <div className="vms__status" role="status" aria-live="polite">
        {held !== null ? (
          <span className="vms__drag">
            Moving <strong>{held.vm}</strong> from {held.from}
            {held.target === null
              ? ': hover a hypervisor to see its pre-checks'
              : held.target === held.from
                ? ` — over its own host${held.via === 'keyboard' ? ': arrows pick another, Escape cancels' : ''}`
                : targetPlan !== undefined && (
                    <>
                      {' '}
                      → {held.target}: <span aria-hidden="true">{LEVEL_GLYPH[targetPlan.verdict]}</span> {targetPlan.verdict === 'ok' ? 'ok' : targetPlan.verdict === 'warn' ? 'ok with warnings' : 'refused'} — {verdictOf(targetPlan).reason}
                      {held.via === 'keyboard' ? ' (Enter drops, Escape cancels)' : ''}
                    </>
                  )}
          </span>
        ) : notice !== null ? (
          <span className={notice.tone === 'error' ? 'error-text' : ''} role={notice.tone === 'error' ? 'alert' : undefined}>
            {notice.text}
          </span>
        ) : (
          <span className="muted">Drag a VM onto another hypervisor to migrate it live; ⇄ on a card lists every target with its verdict.</span>
        )}
      </div>
      <MigrationActivity migrations={migrations} nowMs={nowMs} api={api} />
      {plansOpen && <BalancePanel api={api} settings={placement?.settings ?? null} runs={planRuns} onClose={() => setPlansOpen(false)} />}
      <DndContext
        sensors={sensors}
        collisionDetection={pointerWithin}
        onDragStart={onDragStart}
        onDragOver={onDragOver}
        onDragEnd={onDragEnd}
        onDragCancel={onDragCancel}
        accessibility={{
          screenReaderInstructions: {
            draggable: 'To migrate a VM with the keyboard: focus it, press M or Space to pick it up, arrow keys to choose a hypervisor, Enter to drop, Escape to cancel. Enter alone lists every target.'
          }
        }}
      >
        <div className="groups">
          {groups.map((group) => {
            const title = group.cabinetName === null ? 'Not placed in a cabinet' : `Cabinet ${group.cabinetName}`
            return (
              <section key={group.cabinetName ?? '(none)'} className="group" aria-label={title}>
                <header className="group__head">
                  <h2>{title}</h2>
                  <span className="muted small">{formatCount(group.hosts.length, 'hypervisor')}</span>
                </header>
                <div className="vms__zones">
                  {group.hosts.map((p) => {
                    const name = p.host.name
                    const vms = placed[name] ?? []
                    const shown = vms.filter((vm) => matchesFilter(vm, filter))
                    const role = held === null ? null : name === held.from ? 'source' : name === held.target ? 'target' : 'candidate'
                    return (
                      <HostZone
                        key={name}
                        placed={p}
                        state={hostStates[name]}
                        nowMs={nowMs}
                        vmsFact={fleet.hosts[name]?.vms}
                        vms={shown}
                        hiddenCount={vms.length - shown.length}
                        capacity={hostCapacity(fleet, name, vms)}
                        settings={placement?.settings ?? null}
                        extras={placement?.hosts[name]}
                        role={role}
                        plan={plans.get(name) ?? null}
                        liftedVm={held?.vm ?? null}
                        migrationsByVm={activeByVm}
                        onMigrateTo={setMigrateTo}
                        onTags={setTagsOf}
                      />
                    )
                  })}
                </div>
              </section>
            )
          })}
        </div>
        <DragOverlay dropAnimation={null}>
          {held !== null && held.via === 'pointer' && heldVm !== undefined && (
            <div className={`vm-ghost vm-ghost--${targetPlan?.verdict ?? 'none'}`} aria-hidden="true">
              <strong>{heldVm.name}</strong> {heldVm.facts.vcpus ?? '?'} vCPU · {formatKiBAsGiB(heldVm.facts.memoryKiB ?? 0)}
              {targetPlan !== undefined && (
                <div className="small">
                  {LEVEL_GLYPH[targetPlan.verdict]} {held.target}
                </div>
              )}
            </div>
          )}
        </DragOverlay>
      </DndContext>
      <MigrationsList migrations={migrations} nowMs={nowMs} api={api} />
      <MigrateToDialog
        vm={migrateTo?.name ?? null}
        from={migrateTo?.host ?? ''}
        choices={migrateTo === null ? [] : choicesFor(migrateTo)}
        onClose={() => setMigrateTo(null)}
        onChoose={(host) => {
          const vm = migrateTo
          setMigrateTo(null)
          if (vm !== null) dispatch({ type: 'choose', vm: vm.name, from: vm.host, to: host })
        }}
      />
      <ConfirmMigrationDialog move={confirmingMove} api={api} onClose={() => dispatch({ type: 'cancel' })} onStarted={onStarted} />
      <SettingsDialog
        settings={settingsOpen ? (placement?.settings ?? null) : null}
        onClose={() => setSettingsOpen(false)}
        onSave={async (changes) => {
          if (api === null) throw new Error('not connected to the Rackside service')
          const result = await api.call('vms.setSettings', changes)
          useVmsStore.getState().setPlacement(result)
          setSettingsOpen(false)
          setNotice({ tone: 'ok', text: 'Migration settings saved; every pre-check and command uses them from now on' })
        }}
      />
      <TagsDialog
        vm={tagsOf?.name ?? null}
        tags={tagsOf?.tags ?? []}
        onClose={() => setTagsOf(null)}
        onSave={async (tags) => {
          if (api === null || tagsOf === null) return
          const result = await api.call('vms.setTags', { vm: tagsOf.name, tags })
          useVmsStore.getState().setPlacement(result)
          setTagsOf(null)
          setNotice({ tone: 'ok', text: `Tags of ${tagsOf.name}: ${tags.length === 0 ? 'none' : tags.join(', ')}` })
        }}
      />
    </div>
  )
}
