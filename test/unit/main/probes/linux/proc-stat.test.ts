import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ParseError } from '../../../../../src/main/probes/parse-error'
import { cpuJiffiesPercent, cpuPercent, parseProcStat, procStatCommand } from '../../../../../src/main/probes/linux/proc-stat'

const fixture = (path: string): string => readFileSync(new URL(`../../../../fixtures/${path}`, import.meta.url), 'utf8')

describe('parseProcStat', () => {
  it('reads the aggregate and per-CPU jiffies of the captured /proc/stat', () => {
    const stat = parseProcStat(fixture('linux/proc-stat.txt'))
    expect(stat.total).toEqual({ user: 20818, nice: 0, system: 4453, idle: 89270, iowait: 372, irq: 0, softirq: 127, steal: 1258, guest: 0, guestNice: 0 })
    expect(stat.cpus.map((cpu) => cpu.index)).toEqual([0, 1])
    expect(stat.cpus[1]?.jiffies.user).toBe(15740)
    expect(stat).toMatchObject({ contextSwitches: 934585, bootTimeEpochSeconds: 1796313866, processesForked: 13916, procsRunning: 1, procsBlocked: 0 })
  })

  it('accepts the short cpu lines of old kernels', () => {
    expect(parseProcStat('cpu  100 0 50 1000\n').total).toMatchObject({ user: 100, system: 50, idle: 1000, steal: 0 })
  })

  it('refuses garbage and doubled cpu lines', () => {
    expect(() => parseProcStat('')).toThrow(ParseError)
    expect(() => parseProcStat('cpu  1 2 x 4\n')).toThrow(/line 1/)
    expect(() => parseProcStat('ctxt 5\n')).toThrow(/aggregate cpu line is missing/)
    expect(() => parseProcStat('cpu 1 2 3 4\ncpu 1 2 3 4\n')).toThrow(/appears twice/)
    expect(() => parseProcStat('<html>\n')).toThrow(ParseError)
  })

  it('runs cat on /proc/stat', () => {
    expect(procStatCommand).toEqual(['cat', '/proc/stat'])
  })
})

describe('cpuPercent', () => {
  it('splits the second between two real samples into user, system and idle', () => {
    // Between the samples: user +1, system +1, idle +200 jiffies, nothing else.
    const percent = cpuPercent(parseProcStat(fixture('linux/proc-stat.txt')), parseProcStat(fixture('linux/proc-stat.after-1s.txt')))
    expect(percent?.userPercent).toBeCloseTo(100 / 202, 6)
    expect(percent?.systemPercent).toBeCloseTo(100 / 202, 6)
    expect(percent?.idlePercent).toBeCloseTo(20000 / 202, 6)
    expect(percent?.iowaitPercent).toBe(0)
    expect(percent?.stealPercent).toBe(0)
  })

  it('counts nice with user, irq and softirq with system, and steal on its own', () => {
    const prev = { user: 0, nice: 0, system: 0, idle: 0, iowait: 0, irq: 0, softirq: 0, steal: 0, guest: 0, guestNice: 0 }
    const next = { user: 10, nice: 10, system: 5, idle: 40, iowait: 10, irq: 5, softirq: 10, steal: 10, guest: 10, guestNice: 0 }
    expect(cpuJiffiesPercent(prev, next)).toEqual({ userPercent: 20, systemPercent: 20, iowaitPercent: 10, idlePercent: 40, stealPercent: 10 })
  })

  it('gives null rather than a made-up figure when no time passed or counters went back', () => {
    const stat = parseProcStat(fixture('linux/proc-stat.txt'))
    expect(cpuPercent(stat, stat)).toBeNull()
    expect(cpuPercent(parseProcStat(fixture('linux/proc-stat.after-1s.txt')), stat)).toBeNull()
  })
})
