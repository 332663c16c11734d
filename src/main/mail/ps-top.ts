// The busiest processes of a host as `ps` ranks them: CPU share over each process's lifetime,
// which is what ps measures (top's instantaneous figure needs two reads).
import { ParseError } from '../probes/parse-error'
import { nonBlankLines, parseDecimal, parseWhole, rejectBinary, splitFields } from '../probes/linux/probe-text'

const TOOL = 'ps'

export const psTopCommand = ['ps', '-eo', 'pid,user,pcpu,comm', '--sort=-pcpu'] as const

export interface PsProcess {
  pid: number
  user: string
  cpuPercent: number
  command: string
}

/** The first `limit` rows of `ps -eo pid,user,pcpu,comm --sort=-pcpu`, header required. */
export function parsePsTop(text: string, limit = 10): PsProcess[] {
  const lines = nonBlankLines(text)
  rejectBinary(TOOL, lines)
  const [header, ...rows] = lines
  if (header === undefined) throw new ParseError(TOOL, 'empty output (ps prints a header even with no processes)')
  if (!/^\s*PID\s+USER\s+%CPU\s+(COMMAND|CMD)\s*$/.test(header.text)) throw new ParseError(TOOL, 'expected the "PID USER %CPU COMMAND" header', header.lineNumber, header.text)
  return rows.slice(0, limit).map((line) => {
    const [pid, user, cpu, ...command] = splitFields(line.text)
    if (pid === undefined || user === undefined || cpu === undefined || command.length === 0) throw new ParseError(TOOL, 'expected "PID USER %CPU COMMAND"', line.lineNumber, line.text)
    return { pid: parseWhole(TOOL, pid, line, 'PID'), user, cpuPercent: parseDecimal(TOOL, cpu, line, '%CPU'), command: command.join(' ') }
  })
}
