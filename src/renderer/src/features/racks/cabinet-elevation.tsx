// A cabinet's elevation as SVG, front and rear side by side. A pure function of its props (no
// store, no clock) so the same drawing can be exported; clicks and keys only report a device name,
// and the interactive view adds drop targets through renderFaceTarget.
import { Fragment, memo, useMemo, type KeyboardEvent, type ReactNode } from 'react'
import type { HostConnectionStatus } from '../../../../shared/api'
import { FACES, formatUnits, otherFace, unitsSpanned } from '../../../../shared/domain/rack-units'
import type { Cabinet, Device, DeviceModel, Face } from '../../../../shared/model'
import { HOST_STATUS_LOOK } from '../../ui/host-status'
import { BRICK_STATE_LOOK, brickTitle, type HostBrick } from '../storage/brick-badge-model'
import { ELEVATION, PRINT_PALETTE, fitText, layoutElevation, unitTopY, type ElevationItem } from './elevation-layout'

export interface CabinetElevationProps {
  cabinet: Cabinet
  devices: readonly Device[]
  models: readonly DeviceModel[]
  /** Connection status of the host each device links to, by device name: drawn as a status mark. */
  statusByDevice?: Readonly<Record<string, HostConnectionStatus>>
  selectedDevice?: string | null
  onSelectDevice?(deviceName: string): void
  /** CPU utilisation 0..1 by device name (from the fleet poller): shown in each device's tooltip. */
  cpuByDevice?: Readonly<Record<string, number>>
  /** Drawn over the target units while a device is being placed. */
  ghost?: ElevationGhost | null
  /** The device being moved: drawn faded at its old place. */
  liftedDevice?: string | null
  /** A title inside the drawing, so an exported file says what it shows. */
  title?: string
  /** Renders a drop target over a face's unit area (the interactive view only). */
  renderFaceTarget?(face: Face, box: FaceBox): ReactNode
  /** Gluster bricks of the host each device runs, by device name: one badge per brick. */
  bricksByDevice?: Readonly<Record<string, readonly HostBrick[]>>
  /** The brick facts are stale: badges show the last known state, greyed. */
  bricksStale?: boolean
}

export interface FaceBox {
  x: number
  y: number
  width: number
  height: number
}

export type GhostTone = 'ok' | 'warn' | 'over' | 'refused'

/** Where a device being placed would land, and how that would go. */
export interface ElevationGhost {
  face: Face
  positionU: number
  heightU: number
  tone: GhostTone
  /** "web-01 → U20", drawn inside the ghost. */
  label: string
  /** A full-depth device also blocks the other face: outlined there. */
  fullDepth?: boolean
}

const GHOST_GLYPH: Record<GhostTone, string> = { ok: '✓', warn: '▲', over: '✕', refused: '⊘' }

const FACE_TITLE: Record<Face, string> = { front: 'Front', rear: 'Rear' }

function tooltip(item: ElevationItem, status: HostConnectionStatus | undefined, cpu: number | undefined, bricks: readonly HostBrick[]): string {
  const { device, model } = item
  const units = formatUnits(unitsSpanned(device.positionU, item.heightU))
  const lines = [
    `${device.name} — ${model?.name ?? `${device.model} (model not in the site)`}`,
    `${item.role}, ${item.heightU}U at ${units} ${device.face}, ${model?.fullDepth === false ? 'half depth' : 'full depth'}`
  ]
  if (item.through) lines.push(`mounted on the ${device.face}; reaches through to the ${item.face}`)
  if (model !== undefined) lines.push(`peak ${model.watts.peak} W, typical ${model.watts.typical} W`)
  lines.push(`feeds: ${device.feeds.length > 0 ? device.feeds.join(' + ') : 'none'}`)
  if (device.host !== undefined) lines.push(`host ${device.host}: ${status === undefined ? 'no state reported' : HOST_STATUS_LOOK[status].word}`)
  if (cpu !== undefined) lines.push(`CPU ${Math.round(cpu * 100)} % (live)`)
  for (const brick of bricks) lines.push(`brick ${brickTitle(brick)}`)
  return lines.join('\n')
}

