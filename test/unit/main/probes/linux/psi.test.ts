import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ParseError } from '../../../../../src/main/probes/parse-error'
import { parsePsi, parsePsiFiles, psiAllCommand, psiCommand } from '../../../../../src/main/probes/linux/psi'

const fixture = (path: string): string => readFileSync(new URL(`../../../../fixtures/${path}`, import.meta.url), 'utf8')

describe('parsePsi', () => {
  it('reads the cpu, io and memory pressure captured on this machine', () => {
    expect(parsePsi(fixture('linux/proc-pressure-cpu.txt'))).toEqual({
      some: { avg10: 0.22, avg60: 0.25, avg300: 1.39, totalUs: 16972165 },
      full: { avg10: 0, avg60: 0, avg300: 0, totalUs: 0 }
    })
    expect(parsePsi(fixture('linux/proc-pressure-io.txt')).full).toEqual({ avg10: 0, avg60: 0.03, avg300: 0.27, totalUs: 2982122 })
    expect(parsePsi(fixture('linux/proc-pressure-memory.txt')).some.totalUs).toBe(0)
  })

  it('reads the memory pressure of the loaded mail server', () => {
    expect(parsePsi(fixture('mail/proc-pressure-memory.txt')).some).toEqual({ avg10: 0, avg60: 0, avg300: 0, totalUs: 0 })
  })

  it('accepts a cpu file without a full line (kernels before 5.13)', () => {
    const someOnly = fixture('linux/proc-pressure-cpu.txt').split('\n')[0] as string
    expect(parsePsi(someOnly).full).toBeUndefined()
  })

  it('refuses concatenated files, unknown lines and damaged values', () => {
    expect(() => parsePsi(fixture('mail/proc-pressure-cpu-io.txt'))).toThrow(/several pressure files.*line 3/)
    expect(() => parsePsi('')).toThrow(ParseError)
    expect(() => parsePsi('some avg10=x avg60=0.00 avg300=0.00 total=0\n')).toThrow(/avg10 is not a number/)
    expect(() => parsePsi('some avg10=0.00 avg60=0.00 total=0\n')).toThrow(/avg300 is missing/)
    expect(() => parsePsi('full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n')).toThrow(/"full" before "some"/)
  })
})

describe('parsePsiFiles', () => {
  it('splits the mail server capture of cpu and io read by one cat', () => {
    const files = parsePsiFiles(fixture('mail/proc-pressure-cpu-io.txt'), ['cpu', 'io'])
    expect(files.cpu?.some).toEqual({ avg10: 38.45, avg60: 10.46, avg300: 4.53, totalUs: 22494196 })
    expect(files.io?.full).toEqual({ avg10: 0.08, avg60: 0.39, avg300: 0.49, totalUs: 3544988 })
  })

  it('refuses a count of files that does not match the names', () => {
    expect(() => parsePsiFiles(fixture('mail/proc-pressure-cpu-io.txt'), ['cpu', 'io', 'memory'])).toThrow(/expected 3 pressure files, found 2/)
  })

  it('reads each resource by its path', () => {
    expect(psiCommand('io')).toEqual(['cat', '/proc/pressure/io'])
    expect(psiAllCommand).toEqual(['cat', '/proc/pressure/cpu', '/proc/pressure/io', '/proc/pressure/memory'])
  })
})
