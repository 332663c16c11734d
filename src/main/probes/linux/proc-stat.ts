import { ParseError } from '../parse-error'
import { nonBlankLines, parseWhole, rejectBinary, splitFields } from './probe-text'

const TOOL = '/proc/stat'

export const procStatCommand = ['cat', '/proc/stat'] as const

/** Time spent per state since boot, in USER_HZ ticks (jiffies, normally 1/100 s). */
export interface CpuJiffies {
  user: number
  nice: number
  system: number
  idle: number
  iowait: number
  irq: number
  softirq: number
  steal: number
  guest: number
  guestNice: number
}

export interface ProcStat {
  /** The aggregate `cpu` line. */
  total: CpuJiffies
  /** `cpuN` lines by N (offline CPUs are absent from the file, so indexes can skip). */
  cpus: { index: number; jiffies: CpuJiffies }[]
  contextSwitches: number | null
  bootTimeEpochSeconds: number | null
  processesForked: number | null
  procsRunning: number | null
  procsBlocked: number | null
}

const JIFFY_FIELDS = ['user', 'nice', 'system', 'idle', 'iowait', 'irq', 'softirq', 'steal', 'guest', 'guestNice'] as const

const SCALARS = {
  ctxt: 'contextSwitches',
  btime: 'bootTimeEpochSeconds',
  processes: 'processesForked',
  procs_running: 'procsRunning',
  procs_blocked: 'procsBlocked'
} as const

export function parseProcStat(text: string): ProcStat {
  const lines = nonBlankLines(text)
  rejectBinary(TOOL, lines)
  if (lines.length === 0) throw new ParseError(TOOL, 'empty output')
  let total: CpuJiffies | null = null
  const cpus: ProcStat['cpus'] = []
  const scalars: Record<(typeof SCALARS)[keyof typeof SCALARS], number | null> = {
    contextSwitches: null,
    bootTimeEpochSeconds: null,
    processesForked: null,
    procsRunning: null,
    procsBlocked: null
  }
  for (const line of lines) {
    const [name, ...values] = splitFields(line.text)
    if (name === undefined || !/^[a-z_]+[0-9]*$/.test(name)) throw new ParseError(TOOL, 'expected "name value..."', line.lineNumber, line.text)
    if (values.length === 0) throw new ParseError(TOOL, `${name} has no values`, line.lineNumber, line.text)
    const numbers = values.map((value) => parseWhole(TOOL, value, line, name))
    const cpu = /^cpu(\d*)$/.exec(name)
    if (cpu !== null) {
      // Kernels before 2.6.11 print fewer columns; a counter the kernel lacks accounted no time.
      if (numbers.length < 4) throw new ParseError(TOOL, `${name} has ${numbers.length} counters, expected at least 4`, line.lineNumber, line.text)
      const jiffies = Object.fromEntries(JIFFY_FIELDS.map((field, index) => [field, numbers[index] ?? 0])) as unknown as CpuJiffies
      if (cpu[1] === '') {
        if (total !== null) throw new ParseError(TOOL, 'the cpu line appears twice', line.lineNumber, line.text)
        total = jiffies
      } else {
        const index = Number(cpu[1])
        if (cpus.some((entry) => entry.index === index)) throw new ParseError(TOOL, `${name} appears twice`, line.lineNumber, line.text)
        cpus.push({ index, jiffies })
      }
    } else if (Object.hasOwn(SCALARS, name)) {
      const field = SCALARS[name as keyof typeof SCALARS]
      if (scalars[field] !== null) throw new ParseError(TOOL, `${name} appears twice`, line.lineNumber, line.text)
      scalars[field] = numbers[0] as number
    }
  }
  if (total === null) throw new ParseError(TOOL, 'the aggregate cpu line is missing')
  return { total, cpus, ...scalars }
}

export interface CpuPercent {
  /** user + nice (guest time is already inside user). */
  userPercent: number
  /** system + irq + softirq, as vmstat's `sy` counts it. */
  systemPercent: number
  iowaitPercent: number
  idlePercent: number
  stealPercent: number
}

function busyParts(jiffies: CpuJiffies): [number, number, number, number, number] {
  return [
    jiffies.user + jiffies.nice,
    jiffies.system + jiffies.irq + jiffies.softirq,
    jiffies.iowait,
    jiffies.idle,
    jiffies.steal
  ]
}

/**
 * CPU use between two samples of the same CPU (or of the aggregate line). Null when no tick
 * passed or a counter went backwards (a reboot between samples): no honest figure exists then.
 */
export function cpuJiffiesPercent(prev: CpuJiffies, next: CpuJiffies): CpuPercent | null {
  const before = busyParts(prev)
  const after = busyParts(next)
  const deltas = after.map((value, index) => value - (before[index] as number))
  if (deltas.some((delta) => delta < 0)) return null
  const elapsed = deltas.reduce((sum, delta) => sum + delta, 0)
  if (elapsed === 0) return null
  const [user, system, iowait, idle, steal] = deltas.map((delta) => (delta / elapsed) * 100) as [number, number, number, number, number]
  return { userPercent: user, systemPercent: system, iowaitPercent: iowait, idlePercent: idle, stealPercent: steal }
}

/** Whole-machine CPU use between two /proc/stat samples. */
export function cpuPercent(prev: ProcStat, next: ProcStat): CpuPercent | null {
  return cpuJiffiesPercent(prev.total, next.total)
}
