import { ParseError } from '../parse-error'
import { nonBlankLines, parseWhole, rejectBinary } from './probe-text'

const TOOL = '/proc/meminfo'

export const meminfoCommand = ['cat', '/proc/meminfo'] as const

export interface Meminfo {
  memTotalKiB: number
  memFreeKiB: number
  /** Null on kernels older than 3.14, which do not estimate it. */
  memAvailableKiB: number | null
  buffersKiB: number
  cachedKiB: number
  swapTotalKiB: number
  swapFreeKiB: number
  /** Every line by its kernel name ('Active(anon)', 'HugePages_Total'): kB lines in KiB, the rest as counts. */
  raw: Record<string, number>
}

type RequiredKey = 'MemTotal' | 'MemFree' | 'Buffers' | 'Cached' | 'SwapTotal' | 'SwapFree'

/** `MemTotal:       24683792 kB` lines; unit-less lines (HugePages_*) are counts. */
export function parseMeminfo(text: string): Meminfo {
  const lines = nonBlankLines(text)
  rejectBinary(TOOL, lines)
  if (lines.length === 0) throw new ParseError(TOOL, 'empty output')
  const values = new Map<string, number>()
  for (const line of lines) {
    const match = /^([A-Za-z0-9_()]+):\s*(\S+)(?:\s+(kB))?\s*$/.exec(line.text)
    if (match === null) throw new ParseError(TOOL, 'expected "Name: value [kB]"', line.lineNumber, line.text)
    const key = match[1] as string
    if (values.has(key)) throw new ParseError(TOOL, `${key} appears twice`, line.lineNumber, line.text)
    values.set(key, parseWhole(TOOL, match[2] as string, line, key))
  }
  const value = (key: RequiredKey): number => {
    const found = values.get(key)
    if (found === undefined) throw new ParseError(TOOL, `${key} is missing`)
    return found
  }
  return {
    memTotalKiB: value('MemTotal'),
    memFreeKiB: value('MemFree'),
    memAvailableKiB: values.get('MemAvailable') ?? null,
    buffersKiB: value('Buffers'),
    cachedKiB: value('Cached'),
    swapTotalKiB: value('SwapTotal'),
    swapFreeKiB: value('SwapFree'),
    raw: Object.fromEntries(values)
  }
}
