// `rackside diagnose mail --log FILE [...]`: why a Dovecot/Postfix server is loaded, from the
// captured outputs of a support bundle, with the rules the app uses. Offline: reads files only.
import { parseArgs } from 'node:util'
import { diagnoseMail, type MailCause, type MailDiagnosis, type MailEvidence } from '../../shared/domain/mail-diagnosis'
import { lineTimestamps } from '../../shared/domain/mail-log-time'
import { parseLoadavg } from '../probes/linux/loadavg'
import { parsePsi } from '../probes/linux/psi'
import { parseVmstat } from '../probes/linux/vmstat'
import { parseDoveadmPenalty } from '../probes/mail/doveadm-penalty'
import { parseDoveadmServiceStatus } from '../probes/mail/doveadm-service-status'
import { parseDoveadmWho } from '../probes/mail/doveadm-who'
import { parseMailLog } from '../probes/mail/mail-log'
import { parsePostqueueJson } from '../probes/mail/postqueue-json'
import { parseSsEstablished } from '../probes/mail/ss-established'
import { ParseError } from '../probes/parse-error'
import { CliUsageError, ExitCode, type CliIo } from './cli-io'

const usage =
  'usage: rackside diagnose mail --log FILE [--who FILE] [--ss FILE] [--service-status FILE] [--penalty FILE] [--loadavg FILE] [--psi-io FILE] [--vmstat FILE] [--postqueue FILE]... [--cores N] [--json]'

/** An input file that could not be read or parsed; its message names the option and the file. */
class InputFileError extends Error {
  override name = 'InputFileError'
}

export async function runDiagnoseCommand(args: string[], io: CliIo): Promise<number> {
  try {
    const options = readOptions(args)
    const diagnosis = await diagnose(options, io)
    io.stdout(options.json ? `${JSON.stringify(diagnosis, null, 2)}\n` : renderReport(diagnosis))
    return ExitCode.ok
  } catch (error) {
    if (error instanceof CliUsageError) {
      io.stderr(`rackside diagnose: ${error.message}\n${usage}\n`)
      return ExitCode.usage
    }
    if (error instanceof InputFileError) {
      io.stderr(`rackside diagnose: ${oneLine(error.message)}\n`)
      return ExitCode.failed
    }
    throw error
  }
}

interface DiagnoseOptions {
  files: Partial<Record<FileOption, string>>
  log: string
  postqueue: string[]
  cores: number | undefined
  json: boolean
}

const FILE_OPTIONS = ['log', 'who', 'ss', 'service-status', 'penalty', 'loadavg', 'psi-io', 'vmstat'] as const
type FileOption = (typeof FILE_OPTIONS)[number]

function readOptions(args: string[]): DiagnoseOptions {
  let parsed
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        ...Object.fromEntries(FILE_OPTIONS.map((name) => [name, { type: 'string' as const }])),
        postqueue: { type: 'string', multiple: true },
        cores: { type: 'string' },
        json: { type: 'boolean', default: false }
      }
    })
  } catch (error) {
    throw new CliUsageError(error instanceof Error ? oneLine(error.message) : String(error))
  }
  const [target, ...extra] = parsed.positionals
  if (target !== 'mail') throw new CliUsageError(target === undefined ? 'missing what to diagnose (only "mail" is known)' : `unknown diagnosis target ${JSON.stringify(target)} (only "mail" is known)`)
  if (extra.length > 0) throw new CliUsageError(`unexpected argument ${JSON.stringify(extra[0])}`)
  const values = parsed.values as Record<string, string | string[] | boolean | undefined>
  const files: Partial<Record<FileOption, string>> = {}
  for (const name of FILE_OPTIONS) {
    const value = values[name]
    if (value === '') throw new CliUsageError(`--${name} needs a file name`)
    if (typeof value === 'string') files[name] = value
  }
  if (files.log === undefined) throw new CliUsageError('--log FILE is required (Dovecot/Postfix log lines: the log file, syslog mail.log or journalctl output)')
  const postqueue = (values['postqueue'] as string[] | undefined) ?? []
  if (postqueue.includes('')) throw new CliUsageError('--postqueue needs a file name')
  const coresText = values['cores'] as string | undefined
  let cores: number | undefined
  if (coresText !== undefined) {
    if (!/^[1-9]\d{0,4}$/.test(coresText)) throw new CliUsageError(`--cores must be a whole number of CPUs, got ${JSON.stringify(coresText)}`)
    cores = Number(coresText)
  }
  return { files, log: files.log, postqueue, cores, json: values['json'] === true }
}

