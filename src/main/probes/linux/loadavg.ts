import { ParseError } from '../parse-error'
import { nonBlankLines, parseDecimal, parseWhole, rejectBinary, splitFields } from './probe-text'

const TOOL = '/proc/loadavg'

export const loadavgCommand = ['cat', '/proc/loadavg'] as const

export interface Loadavg {
  load1: number
  load5: number
  load15: number
  /** Runnable scheduling entities right now. */
  runnable: number
  /** Scheduling entities (threads) that exist. */
  total: number
  lastPid: number
}

/** `0.88 0.51 0.22 6/247 17318` */
export function parseLoadavg(text: string): Loadavg {
  const lines = nonBlankLines(text)
  rejectBinary(TOOL, lines)
  const [line, extra] = lines
  if (line === undefined) throw new ParseError(TOOL, 'empty output')
  if (extra !== undefined) throw new ParseError(TOOL, 'expected a single line', extra.lineNumber, extra.text)
  const fields = splitFields(line.text)
  if (fields.length !== 5) throw new ParseError(TOOL, `expected 5 fields, found ${fields.length}`, line.lineNumber, line.text)
  const [load1, load5, load15, entities, lastPid] = fields as [string, string, string, string, string]
  const slash = /^(\d+)\/(\d+)$/.exec(entities)
  if (slash === null) throw new ParseError(TOOL, `expected runnable/total, found ${JSON.stringify(entities)}`, line.lineNumber, line.text)
  return {
    load1: parseDecimal(TOOL, load1, line, 'load1'),
    load5: parseDecimal(TOOL, load5, line, 'load5'),
    load15: parseDecimal(TOOL, load15, line, 'load15'),
    runnable: Number(slash[1]),
    total: Number(slash[2]),
    lastPid: parseWhole(TOOL, lastPid, line, 'last pid')
  }
}
