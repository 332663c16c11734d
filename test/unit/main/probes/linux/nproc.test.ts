import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ParseError } from '../../../../../src/main/probes/parse-error'
import { nprocCommand, parseNproc } from '../../../../../src/main/probes/linux/nproc'

const fixture = (path: string): string => readFileSync(new URL(`../../../../fixtures/${path}`, import.meta.url), 'utf8')

describe('parseNproc', () => {
  it('reads the CPU count captured here and on the mail server', () => {
    expect(parseNproc(fixture('linux/nproc.txt'))).toEqual({ cpus: 2 })
    expect(parseNproc(fixture('mail/nproc.txt'))).toEqual({ cpus: 2 })
  })

  it('refuses zero, words and empty output', () => {
    expect(() => parseNproc('')).toThrow(ParseError)
    expect(() => parseNproc('0\n')).toThrow(/at least 1/)
    expect(() => parseNproc('two\n')).toThrow(/not a whole number/)
  })

  it('runs nproc', () => {
    expect(nprocCommand).toEqual(['nproc'])
  })
})
