// Where each host sits on the floor: the device that links to it (device.host) and so its
// cabinet. Views group hosts of one role by cabinet with this.
import type { Cabinet, Device, DeviceModel, Host, HostRole, Site } from '../../../../shared/model'

export interface PlacedHost {
  host: Host
  /** The device whose `host` names this host; undefined when no device links to it. */
  device?: Device
  /** The device's model; undefined when unlinked or when the site lacks the model. */
  model?: DeviceModel
}

export interface CabinetGroup {
  /** The cabinet, or null for hosts no device in a known cabinet links to. */
  cabinet: Cabinet | null
  /** The cabinet's name, or the device's unknown cabinet name, or null when unplaced. */
  cabinetName: string | null
  hosts: PlacedHost[]
}

export function placeHost(site: Site, host: Host): PlacedHost {
  const device = site.devices.find((d) => d.host === host.name)
  const model = device === undefined ? undefined : site.models.find((m) => m.name === device.model)
  return { host, device, model }
}

/**
 * Hosts having `role`, grouped by the cabinet of their device: cabinets in site order, devices
 * top unit first (as an elevation reads), unplaced hosts last in site order.
 */
export function hostsByCabinet(site: Site, role: HostRole): CabinetGroup[] {
  const placed = site.hosts.filter((h) => h.roles.includes(role)).map((h) => placeHost(site, h))
  const groups: CabinetGroup[] = []
  for (const cabinet of site.cabinets) {
    const hosts = placed.filter((p) => p.device?.cabinet === cabinet.name).sort((a, b) => (b.device?.positionU ?? 0) - (a.device?.positionU ?? 0))
    if (hosts.length > 0) groups.push({ cabinet, cabinetName: cabinet.name, hosts })
  }
  const known = new Set(site.cabinets.map((c) => c.name))
  const strayCabinets = [...new Set(placed.flatMap((p) => (p.device !== undefined && !known.has(p.device.cabinet) ? [p.device.cabinet] : [])))]
  for (const name of strayCabinets) groups.push({ cabinet: null, cabinetName: name, hosts: placed.filter((p) => p.device?.cabinet === name) })
  const unplaced = placed.filter((p) => p.device === undefined)
  if (unplaced.length > 0) groups.push({ cabinet: null, cabinetName: null, hosts: unplaced })
  return groups
}
