import { ParseError } from '../parse-error'
import { nonBlankLines, parseDecimal, rejectBinary, splitFields } from './probe-text'

const PROC_TOOL = '/proc/uptime'
const COMMAND_TOOL = 'uptime'

export const procUptimeCommand = ['cat', '/proc/uptime'] as const
export const uptimeCommand = ['env', 'LC_ALL=C', 'uptime'] as const

export interface ProcUptime {
  uptimeSeconds: number
  /** Summed over all CPUs, so it can exceed uptimeSeconds. */
  idleSeconds: number
}

/** `583.00 894.71` */
export function parseProcUptime(text: string): ProcUptime {
  const lines = nonBlankLines(text)
  rejectBinary(PROC_TOOL, lines)
  const [line, extra] = lines
  if (line === undefined) throw new ParseError(PROC_TOOL, 'empty output')
  if (extra !== undefined) throw new ParseError(PROC_TOOL, 'expected a single line', extra.lineNumber, extra.text)
  if (line.text.includes('load average')) throw new ParseError(PROC_TOOL, 'this is the `uptime` command line; parse it as uptime-command', line.lineNumber, line.text)
  const fields = splitFields(line.text)
  if (fields.length !== 2) throw new ParseError(PROC_TOOL, `expected 2 fields, found ${fields.length}`, line.lineNumber, line.text)
  return {
    uptimeSeconds: parseDecimal(PROC_TOOL, fields[0] as string, line, 'uptime'),
    idleSeconds: parseDecimal(PROC_TOOL, fields[1] as string, line, 'idle time')
  }
}

export interface UptimeLine {
  /** Local wall-clock time as printed (HH:MM:SS). */
  time: string
  /** Minute resolution: the command prints no seconds. */
  upSeconds: number
  users: number
  load1: number
  load5: number
  load15: number
}

/**
 * ` 15:12:51 up 5 min,  0 user,  load average: 0.88, 0.51, 0.22`; the up part can also read
 * `3 days, 2:03`, `1 day, 5 min`, `2:03` or `10 days`.
 */
export function parseUptimeCommand(text: string): UptimeLine {
  const lines = nonBlankLines(text)
  rejectBinary(COMMAND_TOOL, lines)
  const [line, extra] = lines
  if (line === undefined) throw new ParseError(COMMAND_TOOL, 'empty output')
  if (extra !== undefined) throw new ParseError(COMMAND_TOOL, 'expected a single line', extra.lineNumber, extra.text)
  const match = /^\s*(\d{1,2}:\d{2}:\d{2}) up (.{1,40}?),\s+(\d+) users?,\s+load averages?: (\S+?),? (\S+?),? (\S+)\s*$/.exec(line.text)
  if (match === null) throw new ParseError(COMMAND_TOOL, 'expected "HH:MM:SS up ..., N users, load average: a, b, c"', line.lineNumber, line.text)
  const [, time, up, users, load1, load5, load15] = match
  const upParts = /^(?:(\d+) days?(?:,\s+|$))?(?:(\d+):(\d{2})|(\d+) min)?$/.exec(up as string)
  if (upParts === null || up === '') throw new ParseError(COMMAND_TOOL, `unreadable up time ${JSON.stringify(up)}`, line.lineNumber, line.text)
  const [, days, hours, minutes, onlyMinutes] = upParts
  const upMinutes = Number(days ?? 0) * 1440 + Number(hours ?? 0) * 60 + Number(minutes ?? 0) + Number(onlyMinutes ?? 0)
  return {
    time: time as string,
    upSeconds: upMinutes * 60,
    users: Number(users),
    load1: parseDecimal(COMMAND_TOOL, load1 as string, line, 'load1'),
    load5: parseDecimal(COMMAND_TOOL, load5 as string, line, 'load5'),
    load15: parseDecimal(COMMAND_TOOL, load15 as string, line, 'load15')
  }
}
