// Racks: the site summary, a toolbar (undo/redo, Move to…, add cabinets, devices and models, What
// fits, print, NetBox import), then every cabinet as a front/rear elevation with its budget bars
// and its devices' Gluster brick badges. Devices move by mouse (dnd-kit), by keyboard (M or
// Space, arrows, Enter, Escape) or through "Move to…"; all three feed the domain's drag state
// machine, and the server stores each move. Inventory edits go through dialogs, checked as typed.
import { DndContext, PointerSensor, useSensor, useSensors, type DragStartEvent } from '@dnd-kit/core'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { HostConnectionStatus } from '../../../../shared/api'
import type { DragEvent, DragKey } from '../../../../shared/domain/placement-drag'
import { previewMove, type CabinetBudget, type MovePreview } from '../../../../shared/domain/power'
import { formatUnits, samePlacement, unitsSpanned, type Placement } from '../../../../shared/domain/rack-units'
import type { Device, Site } from '../../../../shared/model'
import { useAppStore } from '../../store/app-store'
import { EmptyState } from '../../ui/empty-state'
import { useRackBricks } from '../storage/brick-badge'
import { CabinetCard } from './cabinet-card'
import type { ElevationGhost } from './cabinet-elevation'
import { ConfirmMoveDialog } from './confirm-move-dialog'
import { DeviceDetails } from './device-details'
import { DragStatus, PlacementMessage, ghostTone } from './drag-status'
import { grabOffsetU, targetPositionU, unitAtY } from './drag-geometry'
import { exportElevation, type ExportFormat } from './elevation-export'
import { InventoryEditorDialog, type InventoryEditor } from './inventory-editor'
import { describeMove } from './move-history-plan'
import { MoveToDialog } from './move-to-dialog'
import { NetboxImportButton } from './netbox-import-dialog'
import { PrintSheets } from './print-sheets'
import { PrintToolbar } from './print-toolbar'
import { RoleLegend } from './role-legend'
import { SiteSummary } from './site-summary'
import { usePlacement, type PlacementSession } from './use-placement'
import { useSiteBudget } from './use-site-budget'
import { VolumeHighlight } from './volume-highlight'
import { WhatFitsPanel } from './what-fits-panel'
import './racks.css'

export interface RacksViewProps {
  site: Site
  /**
   * Live CPU use 0..1 by device name, from the fleet poller when it provides it. It feeds the
   * budgets' live estimate (cabinetBudget's utilisation option) and the device tooltips.
   */
  cpuUtilisationByDevice?: Readonly<Record<string, number>>
}

const DRAG_KEYS: readonly string[] = ['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Enter', 'Escape']
const NO_DEVICES: readonly Device[] = []

interface Grab {
  device: string
  heightU: number
  /** Which of the device's units the pointer holds (0 = its lowest). */
  offsetU: number
  /** The pointer in the viewport now (dnd-kit's delta also counts scrolling; the boxes do not). */
  pointerX: number
  pointerY: number
  lastTarget: Placement | null
  /** The pointer was over a cabinet face at the last move: a drop there is a drop. */
  overFace: boolean
  stopTracking(): void
}

/** The cabinet face and unit under a viewport point, read from the drawings on screen. */
function placeUnder(site: Site, x: number, y: number, held: Grab): Placement | null {
  const card = document.elementFromPoint(x, y)?.closest('[data-cabinet]')
  const cabinet = site.cabinets.find((c) => c.name === card?.getAttribute('data-cabinet'))
  if (card == null || cabinet === undefined) return null
  for (const area of card.querySelectorAll('.elev-drop')) {
    const box = area.getBoundingClientRect()
    if (x < box.left || x > box.right || y < box.top || y > box.bottom) continue
    const face = area.getAttribute('data-drop-face') === 'rear' ? 'rear' : 'front'
    return { cabinet: cabinet.name, face, positionU: targetPositionU(unitAtY(box, cabinet.heightU, y), held.offsetU, held.heightU, cabinet.heightU) }
  }
  return null
}

