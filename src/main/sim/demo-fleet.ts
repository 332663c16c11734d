// Starts the demo fleet: the fleet model plus one SSH endpoint per host on 127.0.0.1, at
// basePort + the host's position in the site (so known_hosts entries stay valid between
// runs), with host keys that persist in keyDir.
import type { HostRole, Site } from '../../shared/model'
import { FleetModel, type SimHost } from './fleet-model'
import { loadOrCreateHostKey } from './host-keys'
import { HostEndpoint } from './ssh-server'

export const DEFAULT_BASE_PORT = 22_000
const LOOPBACK = '127.0.0.1'

export interface DemoFleetOptions {
  site: Site
  /** Total host count: fewer takes the first N site hosts, more adds generated Atom hypervisors. */
  hosts?: number
  /** Port of the first host; 0 gives every host a free ephemeral port (tests). Default 22000. */
  basePort?: number
  /** Folder for the persistent ed25519 host keys. */
  keyDir: string
  clock?: () => number
  seed?: string | number
  utcOffsetMinutes?: number
  migrationSecondsPerGiB?: number
  /** Installs fail2ban-client on the mail servers (default: not installed). */
  mailFail2ban?: boolean
}

export interface DemoFleetHost {
  name: string
  address: typeof LOOPBACK
  port: number
  hostKeySha256: string
  /** `ssh-ed25519 AAAA…`: with address and port, a ready known_hosts line. */
  hostPublicKey: string
  roles: HostRole[]
}

export interface DemoFleetEndpointStats {
  name: string
  connections: number
  runningCommands: number
  clientErrors: number
}

export interface DemoFleet {
  hosts: DemoFleetHost[]
  /** The model behind the hosts, with the failure-injection methods. */
  fleet: FleetModel
  /** Open SSH connections and running commands per host (for a status panel and tests). */
  endpointStats(): DemoFleetEndpointStats[]
  stop(): Promise<void>
}

export async function startDemoFleet(options: DemoFleetOptions): Promise<DemoFleet> {
  const basePort = options.basePort ?? DEFAULT_BASE_PORT
  if (!Number.isInteger(basePort) || basePort < 0 || basePort > 65_535) throw new RangeError(`basePort must be a port number or 0, got ${basePort}`)
  const fleet = new FleetModel({
    site: options.site,
    ...(options.hosts === undefined ? {} : { hosts: options.hosts }),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.utcOffsetMinutes === undefined ? {} : { utcOffsetMinutes: options.utcOffsetMinutes }),
    ...(options.migrationSecondsPerGiB === undefined ? {} : { migrationSecondsPerGiB: options.migrationSecondsPerGiB }),
    ...(options.mailFail2ban === undefined ? {} : { mailFail2ban: options.mailFail2ban })
  })
  if (basePort > 0 && basePort + fleet.hosts.length - 1 > 65_535) throw new RangeError(`${fleet.hosts.length} hosts from port ${basePort} run past 65535`)

  const endpoints = new Map<string, HostEndpoint>()
  const byPort = new Map<number, SimHost>()
  const resolveHost = (address: string, port: number | null): SimHost | undefined => {
    if ((address === LOOPBACK || address === 'localhost') && port !== null) return byPort.get(port)
    return fleet.hosts.find((h) => h.name === address || `${h.name}.demo` === address || h.ipAddress === address)
  }

  const hosts: DemoFleetHost[] = []
  try {
    for (const host of fleet.hosts) {
      const key = await loadOrCreateHostKey(options.keyDir, host.name)
      const endpoint = new HostEndpoint({ fleet, host, privateKey: key.privateKey, bindAddress: LOOPBACK, port: basePort === 0 ? 0 : basePort + host.index, resolveHost })
      endpoints.set(host.name, endpoint)
      const port = await endpoint.start()
      byPort.set(port, host)
      hosts.push({ name: host.name, address: LOOPBACK, port, hostKeySha256: key.sha256Fingerprint, hostPublicKey: key.publicKey, roles: host.roles })
    }
  } catch (error) {
    await Promise.all([...endpoints.values()].map((e) => e.stop()))
    throw error
  }

  const onReachability = (name: string, reachability: Parameters<HostEndpoint['setReachability']>[0]) => {
    // Re-listening after a restore can fail (another program took the port): report it on the fleet.
    endpoints
      .get(name)
      ?.setReachability(reachability)
      .catch((error: unknown) => fleet.emit('endpoint-error', name, error))
  }
  fleet.on('reachability', onReachability)

  let stopped = false
  return {
    hosts,
    fleet,
    endpointStats: () =>
      [...endpoints.entries()].map(([name, e]) => ({ name, connections: e.connections, runningCommands: e.runningCommands, clientErrors: e.clientErrors })),
    async stop() {
      if (stopped) return
      stopped = true
      fleet.off('reachability', onReachability)
      await Promise.all([...endpoints.values()].map((e) => e.stop()))
    }
  }
}
