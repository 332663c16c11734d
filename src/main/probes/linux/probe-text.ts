import { ParseError } from '../parse-error'

/**
 * Line and number helpers shared by the Linux, libvirt and mail parsers. They exist so every
 * parser rejects the same garbage the same way: with a ParseError naming the tool and line.
 */

export interface TextLine {
  /** 1-based, as an editor shows it. */
  lineNumber: number
  text: string
}

/** Splits tool output into lines; CRLF (a pty) counts as LF and the final newline adds no line. */
export function toLines(text: string): TextLine[] {
  const parts = text.split('\n')
  if (parts.length > 0 && parts[parts.length - 1] === '') parts.pop()
  return parts.map((part, index) => ({
    lineNumber: index + 1,
    text: part.endsWith('\r') ? part.slice(0, -1) : part
  }))
}

export function nonBlankLines(text: string): TextLine[] {
  return toLines(text).filter((line) => line.text.trim() !== '')
}

// Control characters no text tool prints (tab, form feed and CR are real separators), and the
// replacement character that undecodable bytes turn into.
function isBinaryCode(code: number): boolean {
  return (code < 0x20 && code !== 0x09 && code !== 0x0c && code !== 0x0d) || code === 0x7f || code === 0xfffd
}

/** Binary garbage (a wrong file, a crashed pipe) is refused before any field is read. */
export function rejectBinary(tool: string, lines: readonly TextLine[]): void {
  for (const line of lines) {
    for (let index = 0; index < line.text.length; index += 1) {
      if (isBinaryCode(line.text.charCodeAt(index))) throw new ParseError(tool, 'binary data where text was expected', line.lineNumber, line.text)
    }
  }
}

/** A whole number as printed by a tool; anything else (x, 1.5, 12abc, empty) is a ParseError. */
export function parseWhole(tool: string, raw: string, line: TextLine, what: string): number {
  if (!/^[+-]?\d{1,30}$/.test(raw)) throw new ParseError(tool, `${what} is not a whole number (${JSON.stringify(raw)})`, line.lineNumber, line.text)
  return Number(raw)
}

/** A decimal number such as 0.88 or 1796310816.2; exponents and NaN spellings are refused. */
export function parseDecimal(tool: string, raw: string, line: TextLine, what: string): number {
  if (!/^[+-]?\d{1,30}(\.\d{1,30})?$/.test(raw)) throw new ParseError(tool, `${what} is not a number (${JSON.stringify(raw)})`, line.lineNumber, line.text)
  return Number(raw)
}

export function splitFields(text: string): string[] {
  const trimmed = text.trim()
  return trimmed === '' ? [] : trimmed.split(/\s+/)
}

/** 'CPU(s)' -> 'cpuS', 'Time elapsed w/o network' -> 'timeElapsedWithoutNetwork', 'process_limit' -> 'processLimit'. */
export function camelCase(label: string): string {
  const words = label
    .replace(/w\/o/g, ' without ')
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word !== '')
  return words
    .map((word, index) => {
      const lower = word.toLowerCase()
      return index === 0 ? lower : lower.charAt(0).toUpperCase() + lower.slice(1)
    })
    .join('')
}

/** 'Key:   value' lines as printed by virsh and friends; the value is trimmed and may be empty. */
export function splitKeyValue(line: TextLine): { key: string; value: string } | null {
  const colon = line.text.indexOf(':')
  if (colon <= 0) return null
  const key = line.text.slice(0, colon).trim()
  if (key === '') return null
  return { key, value: line.text.slice(colon + 1).trim() }
}

/** A table lookup that a header word such as "constructor" cannot steer into Object.prototype. */
export function ownValue<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined
}
