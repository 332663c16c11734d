// A cabinet's elevation as SVG, front and rear side by side. A pure function of its props (no
// store, no clock) so the same drawing can be exported; clicks and keys only report a device name.
import type { KeyboardEvent } from 'react'
import type { HostConnectionStatus } from '../../../../shared/api'
import { formatUnits, unitsSpanned } from '../../../../shared/domain/rack-units'
import type { Cabinet, Device, DeviceModel, Face } from '../../../../shared/model'
import { HOST_STATUS_LOOK } from '../../ui/host-status'
import { ELEVATION, PRINT_PALETTE, fitText, layoutElevation, unitTopY, type ElevationItem } from './elevation-layout'

export interface CabinetElevationProps {
  cabinet: Cabinet
  devices: readonly Device[]
  models: readonly DeviceModel[]
  /** Connection status of the host each device links to, by device name: drawn as a status mark. */
  statusByDevice?: Readonly<Record<string, HostConnectionStatus>>
  selectedDevice?: string | null
  onSelectDevice?(deviceName: string): void
}

const FACE_TITLE: Record<Face, string> = { front: 'Front', rear: 'Rear' }

function tooltip(item: ElevationItem, status: HostConnectionStatus | undefined): string {
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

function DeviceShape({
  item,
  hatchId,
  status,
  selected,
  onSelect
}: {
  item: ElevationItem
  hatchId: string
  status: HostConnectionStatus | undefined
  selected: boolean
  onSelect?: (deviceName: string) => void
}) {
  const { device, model, x, y, widthPx, heightPx, role, through } = item
  const palette = PRINT_PALETTE[role]
  const nameFont = 10
  const modelFont = 9
  const hasMark = device.host !== undefined && !through
  const textX = x + (hasMark ? 16 : 8)
  const textWidth = widthPx - (textX - x) - 4
  const oneLine = heightPx < 26
  const name = fitText(device.name, oneLine ? Math.min(textWidth, 78) : textWidth, nameFont)
  const modelLabel = model?.name ?? `${device.model} (unknown model)`
  const modelText = oneLine ? fitText(modelLabel, textWidth - name.length * nameFont * 0.6 - 8, modelFont) : fitText(modelLabel, textWidth, modelFont)
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault()
      onSelect?.(device.name)
    }
  }
  const classes = ['elev-device', `role-${role}`, through ? 'elev-device--through' : '', selected ? 'elev-device--selected' : ''].filter(Boolean).join(' ')
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
      <title>{tooltip(item, status)}</title>
      <rect className="elev-device__body" x={x + 0.5} y={y + 0.5} width={widthPx - 1} height={heightPx - 1} rx={1.5} fill={palette.fill} stroke={palette.stripe} strokeWidth={0.6} />
      {through ? (
        <rect className="elev-device__hatch" x={x + 0.5} y={y + 0.5} width={widthPx - 1} height={heightPx - 1} fill={`url(#${hatchId})`} />
      ) : (
        <rect className="elev-device__stripe" x={x + 0.5} y={y + 0.5} width={3} height={heightPx - 1} fill={palette.stripe} />
      )}
      {hasMark && status !== undefined && <StatusMark status={status} cx={x + 10} cy={y + (oneLine ? heightPx / 2 : 8)} />}
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
}

export function CabinetElevation({ cabinet, devices, models, statusByDevice, selectedDevice, onSelectDevice }: CabinetElevationProps) {
  const layout = layoutElevation(cabinet, devices, models)
  const { unitPx, facePx, gutterPx, headPx } = ELEVATION
  const hatchId = `hatch-${cabinet.name.replace(/[^A-Za-z0-9_-]/g, '_')}`
  const units = Array.from({ length: cabinet.heightU }, (_, i) => cabinet.heightU - i)
  const bottomY = headPx + cabinet.heightU * unitPx

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
      <defs>
        <pattern id={hatchId} patternUnits="userSpaceOnUse" width={6} height={6} patternTransform="rotate(45)">
          <line className="elev-hatch" x1={0} y1={0} x2={0} y2={6} stroke="#6b7280" strokeWidth={1.4} strokeOpacity={0.5} />
        </pattern>
      </defs>
      {(['front', 'rear'] as const).map((face) => (
        <g key={face} className="elev-face" data-face={face}>
          <text className="elev-face__title" x={layout.faceX[face] + facePx / 2} y={headPx - 7} textAnchor="middle" fontSize={10} fontWeight={600}>
            {FACE_TITLE[face]}
          </text>
          <rect className="elev-face__frame" x={layout.faceX[face]} y={headPx} width={facePx} height={cabinet.heightU * unitPx} fill="#f6f7f8" stroke="#9aa0a6" />
          {units.map((u) => (
            <rect
              key={u}
              className={u % 2 === 0 ? 'elev-slot elev-slot--even' : 'elev-slot'}
              x={layout.faceX[face] + 1}
              y={unitTopY(cabinet.heightU, u) + 0.5}
              width={facePx - 2}
              height={unitPx - 1}
              fill={u % 2 === 0 ? '#eef0f2' : '#f6f7f8'}
            />
          ))}
        </g>
      ))}
      {layout.gutterX.map((gx) => (
        <g key={gx} className="elev-gutter" aria-hidden="true">
          {units.map((u) => (
            <text key={u} className="elev-unum" x={gx + gutterPx / 2} y={unitTopY(cabinet.heightU, u) + unitPx / 2} textAnchor="middle" dominantBaseline="central" fontSize={8}>
              {u}
            </text>
          ))}
        </g>
      ))}
      <line className="elev-floor" x1={0} x2={layout.widthPx} y1={bottomY + 2} y2={bottomY + 2} stroke="#9aa0a6" strokeWidth={2} />
      {layout.items.map((item) => (
        <DeviceShape
          key={`${item.device.name}:${item.face}`}
          item={item}
          hatchId={hatchId}
          status={item.device.host === undefined ? undefined : statusByDevice?.[item.device.name]}
          selected={selectedDevice === item.device.name}
          onSelect={onSelectDevice}
        />
      ))}
    </svg>
  )
}
