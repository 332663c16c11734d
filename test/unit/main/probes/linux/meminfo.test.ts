import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ParseError } from '../../../../../src/main/probes/parse-error'
import { meminfoCommand, parseMeminfo } from '../../../../../src/main/probes/linux/meminfo'

const fixture = (path: string): string => readFileSync(new URL(`../../../../fixtures/${path}`, import.meta.url), 'utf8')

describe('parseMeminfo', () => {
  const captured = fixture('linux/proc-meminfo.txt')

  it('reads the headline figures of the captured /proc/meminfo', () => {
    const meminfo = parseMeminfo(captured)
    expect(meminfo).toMatchObject({
      memTotalKiB: 24683792,
      memFreeKiB: 24380676,
      memAvailableKiB: 24351324,
      buffersKiB: 3272,
      cachedKiB: 81260,
      swapTotalKiB: 0,
      swapFreeKiB: 0
    })
  })

  it('keeps every line under its kernel name, unit-less counts included', () => {
    const { raw } = parseMeminfo(captured)
    expect(raw['Active(anon)']).toBe(60)
    expect(raw['HugePages_Total']).toBe(0)
    expect(raw['Hugepagesize']).toBe(2048)
    expect(raw['VmallocTotal']).toBe(34359738367)
    expect(Object.keys(raw)).toHaveLength(captured.trim().split('\n').length)
  })

  it('reports MemAvailable as null on kernels that do not print it', () => {
    const oldKernel = captured
      .split('\n')
      .filter((line) => !line.startsWith('MemAvailable:'))
      .join('\n')
    expect(parseMeminfo(oldKernel).memAvailableKiB).toBeNull()
  })

  it('refuses empty output, a missing headline field, damage and doubled lines', () => {
    expect(() => parseMeminfo('')).toThrow(ParseError)
    const withoutTotal = captured.replace(/^MemTotal:.*\n/, '')
    expect(() => parseMeminfo(withoutTotal)).toThrow(/MemTotal is missing/)
    expect(() => parseMeminfo(captured.replace('Cached:            81260 kB', 'Cached:            x kB'))).toThrow(/line 5/)
    expect(() => parseMeminfo(`${captured}MemFree:        24380676 kB\n`)).toThrow(/MemFree appears twice/)
  })

  it('runs cat on /proc/meminfo', () => {
    expect(meminfoCommand).toEqual(['cat', '/proc/meminfo'])
  })
})