function pointerOf(event: Event): { x: number; y: number } | null {
  return 'clientX' in event && 'clientY' in event && typeof event.clientX === 'number' && typeof event.clientY === 'number' ? { x: event.clientX, y: event.clientY } : null
}

function isTyping(target: EventTarget | null): boolean {
  return target instanceof Element && target.closest('input, select, textarea, dialog, [contenteditable="true"]') !== null
}

/**
 * How many cabinet cards the first screen shows: cards are 340–414 px wide and about 1,050 px
 * tall, below some 300 px of summary and toolbar.
 */
export function firstScreenCabinets(viewportWidthPx: number, viewportHeightPx: number): number {
  const perRow = Math.max(1, Math.floor((viewportWidthPx - 200 + 12) / (340 + 12)))
  return perRow * Math.max(1, Math.ceil((viewportHeightPx - 300) / 1050))
}

/** The budgets a previewed move shows, by cabinet: after the move, and before it for the change. */
function previewBudgets(preview: MovePreview | null): Map<string, { after: CabinetBudget; before: CabinetBudget | undefined }> {
  const map = new Map<string, { after: CabinetBudget; before: CabinetBudget | undefined }>()
  if (preview === null || !preview.allowed) return map
  for (const after of preview.after) map.set(after.name, { after, before: preview.before.find((b) => b.name === after.name) })
  return map
}

function usePlacementKeys(session: PlacementSession, selected: string | null, onDeselect: () => void, onKeyboardDrop: (device: string) => void, enabled: boolean) {
  const { drag, dispatch, pickUp, undo, redo } = session
  useEffect(() => {
    if (!enabled) return
    // Capture phase: while a device is held the drag owns its keys, before a focused device's own
    // Enter (select) or the page's scrolling sees them.
    const onKeyDown = (event: KeyboardEvent) => {
      if (isTyping(event.target)) return
      const mod = event.ctrlKey || event.metaKey
      const key = event.key.toLowerCase()
      const take = () => {
        event.preventDefault()
        // Escape also reaches dnd-kit, which ends a pointer drag on it.
        if (event.key !== 'Escape') event.stopPropagation()
      }
      if (mod && !event.altKey && (key === 'z' || key === 'y')) {
        take()
        if (key === 'y' || event.shiftKey) redo()
        else undo()
        return
      }
      if (mod || event.altKey) return
      if (drag.kind !== 'idle') {
        if (!DRAG_KEYS.includes(event.key)) return
        take()
        if (event.key === 'Enter' && drag.kind === 'dragging') onKeyboardDrop(drag.device)
        dispatch({ type: 'key', key: event.key as DragKey })
        return
      }
      // Space on a button is that button's; M picks up from anywhere.
      if (key === 'm' || (event.key === ' ' && !(event.target instanceof HTMLButtonElement))) {
        const focused = event.target instanceof Element ? event.target.closest('[data-device]')?.getAttribute('data-device') : null
        const device = focused ?? selected
        if (device === null || device === undefined) return
        take()
        pickUp(device)
        return
      }
      if (event.key === 'Escape' && selected !== null) onDeselect()
    }
    window.addEventListener('keydown', onKeyDown, { capture: true })
    return () => window.removeEventListener('keydown', onKeyDown, { capture: true })
  }, [drag, dispatch, pickUp, undo, redo, selected, onDeselect, onKeyboardDrop, enabled])
}

