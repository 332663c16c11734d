import { ParseError } from '../parse-error'
import { camelCase, ownValue } from '../linux/probe-text'
import type { VirshField } from './virsh-output'
import { readVirshFields, requireField, virshCommand } from './virsh-output'

const TOOL = 'virsh domjobinfo'

/** The running job, or with `completed` the statistics of the last finished one. */
export function virshDomjobinfoCommand(domain: string, options: { completed?: boolean; connectUri?: string } = {}): string[] {
  return virshCommand(['domjobinfo', '--domain', domain, ...(options.completed === true ? ['--completed'] : [])], options.connectUri)
}

export type JobType = 'None' | 'Bounded' | 'Unbounded' | 'Completed' | 'Failed' | 'Cancelled'

/**
 * Every label becomes a camelCase key with its unit: "Data processed: 1.234 MiB" ->
 * dataProcessedBytes, "Memory bandwidth: 30.675 MiB/s" -> memoryBandwidthBytesPerSecond,
 * "Time elapsed w/o network: 251 ms" -> timeElapsedWithoutNetworkMs, "Iteration: 2" -> iteration.
 */
export interface VirshDomjobinfo {
  jobType: JobType
  operation?: string
  timeElapsedMs?: number
  timeElapsedWithoutNetworkMs?: number
  dataProcessedBytes?: number
  dataRemainingBytes?: number
  dataTotalBytes?: number
  memoryProcessedBytes?: number
  memoryRemainingBytes?: number
  memoryTotalBytes?: number
  memoryBandwidthBytesPerSecond?: number
  dirtyRatePagesPerSecond?: number
  pageSizeBytes?: number
  iteration?: number
  expectedDowntimeMs?: number
  totalDowntimeMs?: number
  setupTimeMs?: number
  [label: string]: string | number | undefined
}

const JOB_TYPES: readonly JobType[] = ['None', 'Bounded', 'Unbounded', 'Completed', 'Failed', 'Cancelled']

// Labels virsh 9 prints with a number; damage there is an error, while a label unknown to us
// that carries text is kept as text (newer virsh versions add fields).
const NUMERIC_LABELS = new Set([
  'Time elapsed', 'Time elapsed w/o network', 'Data processed', 'Data remaining', 'Data total',
  'Memory processed', 'Memory remaining', 'Memory total', 'Memory bandwidth', 'Dirty rate', 'Page size',
  'Iteration', 'Postcopy requests', 'Constant pages', 'Normal pages', 'Normal data', 'Expected downtime',
  'Total downtime', 'Downtime w/o network', 'Setup time', 'File processed', 'File remaining', 'File total',
  'File bandwidth', 'Compression cache', 'Compressed data', 'Compressed pages', 'Compression cache misses',
  'Compression overflows', 'Auto converge throttle'
])

function isMeasurement(label: string, value: string): boolean {
  return NUMERIC_LABELS.has(label) || /^\d/.test(value)
}

const SIZE_FACTORS: Record<string, number> = {
  B: 1,
  KiB: 1024,
  MiB: 1024 ** 2,
  GiB: 1024 ** 3,
  TiB: 1024 ** 4,
  PiB: 1024 ** 5,
  EiB: 1024 ** 6
}

function measurement(label: string, field: VirshField): [string, number] {
  const match = /^(\d{1,20}(?:\.\d{1,9})?)(?:\s+(\S+))?$/.exec(field.value)
  if (match === null) throw new ParseError(TOOL, `${label} is not a number with a unit`, field.line.lineNumber, field.line.text)
  const value = Number(match[1])
  const unit = match[2]
  const base = camelCase(label)
  if (unit === undefined) return [base, value]
  const sizeFactor = ownValue(SIZE_FACTORS, unit)
  if (sizeFactor !== undefined) return [`${base}Bytes`, Math.round(value * sizeFactor)]
  const rateFactor = unit.endsWith('/s') ? ownValue(SIZE_FACTORS, unit.slice(0, -2)) : undefined
  if (rateFactor !== undefined) return [`${base}BytesPerSecond`, Math.round(value * rateFactor)]
  switch (unit) {
    case 'ms':
      return [`${base}Ms`, value]
    case 'bytes':
      return [`${base}Bytes`, value]
    case 'pages/s':
      return [`${base}PagesPerSecond`, value]
    case '%':
      return [`${base}Percent`, value]
    default:
      throw new ParseError(TOOL, `${label} has an unknown unit ${JSON.stringify(unit)}`, field.line.lineNumber, field.line.text)
  }
}

export function parseVirshDomjobinfo(text: string): VirshDomjobinfo {
  const fields = readVirshFields(TOOL, text)
  const jobTypeField = requireField(TOOL, fields, 'Job type')
  const jobType = JOB_TYPES.find((type) => type === jobTypeField.value)
  if (jobType === undefined) throw new ParseError(TOOL, `unknown job type ${JSON.stringify(jobTypeField.value)}`, jobTypeField.line.lineNumber, jobTypeField.line.text)
  const result: VirshDomjobinfo = { jobType }
  for (const [label, field] of fields) {
    if (label === 'Job type') continue
    const [key, value] = isMeasurement(label, field.value) ? measurement(label, field) : [camelCase(label), field.value]
    if (Object.hasOwn(result, key)) throw new ParseError(TOOL, `${label} repeats the field ${key}`, field.line.lineNumber, field.line.text)
    result[key] = value
  }
  return result
}
