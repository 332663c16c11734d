// Several small probes in one exec: each command's output is preceded by a marker line, so one
// round trip per host per tick carries them all and each part goes to its own parser.
import { shellQuote } from '../ssh/quote'

const MARKER = '@@rackside-probe@@'

export interface BatchPart {
  name: string
  argv: readonly string[]
}

export function batchScript(parts: readonly BatchPart[]): string {
  return parts.map((part) => `echo ${shellQuote([`${MARKER} ${part.name}`])}; ${shellQuote([...part.argv])}`).join('; ')
}

/** Splits a batch's stdout into each part's text; a part that printed no marker is missing. */
export function splitBatchOutput(stdout: string): Map<string, string> {
  const sections = new Map<string, string>()
  let current: string | null = null
  let lines: string[] = []
  const flush = () => {
    if (current !== null) sections.set(current, lines.length ? `${lines.join('\n')}\n` : '')
  }
  for (const line of stdout.split('\n')) {
    if (line.startsWith(`${MARKER} `)) {
      flush()
      current = line.slice(MARKER.length + 1).trim()
      lines = []
    } else if (current !== null) {
      lines.push(line)
    }
  }
  if (current !== null) {
    if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop()
    flush()
  }
  return sections
}
