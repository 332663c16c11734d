// Rack-unit occupancy of a cabinet: which device holds which unit on which face, where a
// device may go, the free runs left, and moving a device. Full-depth devices block both faces of their units;
// half-depth devices (switches, short servers) leave the other face free.
import type { Cabinet, Device, DeviceModel, Face, Site } from '../model'

export const FACES: readonly Face[] = ['front', 'rear']

/** Where a device sits: its cabinet, its lowest unit (U1 at the bottom) and its face. */
export interface Placement {
  cabinet: string
  positionU: number
  face: Face
}

export type SiteLookupKind = 'unknown-cabinet' | 'unknown-model' | 'unknown-device'

/** A name that the site does not hold: thrown by the lookups, shown to the user as is. */
export class SiteLookupError extends Error {
  override name = 'SiteLookupError'
  constructor(
    readonly kind: SiteLookupKind,
    readonly subject: string,
    message: string
  ) {
    super(message)
  }
}

export function findCabinet(site: Site, cabinetName: string): Cabinet {
  const cabinet = site.cabinets.find((c) => c.name === cabinetName)
  if (cabinet === undefined) throw new SiteLookupError('unknown-cabinet', cabinetName, `no cabinet named ${cabinetName}`)
  return cabinet
}

export function findModel(site: Site, modelName: string): DeviceModel {
  const model = site.models.find((m) => m.name === modelName)
  if (model === undefined) throw new SiteLookupError('unknown-model', modelName, `no device model named ${modelName}`)
  return model
}

export function findDevice(site: Site, deviceName: string): Device {
  const device = site.devices.find((d) => d.name === deviceName)
  if (device === undefined) throw new SiteLookupError('unknown-device', deviceName, `no device named ${deviceName}`)
  return device
}

/** The units a device of `heightU` occupies when its lowest unit is `positionU`. */
export function unitsSpanned(positionU: number, heightU: number): number[] {
  return Array.from({ length: heightU }, (_, i) => positionU + i)
}

/** The faces a device blocks: both for full depth, its own face for half depth. */
export function facesTaken(face: Face, fullDepth: boolean): Face[] {
  return fullDepth ? [face, otherFace(face)] : [face]
}

export function otherFace(face: Face): Face {
  return face === 'front' ? 'rear' : 'front'
}

/** "U12" or "U12–U13" for a contiguous span (the span's ends for anything else). */
export function formatUnits(units: readonly number[]): string {
  if (units.length === 0) return 'no units'
  const low = Math.min(...units)
  const high = Math.max(...units)
  return low === high ? `U${low}` : `U${low}–U${high}`
}

/** Unit number -> device name, per face, for one cabinet. */
export interface Occupancy {
  cabinet: string
  heightU: number
  taken: Record<Face, Map<number, string>>
  /** Devices of this cabinet with units above its top (an invalid site; checkSite names them). */
  outOfRange: string[]
}

/**
 * Who holds which unit in a cabinet. `exclude` leaves one device out, so a device being moved
 * does not collide with itself. When devices overlap (an invalid site) the first one listed keeps
 * the unit.
 */
export function occupancy(site: Site, cabinetName: string, options: { exclude?: string } = {}): Occupancy {
  const cabinet = findCabinet(site, cabinetName)
  const taken: Record<Face, Map<number, string>> = { front: new Map(), rear: new Map() }
  const outOfRange: string[] = []
  for (const device of site.devices) {
    if (device.cabinet !== cabinetName || device.name === options.exclude) continue
    const model = findModel(site, device.model)
    const units = unitsSpanned(device.positionU, model.heightU)
    if (units.some((u) => u > cabinet.heightU)) outOfRange.push(device.name)
    for (const face of facesTaken(device.face, model.fullDepth))
      for (const unit of units) if (unit <= cabinet.heightU && !taken[face].has(unit)) taken[face].set(unit, device.name)
  }
  return { cabinet: cabinetName, heightU: cabinet.heightU, taken, outOfRange }
}

/** Units holding anything on either face. */
export function usedUnitCount(occ: Occupancy): number {
  const used = new Set([...occ.taken.front.keys(), ...occ.taken.rear.keys()])
  return used.size
}

export type PlacementProblem =
  | { kind: 'collision'; with: string; units: number[]; face: Face; reason: string }
  | { kind: 'out-of-range'; cabinet: string; heightU: number; units: number[]; reason: string }

/**
 * Why `device` cannot go to `target`, or null when it can. The device itself (by name) is left
 * out of the occupancy, so moving a device by one unit does not collide with its old place.
 * Throws SiteLookupError when the model or the target cabinet does not exist.
 */