// A status mark whose shape alone tells the state: filled dot, ring, triangle or cross.
function StatusMark({ status, cx, cy }: { status: HostConnectionStatus; cx: number; cy: number }) {
  const tone = HOST_STATUS_LOOK[status].tone
  const cls = `elev-status elev-status--${tone}`
  switch (status) {
    case 'connected':
      return <circle className={cls} cx={cx} cy={cy} r={3} fill="#1a7f37" />
    case 'down':
      return <path className={`${cls} elev-status--stroke`} d={`M${cx - 3} ${cy - 3}L${cx + 3} ${cy + 3}M${cx + 3} ${cy - 3}L${cx - 3} ${cy + 3}`} stroke="#cf222e" strokeWidth={1.8} />
    case 'backoff':
    case 'awaiting-host-key':
      return <path className={cls} d={`M${cx} ${cy - 3.5}L${cx + 3.5} ${cy + 3}L${cx - 3.5} ${cy + 3}Z`} fill="#9a6700" />
    case 'connecting':
      return <circle className={`${cls} elev-status--stroke`} cx={cx} cy={cy} r={2.6} fill="none" stroke="#0969da" strokeWidth={1.4} strokeDasharray="2 1.4" />
    case 'idle':
      return <circle className={`${cls} elev-status--stroke`} cx={cx} cy={cy} r={2.6} fill="none" stroke="#6b7280" strokeWidth={1.2} />
  }
}

const BRICK_BADGE = { widthPx: 12, heightPx: 10, gapPx: 2 } as const
const NO_BRICKS: readonly HostBrick[] = []

/** The width the badges take at a device's right end (none: 0). */
function brickBadgesWidth(count: number): number {
  return count === 0 ? 0 : count * (BRICK_BADGE.widthPx + BRICK_BADGE.gapPx) + 2
}

// One badge per brick at the device's right end: the state is its colour, its glyph (✓ ↻ ✕) and
// the word in its tooltip; a brick of the highlighted volume gets a ring.
function BrickBadges({ bricks, right, cy, stale }: { bricks: readonly HostBrick[]; right: number; cy: number; stale: boolean }) {
  const { widthPx, heightPx, gapPx } = BRICK_BADGE
  return (
    <g className={stale ? 'elev-bricks elev-bricks--stale' : 'elev-bricks'}>
      {bricks.map((brick, index) => {
        const x = right - (bricks.length - index) * (widthPx + gapPx)
        const look = BRICK_STATE_LOOK[brick.state]
        return (
          <g
            key={`${brick.volume}|${brick.brick}`}
            className={`elev-brick elev-brick--${brick.state}${brick.selected ? ' elev-brick--selected' : ''}`}
            data-brick={brick.brick}
            data-volume={brick.volume}
            data-state={brick.state}
            data-selected={brick.selected ? 'true' : undefined}
          >
            <title>{`${brickTitle(brick)}${stale ? ' (stale: last known state)' : ''}`}</title>
            <rect className="elev-brick__box" x={x} y={cy - heightPx / 2} width={widthPx} height={heightPx} rx={2} />
            <text className="elev-brick__glyph" x={x + widthPx / 2} y={cy + 0.5} textAnchor="middle" dominantBaseline="central" fontSize={8} fontWeight={700}>
              {look.glyph}
            </text>
          </g>
        )
      })}
    </g>
  )
}

