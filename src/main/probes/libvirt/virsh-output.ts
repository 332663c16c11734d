import { ParseError } from '../parse-error'
import type { TextLine } from '../linux/probe-text'
import { nonBlankLines, rejectBinary, splitKeyValue } from '../linux/probe-text'

/**
 * The argv of one virsh call. LC_ALL=C because virsh translates its labels ("Job type:",
 * "CPU time:") and decimal commas, and the parsers read the C locale's words.
 */
export function virshCommand(args: readonly string[], connectUri?: string): string[] {
  return ['env', 'LC_ALL=C', 'virsh', ...(connectUri === undefined ? [] : ['-c', connectUri]), ...args]
}

/** virsh prints failures as `error: ...` lines; they become a ParseError carrying virsh's own words. */
export function rejectVirshError(tool: string, lines: readonly TextLine[]): void {
  const error = lines.find((line) => line.text.startsWith('error: '))
  if (error !== undefined) throw new ParseError(tool, `virsh reported ${error.text.slice('error: '.length)}`, error.lineNumber, error.text)
}

export interface VirshField {
  value: string
  line: TextLine
}

/**
 * `Label:   value` output (dominfo, nodeinfo, domjobinfo). Every non-blank line must be such a
 * pair; a label printed twice is refused unless it is one virsh really repeats.
 */
export function readVirshFields(tool: string, text: string, repeatable: ReadonlySet<string> = new Set()): Map<string, VirshField> {
  const lines = nonBlankLines(text)
  rejectBinary(tool, lines)
  rejectVirshError(tool, lines)
  if (lines.length === 0) throw new ParseError(tool, 'empty output')
  const fields = new Map<string, VirshField>()
  for (const line of lines) {
    const pair = splitKeyValue(line)
    if (pair === null || !/^[A-Za-z][A-Za-z0-9 ()/._-]*$/.test(pair.key)) throw new ParseError(tool, 'expected "Label: value"', line.lineNumber, line.text)
    if (fields.has(pair.key) && !repeatable.has(pair.key)) throw new ParseError(tool, `${pair.key} appears twice`, line.lineNumber, line.text)
    if (!fields.has(pair.key)) fields.set(pair.key, { value: pair.value, line })
  }
  return fields
}

export function requireField(tool: string, fields: Map<string, VirshField>, label: string): VirshField {
  const field = fields.get(label)
  if (field === undefined) throw new ParseError(tool, `"${label}" is missing`)
  return field
}
