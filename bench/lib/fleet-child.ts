// Child process of the fleet benchmark: runs the demo fleet (its SSH servers and model) apart
// from the process being measured, reports where each host listens, and stops when the parent
// closes stdin. Replaceable by `rackside sim` once that command is wired into bin/rackside.
// usage: node --import tsx bench/lib/fleet-child.ts --hosts N --key-dir DIR [--seed S]
import { parseArgs } from 'node:util'
import { startDemoFleet } from '../../src/main/sim/demo-fleet'
import { parentGone, sendToParent } from './bench-child'
import { loadDemoSite, type BenchFleetHost } from './bench-site'

export type FleetChildMessage = { kind: 'ready'; hosts: BenchFleetHost[]; startSeconds: number } | { kind: 'stopped' }

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { hosts: { type: 'string' }, 'key-dir': { type: 'string' }, seed: { type: 'string' } } })
  const hosts = Number(values.hosts)
  if (!Number.isInteger(hosts) || hosts < 1) throw new Error(`--hosts must be a whole number ≥ 1, got ${values.hosts}`)
  const keyDir = values['key-dir']
  if (!keyDir) throw new Error('--key-dir is required')
  const started = performance.now()
  const fleet = await startDemoFleet({ site: loadDemoSite(), hosts, basePort: 0, keyDir, ...(values.seed ? { seed: values.seed } : {}) })
  fleet.fleet.on('endpoint-error', (name: string, error: Error) => console.error(`endpoint ${name}: ${error.message}`))
  sendToParent({
    kind: 'ready',
    startSeconds: (performance.now() - started) / 1000,
    hosts: fleet.hosts.map((h) => ({ name: h.name, address: h.address, port: h.port, hostPublicKey: h.hostPublicKey, roles: h.roles }))
  } satisfies FleetChildMessage)
  await parentGone()
  await fleet.stop()
  sendToParent({ kind: 'stopped' } satisfies FleetChildMessage)
  process.exit(0)
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
