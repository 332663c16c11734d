// The site a fleet benchmark polls: the shipped demo site, its host list replaced by the hosts the
// demo fleet really serves (the site's own first, then the generated hv-NN Atoms it adds).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Host, HostRole, Site } from '../../src/shared/model'
import { formatSiteError, loadSiteYaml } from '../../src/shared/site-yaml'

export const DEMO_SITE_FILE = join(__dirname, '..', '..', 'resources', 'demo-site.yaml')

/** What the fleet child reports for each host it serves. */
export interface BenchFleetHost {
  name: string
  address: string
  port: number
  hostPublicKey: string
  roles: HostRole[]
}

export function loadDemoSite(file: string = DEMO_SITE_FILE): Site {
  const loaded = loadSiteYaml(readFileSync(file, 'utf8'), file)
  if (!loaded.ok) throw new Error(`the demo site ${file} does not load: ${loaded.errors.map(formatSiteError).join('; ')}`)
  return loaded.site
}

/** The demo site with one host entry per fleet host, written as the app writes demo hosts. */
export function benchSite(base: Site, fleetHosts: readonly BenchFleetHost[]): Site {
  const declared = new Map(base.hosts.map((h) => [h.name, h]))
  const hosts: Host[] = fleetHosts.map(
    (fleetHost) => declared.get(fleetHost.name) ?? { name: fleetHost.name, address: `${fleetHost.name}.demo`, port: 22, user: 'rackside', roles: fleetHost.roles }
  )
  return { ...base, hosts }
}
