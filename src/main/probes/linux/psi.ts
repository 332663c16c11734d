import { ParseError } from '../parse-error'
import type { TextLine } from './probe-text'
import { nonBlankLines, parseDecimal, parseWhole, rejectBinary, splitFields } from './probe-text'

const TOOL = '/proc/pressure'

export type PsiResource = 'cpu' | 'io' | 'memory'

export function psiCommand(resource: PsiResource): string[] {
  return ['cat', `/proc/pressure/${resource}`]
}

/** One read for all three files; split the answer with parsePsiFiles. */
export const psiAllCommand = ['cat', '/proc/pressure/cpu', '/proc/pressure/io', '/proc/pressure/memory'] as const

export interface PsiLine {
  /** Percent of wall time some (or all) tasks stalled, averaged over 10, 60 and 300 s. */
  avg10: number
  avg60: number
  avg300: number
  /** Total stall time since boot. */
  totalUs: number
}

export interface Psi {
  some: PsiLine
  /** Absent for cpu on kernels before 5.13. */
  full?: PsiLine
}

function parsePsiLine(line: TextLine, fields: string[]): PsiLine {
  const values = new Map<string, string>()
  for (const field of fields) {
    const match = /^([a-z0-9]+)=(.*)$/.exec(field)
    if (match === null) throw new ParseError(TOOL, `expected key=value, found ${JSON.stringify(field)}`, line.lineNumber, line.text)
    values.set(match[1] as string, match[2] as string)
  }
  const take = (key: string): string => {
    const value = values.get(key)
    if (value === undefined) throw new ParseError(TOOL, `${key} is missing`, line.lineNumber, line.text)
    return value
  }
  return {
    avg10: parseDecimal(TOOL, take('avg10'), line, 'avg10'),
    avg60: parseDecimal(TOOL, take('avg60'), line, 'avg60'),
    avg300: parseDecimal(TOOL, take('avg300'), line, 'avg300'),
    totalUs: parseWhole(TOOL, take('total'), line, 'total')
  }
}

function parseRecords(lines: TextLine[], allowMany: boolean): Psi[] {
  rejectBinary(TOOL, lines)
  const records: Psi[] = []
  let current: Psi | null = null
  for (const line of lines) {
    const [kind, ...fields] = splitFields(line.text)
    if (kind === 'some') {
      if (current !== null && !allowMany) throw new ParseError(TOOL, 'a second "some" line: several pressure files were concatenated', line.lineNumber, line.text)
      current = { some: parsePsiLine(line, fields) }
      records.push(current)
    } else if (kind === 'full') {
      if (current === null) throw new ParseError(TOOL, '"full" before "some"', line.lineNumber, line.text)
      if (current.full !== undefined) throw new ParseError(TOOL, '"full" appears twice', line.lineNumber, line.text)
      current.full = parsePsiLine(line, fields)
    } else {
      throw new ParseError(TOOL, 'expected a "some" or "full" line', line.lineNumber, line.text)
    }
  }
  return records
}

/** One /proc/pressure/{cpu,io,memory} file. */
export function parsePsi(text: string): Psi {
  const [record] = parseRecords(nonBlankLines(text), false)
  if (record === undefined) throw new ParseError(TOOL, 'empty output')
  return record
}

/** Several pressure files printed by one `cat`, in the order they were named. */
export function parsePsiFiles(text: string, resources: readonly PsiResource[]): Partial<Record<PsiResource, Psi>> {
  const records = parseRecords(nonBlankLines(text), true)
  if (records.length !== resources.length) throw new ParseError(TOOL, `expected ${resources.length} pressure files, found ${records.length}`)
  return Object.fromEntries(resources.map((resource, index) => [resource, records[index]]))
}
