import { ParseError } from '../parse-error'
import type { TextLine } from './probe-text'
import { ownValue, parseWhole, rejectBinary, splitFields, toLines } from './probe-text'

const TOOL = 'vmstat'

/** One sample per second, `count` samples; the first is the average since boot. */
export function vmstatCommand(count: number): string[] {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`vmstat sample count must be a positive integer, got ${count}`)
  return ['env', 'LC_ALL=C', 'vmstat', '1', String(count)]
}

/** An endless `vmstat 1`, for a long-lived exec channel fed line by line to a VmstatStream. */
export const vmstatStreamCommand = ['env', 'LC_ALL=C', 'vmstat', '1'] as const

export interface VmstatSample {
  /** Processes waiting for CPU. */
  r: number
  /** Processes in uninterruptible sleep. */
  b: number
  swpdKiB: number
  freeKiB: number
  /** Present in the default layout; `vmstat -a` prints inactive/active instead. */
  buffKiB?: number
  cacheKiB?: number
  inactiveKiB?: number
  activeKiB?: number
  swapInKiBPerSecond: number
  swapOutKiBPerSecond: number
  blocksInPerSecond: number
  blocksOutPerSecond: number
  interruptsPerSecond: number
  contextSwitchesPerSecond: number
  us: number
  sy: number
  id: number
  wa: number
  /** Missing from procps older than 3.2.7. */
  st?: number
  /** Guest time, printed by procps-ng 4.0.1 and later (`vmstat -w`). */
  gu?: number
}

export interface Vmstat {
  samples: VmstatSample[]
}

const COLUMNS: Record<string, keyof VmstatSample> = {
  r: 'r',
  b: 'b',
  swpd: 'swpdKiB',
  free: 'freeKiB',
  buff: 'buffKiB',
  cache: 'cacheKiB',
  inact: 'inactiveKiB',
  active: 'activeKiB',
  si: 'swapInKiBPerSecond',
  so: 'swapOutKiBPerSecond',
  bi: 'blocksInPerSecond',
  bo: 'blocksOutPerSecond',
  in: 'interruptsPerSecond',
  cs: 'contextSwitchesPerSecond',
  us: 'us',
  sy: 'sy',
  id: 'id',
  wa: 'wa',
  st: 'st',
  gu: 'gu'
}

const REQUIRED: (keyof VmstatSample)[] = [
  'r', 'b', 'swpdKiB', 'freeKiB', 'swapInKiBPerSecond', 'swapOutKiBPerSecond', 'blocksInPerSecond',
  'blocksOutPerSecond', 'interruptsPerSecond', 'contextSwitchesPerSecond', 'us', 'sy', 'id', 'wa'
]

/**
 * Reads vmstat output one line at a time, as a long `vmstat 1` stream delivers it. Header lines
 * may come again mid-stream (vmstat repeats them on a terminal); each column header resets the layout.
 */
export class VmstatStream {
  private columns: (keyof VmstatSample)[] | null = null

  /** A sample for a data row, null for a header or blank line; ParseError for anything else. */
  push(line: TextLine): VmstatSample | null {
    rejectBinary(TOOL, [line])
    const fields = splitFields(line.text)
    if (fields.length === 0) return null
    if (fields[0] === 'procs' || /^-+procs-+$/.test(fields[0] as string)) return null
    if (fields[0] === 'r') {
      this.columns = this.readHeader(fields, line)
      return null
    }
    if (this.columns === null) throw new ParseError(TOOL, 'a data row before the column header', line.lineNumber, line.text)
    if (fields.length !== this.columns.length) {
      throw new ParseError(TOOL, `expected ${this.columns.length} columns, found ${fields.length}`, line.lineNumber, line.text)
    }
    const sample: Partial<Record<keyof VmstatSample, number>> = {}
    this.columns.forEach((column, index) => {
      sample[column] = parseWhole(TOOL, fields[index] as string, line, column)
    })
    return sample as VmstatSample
  }

  private readHeader(fields: string[], line: TextLine): (keyof VmstatSample)[] {
    const columns = fields.map((name) => {
      const column = ownValue(COLUMNS, name)
      if (column === undefined) throw new ParseError(TOOL, `unknown column ${JSON.stringify(name)}`, line.lineNumber, line.text)
      return column
    })
    const missing = REQUIRED.filter((column) => !columns.includes(column))
    if (missing.length > 0) throw new ParseError(TOOL, `column header lacks ${missing.join(', ')}`, line.lineNumber, line.text)
    if (new Set(columns).size !== columns.length) throw new ParseError(TOOL, 'a column appears twice in the header', line.lineNumber, line.text)
    return columns
  }
}

/** Whole `vmstat 1 N` output, headers included. */
export function parseVmstat(text: string): Vmstat {
  const lines = toLines(text)
  if (lines.every((line) => line.text.trim() === '')) throw new ParseError(TOOL, 'empty output')
  const stream = new VmstatStream()
  const samples: VmstatSample[] = []
  for (const line of lines) {
    const sample = stream.push(line)
    if (sample !== null) samples.push(sample)
  }
  if (samples.length === 0) throw new ParseError(TOOL, 'no sample rows')
  return { samples }
}
