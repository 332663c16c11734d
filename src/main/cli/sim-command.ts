// `rackside sim`: runs the demo fleet on its own (for OpenSSH and other clients too) until
// interrupted, and prints every host's address, port and host-key fingerprint.
import { homedir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { formatSiteError, loadSiteYaml } from '../../shared/site-yaml'
import { DEFAULT_BASE_PORT, startDemoFleet } from '../sim/demo-fleet'
import { ExitCode, type CliIo } from './cli-io'

const USAGE = 'usage: rackside sim [--hosts N] [--port P] [--site FILE] [--data DIR] [--seed S] [--fail2ban]'

/** Where the app keeps its data unless told otherwise (the Electron userData folder on Linux). */
function defaultDataDir(): string {
  return process.env.RACKSIDE_DATA_DIR ?? join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'rackside')
}

function defaultSiteFile(): string {
  return join(__dirname, '..', '..', '..', 'resources', 'demo-site.yaml')
}

/** Resolves when the process is interrupted (SIGINT/SIGTERM) or `stop` aborts. */
function interrupted(stop: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      process.off('SIGINT', done)
      process.off('SIGTERM', done)
      stop?.removeEventListener('abort', done)
      resolve()
    }
    if (stop?.aborted) return done()
    process.on('SIGINT', done)
    process.on('SIGTERM', done)
    stop?.addEventListener('abort', done, { once: true })
  })
}

/** `stop` lets tests (and an embedding app) end the run without a signal. */
export async function runSimCommand(args: string[], io: CliIo, stop?: AbortSignal): Promise<number> {
  let values: { hosts?: string; port?: string; site?: string; data?: string; seed?: string; fail2ban?: boolean; help?: boolean }
  try {
    values = parseArgs({
      args,
      options: {
        hosts: { type: 'string' },
        port: { type: 'string' },
        site: { type: 'string' },
        data: { type: 'string' },
        seed: { type: 'string' },
        fail2ban: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' }
      },
      allowPositionals: false
    }).values
  } catch (error) {
    io.stderr(`rackside sim: ${(error as Error).message}\n${USAGE}\n`)
    return ExitCode.usage
  }
  if (values.help) {
    io.stdout(`${USAGE}\n`)
    return ExitCode.ok
  }
  const hosts = values.hosts === undefined ? undefined : Number(values.hosts)
  if (hosts !== undefined && (!Number.isInteger(hosts) || hosts < 1 || hosts > 5000)) {
    io.stderr(`rackside sim: --hosts must be a whole number from 1 to 5000, got ${values.hosts}\n`)
    return ExitCode.usage
  }
  const basePort = values.port === undefined ? DEFAULT_BASE_PORT : Number(values.port)
  if (!Number.isInteger(basePort) || basePort < 0 || basePort > 65_535) {
    io.stderr(`rackside sim: --port must be a port number (0 for free ports), got ${values.port}\n`)
    return ExitCode.usage
  }

  const siteFile = values.site ?? defaultSiteFile()
  let text: string
  try {
    text = (await io.readFile(siteFile)).toString('utf8')
  } catch (error) {
    io.stderr(`rackside sim: cannot read site file ${siteFile}: ${(error as Error).message}\n`)
    return ExitCode.failed
  }
  const loaded = loadSiteYaml(text, siteFile)
  if (!loaded.ok) {
    for (const error of loaded.errors) io.stderr(`${formatSiteError(error)}\n`)
    return ExitCode.failed
  }

  const keyDir = join(values.data ?? defaultDataDir(), 'demo-fleet', 'host-keys')
  let demo
  try {
    demo = await startDemoFleet({
      site: loaded.site,
      basePort,
      keyDir,
      mailFail2ban: values.fail2ban === true,
      ...(hosts === undefined ? {} : { hosts }),
      ...(values.seed === undefined ? {} : { seed: values.seed })
    })
  } catch (error) {
    io.stderr(`rackside sim: ${(error as Error).message}\n`)
    return ExitCode.failed
  }

  const nameWidth = Math.max(4, ...demo.hosts.map((h) => h.name.length))
  io.stdout(`Demo fleet "${loaded.site.site.name}": ${demo.hosts.length} hosts on 127.0.0.1 (any user, any key or password)\n`)
  io.stdout(`${'HOST'.padEnd(nameWidth)}  ${'ADDRESS'.padEnd(15)}  ${'ROLES'.padEnd(18)}  HOST KEY\n`)
  for (const h of demo.hosts) io.stdout(`${h.name.padEnd(nameWidth)}  ${`${h.address}:${h.port}`.padEnd(15)}  ${h.roles.join(',').padEnd(18)}  ${h.hostKeySha256}\n`)
  const first = demo.hosts.find((h) => h.roles.includes('hypervisor')) ?? demo.hosts[0]
  if (first) io.stdout(`Try: ssh -p ${first.port} rackside@127.0.0.1 virsh list --all\n`)
  io.stdout('Press Ctrl-C to stop.\n')

  await interrupted(stop)
  await demo.stop()
  io.stdout('Demo fleet stopped.\n')
  return ExitCode.ok
}