async function readText(io: CliIo, option: string, path: string): Promise<string> {
  try {
    return (await io.readFile(path)).toString('utf8')
  } catch (error) {
    const code = (error as { code?: unknown }).code
    throw new InputFileError(`--${option} ${path}: cannot read${typeof code === 'string' ? ` (${code})` : `: ${error instanceof Error ? error.message : String(error)}`}`)
  }
}

/** A ParseError becomes one line naming the option and the file. */
function parseInput<T>(option: string, path: string, text: string, parse: (text: string) => T): T {
  try {
    return parse(text)
  } catch (error) {
    if (error instanceof ParseError) throw new InputFileError(`--${option} ${path}: ${error.message}`)
    throw error
  }
}

async function readInput<T>(io: CliIo, option: string, path: string, parse: (text: string) => T): Promise<T> {
  return parseInput(option, path, await readText(io, option, path), parse)
}

async function diagnose(options: DiagnoseOptions, io: CliIo): Promise<MailDiagnosis> {
  const notes: string[] = []
  const logText = await readText(io, 'log', options.log)
  const log = parseInput('log', options.log, logText, parseMailLog)
  if (logText.trim() === '') notes.push(`--log ${options.log} is empty: no log rule could fire`)
  const [firstMalformed] = log.malformed
  if (firstMalformed !== undefined) {
    notes.push(`--log ${options.log}: ${log.malformed.length} damaged line${log.malformed.length === 1 ? '' : 's'} left out (first at line ${firstMalformed.lineNumber}: ${firstMalformed.detail})`)
  }
  const evidence: MailEvidence = { log: { events: log.events, lineTimes: lineTimestamps(logText) } }
  const { files } = options
  if (files.who !== undefined) evidence.who = await readInput(io, 'who', files.who, parseDoveadmWho)
  if (files.ss !== undefined) evidence.ss = await readInput(io, 'ss', files.ss, parseSsEstablished)
  if (files['service-status'] !== undefined) evidence.serviceStatus = await readInput(io, 'service-status', files['service-status'], parseDoveadmServiceStatus)
  if (files.penalty !== undefined) evidence.penalty = await readInput(io, 'penalty', files.penalty, parseDoveadmPenalty)
  if (files.loadavg !== undefined) evidence.loadavg = await readInput(io, 'loadavg', files.loadavg, parseLoadavg)
  if (files['psi-io'] !== undefined) evidence.psiIo = await readInput(io, 'psi-io', files['psi-io'], parsePsi)
  if (files.vmstat !== undefined) evidence.vmstat = await readInput(io, 'vmstat', files.vmstat, parseVmstat)
  if (options.postqueue.length > 0) {
    const samples = []
    for (const path of options.postqueue) samples.push(await readInput(io, 'postqueue', path, parsePostqueueJson))
    evidence.postqueue = samples
  }
  if (options.cores !== undefined) evidence.cores = options.cores
  const diagnosis = diagnoseMail(evidence)
  // Rules that had nothing to read are named, so silence is not mistaken for a clean bill.
  if (files.vmstat === undefined) notes.push('io-bound not checked: no --vmstat')
  if (options.postqueue.length === 0) notes.push('queue-growth not checked: no --postqueue')
  return { ...diagnosis, notes: [...notes, ...diagnosis.notes] }
}

function renderCause(cause: MailCause): string[] {
  const lines = [`${cause.severity.toUpperCase()}  ${cause.cause}`, ...cause.evidence.map((line) => `  ${line}`)]
  if (cause.topSources.length > 0) lines.push(`  top sources: ${cause.topSources.map((source) => `${source.ip} (${source.count})`).join(', ')}`)
  lines.push('  what to do:', ...cause.suggestedActions.map((action) => `    - ${action}`))
  return lines
}

function renderReport(diagnosis: MailDiagnosis): string {
  const { window } = diagnosis
  const lines = [
    window === null
      ? 'Log window: no timestamped lines'
      : `Log window: ${window.firstTime} to ${window.lastTime} (${window.seconds < 60 ? `${Math.round(window.seconds)} s` : `${(window.seconds / 60).toFixed(1)} min`}, ${window.events} events)`,
    ''
  ]
  if (diagnosis.causes.length === 0) lines.push('No cause of mail load found.')
  for (const cause of diagnosis.causes) lines.push(...renderCause(cause), '')
  if (diagnosis.notes.length > 0) {
    if (diagnosis.causes.length === 0) lines.push('')
    lines.push(...diagnosis.notes.map((note) => `note: ${note}`))
  }
  return `${lines.join('\n').trimEnd()}\n`
}

const oneLine = (text: string): string => text.replace(/\s*\n\s*/g, ' ')
