// Geometry of a cabinet elevation: where each device is drawn on the front and rear faces.
// Full-depth devices fill their units on both faces (the far face drawn as a see-through copy);
// half-depth devices only their own face. Pure, so the same drawing can be exported as SVG.
import type { Cabinet, Device, DeviceModel, DeviceRole, Face } from '../../../../shared/model'

export const ELEVATION = {
  unitPx: 14,
  facePx: 164,
  gutterPx: 24,
  headPx: 20,
  footPx: 8
} as const

export interface ElevationItem {
  device: Device
  model: DeviceModel | undefined
  role: DeviceRole
  heightU: number
  face: Face
  /** Drawn here because a full-depth device mounted on the other face reaches through. */
  through: boolean
  /** Units this drawing covers inside the cabinet (clipped to the top). */
  bottomU: number
  topU: number
  x: number
  y: number
  widthPx: number
  heightPx: number
}

export interface ElevationLayout {
  widthPx: number
  heightPx: number
  faceX: Record<Face, number>
  /** x of each U-number column: left of front, between the faces, right of rear. */
  gutterX: number[]
  items: ElevationItem[]
  /** Devices whose model the site lacks (drawn as 1U, role other). */
  unknownModel: string[]
  /** Devices reaching above the top or below U1 (drawn clipped, or not at all). */
  outOfRange: string[]
}

/** The drawing's size in CSS pixels, without laying out its devices. */
export function elevationSize(cabinet: Pick<Cabinet, 'heightU'>): { widthPx: number; heightPx: number } {
  const { unitPx, facePx, gutterPx, headPx, footPx } = ELEVATION
  return { widthPx: gutterPx * 3 + facePx * 2, heightPx: headPx + cabinet.heightU * unitPx + footPx }
}

/** y of the top edge of unit `u` (U1 is at the bottom). */
export function unitTopY(heightU: number, u: number): number {
  return ELEVATION.headPx + (heightU - u) * ELEVATION.unitPx
}

export function layoutElevation(cabinet: Cabinet, devices: readonly Device[], models: readonly DeviceModel[]): ElevationLayout {
  const { unitPx, facePx, gutterPx, headPx, footPx } = ELEVATION
  const faceX: Record<Face, number> = { front: gutterPx, rear: gutterPx * 2 + facePx }
  const items: ElevationItem[] = []
  const unknownModel: string[] = []
  const outOfRange: string[] = []
  for (const device of devices) {
    if (device.cabinet !== cabinet.name) continue
    const model = models.find((m) => m.name === device.model)
    if (model === undefined) unknownModel.push(device.name)
    const heightU = model?.heightU ?? 1
    const top = device.positionU + heightU - 1
    const bottomU = Math.max(1, device.positionU)
    const topU = Math.min(cabinet.heightU, top)
    if (top > cabinet.heightU || device.positionU < 1) outOfRange.push(device.name)
    if (topU < bottomU) continue
    const fullDepth = model?.fullDepth ?? true
    const faces: Face[] = fullDepth ? [device.face, device.face === 'front' ? 'rear' : 'front'] : [device.face]
    for (const face of faces)
      items.push({
        device,
        model,
        role: model?.role ?? 'other',
        heightU,
        face,
        through: face !== device.face,
        bottomU,
        topU,
        x: faceX[face],
        y: unitTopY(cabinet.heightU, topU),
        widthPx: facePx,
        heightPx: (topU - bottomU + 1) * unitPx
      })
  }
  // Mounted faces after see-through copies, so a real device wins where drawings overlap.
  items.sort((a, b) => Number(a.through === false) - Number(b.through === false))
  return {
    widthPx: gutterPx * 3 + facePx * 2,
    heightPx: headPx + cabinet.heightU * unitPx + footPx,
    faceX,
    gutterX: [0, gutterPx + facePx, gutterPx * 2 + facePx * 2],
    items,
    unknownModel,
    outOfRange
  }
}

/** Shortens `text` with an ellipsis to about `maxPx` wide at `fontPx` (SVG text does not wrap or clip). */
export function fitText(text: string, maxPx: number, fontPx: number): string {
  const maxChars = Math.floor(maxPx / (fontPx * 0.6))
  if (text.length <= maxChars) return text
  if (maxChars <= 1) return ''
  return `${text.slice(0, maxChars - 1).trimEnd()}…`
}

/**
 * Print colours, written as SVG presentation attributes so an exported drawing is readable on
 * its own; on screen the theme's CSS classes override them for light and dark.
 */
export const PRINT_PALETTE: Record<DeviceRole, { fill: string; stripe: string }> = {
  server: { fill: '#d6e4f5', stripe: '#2f6db5' },
  switch: { fill: '#d5eddc', stripe: '#2e8a4a' },
  router: { fill: '#e6dcf3', stripe: '#7048b0' },
  storage: { fill: '#f5e6cc', stripe: '#b7791f' },
  pdu: { fill: '#f6d9d9', stripe: '#b83a3a' },
  'patch-panel': { fill: '#e3e5e8', stripe: '#6b7280' },
  other: { fill: '#d8ebee', stripe: '#2b8a9a' }
}
