// `rackside inventory export [--data DIR] [--out FILE]` and
// `rackside inventory import FILE.yaml [--data DIR]`: the whole inventory as site YAML.
import { writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { appVersion, resourcesDir } from '../app-paths'
import { resolveDataDir } from '../data-dir'
import { createServices } from '../services'
import { formatSiteError } from '../../shared/site-yaml'
import { CliUsageError, ExitCode, type CliIo } from './cli-io'

export async function runInventoryCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { data: { type: 'string' }, out: { type: 'string' } }, allowPositionals: true, strict: true })
  const [action, file, ...rest] = positionals
  if (rest.length > 0) throw new CliUsageError(`unexpected argument ${rest[0]}`)
  if (action !== 'export' && action !== 'import') throw new CliUsageError('usage: rackside inventory export [--out FILE] | import FILE.yaml  [--data DIR]')
  if (action === 'import' && !file) throw new CliUsageError('inventory import needs the YAML file to read')
  const services = await createServices({ dataDir: resolveDataDir(values.data), resourcesDir: resourcesDir(), version: appVersion(), secretStoreKind: 'memory' })
  try {
    if (action === 'export') {
      const { yaml } = await services.handlers['inventory.exportYaml']({})
      if (values.out) writeFileSync(values.out, yaml, { mode: 0o644 })
      else io.stdout(yaml)
      return ExitCode.ok
    }
    const text = (await io.readFile(file as string)).toString('utf8')
    const result = await services.handlers['inventory.importYaml']({ text, fileName: file as string })
    if (!result.ok) {
      for (const error of result.errors) io.stderr(`${formatSiteError({ file: file as string, ...error })}\n`)
      io.stderr(`rackside inventory: nothing imported; the inventory is unchanged\n`)
      return ExitCode.failed
    }
    const { cabinets, models, devices, hosts } = result.counts
    io.stdout(`imported ${file}: ${cabinets} cabinets, ${models} models, ${devices} devices, ${hosts} hosts\n`)
    return ExitCode.ok
  } finally {
    await services.close()
  }
}
