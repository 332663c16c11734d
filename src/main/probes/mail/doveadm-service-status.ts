import { ParseError } from '../parse-error'
import type { TextLine } from '../linux/probe-text'
import { camelCase, rejectBinary, toLines } from '../linux/probe-text'

const TOOL = 'doveadm service status'

export const doveadmServiceStatusCommand = ['doveadm', 'service', 'status'] as const

export interface DovecotService {
  name: string
  processCount: number
  processLimit: number
  clientLimit: number
  /** Idle processes ready for a client. */
  processAvail: number | null
  /** Processes started since Dovecot started. */
  processTotal: number | null
  throttleSecs: number | null
  exitFailureLast: number | null
  exitFailuresInSec: number | null
  /** Epoch seconds of the last "process_limit reached" warning, 0 if never. */
  lastDropWarning: number | null
  listening: boolean | null
  listenPending: boolean | null
  doveadmStop: boolean | null
  /** Fields this parser does not know, camelCased, as numbers, booleans (y/n) or text. */
  extra: Record<string, number | boolean | string>
}

export interface DoveadmServiceStatus {
  services: DovecotService[]
}

const NUMBERS = ['processCount', 'processLimit', 'clientLimit', 'processAvail', 'processTotal', 'throttleSecs', 'exitFailureLast', 'exitFailuresInSec', 'lastDropWarning'] as const
const FLAGS = ['listening', 'listenPending', 'doveadmStop'] as const
const REQUIRED = ['processCount', 'processLimit', 'clientLimit']

type Block = { lines: TextLine[] }

function parseService(block: Block): DovecotService {
  const values = new Map<string, { value: string; line: TextLine }>()
  for (const line of block.lines) {
    const match = /^([a-z0-9_]+): ?(.*)$/.exec(line.text)
    if (match === null) throw new ParseError(TOOL, 'expected "field: value"', line.lineNumber, line.text)
    const key = camelCase(match[1] as string)
    if (values.has(key)) throw new ParseError(TOOL, `${match[1]} appears twice in one service`, line.lineNumber, line.text)
    values.set(key, { value: (match[2] as string).trim(), line })
  }
  const first = block.lines[0] as TextLine
  const name = values.get('name')
  if (name === undefined || name.value === '') throw new ParseError(TOOL, 'a service block without a name', first.lineNumber, first.text)
  const service: DovecotService = {
    name: name.value,
    processCount: 0,
    processLimit: 0,
    clientLimit: 0,
    processAvail: null,
    processTotal: null,
    throttleSecs: null,
    exitFailureLast: null,
    exitFailuresInSec: null,
    lastDropWarning: null,
    listening: null,
    listenPending: null,
    doveadmStop: null,
    extra: {}
  }
  for (const key of REQUIRED) {
    if (!values.has(key)) throw new ParseError(TOOL, `service ${name.value} lacks ${key}`, name.line.lineNumber, name.line.text)
  }
  const numberKeys: readonly string[] = NUMBERS
  const flagKeys: readonly string[] = FLAGS
  for (const [key, { value, line }] of values) {
    if (key === 'name') continue
    if (numberKeys.includes(key)) {
      if (!/^\d{1,20}$/.test(value)) throw new ParseError(TOOL, `${key} of ${name.value} is not a whole number`, line.lineNumber, line.text)
      service[key as (typeof NUMBERS)[number]] = Number(value)
    } else if (flagKeys.includes(key)) {
      if (value !== 'y' && value !== 'n') throw new ParseError(TOOL, `${key} of ${name.value} is neither y nor n`, line.lineNumber, line.text)
      service[key as (typeof FLAGS)[number]] = value === 'y'
    } else {
      service.extra[key] = /^\d{1,20}$/.test(value) ? Number(value) : value === 'y' ? true : value === 'n' ? false : value
    }
  }
  return service
}

/**
 * The default pager layout: `field: value` lines, one block per service, blocks separated by a
 * form feed line.
 */
export function parseDoveadmServiceStatus(text: string): DoveadmServiceStatus {
  const lines = toLines(text)
  rejectBinary(TOOL, lines)
  const blocks: Block[] = []
  let current: Block | null = null
  for (const line of lines) {
    if (line.text.trim() === '\f' || line.text.trim() === '') {
      current = null
      continue
    }
    if (line.text.startsWith('name:') || current === null) {
      current = { lines: [] }
      blocks.push(current)
    }
    current.lines.push(line)
  }
  if (blocks.length === 0) throw new ParseError(TOOL, 'empty output')
  return { services: blocks.map(parseService) }
}
