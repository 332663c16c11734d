// `rackside fits --site FILE.yaml --cabinet NAME --model NAME [--json]`: how many more of a model
// a cabinet can take and which limit stops it. The JSON is the public FitResult format.
import { parseArgs } from 'node:util'
import { whatFits, type FitResult } from '../../shared/domain/what-fits'
import { ExitCode, type CliIo } from './cli-io'
import { printSiteErrors, readSiteFile } from './site-file'

const USAGE = 'usage: rackside fits --site FILE.yaml --cabinet NAME --model NAME [--json]'

function renderText(cabinet: string, model: string, fit: FitResult): string {
  const limit = (value: number | null): string => (value === null ? 'no limit (the model does not use it)' : String(value))
  return [
    `${cabinet} fits ${fit.count} more ${model} (limited by ${fit.limitedBy})`,
    `  rack units: ${fit.byLimit.rackUnits}`,
    `  power (failover-safe): ${limit(fit.byLimit.power)}`,
    `  cooling: ${limit(fit.byLimit.cooling)}`,
    `  weight: ${limit(fit.byLimit.weight)}`,
    ''
  ].join('\n')
}

export async function runFitsCommand(args: string[], io: CliIo): Promise<number> {
  let values: { site?: string; cabinet?: string; model?: string; json?: boolean }
  try {
    ;({ values } = parseArgs({
      args,
      options: { site: { type: 'string' }, cabinet: { type: 'string' }, model: { type: 'string' }, json: { type: 'boolean' } },
      allowPositionals: false,
      strict: true
    }))
  } catch (error) {
    io.stderr(`rackside fits: ${error instanceof Error ? error.message : String(error)} (${USAGE})\n`)
    return ExitCode.usage
  }
  const missing = (['site', 'cabinet', 'model'] as const).filter((key) => values[key] === undefined)
  if (missing.length > 0) {
    io.stderr(`rackside fits: ${missing.map((m) => `--${m}`).join(', ')} required (${USAGE})\n`)
    return ExitCode.usage
  }
  const { site: sitePath = '', cabinet = '', model = '' } = values
  const loaded = await readSiteFile(io, sitePath)
  if (!loaded.ok) {
    printSiteErrors(io, loaded)
    return ExitCode.failed
  }
  const { site } = loaded
  let failed = false
  if (!site.cabinets.some((c) => c.name === cabinet)) {
    io.stderr(`rackside fits: ${sitePath} has no cabinet named ${cabinet} (it has: ${site.cabinets.map((c) => c.name).join(', ') || 'none'})\n`)
    failed = true
  }
  if (!site.models.some((m) => m.name === model)) {
    io.stderr(`rackside fits: ${sitePath} has no model named ${model} (it has: ${site.models.map((m) => m.name).join(', ') || 'none'})\n`)
    failed = true
  }
  if (failed) return ExitCode.failed
  const fit = whatFits(site, cabinet, model)
  if (values.json === true) io.stdout(`${JSON.stringify({ count: fit.count, limitedBy: fit.limitedBy, byLimit: fit.byLimit }, null, 2)}\n`)
  else io.stdout(renderText(cabinet, model, fit))
  return ExitCode.ok
}
