import { ParseError } from '../parse-error'
import { camelCase, nonBlankLines, ownValue, rejectBinary, splitFields } from '../linux/probe-text'

const TOOL = 'doveadm process status'

export const doveadmProcessStatusCommand = ['doveadm', 'process', 'status'] as const

export interface DovecotProcess {
  /** The service the process belongs to ('imap', 'imap-login', 'auth'...). */
  service: string
  pid: number
  /** Clients the process can still take. */
  availableCount: number
  /** Clients the process has served. */
  totalCount: number
  /** Epoch seconds the process became idle, 0 when busy. */
  idleStartEpochSeconds: number
  lastStatusUpdateEpochSeconds: number
  lastKillSentEpochSeconds: number
}

export interface DoveadmProcessStatus {
  processes: DovecotProcess[]
}

const COLUMNS: Record<string, keyof DovecotProcess> = {
  name: 'service',
  pid: 'pid',
  availableCount: 'availableCount',
  totalCount: 'totalCount',
  idleStart: 'idleStartEpochSeconds',
  lastStatusUpdate: 'lastStatusUpdateEpochSeconds',
  lastKillSent: 'lastKillSentEpochSeconds'
}

/**
 * ```
 * name       pid   available_count total_count idle_start last_status_update last_kill_sent
 * imap       17225 0               1           0          1796310762         0
 * ```
 * Columns are found by their header name, so added columns are skipped rather than misread.
 */
export function parseDoveadmProcessStatus(text: string): DoveadmProcessStatus {
  const lines = nonBlankLines(text)
  rejectBinary(TOOL, lines)
  const [header, ...rows] = lines
  if (header === undefined) throw new ParseError(TOOL, 'empty output')
  const names = splitFields(header.text)
  const columns = names.map((name) => ownValue(COLUMNS, camelCase(name)))
  for (const required of Object.values(COLUMNS)) {
    if (!columns.includes(required)) throw new ParseError(TOOL, `the header lacks the column for ${required}`, header.lineNumber, header.text)
  }
  const processes = rows.map((line): DovecotProcess => {
    const fields = splitFields(line.text)
    if (fields.length !== names.length) throw new ParseError(TOOL, `expected ${names.length} columns, found ${fields.length}`, line.lineNumber, line.text)
    const process: Partial<Record<keyof DovecotProcess, string | number>> = {}
    columns.forEach((column, index) => {
      if (column === undefined) return
      const value = fields[index] as string
      if (column === 'service') {
        if (!/^[A-Za-z0-9_-]+$/.test(value)) throw new ParseError(TOOL, `unreadable service name ${JSON.stringify(value)}`, line.lineNumber, line.text)
        process[column] = value
      } else {
        if (!/^\d{1,20}$/.test(value)) throw new ParseError(TOOL, `${names[index]} is not a whole number`, line.lineNumber, line.text)
        process[column] = Number(value)
      }
    })
    return process as DovecotProcess
  })
  return { processes }
}
