// Builds the real services on a fresh temp data folder, as the app would on first start.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createServices, type Services, type ServicesConfig } from '../../src/main/services'

export const repoRoot = join(__dirname, '..', '..')
export const resourcesDir = join(repoRoot, 'resources')

export function tempDir(prefix = 'rackside-test-'): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix))
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) }
}

export async function tempServices(dataDir: string, now?: () => number): Promise<Services> {
  return createServices({ dataDir, resourcesDir, version: '0.0.0-test', secretStoreKind: 'memory', ...(now ? { now } : {}) })
}

/**
 * Services that connect to the site's hosts as the app does, trusting only the given known_hosts
 * files and using the inventory's key files (no ssh-agent, no ~/.ssh of the machine's user).
 */
export async function connectedServices(dataDir: string, options: { knownHosts: string; homeDir: string; version?: string; fleet?: ServicesConfig['fleet'] }): Promise<Services> {
  return createServices({
    dataDir,
    resourcesDir,
    version: options.version ?? '0.0.0-test',
    secretStoreKind: 'memory',
    connectFleet: true,
    fleet: { userKnownHostsPaths: [options.knownHosts], auth: { agentSocket: null, homeDir: options.homeDir }, ...options.fleet }
  })
}
