// Finding room for devices: the highest free units a model fits into on a face (where "Add
// device" proposes to put it), and re-homing every device of a cabinet that is being removed.
import type { Device, DeviceModel, Face, Site } from '../model'
import { findCabinet, findCollision, findModel, freeRuns, occupancy } from './rack-units'

/**
 * The lowest unit of the highest free span where `model` fits on `face` (both faces for a
 * full-depth model), or null when the cabinet has no such span. Devices are racked from the top
 * down in these cabinets, so the top free span comes first. Throws SiteLookupError for an
 * unknown cabinet.
 */
export function highestFreePosition(site: Site, cabinetName: string, model: Pick<DeviceModel, 'heightU' | 'fullDepth'>, face: Face): number | null {
  const runs = freeRuns(occupancy(site, cabinetName))
  const candidates = model.fullDepth ? runs.bothFaces : runs[face]
  let best: number | null = null
  for (const run of candidates) if (run.lengthU >= model.heightU) best = Math.max(best ?? 0, run.toU - model.heightU + 1)
  return best
}

export interface Relocation {
  device: string
  from: Pick<Device, 'cabinet' | 'positionU' | 'face' | 'feeds'>
  to: Pick<Device, 'cabinet' | 'positionU' | 'face' | 'feeds'>
}

export type RelocationPlan = { ok: true; site: Site; moves: Relocation[] } | { ok: false; unplaced: string[] }

/**
 * Moves every device of cabinet `from` into cabinet `to`: each keeps its units and face where
 * they are free there, otherwise takes the highest free span that fits (top devices placed
 * first). Feeds follow by name, else by their position in the cabinet's feed list (A, B → the
 * target's first and second feed), so an A+B pair stays an A+B pair. Throws SiteLookupError for
 * an unknown cabinet or model.
 */
export function relocateDevices(site: Site, from: string, to: string): RelocationPlan {
  const source = findCabinet(site, from)
  const target = findCabinet(site, to)
  const feedFor = (feed: string): string | undefined => {
    if (target.feeds.some((f) => f.name === feed)) return feed
    return target.feeds[source.feeds.findIndex((f) => f.name === feed)]?.name
  }
  const order = site.devices.filter((d) => d.cabinet === from).sort((a, b) => b.positionU - a.positionU)
  let working = site
  const moves: Relocation[] = []
  const unplaced: string[] = []
  for (const device of order) {
    const model = findModel(site, device.model)
    const keep = findCollision(working, device, { cabinet: to, positionU: device.positionU, face: device.face }) === null
    const positionU = keep ? device.positionU : highestFreePosition({ ...working, devices: working.devices.filter((d) => d.name !== device.name) }, to, model, device.face)
    if (positionU === null) {
      unplaced.push(device.name)
      continue
    }
    const feeds = [...new Set(device.feeds.map(feedFor).filter((f): f is string => f !== undefined))]
    const moved: Device = { ...device, cabinet: to, positionU, feeds }
    working = { ...working, devices: working.devices.map((d) => (d.name === device.name ? moved : d)) }
    moves.push({ device: device.name, from: device, to: moved })
  }
  return unplaced.length > 0 ? { ok: false, unplaced } : { ok: true, site: working, moves }
}
