// YAML import and export of the whole inventory. Import validates everything (schema, then site
// rules) and names the line of each problem; the store changes only when all of it is good.
import { stringify } from 'yaml'
import type { ImportYamlResult } from '../../shared/api'
import type { Site } from '../../shared/model'
import { loadSiteYaml } from '../../shared/site-yaml'
import type { InventoryStore } from './inventory-store'

export function importSiteYaml(store: InventoryStore, text: string, fileName: string): ImportYamlResult & { site?: Site } {
  const loaded = loadSiteYaml(text, fileName)
  if (!loaded.ok) return { ok: false, errors: loaded.errors }
  const site = store.replaceSite(loaded.site)
  return {
    ok: true,
    site,
    counts: { cabinets: site.cabinets.length, models: site.models.length, devices: site.devices.length, hosts: site.hosts.length }
  }
}

export function exportSiteYaml(site: Site): string {
  return `# Rackside site inventory (format: see README.md, "Site YAML format")\n${stringify(site, { lineWidth: 0 })}`
}
