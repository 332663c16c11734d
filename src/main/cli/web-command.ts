// `rackside web [--port N] [--data DIR]`: the whole app for a browser on this machine.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { appVersion, rendererDir, resourcesDir } from '../app-paths'
import { resolveDataDir } from '../data-dir'
import { launchDemoFleet } from '../fleet/demo-launcher'
import { createServices } from '../services'
import { startWebServer } from '../transport/web-server'
import { CliUsageError, ExitCode, type CliIo } from './cli-io'

export async function runWebCommand(args: string[], io: CliIo, until: Promise<void> = interrupted()): Promise<number> {
  const { values } = parseArgs({ args, options: { port: { type: 'string' }, data: { type: 'string' } }, strict: true })
  const port = values.port === undefined ? 0 : Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliUsageError(`--port takes a port number from 0 to 65535, not ${values.port}`)
  const renderer = rendererDir()
  if (!existsSync(join(renderer, 'index.html'))) {
    io.stderr(`rackside web: the renderer is not built (${renderer}/index.html is missing); run \`npm run build\`\n`)
    return ExitCode.failed
  }
  const dataDir = resolveDataDir(values.data)
  const services = await createServices({ dataDir, resourcesDir: resourcesDir(), version: appVersion(), secretStoreKind: 'memory', connectFleet: true, launchDemoFleet })
  const server = await startWebServer({ handlers: services.handlers, events: services.events, rendererDir: renderer, port })
  io.stdout(`Rackside ${appVersion()} — data in ${dataDir}\nOpen ${server.url}\n(serving on 127.0.0.1 only; Ctrl+C stops)\n`)
  await until
  await server.close()
  await services.close()
  return ExitCode.ok
}

function interrupted(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve())
    process.once('SIGTERM', () => resolve())
  })
}