function Toolbar({
  session,
  site,
  selected,
  onMoveTo,
  fitsOpen,
  onToggleFits,
  onPrintView,
  onNotice,
  onEditor
}: {
  session: PlacementSession
  site: Site
  selected: string | null
  onMoveTo(): void
  fitsOpen: boolean
  onToggleFits(): void
  onPrintView(): void
  onNotice(text: string): void
  onEditor(editor: InventoryEditor): void
}) {
  const api = useAppStore((s) => s.api)
  const { stacks, busy, undo, redo } = session
  const lastDone = stacks.past.at(-1)
  const nextRedo = stacks.future[0]
  return (
    <div className="racks__toolbar" role="toolbar" aria-label="Racks actions">
      <button type="button" className="btn" onClick={undo} disabled={lastDone === undefined || busy} title={lastDone === undefined ? 'Nothing to undo' : `Undo ${describeMove(lastDone)} (Ctrl+Z)`}>
        ↶ Undo
      </button>
      <button type="button" className="btn" onClick={redo} disabled={nextRedo === undefined || busy} title={nextRedo === undefined ? 'Nothing to redo' : `Redo ${describeMove(nextRedo)} (Ctrl+Shift+Z)`}>
        ↷ Redo
      </button>
      <span className="racks__sep" aria-hidden="true" />
      <button type="button" className="btn" onClick={onMoveTo} disabled={selected === null || busy} title={selected === null ? 'Select a device first' : `Move ${selected} to another place`}>
        Move to…
      </button>
      <PlacementMessage
        drag={session.drag}
        busy={busy}
        notice={session.notice}
        hint={selected === null ? 'Drag a device, or select one and press M to move it with the arrow keys' : `${selected}: M or Space picks it up, arrows move it`}
        onDismiss={() => session.setNotice(null)}
      />
      <span className="racks__spacer" />
      <button type="button" className="btn" onClick={() => onEditor({ kind: 'cabinet' })} title="A new cabinet with its limits and feeds">
        Add cabinet
      </button>
      <button
        type="button"
        className="btn"
        disabled={site.cabinets.length === 0}
        onClick={() => {
          const cabinet = site.devices.find((d) => d.name === selected)?.cabinet ?? site.cabinets[0]?.name
          onEditor({ kind: 'device', ...(cabinet === undefined ? {} : { preset: { cabinet } }) })
        }}
        title={site.cabinets.length === 0 ? 'Add a cabinet first' : 'A new device in the highest free units (or double-click a free unit)'}
      >
        Add device
      </button>
      <button type="button" className="btn" onClick={() => onEditor({ kind: 'models' })} title="The device models: size, power figures, weight">
        Models…
      </button>
      <span className="racks__sep" aria-hidden="true" />
      <button type="button" className="btn" aria-pressed={fitsOpen} onClick={onToggleFits}>
        What fits
      </button>
      <button type="button" className="btn" onClick={onPrintView} title="One page per cabinet: elevation, budget and device list">
        Print view
      </button>
      <NetboxImportButton site={site} api={api} onDone={onNotice} />
    </div>
  )
}

