// Rules across a whole site that a schema cannot see: names unique, references resolve, devices
// inside their cabinet and not on top of each other. Each issue carries the path into the site
// document, so the YAML importer can point at the line.
import type { Site } from '../model'
import { findCollision } from './rack-units'

export interface SiteIssue {
  path: (string | number)[]
  message: string
}

function duplicates<T extends { name: string }>(items: readonly T[], section: string, what: string): SiteIssue[] {
  const firstAt = new Map<string, number>()
  const issues: SiteIssue[] = []
  items.forEach((item, index) => {
    const first = firstAt.get(item.name)
    if (first === undefined) firstAt.set(item.name, index)
    else issues.push({ path: [section, index, 'name'], message: `${what} name ${item.name} is already used by ${section}[${first}]` })
  })
  return issues
}

export function checkSite(site: Site): SiteIssue[] {
  const issues: SiteIssue[] = [
    ...duplicates(site.cabinets, 'cabinets', 'cabinet'),
    ...duplicates(site.models, 'models', 'model'),
    ...duplicates(site.devices, 'devices', 'device'),
    ...duplicates(site.hosts, 'hosts', 'host')
  ]
  site.cabinets.forEach((cabinet, c) => {
    const seen = new Set<string>()
    cabinet.feeds.forEach((feed, f) => {
      if (seen.has(feed.name)) issues.push({ path: ['cabinets', c, 'feeds', f, 'name'], message: `feed ${feed.name} appears twice in cabinet ${cabinet.name}` })
      seen.add(feed.name)
    })
  })

  const hostUsedBy = new Map<string, number>()
  site.devices.forEach((device, d) => {
    const at = (...rest: (string | number)[]): (string | number)[] => ['devices', d, ...rest]
    const model = site.models.find((m) => m.name === device.model)
    const cabinet = site.cabinets.find((c) => c.name === device.cabinet)
    if (model === undefined) issues.push({ path: at('model'), message: `unknown model ${device.model}` })
    if (cabinet === undefined) issues.push({ path: at('cabinet'), message: `unknown cabinet ${device.cabinet}` })
    if (cabinet !== undefined) {
      const seen = new Set<string>()
      device.feeds.forEach((feed, f) => {
        if (seen.has(feed)) issues.push({ path: at('feeds', f), message: `feed ${feed} is listed twice` })
        else if (!cabinet.feeds.some((x) => x.name === feed))
          issues.push({ path: at('feeds', f), message: `cabinet ${cabinet.name} has no feed ${feed} (it has ${cabinet.feeds.map((x) => x.name).join(', ')})` })
        seen.add(feed)
      })
    }
    if (device.host !== undefined) {
      if (!site.hosts.some((h) => h.name === device.host)) issues.push({ path: at('host'), message: `unknown host ${device.host}` })
      const other = hostUsedBy.get(device.host)
      if (other !== undefined) issues.push({ path: at('host'), message: `host ${device.host} is already the host of devices[${other}]` })
      else hostUsedBy.set(device.host, d)
    }
    if (model === undefined || cabinet === undefined) return
    // Against the devices listed before this one only, so each overlap is reported once, on the later device.
    const earlier = { ...site, devices: site.devices.slice(0, d).filter((x) => site.models.some((m) => m.name === x.model)) }
    const problem = findCollision(earlier, device, { cabinet: cabinet.name, positionU: device.positionU, face: device.face })
    if (problem !== null) issues.push({ path: at('positionU'), message: problem.reason })
  })
  return issues
}
