// The whole app pointed at the lab, for Chromium tests of real hosts: the same services as
// `rackside web` (in this process, so a test can also read their state), the loopback web
// transport, a fresh data folder, and a site YAML that links the lab's hosts. Host keys come from
// the lab's known_hosts; the lab's key logs in as root.
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import type { Services, ServicesConfig } from '../../src/main/services'
import { startWebServer, type RunningWebServer } from '../../src/main/transport/web-server'
import { labHosts, labPaths, type LabHostName } from '../lab/lab'
import { launchChromium, watchPageErrors } from './browser'
import { connectedServices, repoRoot, tempDir } from './temp-services'

export interface LabWeb {
  services: Services
  server: RunningWebServer
  url: string
  dataDir: string
  close(): Promise<void>
}

export function labAddressOf(host: LabHostName): string {
  const found = labHosts.find((h) => h.name === host)
  if (!found) throw new Error(`no lab host ${host}`)
  return found.address
}

/** A `hosts:` entry for the site YAML: root with the lab's key. */
export function labHostYaml(host: LabHostName, roles: readonly string[]): string {
  return `  - { name: ${host}, address: ${labAddressOf(host)}, port: 22, user: root, roles: [${roles.join(', ')}], identityFile: ${JSON.stringify(labPaths().privateKey)} }`
}

/** Starts the services on a temp data folder, imports the site, serves the built renderer. */
export async function startLabWeb(siteYaml: string, fleet: ServicesConfig['fleet'] = {}): Promise<LabWeb> {
  const dir = tempDir('rackside-lab-web-')
  const dataDir = join(dir.path, 'data')
  const services = await connectedServices(dataDir, { knownHosts: labPaths().knownHosts, homeDir: dir.path, version: '0.0.0-lab', fleet })
  const imported = await services.handlers['inventory.importYaml']({ text: siteYaml, fileName: 'lab-site.yaml' })
  if (!imported.ok) {
    await services.close()
    dir.remove()
    throw new Error(`the lab site was refused: ${JSON.stringify(imported.errors)}`)
  }
  const server = await startWebServer({ handlers: services.handlers, events: services.events, rendererDir: join(repoRoot, 'out', 'renderer'), port: 0 })
  return {
    services,
    server,
    url: server.url,
    dataDir,
    close: async () => {
      await server.close()
      await services.close()
      dir.remove()
    }
  }
}

/** Chromium with one page open on the lab app; errors on the page are collected for asserting. */
export async function openLabPage(web: LabWeb): Promise<{ browser: Browser; page: Page; errors: string[] }> {
  const browser = await launchChromium()
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
  const errors = watchPageErrors(page)
  await page.goto(web.url)
  return { browser, page, errors }
}