// Memoised with its layout item: during a drag only the lifted device and the ghost redraw.
const DeviceShape = memo(function DeviceShape({
  item,
  hatchId,
  status,
  cpu,
  selected,
  lifted,
  onSelect,
  bricks,
  bricksStale
}: {
  item: ElevationItem
  hatchId: string
  status: HostConnectionStatus | undefined
  cpu: number | undefined
  selected: boolean
  lifted: boolean
  onSelect?: (deviceName: string) => void
  bricks: readonly HostBrick[]
  bricksStale: boolean
}) {
  const { device, model, x, y, widthPx, heightPx, role, through } = item
  const palette = PRINT_PALETTE[role]
  const nameFont = 10
  const modelFont = 9
  const hasMark = device.host !== undefined && !through
  const badges = through ? NO_BRICKS : bricks
  const textX = x + (hasMark ? 16 : 8)
  const textWidth = widthPx - (textX - x) - 4 - brickBadgesWidth(badges.length)
  const oneLine = heightPx < 26
  const name = fitText(device.name, oneLine ? Math.min(textWidth, 78) : textWidth, nameFont)
  const modelLabel = model?.name ?? `${device.model} (unknown model)`
  const modelText = oneLine ? fitText(modelLabel, textWidth - name.length * nameFont * 0.6 - 8, modelFont) : fitText(modelLabel, textWidth, modelFont)
  // Space and M pick the device up for a keyboard move (handled by the view), so only Enter selects.
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter') {
      event.preventDefault()
      onSelect?.(device.name)
    }
  }
  const classes = [
    'elev-device',
    `role-${role}`,
    through ? 'elev-device--through' : '',
    selected ? 'elev-device--selected' : '',
    lifted ? 'elev-device--lifted' : '',
    badges.some((b) => b.selected) ? 'elev-device--volume' : ''
  ]
    .filter(Boolean)
    .join(' ')
  return (
    <g
      className={classes}
      data-device={device.name}
      data-face={item.face}
      role={through ? undefined : 'button'}
      tabIndex={through || onSelect === undefined ? undefined : 0}
      aria-label={through ? undefined : `${device.name}, ${modelLabel}, ${formatUnits(unitsSpanned(device.positionU, item.heightU))} ${device.face}`}
      aria-pressed={through ? undefined : selected}
      onClick={onSelect ? () => onSelect(device.name) : undefined}
      onKeyDown={through ? undefined : onKeyDown}
    >
      <title>{tooltip(item, status, cpu, badges)}</title>
      <rect className="elev-device__body" x={x + 0.5} y={y + 0.5} width={widthPx - 1} height={heightPx - 1} rx={1.5} fill={palette.fill} stroke={palette.stripe} strokeWidth={0.6} />
      {through ? (
        <rect className="elev-device__hatch" x={x + 0.5} y={y + 0.5} width={widthPx - 1} height={heightPx - 1} fill={`url(#${hatchId})`} />
      ) : (
        <rect className="elev-device__stripe" x={x + 0.5} y={y + 0.5} width={3} height={heightPx - 1} fill={palette.stripe} />
      )}
      {hasMark && status !== undefined && <StatusMark status={status} cx={x + 10} cy={y + (oneLine ? heightPx / 2 : 8)} />}
      {badges.length > 0 && <BrickBadges bricks={badges} right={x + widthPx - 2} cy={y + (oneLine ? heightPx / 2 : 8)} stale={bricksStale} />}
      {oneLine ? (
        <text className="elev-device__text" x={textX} y={y + heightPx / 2} dominantBaseline="central">
          <tspan className="elev-device__name" fontSize={nameFont} fontWeight={600}>
            {name}
          </tspan>
          {!through && (
            <tspan className="elev-device__model" fontSize={modelFont} dx={6}>
              {modelText}
            </tspan>
          )}
        </text>
      ) : (
        <>
          <text className="elev-device__text elev-device__name" x={textX} y={y + 8} dominantBaseline="central" fontSize={nameFont} fontWeight={600}>
            {name}
          </text>
          <text className="elev-device__text elev-device__model" x={textX} y={y + 19} dominantBaseline="central" fontSize={modelFont}>
            {through ? fitText(`full depth · mounted ${device.face}`, textWidth, modelFont) : modelText}
          </text>
        </>
      )}
    </g>
  )
})

function Ghost({ ghost, cabinet, x, through }: { ghost: ElevationGhost; cabinet: Cabinet; x: number; through: boolean }) {
  const bottomU = Math.max(1, ghost.positionU)
  const topU = Math.min(cabinet.heightU, ghost.positionU + ghost.heightU - 1)
  if (topU < bottomU) return null
  const y = unitTopY(cabinet.heightU, topU)
  const heightPx = (topU - bottomU + 1) * ELEVATION.unitPx
  return (
    <g
      className={`elev-ghost elev-ghost--${ghost.tone}${through ? ' elev-ghost--through' : ''}`}
      data-ghost={through ? undefined : `${cabinet.name}:${ghost.positionU}:${ghost.face}`}
      aria-hidden="true"
      pointerEvents="none"
    >
      <rect className="elev-ghost__body" x={x + 1.5} y={y + 1} width={ELEVATION.facePx - 3} height={heightPx - 2} rx={2} fill="none" stroke="#1f6feb" strokeWidth={2} strokeDasharray="5 3" />
      <text className="elev-ghost__text" x={x + 8} y={y + Math.min(heightPx, 26) / 2} dominantBaseline="central" fontSize={10} fontWeight={700}>
        {through ? fitText(ghost.label, ELEVATION.facePx - 12, 10) : `${GHOST_GLYPH[ghost.tone]} ${fitText(ghost.label, ELEVATION.facePx - 20, 10)}`}
      </text>
    </g>
  )
}

interface FrameProps {
  cabinetName: string
  heightU: number
  widthPx: number
  frontX: number
  rearX: number
  gutterXs: string
}

