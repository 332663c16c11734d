import { ParseError } from '../parse-error'
import { nonBlankLines, parseWhole, rejectBinary } from './probe-text'

const TOOL = 'nproc'

export const nprocCommand = ['nproc'] as const

export interface Nproc {
  /** Processing units available to this process (honours CPU affinity and cgroup limits of nproc's caller). */
  cpus: number
}

export function parseNproc(text: string): Nproc {
  const lines = nonBlankLines(text)
  rejectBinary(TOOL, lines)
  const [line, extra] = lines
  if (line === undefined) throw new ParseError(TOOL, 'empty output')
  if (extra !== undefined) throw new ParseError(TOOL, 'expected a single line', extra.lineNumber, extra.text)
  const cpus = parseWhole(TOOL, line.text.trim(), line, 'processing unit count')
  if (cpus < 1) throw new ParseError(TOOL, 'processing unit count must be at least 1', line.lineNumber, line.text)
  return { cpus }
}
