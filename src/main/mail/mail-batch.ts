// The mail probes of one tick in one exec: each part's output follows a marker line and a part
// that exits non-zero adds a failure marker, so one slow or missing tool costs only its own fact.
import { shellQuote } from '../ssh/quote'

const MARKER = '@@rackside-mail@@'
const FAILED = '@@rackside-mail-failed@@'

export interface MailBatchPart {
  name: string
  argv: readonly string[]
}

export type MailBatchOutcome = { ok: true; text: string } | { ok: false; text: string; error: string }

export function mailBatchScript(parts: readonly MailBatchPart[]): string {
  if (parts.length === 0) throw new RangeError('a batch needs at least one part')
  return parts.map((part) => `echo ${shellQuote([`${MARKER} ${part.name}`])}; ${shellQuote(part.argv)} || echo ${shellQuote([`${FAILED} ${part.name}`])}`).join('; ')
}

/**
 * Each part's output, or why it failed. stderr is shared by all parts, so a failed part gets the
 * stderr lines naming its tool (sh's "ps: not found", doveadm's "Fatal: ...") or, failing that, all.
 */
export function splitMailBatch(parts: readonly MailBatchPart[], stdout: string, stderr: string): Map<string, MailBatchOutcome> {
  const texts = new Map<string, string[]>()
  const failed = new Set<string>()
  let current: string[] | null = null
  for (const line of stdout.split('\n')) {
    if (line.startsWith(`${MARKER} `)) {
      current = []
      texts.set(line.slice(MARKER.length + 1).trim(), current)
    } else if (line.startsWith(`${FAILED} `)) {
      failed.add(line.slice(FAILED.length + 1).trim())
      current = null
    } else if (current !== null) {
      current.push(line)
    }
  }
  const stderrLines = stderr.split('\n').map((line) => line.trim()).filter((line) => line !== '')
  const outcomes = new Map<string, MailBatchOutcome>()
  for (const part of parts) {
    const lines = texts.get(part.name)
    const text = lines === undefined ? '' : joinLines(lines)
    const tool = (part.argv[0] ?? '').replace(/^.*\//, '')
    if (lines === undefined) {
      outcomes.set(part.name, { ok: false, text, error: `\`${part.argv.join(' ')}\` did not run (the batch ended before it)${stderrLines.length > 0 ? `: ${clip(stderrLines.join('; '))}` : ''}` })
    } else if (failed.has(part.name)) {
      const own = stderrLines.filter((line) => tool !== '' && line.includes(tool))
      const why = own.length > 0 ? own : stderrLines
      outcomes.set(part.name, { ok: false, text, error: `\`${part.argv.join(' ')}\` failed${why.length > 0 ? `: ${clip(why.join('; '))}` : ' without a message'}` })
    } else {
      outcomes.set(part.name, { ok: true, text })
    }
  }
  return outcomes
}

function joinLines(lines: string[]): string {
  const copy = [...lines]
  while (copy.length > 0 && copy[copy.length - 1] === '') copy.pop()
  return copy.length === 0 ? '' : `${copy.join('\n')}\n`
}

const clip = (text: string): string => (text.length > 300 ? `${text.slice(0, 297)}...` : text)
