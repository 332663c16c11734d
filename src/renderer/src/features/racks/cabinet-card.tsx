// One cabinet on the Racks view: its header with edit, add-device and export buttons, its
// elevation with devices that can be dragged (and their Gluster brick badges), and its budget
// bars (the after-move budget while a move is previewed).
// Memoised: a drag re-renders only the cabinets it touches. A cabinet far below the screen shows
// a placeholder of the drawing's size until it scrolls near, so a big site opens quickly.
import { useDraggable } from '@dnd-kit/core'
import { memo, useCallback, useEffect, useState, type MouseEvent, type PointerEvent, type ReactNode } from 'react'
import type { HostConnectionStatus } from '../../../../shared/api'
import type { CabinetBudget } from '../../../../shared/domain/power'
import type { Cabinet, Device, DeviceModel, Face } from '../../../../shared/model'
import { formatUnitsCount } from '../../ui/format'
import type { HostBrick } from '../storage/brick-badge-model'
import { CabinetBudgetBars } from './cabinet-budget-bars'
import { CabinetElevation, type ElevationGhost, type FaceBox } from './cabinet-elevation'
import { unitAtY } from './drag-geometry'
import { elevationSize } from './elevation-layout'
import type { ExportFormat } from './elevation-export'

// Each face's unit area, marked so the view can tell which face and unit lies under the pointer.
function FaceArea({ face, box }: { face: Face; box: FaceBox }) {
  return <rect className="elev-drop" data-drop-face={face} x={box.x} y={box.y} width={box.width} height={box.height} fill="none" pointerEvents="none" />
}

/** What a pointer drag picks up: the device under the press, read by the view's onDragStart. */
export interface DrawingDragData {
  cabinet: string
}

// One draggable per drawing rather than per device: dnd-kit re-renders every draggable when a
// drag starts or crosses a face, and a full site has a thousand devices. A press that is not on a
// device starts nothing.
function DraggableDrawing({ cabinet, heightU, onEmptyUnit, children }: { cabinet: string; heightU: number; onEmptyUnit?(face: Face, unit: number): void; children: ReactNode }) {
  const { setNodeRef, listeners } = useDraggable({ id: `drawing:${cabinet}`, data: { cabinet } satisfies DrawingDragData })
  const onPointerDown = useCallback(
    (event: PointerEvent<HTMLDivElement>) => {
      if (event.target instanceof Element && event.target.closest('.elev-device') !== null) listeners?.onPointerDown?.(event)
    },
    [listeners]
  )
  // A double click on the units beside the devices offers to add a device there.
  const onDoubleClick = useCallback(
    (event: MouseEvent<HTMLDivElement>) => {
      if (onEmptyUnit === undefined || !(event.target instanceof Element) || event.target.closest('.elev-device') !== null) return
      for (const area of event.currentTarget.querySelectorAll('.elev-drop')) {
        const box = area.getBoundingClientRect()
        if (event.clientX < box.left || event.clientX > box.right || event.clientY < box.top || event.clientY > box.bottom) continue
        onEmptyUnit(area.getAttribute('data-drop-face') === 'rear' ? 'rear' : 'front', unitAtY(box, heightU, event.clientY))
      }
    },
    [onEmptyUnit, heightU]
  )
  return (
    <div ref={setNodeRef} className="cabinet__drawing" onPointerDown={onPointerDown} onDoubleClick={onDoubleClick} title={onEmptyUnit === undefined ? undefined : 'Double-click a free unit to add a device there'}>
      {children}
    </div>
  )
}

export interface CabinetCardProps {
  cabinet: Cabinet
  devices: readonly Device[]
  models: readonly DeviceModel[]
  statusByDevice: Readonly<Record<string, HostConnectionStatus>>
  cpuByDevice?: Readonly<Record<string, number>>
  budget: CabinetBudget | undefined
  /** While a move is previewed: the budget before it (`budget` is then the one after). */
  budgetBefore?: CabinetBudget
  previewOf?: string
  selectedDevice: string | null
  liftedDevice: string | null
  ghost: ElevationGhost | null
  /** Draw the elevation at once (it is on the first screen); otherwise when it scrolls near. */
  eager: boolean
  onSelectDevice(deviceName: string): void
  onExport(cabinetName: string, format: ExportFormat): void
  /** Gluster bricks by device name (the whole site's): drawn as badges on the devices. */
  bricksByDevice?: Readonly<Record<string, readonly HostBrick[]>>
  bricksStale?: boolean
  onEditCabinet?(cabinetName: string): void
  /** Add a device here: at a unit and face when one was picked on the drawing. */
  onAddDevice?(cabinetName: string, at?: { face: Face; positionU: number }): void
}