export function RacksView({ site, cpuUtilisationByDevice }: RacksViewProps) {
  const hostStates = useAppStore((s) => s.hostStates)
  const setView = useAppStore((s) => s.setView)
  const setSite = useAppStore((s) => s.setSite)
  const api = useAppStore((s) => s.api)
  const [selected, setSelected] = useState<string | null>(null)
  const [fitsOpen, setFitsOpen] = useState(false)
  const [printView, setPrintView] = useState(false)
  const [moveToOpen, setMoveToOpen] = useState(false)
  const [editor, setEditor] = useState<InventoryEditor | null>(null)
  const bricks = useRackBricks()
  const budget = useSiteBudget(site, cpuUtilisationByDevice)
  const session = usePlacement(site, api, setSite)
  const { drag, dispatch, pickUp, setNotice, current: currentDrag } = session
  const dragging = drag.kind === 'dragging' || drag.kind === 'confirming' ? drag : null
  // The pointer drag in progress (dnd-kit's), null otherwise.
  const grab = useRef<Grab | null>(null)

  // dnd-kit callbacks and exports read the current site without being rebuilt on every change.
  const siteRef = useRef(site)
  useEffect(() => {
    siteRef.current = site
  }, [site])

  const statusByDevice = useMemo(() => {
    const map: Record<string, HostConnectionStatus> = {}
    for (const d of site.devices) {
      const state = d.host === undefined ? undefined : hostStates[d.host]
      if (state !== undefined) map[d.name] = state.status
    }
    return map
  }, [site, hostStates])

  const devicesByCabinet = useMemo(() => {
    const map = new Map<string, Device[]>()
    for (const d of site.devices) map.set(d.cabinet, [...(map.get(d.cabinet) ?? []), d])
    return map
  }, [site])

  // The reducer previews without live figures; with CPU figures the preview's live estimate uses them.
  const preview = useMemo((): MovePreview | null => {
    if (drag.kind !== 'dragging' && drag.kind !== 'confirming') return null
    if (cpuUtilisationByDevice === undefined || !drag.preview.allowed) return drag.preview
    return previewMove(site, drag.device, drag.target, { utilisation: cpuUtilisationByDevice })
  }, [drag, site, cpuUtilisationByDevice])
  const previewed = useMemo(() => previewBudgets(preview), [preview])

  const ghost = useMemo((): ElevationGhost | null => {
    if (drag.kind !== 'dragging' && drag.kind !== 'confirming') return null
    const device = site.devices.find((d) => d.name === drag.device)
    const model = site.models.find((m) => m.name === device?.model)
    const heightU = model?.heightU ?? 1
    return {
      fullDepth: model?.fullDepth ?? true,
      face: drag.target.face,
      positionU: drag.target.positionU,
      heightU,
      tone: ghostTone(drag),
      label: `${drag.device} → ${formatUnits(unitsSpanned(drag.target.positionU, heightU))}`
    }
  }, [drag, site])

  // Cabinets on the first screen draw at once; the others when they scroll near (see CabinetCard).
  const [eagerCount] = useState(() => firstScreenCabinets(window.innerWidth, window.innerHeight))

  // A keyboard or dialog move can target a cabinet off screen: bring the ghost into view.
  const targetKey = dragging === null ? null : `${dragging.target.cabinet}:${dragging.target.positionU}:${dragging.target.face}`
  useEffect(() => {
    if (targetKey === null || grab.current !== null) return
    document.querySelector(`[data-ghost="${CSS.escape(targetKey)}"]`)?.scrollIntoView({ block: 'nearest', inline: 'nearest' })
  }, [targetKey])

  const onSelectDevice = useCallback((name: string) => setSelected((current) => (current === name ? null : name)), [])
  const onDeselect = useCallback(() => setSelected(null), [])

  // After a keyboard drop the device is drawn anew (often in another cabinet): focus follows it.
  const focusAfterMove = useRef<{ device: string; atMs: number } | null>(null)
  const onKeyboardDrop = useCallback((device: string) => {
    focusAfterMove.current = { device, atMs: performance.now() }
  }, [])
  useEffect(() => {
    const pending = focusAfterMove.current
    if (pending === null || session.lastMoved !== pending.device) return
    focusAfterMove.current = null
    // A move stored long after the drop (or one that failed) should not pull focus later on.
    if (performance.now() - pending.atMs > 10_000) return
    document.querySelector<SVGGElement>(`.elev-device[data-device="${CSS.escape(pending.device)}"][role="button"]`)?.focus()
  }, [site, session.lastMoved])

  usePlacementKeys(session, selected, onDeselect, onKeyboardDrop, !printView && !moveToOpen && editor === null)

  // "Move to…" is open while the drag it started is alive; the drag ending closes it.
  const dialogDispatch = useCallback(
    (event: DragEvent) => {
      dispatch(event)
      if (currentDrag().kind === 'idle') setMoveToOpen(false)
    },
    [dispatch, currentDrag]
  )
  const openMoveTo = useCallback(() => {
    if (selected === null) return
    pickUp(selected)
    if (currentDrag().kind !== 'idle') setMoveToOpen(true)
  }, [selected, pickUp, currentDrag])

  const onExport = useCallback(
    (cabinetName: string, format: ExportFormat) => {
      exportElevation(siteRef.current, cabinetName, format).then(
        (fileName) => setNotice({ tone: 'ok', text: `Exported ${cabinetName} as ${fileName}` }),
        (error: unknown) => setNotice({ tone: 'error', text: `Could not export ${cabinetName} as ${format.toUpperCase()}: ${(error as Error).message}` })
      )
    },
    [setNotice]
  )
  const onNotice = useCallback((text: string) => setNotice({ tone: 'ok', text }), [setNotice])
  const closeEditor = useCallback(() => setEditor(null), [])
  const onEditCabinet = useCallback((name: string) => setEditor({ kind: 'cabinet', name }), [])
  const onAddDevice = useCallback(
    (cabinet: string, at?: { face: 'front' | 'rear'; positionU: number }) => setEditor({ kind: 'device', preset: { cabinet, ...(at ?? {}) } }),
    []
  )

  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 4 } }))

  const onDragStart = useCallback(
    ({ activatorEvent }: DragStartEvent) => {
      const pointer = pointerOf(activatorEvent)
      const shape = activatorEvent.target instanceof Element ? activatorEvent.target.closest('.elev-device') : null
      const device = shape?.getAttribute('data-device') ?? null
      if (device === null || pointer === null) return
      const current = siteRef.current
      const heightU = current.models.find((m) => m.name === current.devices.find((d) => d.name === device)?.model)?.heightU ?? 1
      const box = shape?.getBoundingClientRect()
      const track = (event: PointerEvent) => {
        if (grab.current === null) return
        grab.current.pointerX = event.clientX
        grab.current.pointerY = event.clientY
      }
      window.addEventListener('pointermove', track, { capture: true, passive: true })
      grab.current?.stopTracking()
      grab.current = {
        device,
        heightU,
        offsetU: box === undefined ? 0 : grabOffsetU(box, heightU, pointer.y),
        pointerX: pointer.x,
        pointerY: pointer.y,
        lastTarget: null,
        overFace: true,
        stopTracking: () => window.removeEventListener('pointermove', track, { capture: true })
      }
      pickUp(device)
    },
    [pickUp]
  )

  const onDragMove = useCallback(() => {
    const held = grab.current
    if (held === null) return
    const target = placeUnder(siteRef.current, held.pointerX, held.pointerY, held)
    held.overFace = target !== null
    // Pointer moves inside one unit change nothing: only a new target is an event.
    if (target === null || (held.lastTarget !== null && samePlacement(held.lastTarget, target))) return
    held.lastTarget = target
    dispatch({ type: 'move', target })
  }, [dispatch])

  const onDragEnd = useCallback(() => {
    const held = grab.current
    held?.stopTracking()
    grab.current = null
    if (held !== null && !held.overFace) {
      dispatch({ type: 'cancel' })
      setNotice({ tone: 'error', text: 'Dropped outside the cabinet faces: nothing moved' })
      return
    }
    dispatch({ type: 'drop' })
  }, [dispatch, setNotice])
  const onDragCancel = useCallback(() => {
    grab.current?.stopTracking()
    grab.current = null
    dispatch({ type: 'cancel' })
  }, [dispatch])

  const selectedDevice = selected === null ? undefined : site.devices.find((d) => d.name === selected)
  const budgets = budget.ok ? budget.value.cabinets : []

  if (printView)
    return (
      <div className="racks racks--print">
        <PrintToolbar site={site} onBack={() => setPrintView(false)} />
        <PrintSheets site={site} budgets={budgets} printedAt={new Date()} />
      </div>
    )

  return (
    <div className="racks" data-drag={drag.kind} data-drag-target={dragging === null ? undefined : `${dragging.target.cabinet}:${dragging.target.positionU}:${dragging.target.face}`}>
      <SiteSummary site={site} budget={budget.ok ? budget.value : null} />
      {!budget.ok && (
        <div role="alert" className="alert alert--over">
          Cannot compute the budgets: {budget.message}. Fix the inventory (Hosts → import YAML) and the bars will appear.
        </div>
      )}
      {budget.ok && budget.value.totals.unplacedDevices.length > 0 && (
        <div role="alert" className="alert alert--warn">
          Devices in no known cabinet (not drawn, not counted): {budget.value.totals.unplacedDevices.join(', ')}
        </div>
      )}
      <Toolbar
        session={session}
        site={site}
        selected={selectedDevice === undefined ? null : selectedDevice.name}
        onMoveTo={openMoveTo}
        fitsOpen={fitsOpen}
        onToggleFits={() => setFitsOpen((open) => !open)}
        onPrintView={() => setPrintView(true)}
        onNotice={onNotice}
        onEditor={setEditor}
      />
      <div className="racks__status">
        <DragStatus drag={drag} />
      </div>
      {fitsOpen && <WhatFitsPanel site={site} onClose={() => setFitsOpen(false)} />}
      {site.cabinets.length === 0 ? (
        <EmptyState title="No cabinets yet">Add a cabinet with its feeds (Add cabinet above), or import a site YAML with cabinets, feeds, models and devices.</EmptyState>
      ) : (
        <div className={selectedDevice ? 'racks__body racks__body--details' : 'racks__body'}>
          <div className="racks__scroll">
            <div className="racks__legends">
              <RoleLegend site={site} />
              <VolumeHighlight volumes={bricks.volumes} stale={bricks.stale} />
            </div>
            <DndContext
                sensors={sensors}
                onDragStart={onDragStart}
                onDragMove={onDragMove}
                onDragEnd={onDragEnd}
                onDragCancel={onDragCancel}
                accessibility={{
                  screenReaderInstructions: {
                    draggable: 'To move a device with the keyboard: focus it, press M or Space to pick it up, arrow keys to move one unit or to the next face or cabinet, Enter to drop, Escape to cancel.'
                  }
                }}
              >
                <div className="cabinets">
                  {site.cabinets.map((cabinet, index) => {
                    const touched = previewed.get(cabinet.name)
                    return (
                      <CabinetCard
                        key={cabinet.name}
                        cabinet={cabinet}
                        devices={devicesByCabinet.get(cabinet.name) ?? NO_DEVICES}
                        models={site.models}
                        statusByDevice={statusByDevice}
                        cpuByDevice={cpuUtilisationByDevice}
                        budget={touched?.after ?? budgets.find((b) => b.name === cabinet.name)}
                        budgetBefore={touched?.before}
                        previewOf={touched === undefined || dragging === null ? undefined : `moving ${dragging.device}`}
                        selectedDevice={selectedDevice?.cabinet === cabinet.name ? selectedDevice.name : null}
                        liftedDevice={dragging !== null && dragging.origin.cabinet === cabinet.name ? dragging.device : null}
                        ghost={dragging !== null && dragging.target.cabinet === cabinet.name ? ghost : null}
                        eager={index < eagerCount}
                        onSelectDevice={onSelectDevice}
                        onExport={onExport}
                        bricksByDevice={bricks.byDevice}
                        bricksStale={bricks.stale}
                        onEditCabinet={onEditCabinet}
                        onAddDevice={onAddDevice}
                      />
                    )
                  })}
                </div>
              </DndContext>
          </div>
          {selectedDevice !== undefined && (
            <DeviceDetails
              site={site}
              deviceName={selectedDevice.name}
              hostState={selectedDevice.host === undefined ? undefined : hostStates[selectedDevice.host]}
              onClose={() => setSelected(null)}
              onShowHosts={() => setView('Hosts')}
              onMoveTo={openMoveTo}
              onEdit={() => setEditor({ kind: 'device', name: selectedDevice.name })}
              onRemove={() => setEditor({ kind: 'remove-device', name: selectedDevice.name })}
            />
          )}
        </div>
      )}
      <MoveToDialog site={site} drag={drag} dispatch={dialogDispatch} open={moveToOpen} />
      {editor !== null && (
        <InventoryEditorDialog
          site={site}
          editor={editor}
          onClose={closeEditor}
          onDone={(text, device) => {
            onNotice(text)
            // Details follow a renamed device and close for a removed one.
            if (editor.kind === 'remove-device') setSelected((current) => (current === editor.name ? null : current))
            if (editor.kind === 'device' && editor.name !== undefined && device !== undefined) setSelected((current) => (current === editor.name ? device : current))
          }}
        />
      )}
      {!moveToOpen && <ConfirmMoveDialog drag={drag} onConfirm={() => dispatch({ type: 'confirm' })} onCancel={() => dispatch({ type: 'cancel' })} />}
    </div>
  )
}
