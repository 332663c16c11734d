import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ParseError } from '../../../../../src/main/probes/parse-error'
import { VmstatStream, parseVmstat, vmstatCommand, vmstatStreamCommand } from '../../../../../src/main/probes/linux/vmstat'

const fixture = (path: string): string => readFileSync(new URL(`../../../../fixtures/${path}`, import.meta.url), 'utf8')

describe('parseVmstat', () => {
  it('reads both samples of the loaded mail server, busy second one included', () => {
    const { samples } = parseVmstat(fixture('mail/vmstat-1-2.txt'))
    expect(samples).toHaveLength(2)
    expect(samples[1]).toEqual({
      r: 5,
      b: 0,
      swpdKiB: 0,
      freeKiB: 23445280,
      buffKiB: 39960,
      cacheKiB: 990756,
      swapInKiBPerSecond: 0,
      swapOutKiBPerSecond: 0,
      blocksInPerSecond: 0,
      blocksOutPerSecond: 0,
      interruptsPerSecond: 4895,
      contextSwitchesPerSecond: 14050,
      us: 62,
      sy: 24,
      id: 14,
      wa: 0,
      st: 0
    })
  })

  it('reads the three samples captured on this machine', () => {
    const { samples } = parseVmstat(fixture('linux/vmstat-1-3.txt'))
    expect(samples.map((sample) => sample.id)).toEqual([77, 100, 98])
    expect(samples[2]?.blocksInPerSecond).toBe(304)
  })

  it('follows a header that repeats mid-stream (a terminal 8 rows high, CRLF line ends)', () => {
    const { samples } = parseVmstat(fixture('linux/vmstat-1-9.tty-8-rows.txt'))
    expect(samples).toHaveLength(9)
    expect(samples[3]?.blocksInPerSecond).toBe(68168)
    expect(samples[7]).toMatchObject({ interruptsPerSecond: 142, contextSwitchesPerSecond: 268, id: 96, st: 3 })
    expect(samples[8]).toMatchObject({ interruptsPerSecond: 60, id: 100 })
  })

  it('reads the wide layout with the guest column of procps-ng 4', () => {
    const { samples } = parseVmstat(fixture('linux/vmstat-w-1-2.txt'))
    expect(samples[0]).toMatchObject({ freeKiB: 24322240, cacheKiB: 244804, gu: 0, st: 1 })
  })

  it('reads the active/inactive layout of vmstat -a', () => {
    const { samples } = parseVmstat(fixture('linux/vmstat-a-1-2.txt'))
    expect(samples[0]).toMatchObject({ inactiveKiB: 95272, activeKiB: 34804 })
    expect(samples[0]?.buffKiB).toBeUndefined()
  })

  it('refuses rows before the header, short rows and damaged numbers with their line', () => {
    const text = fixture('mail/vmstat-1-2.txt')
    expect(() => parseVmstat('')).toThrow(ParseError)
    expect(() => parseVmstat(text.split('\n').slice(2).join('\n'))).toThrow(/before the column header at line 1/)
    expect(() => parseVmstat(text.replace('4895 14050', '4895'))).toThrow(/expected 17 columns, found 16 at line 4/)
    expect(() => parseVmstat(text.replace('4895', 'x'))).toThrow(/line 4/)
    expect(() => parseVmstat(text.split('\n').slice(0, 2).join('\n'))).toThrow(/no sample rows/)
  })
})

describe('VmstatStream', () => {
  it('hands out one sample per data row as lines arrive', () => {
    const stream = new VmstatStream()
    const lines = fixture('mail/vmstat-1-2.txt').split('\n')
    const results = lines.map((text, index) => stream.push({ lineNumber: index + 1, text }))
    expect(results.map((result) => result?.us ?? null)).toEqual([null, null, 12, 62, null])
  })
})

describe('vmstat commands', () => {
  it('asks for C-locale output, N one-second samples or an endless stream', () => {
    expect(vmstatCommand(2)).toEqual(['env', 'LC_ALL=C', 'vmstat', '1', '2'])
    expect(vmstatStreamCommand).toEqual(['env', 'LC_ALL=C', 'vmstat', '1'])
    expect(() => vmstatCommand(0)).toThrow(RangeError)
  })
})
