// `rackside power --site FILE.yaml [--json]`: the power, cooling, weight and rack-unit budget of
// every cabinet in a site file. The JSON shape is a public contract (extra fields may be added).
import { parseArgs } from 'node:util'
import { siteBudget, type CabinetBudget, type SiteTotals } from '../../shared/domain/power'
import { ExitCode, type CliIo } from './cli-io'
import { printSiteErrors, readSiteFile } from './site-file'

const USAGE = 'usage: rackside power --site FILE.yaml [--json]'

/** Watts and BTU/h to 0.1: the inputs are whole watts, the rest is float noise. */
function tenth(value: number): number {
  return Math.round(value * 10) / 10
}

function cabinetJson(b: CabinetBudget) {
  return {
    name: b.name,
    heightU: b.heightU,
    usedU: b.usedU,
    freeU: b.freeU,
    budgetWatts: tenth(b.budgetWatts),
    budgetBoundBy: b.budgetBoundBy,
    drawWatts: { nameplate: tenth(b.drawWatts.nameplate), typical: tenth(b.drawWatts.typical), peak: tenth(b.drawWatts.peak) },
    headroomWatts: tenth(b.headroomWatts),
    feeds: b.feeds.map((f) => ({
      name: f.name,
      capacityWatts: tenth(f.capacityWatts),
      normalLoadWatts: tenth(f.normalLoadWatts),
      failoverLoadWatts: tenth(f.failoverLoadWatts),
      verdict: f.verdict
    })),
    heatBtuPerHour: tenth(b.heatBtuPerHour),
    coolingBtuPerHour: tenth(b.coolingBtuPerHour),
    weightKg: tenth(b.weightKg),
    maxWeightKg: b.maxWeightKg,
    verdict: b.verdict,
    bindingLimit: b.bindingLimit,
    unpoweredDevices: b.unpoweredDevices,
    warnings: b.warnings
  }
}

function totalsJson(t: SiteTotals) {
  return {
    cabinets: t.cabinets,
    heightU: t.heightU,
    usedU: t.usedU,
    budgetWatts: tenth(t.budgetWatts),
    drawWatts: { nameplate: tenth(t.drawWatts.nameplate), typical: tenth(t.drawWatts.typical), peak: tenth(t.drawWatts.peak) },
    headroomWatts: tenth(t.headroomWatts),
    heatBtuPerHour: tenth(t.heatBtuPerHour),
    coolingBtuPerHour: tenth(t.coolingBtuPerHour),
    weightKg: tenth(t.weightKg),
    maxWeightKg: t.maxWeightKg,
    verdict: t.verdict
  }
}

// Names and words left-aligned, figures right-aligned.
function table(rows: string[][], leftColumns: ReadonlySet<number>): string {
  const widths = rows[0]?.map((_, col) => Math.max(...rows.map((r) => (r[col] ?? '').length))) ?? []
  const cell = (text: string, col: number): string => (leftColumns.has(col) ? text.padEnd(widths[col] ?? 0) : text.padStart(widths[col] ?? 0))
  return rows.map((r) => r.map(cell).join('  ').trimEnd()).join('\n')
}

const whole = (value: number): string => String(Math.round(value))
const percent = (used: number, limit: number): string => `${Math.round((used / limit) * 100)} %`

function renderText(siteName: string, cabinets: CabinetBudget[], totals: SiteTotals): string {
  const rows = [
    ['cabinet', 'U used', 'budget W', 'peak W', 'typical W', 'headroom W', 'heat BTU/h', 'cooling BTU/h', 'weight kg', 'verdict', 'binding'],
    ...cabinets.map((b) => [
      b.name,
      `${b.usedU}/${b.heightU}`,
      whole(b.budgetWatts),
      whole(b.drawWatts.peak),
      whole(b.drawWatts.typical),
      whole(b.headroomWatts),
      whole(b.heatBtuPerHour),
      whole(b.coolingBtuPerHour),
      `${whole(b.weightKg)}/${whole(b.maxWeightKg)}`,
      b.verdict,
      b.bindingLimit
    ]),
    [
      'site',
      `${totals.usedU}/${totals.heightU}`,
      whole(totals.budgetWatts),
      whole(totals.drawWatts.peak),
      whole(totals.drawWatts.typical),
      whole(totals.headroomWatts),
      whole(totals.heatBtuPerHour),
      whole(totals.coolingBtuPerHour),
      `${whole(totals.weightKg)}/${whole(totals.maxWeightKg)}`,
      totals.verdict,
      ''
    ]
  ]
  const details = cabinets.flatMap((b) => [
    ...b.feeds.map(
      (f) =>
        `${b.name} feed ${f.name}: capacity ${whole(f.capacityWatts)} W, normal ${whole(f.normalLoadWatts)} W, on failover ${whole(f.failoverLoadWatts)} W (${percent(f.failoverLoadWatts, f.capacityWatts)}, ${f.verdict})`
    ),
    ...b.warnings.map((w) => `${b.name} warning: ${w}`)
  ])
  return `${siteName}\n\n${table(rows, new Set([0, 9, 10]))}\n\n${details.join('\n')}\n`
}

export async function runPowerCommand(args: string[], io: CliIo): Promise<number> {
  let values: { site?: string; json?: boolean }
  try {
    ;({ values } = parseArgs({ args, options: { site: { type: 'string' }, json: { type: 'boolean' } }, allowPositionals: false, strict: true }))
  } catch (error) {
    io.stderr(`rackside power: ${error instanceof Error ? error.message : String(error)} (${USAGE})\n`)
    return ExitCode.usage
  }
  if (values.site === undefined) {
    io.stderr(`rackside power: --site is required (${USAGE})\n`)
    return ExitCode.usage
  }
  const loaded = await readSiteFile(io, values.site)
  if (!loaded.ok) {
    printSiteErrors(io, loaded)
    return ExitCode.failed
  }
  const { cabinets, totals } = siteBudget(loaded.site)
  if (values.json === true) io.stdout(`${JSON.stringify({ cabinets: cabinets.map(cabinetJson), totals: totalsJson(totals) }, null, 2)}\n`)
  else io.stdout(renderText(loaded.site.site.name, cabinets, totals))
  return ExitCode.ok
}
