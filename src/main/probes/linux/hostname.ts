import { ParseError } from '../parse-error'
import { nonBlankLines, rejectBinary } from './probe-text'

const TOOL = 'hostname'

export const hostnameCommand = ['hostname'] as const

export interface Hostname {
  hostname: string
}

// RFC 1123 labels; underscores appear in the wild, so they pass too.
const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\.?$/

export function parseHostname(text: string): Hostname {
  const lines = nonBlankLines(text)
  rejectBinary(TOOL, lines)
  const [line, extra] = lines
  if (line === undefined) throw new ParseError(TOOL, 'empty output')
  if (extra !== undefined) throw new ParseError(TOOL, 'expected a single line', extra.lineNumber, extra.text)
  const hostname = line.text.trim()
  if (!HOSTNAME.test(hostname)) throw new ParseError(TOOL, 'not a valid host name', line.lineNumber, line.text)
  return { hostname }
}