/** How far outside the viewport a cabinet starts drawing. */
const NEAR_MARGIN = '800px 0px'

function useNearViewport(eager: boolean): [(node: HTMLElement | null) => void, boolean] {
  const [near, setNear] = useState(eager)
  const [node, setNode] = useState<HTMLElement | null>(null)
  useEffect(() => {
    if (near || node === null) return
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) {
          observer.disconnect()
          setNear(true)
        }
      },
      { rootMargin: NEAR_MARGIN }
    )
    observer.observe(node)
    return () => observer.disconnect()
  }, [near, node])
  return [setNode, near]
}

export const CabinetCard = memo(function CabinetCard({
  cabinet,
  devices,
  models,
  statusByDevice,
  cpuByDevice,
  budget,
  budgetBefore,
  previewOf,
  selectedDevice,
  liftedDevice,
  ghost,
  eager,
  onSelectDevice,
  onExport,
  bricksByDevice,
  bricksStale,
  onEditCabinet,
  onAddDevice
}: CabinetCardProps) {
  // A ghost or a lifted device here means a drag reached this cabinet: draw it now.
  const [cardRef, near] = useNearViewport(eager || ghost !== null || liftedDevice !== null)
  const drawn = near || ghost !== null || liftedDevice !== null
  const size = elevationSize(cabinet)
  const renderFaceTarget = useCallback((face: Face, box: FaceBox) => <FaceArea face={face} box={box} />, [])
  const onEmptyUnit = useCallback((face: Face, positionU: number) => onAddDevice?.(cabinet.name, { face, positionU }), [onAddDevice, cabinet.name])
  return (
    <article ref={cardRef} className={ghost === null ? 'cabinet' : 'cabinet cabinet--target'} aria-labelledby={`cabinet-${cabinet.name}`} data-cabinet={cabinet.name}>
      <header className="cabinet__head">
        <h2 id={`cabinet-${cabinet.name}`}>{cabinet.name}</h2>
        <span className="muted small">
          {formatUnitsCount(cabinet.heightU)} · {devices.length} devices · feeds {cabinet.feeds.map((f) => f.name).join(' + ')}
        </span>
        <span className="cabinet__export">
          {onEditCabinet !== undefined && (
            <button type="button" className="btn btn--small" onClick={() => onEditCabinet(cabinet.name)} aria-label={`Edit cabinet ${cabinet.name}`} title="Name, limits and feeds; remove">
              Edit
            </button>
          )}
          {onAddDevice !== undefined && (
            <button type="button" className="btn btn--small" onClick={() => onAddDevice(cabinet.name)} aria-label={`Add a device to ${cabinet.name}`} title="Add a device into the highest free units">
              + Device
            </button>
          )}
          <button type="button" className="btn btn--small" onClick={() => onExport(cabinet.name, 'svg')} aria-label={`Export ${cabinet.name} elevation as SVG`} title="Download the elevation as SVG">
            SVG
          </button>
          <button type="button" className="btn btn--small" onClick={() => onExport(cabinet.name, 'png')} aria-label={`Export ${cabinet.name} elevation as PNG`} title="Download the elevation as PNG">
            PNG
          </button>
        </span>
      </header>
      {drawn ? (
        <DraggableDrawing cabinet={cabinet.name} heightU={cabinet.heightU} {...(onAddDevice === undefined ? {} : { onEmptyUnit })}>
          <CabinetElevation
            cabinet={cabinet}
            devices={devices}
            models={models}
            statusByDevice={statusByDevice}
            cpuByDevice={cpuByDevice}
            selectedDevice={selectedDevice}
            onSelectDevice={onSelectDevice}
            ghost={ghost}
            liftedDevice={liftedDevice}
            renderFaceTarget={renderFaceTarget}
            bricksByDevice={bricksByDevice}
            bricksStale={bricksStale}
          />
        </DraggableDrawing>
      ) : (
        <div className="cabinet__drawing">
          <div className="cabinet__placeholder" style={{ aspectRatio: `${size.widthPx} / ${size.heightPx}`, width: size.widthPx }} aria-label={`Cabinet ${cabinet.name} elevation, drawn when scrolled into view`} />
        </div>
      )}
      {budget !== undefined && drawn && <CabinetBudgetBars budget={budget} before={budgetBefore} previewOf={previewOf} />}
    </article>
  )
})