export function findCollision(site: Site, device: Pick<Device, 'name' | 'model'>, target: Placement): PlacementProblem | null {
  const cabinet = findCabinet(site, target.cabinet)
  const model = findModel(site, device.model)
  const units = unitsSpanned(target.positionU, model.heightU)
  const outside = units.filter((u) => u < 1 || u > cabinet.heightU)
  if (outside.length > 0)
    return {
      kind: 'out-of-range',
      cabinet: cabinet.name,
      heightU: cabinet.heightU,
      units,
      reason: `${formatUnits(units)} is outside ${cabinet.name} (${cabinet.heightU}U)`
    }
  const occ = occupancy(site, cabinet.name, { exclude: device.name })
  // The target's own face first, so a full-depth clash reads as the face being dragged onto.
  for (const face of facesTaken(target.face, model.fullDepth)) {
    const holders = new Map<string, number[]>()
    for (const unit of units) {
      const holder = occ.taken[face].get(unit)
      if (holder !== undefined) holders.set(holder, [...(holders.get(holder) ?? []), unit])
    }
    const first = holders.entries().next()
    if (!first.done) {
      const [holder, clashUnits] = first.value
      return { kind: 'collision', with: holder, units: clashUnits, face, reason: `${formatUnits(clashUnits)} ${face} is taken by ${holder}` }
    }
  }
  return null
}

/** A contiguous stretch of free units, inclusive at both ends. */
export interface UnitRun {
  fromU: number
  toU: number
  lengthU: number
}

export interface FreeRuns {
  front: UnitRun[]
  rear: UnitRun[]
  /** Units free on both faces: where a full-depth device can go. */
  bothFaces: UnitRun[]
}

export function freeRuns(occ: Occupancy): FreeRuns {
  const runs = (isFree: (unit: number) => boolean): UnitRun[] => {
    const found: UnitRun[] = []
    let start: number | null = null
    for (let unit = 1; unit <= occ.heightU + 1; unit++) {
      const free = unit <= occ.heightU && isFree(unit)
      if (free && start === null) start = unit
      if (!free && start !== null) {
        found.push({ fromU: start, toU: unit - 1, lengthU: unit - start })
        start = null
      }
    }
    return found
  }
  return {
    front: runs((u) => !occ.taken.front.has(u)),
    rear: runs((u) => !occ.taken.rear.has(u)),
    bothFaces: runs((u) => !occ.taken.front.has(u) && !occ.taken.rear.has(u))
  }
}

/** A device moving from one place to another: what a drop commits and what undo reverses. */
export interface MoveCommand {
  type: 'move'
  device: string
  from: Placement
  to: Placement
}

/** A move could not be applied to the site as it is now. */
export class MoveError extends Error {
  override name = 'MoveError'
  constructor(
    readonly kind: 'unknown-device' | 'stale' | 'blocked',
    message: string
  ) {
    super(message)
  }
}

export function samePlacement(a: Placement, b: Placement): boolean {
  return a.cabinet === b.cabinet && a.positionU === b.positionU && a.face === b.face
}

export function placementOf(site: Site, deviceName: string): Placement {
  const device = findDevice(site, deviceName)
  return { cabinet: device.cabinet, positionU: device.positionU, face: device.face }
}

/**
 * The site with the move applied, as a new object (the input is not changed). Throws MoveError
 * when the device is gone, is no longer where the move says it was, or the target is blocked or
 * outside its cabinet; SiteLookupError when the target cabinet does not exist.
 */
export function applyMove(site: Site, move: MoveCommand): Site {
  const index = site.devices.findIndex((d) => d.name === move.device)
  const device = site.devices[index]
  if (device === undefined) throw new MoveError('unknown-device', `no device named ${move.device}`)
  const now = { cabinet: device.cabinet, positionU: device.positionU, face: device.face }
  if (!samePlacement(now, move.from))
    throw new MoveError('stale', `${move.device} is no longer at ${describePlacement(move.from)} (it is at ${describePlacement(now)})`)
  const problem = findCollision(site, device, move.to)
  if (problem !== null) throw new MoveError('blocked', `${move.device}: ${problem.reason}`)
  const devices = site.devices.slice()
  devices[index] = { ...device, cabinet: move.to.cabinet, positionU: move.to.positionU, face: move.to.face }
  return { ...site, devices }
}

export function describePlacement(p: Placement): string {
  return `${p.cabinet} U${p.positionU} ${p.face}`
}
