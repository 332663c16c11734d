import { ParseError } from '../parse-error'
import { nonBlankLines, rejectBinary } from '../linux/probe-text'

const TOOL = 'doveadm penalty'

export const doveadmPenaltyCommand = ['doveadm', 'penalty'] as const

export interface PenaltyEntry {
  ip: string
  /** Failed-login count that drives Dovecot's auth delay for this IP. */
  penalty: number
  /** Server-local time of the last failure, `YYYY-MM-DD HH:MM:SS` as doveadm prints it (no zone). */
  lastPenalty: string
  /** Server-local `HH:MM:SS` of the last update. */
  lastUpdate: string
}

export interface DoveadmPenalty {
  entries: PenaltyEntry[]
}

const ROW = /^([0-9A-Fa-f:.]+)\s+(\d{1,10})\s+(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})\s+(\d{2}:\d{2}:\d{2})\s*$/

/**
 * ```
 * IP        penalty last_penalty        last_update
 * 127.0.0.1 2       2026-12-03 15:12:46 15:12:46
 * ```
 * The header alone (no penalised IP) is an empty list.
 */
export function parseDoveadmPenalty(text: string): DoveadmPenalty {
  const lines = nonBlankLines(text)
  rejectBinary(TOOL, lines)
  const [header, ...rows] = lines
  if (header === undefined) throw new ParseError(TOOL, 'empty output (doveadm prints a header even with no penalties)')
  if (!/^IP\s+penalty\s+last_penalty\s+last_update\s*$/.test(header.text)) throw new ParseError(TOOL, 'expected the "IP penalty last_penalty last_update" header', header.lineNumber, header.text)
  const entries = rows.map((line): PenaltyEntry => {
    const match = ROW.exec(line.text)
    if (match === null) throw new ParseError(TOOL, 'expected "IP penalty YYYY-MM-DD HH:MM:SS HH:MM:SS"', line.lineNumber, line.text)
    return { ip: match[1] as string, penalty: Number(match[2]), lastPenalty: match[3] as string, lastUpdate: match[4] as string }
  })
  return { entries }
}
