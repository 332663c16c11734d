// `rackside health gluster --info FILE --status FILE [--heal-summary FILE] [--peers FILE] [--json]`:
// volume health from captured `gluster --xml` outputs, with the rules the app uses.
import { parseArgs } from 'node:util'
import { assessVolumes, type AssessOptions, type GlusterVolumeAssessment } from '../../shared/domain/gluster-health'
import { parseHealSummary } from '../probes/gluster/gluster-heal-summary'
import { parsePeerStatus } from '../probes/gluster/gluster-peer-status'
import { parseVolumeInfo } from '../probes/gluster/gluster-volume-info'
import { parseVolumeStatus } from '../probes/gluster/gluster-volume-status'
import { ParseError } from '../probes/parse-error'
import { CliUsageError, ExitCode, type CliIo } from './cli-io'

const usage = 'usage: rackside health gluster --info FILE --status FILE [--heal-summary FILE] [--peers FILE] [--json]'

/** A file that could not be read: its own exit path, apart from garbage inside a file. */
class InputFileError extends Error {
  override name = 'InputFileError'
}

export async function runHealthCommand(args: string[], io: CliIo): Promise<number> {
  try {
    const options = readOptions(args)
    const assessments = await assess(options, io)
    io.stdout(options.json ? `${JSON.stringify({ volumes: assessments.map(({ name, health, reasons }) => ({ name, health, reasons })) }, null, 2)}\n` : renderTable(assessments))
    return ExitCode.ok
  } catch (error) {
    if (error instanceof CliUsageError) {
      io.stderr(`rackside health: ${error.message}\n${usage}\n`)
      return ExitCode.usage
    }
    if (error instanceof ParseError || error instanceof InputFileError) {
      io.stderr(`rackside health: ${oneLine(error.message)}\n`)
      return ExitCode.failed
    }
    throw error
  }
}

interface HealthOptions {
  info: string
  status: string
  healSummary: string | undefined
  peers: string | undefined
  json: boolean
}

function readOptions(args: string[]): HealthOptions {
  let parsed
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        info: { type: 'string' },
        status: { type: 'string' },
        'heal-summary': { type: 'string' },
        peers: { type: 'string' },
        json: { type: 'boolean', default: false }
      }
    })
  } catch (error) {
    throw new CliUsageError(error instanceof Error ? oneLine(error.message) : String(error))
  }
  const [target, ...extra] = parsed.positionals
  if (target !== 'gluster') throw new CliUsageError(target === undefined ? 'missing what to check (only "gluster" is known)' : `unknown health target ${JSON.stringify(target)} (only "gluster" is known)`)
  if (extra.length > 0) throw new CliUsageError(`unexpected argument ${JSON.stringify(extra[0])}`)
  const { info, status } = parsed.values
  if (info === undefined || info === '') throw new CliUsageError('--info FILE is required (output of gluster --xml volume info)')
  if (status === undefined || status === '') throw new CliUsageError('--status FILE is required (output of gluster --xml volume status all detail)')
  return { info, status, healSummary: parsed.values['heal-summary'], peers: parsed.values.peers, json: parsed.values.json ?? false }
}

async function assess(options: HealthOptions, io: CliIo): Promise<GlusterVolumeAssessment[]> {
  const info = parseVolumeInfo(await readText(io, options.info))
  const status = parseVolumeStatus(await readText(io, options.status))
  const extra: AssessOptions = {}
  if (options.healSummary !== undefined) extra.heal = parseHealSummary(await readText(io, options.healSummary))
  // peer status and pool list print the same list; either may be given.
  if (options.peers !== undefined) extra.peers = parsePeerStatus(await readText(io, options.peers))
  return assessVolumes(info, status, extra)
}

async function readText(io: CliIo, path: string): Promise<string> {
  try {
    return (await io.readFile(path)).toString('utf8')
  } catch (error) {
    const code = (error as { code?: unknown }).code
    throw new InputFileError(`cannot read ${path}${typeof code === 'string' ? ` (${code})` : `: ${error instanceof Error ? error.message : String(error)}`}`)
  }
}

function renderTable(assessments: GlusterVolumeAssessment[]): string {
  if (assessments.length === 0) return 'no volumes\n'
  const nameWidth = Math.max('VOLUME'.length, ...assessments.map((volume) => volume.name.length))
  const healthWidth = 'DEGRADED'.length
  const row = (name: string, health: string, reason: string): string => `${name.padEnd(nameWidth)}  ${health.padEnd(healthWidth)}  ${reason}`.trimEnd()
  const lines = [row('VOLUME', 'HEALTH', 'REASONS')]
  for (const volume of assessments) {
    const [first = '-', ...rest] = volume.reasons
    lines.push(row(volume.name, volume.health, first))
    for (const reason of rest) lines.push(row('', '', reason))
  }
  return `${lines.join('\n')}\n`
}

const oneLine = (text: string): string => text.replace(/\s*\n\s*/g, ' ')