// The empty cabinet: faces, unit stripes (one patterned rect per face, not one rect per unit) and
// the unit numbers. Memoised: it changes only with the cabinet's height, never during a drag.
const ElevationFrame = memo(function ElevationFrame({ cabinetName, heightU, widthPx, frontX, rearX, gutterXs }: FrameProps) {
  const { unitPx, facePx, gutterPx, headPx } = ELEVATION
  const idBase = cabinetName.replace(/[^A-Za-z0-9_-]/g, '_')
  const slotsId = `slots-${idBase}`
  const units = Array.from({ length: heightU }, (_, i) => heightU - i)
  const bottomY = headPx + heightU * unitPx
  // The stripe tile starts at the top unit; its parity decides which shade comes first.
  const topEven = heightU % 2 === 0
  const faceX: Record<Face, number> = { front: frontX, rear: rearX }
  return (
    <>
      <defs>
        <pattern id={slotsId} patternUnits="userSpaceOnUse" x={0} y={headPx} width={widthPx} height={unitPx * 2}>
          <rect className={topEven ? 'elev-slot elev-slot--even' : 'elev-slot'} x={0} y={0.5} width={widthPx} height={unitPx - 1} fill={topEven ? '#eef0f2' : '#f6f7f8'} />
          <rect className={topEven ? 'elev-slot' : 'elev-slot elev-slot--even'} x={0} y={unitPx + 0.5} width={widthPx} height={unitPx - 1} fill={topEven ? '#f6f7f8' : '#eef0f2'} />
        </pattern>
      </defs>
      {FACES.map((face) => (
        <g key={face} className="elev-face" data-face={face}>
          <text className="elev-face__title" x={faceX[face] + facePx / 2} y={headPx - 7} textAnchor="middle" fontSize={10} fontWeight={600}>
            {FACE_TITLE[face]}
          </text>
          <rect className="elev-face__frame" x={faceX[face]} y={headPx} width={facePx} height={heightU * unitPx} fill="#f6f7f8" stroke="#9aa0a6" />
          <rect className="elev-face__slots" x={faceX[face] + 1} y={headPx} width={facePx - 2} height={heightU * unitPx} fill={`url(#${slotsId})`} />
        </g>
      ))}
      {/* One text per gutter with a line per unit: far cheaper to lay out than a text per number. */}
      {gutterXs.split(',').map((gx) => (
        <text key={gx} className="elev-unum" aria-hidden="true" textAnchor="middle" dominantBaseline="central" fontSize={8}>
          {units.map((u) => (
            <tspan key={u} x={Number(gx) + gutterPx / 2} y={unitTopY(heightU, u) + unitPx / 2}>
              {u}
            </tspan>
          ))}
        </text>
      ))}
      <line className="elev-floor" x1={0} x2={widthPx} y1={bottomY + 2} y2={bottomY + 2} stroke="#9aa0a6" strokeWidth={2} />
    </>
  )
})

export function CabinetElevation({
  cabinet,
  devices,
  models,
  statusByDevice,
  selectedDevice,
  onSelectDevice,
  cpuByDevice,
  ghost,
  liftedDevice,
  title,
  renderFaceTarget,
  bricksByDevice,
  bricksStale = false
}: CabinetElevationProps) {
  const layout = useMemo(() => layoutElevation(cabinet, devices, models), [cabinet, devices, models])
  const { unitPx, facePx, headPx } = ELEVATION
  const hatchId = `hatch-${cabinet.name.replace(/[^A-Za-z0-9_-]/g, '_')}`

  return (
    <svg
      className="elev"
      role="group"
      aria-label={`Cabinet ${cabinet.name} elevation`}
      viewBox={`0 0 ${layout.widthPx} ${layout.heightPx}`}
      width={layout.widthPx}
      height={layout.heightPx}
      xmlns="http://www.w3.org/2000/svg"
      fontFamily="system-ui, sans-serif"
    >
      {title !== undefined && <title>{title}</title>}
      <defs>
        <pattern id={hatchId} patternUnits="userSpaceOnUse" width={6} height={6} patternTransform="rotate(45)">
          <line className="elev-hatch" x1={0} y1={0} x2={0} y2={6} stroke="#6b7280" strokeWidth={1.4} strokeOpacity={0.5} />
        </pattern>
      </defs>
      <ElevationFrame
        cabinetName={cabinet.name}
        heightU={cabinet.heightU}
        widthPx={layout.widthPx}
        frontX={layout.faceX.front}
        rearX={layout.faceX.rear}
        gutterXs={layout.gutterX.join(',')}
      />
      {renderFaceTarget !== undefined &&
        FACES.map((face) => <Fragment key={face}>{renderFaceTarget(face, { x: layout.faceX[face], y: headPx, width: facePx, height: cabinet.heightU * unitPx })}</Fragment>)}
      {layout.items.map((item) => (
        <DeviceShape
          key={`${item.device.name}:${item.face}`}
          item={item}
          hatchId={hatchId}
          status={item.device.host === undefined ? undefined : statusByDevice?.[item.device.name]}
          cpu={cpuByDevice?.[item.device.name]}
          selected={selectedDevice === item.device.name}
          lifted={liftedDevice === item.device.name}
          onSelect={onSelectDevice}
          bricks={bricksByDevice?.[item.device.name] ?? NO_BRICKS}
          bricksStale={bricksStale}
        />
      ))}
      {ghost != null && ghost.fullDepth === true && <Ghost ghost={ghost} cabinet={cabinet} x={layout.faceX[otherFace(ghost.face)]} through />}
      {ghost != null && <Ghost ghost={ghost} cabinet={cabinet} x={layout.faceX[ghost.face]} through={false} />}
    </svg>
  )
}
