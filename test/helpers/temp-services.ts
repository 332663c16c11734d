// Builds the real services on a fresh temp data folder, as the app would on first start.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createServices, type Services } from '../../src/main/services'

export const repoRoot = join(__dirname, '..', '..')
export const resourcesDir = join(repoRoot, 'resources')

export function tempDir(prefix = 'rackside-test-'): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix))
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) }
}

export async function tempServices(dataDir: string, now?: () => number): Promise<Services> {
  return createServices({ dataDir, resourcesDir, version: '0.0.0-test', secretStoreKind: 'memory', ...(now ? { now } : {}) })
}
