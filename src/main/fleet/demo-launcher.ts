// Starts the demo fleet for the app: every demo host on its own 127.0.0.1 port, reached over
// real SSH with a client key made for the demo, and trusted through the host keys the fleet
// itself reports (written as known_hosts lines), never by skipping verification.
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { utils } from 'ssh2'
import type { Site } from '../../shared/model'
import { startDemoFleet, type DemoFleet } from '../sim/demo-fleet'
import type { DemoFleetHandle } from '../services'
import type { DemoEndpoint } from './fleet-service'

export interface RunningDemoFleet extends DemoFleetHandle {
  fleet: DemoFleet
}

export async function launchDemoFleet(site: Site, dataDir: string): Promise<RunningDemoFleet> {
  const folder = join(dataDir, 'demo-fleet')
  await mkdir(folder, { recursive: true, mode: 0o700 })
  const identityFile = await demoClientKey(folder)
  const fleet = await startDemoFleet({ site, basePort: 0, keyDir: join(folder, 'host-keys') })
  const endpoints = new Map<string, DemoEndpoint>(
    fleet.hosts.map((host) => [host.name, { address: host.address, port: host.port, identityFile, knownHostsLine: `[${host.address}]:${host.port} ${host.hostPublicKey}` }])
  )
  return { endpoints, fleet, model: fleet.fleet, stop: () => fleet.stop() }
}

async function demoClientKey(folder: string): Promise<string> {
  const path = join(folder, 'client_ed25519')
  try {
    await readFile(path)
    return path
  } catch {
    await writeFile(path, readableEd25519PrivateKey(), { mode: 0o600 })
    await chmod(path, 0o600)
    return path
  }
}

/** ssh2 1.17 now and then generates an ed25519 key it cannot read back: check, and make another. */
function readableEd25519PrivateKey(): string {
  for (let attempt = 1; attempt <= 10; attempt++) {
    const pair = utils.generateKeyPairSync('ed25519', { comment: 'rackside demo fleet client' })
    if (!(utils.parseKey(pair.private) instanceof Error)) return pair.private
  }
  throw new Error('could not generate a readable ed25519 key for the demo fleet client')
}
