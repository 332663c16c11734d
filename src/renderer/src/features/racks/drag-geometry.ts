// Where a pointer over a cabinet face drawing lands in rack units. Pure arithmetic on the
// on-screen boxes, so the mapping is tested without a browser and the drawing may be scaled.

/** A vertical extent on screen, in CSS pixels (as getBoundingClientRect gives it). */
export interface ScreenSpan {
  top: number
  bottom: number
}

/** The unit under `clientY` on a face whose unit area spans `face` and holds `heightU` units; clamped to 1..heightU. */
export function unitAtY(face: ScreenSpan, heightU: number, clientY: number): number {
  const unitPx = (face.bottom - face.top) / heightU
  if (!(unitPx > 0)) return 1
  const fromTop = Math.floor((clientY - face.top) / unitPx)
  return Math.min(heightU, Math.max(1, heightU - fromTop))
}

/**
 * Which of a device's own units (0 = its lowest) the pointer grabbed, so the device keeps that
 * unit under the pointer while it moves.
 */
export function grabOffsetU(device: ScreenSpan, deviceHeightU: number, clientY: number): number {
  const unitPx = (device.bottom - device.top) / deviceHeightU
  if (!(unitPx > 0)) return 0
  return Math.min(deviceHeightU - 1, Math.max(0, Math.floor((device.bottom - clientY) / unitPx)))
}

/** The lowest unit a device of `deviceHeightU` would take with unit `pointerU` under the pointer, kept inside the cabinet. */
export function targetPositionU(pointerU: number, grabOffset: number, deviceHeightU: number, cabinetHeightU: number): number {
  const top = Math.max(1, cabinetHeightU - deviceHeightU + 1)
  return Math.min(top, Math.max(1, pointerU - grabOffset))
}
