import { describe, expect, it } from 'vitest'
import { ParseError } from '../../../../../src/main/probes/parse-error'
import { camelCase, ownValue, parseDecimal, parseWhole, rejectBinary, toLines } from '../../../../../src/main/probes/linux/probe-text'

describe('toLines', () => {
  it('numbers lines from 1, drops the final newline and the CR of CRLF', () => {
    expect(toLines('a\r\nb\n')).toEqual([
      { lineNumber: 1, text: 'a' },
      { lineNumber: 2, text: 'b' }
    ])
    expect(toLines('')).toEqual([])
  })
})

describe('number readers', () => {
  const line = { lineNumber: 7, text: 'the line' }

  it('read plain numbers and refuse NaN spellings, exponents and blanks', () => {
    expect(parseWhole('tool', '42', line, 'n')).toBe(42)
    expect(parseDecimal('tool', '0.88', line, 'n')).toBe(0.88)
    for (const bad of ['', 'NaN', 'Infinity', '1e3', '0x10', '1.', ' 1']) {
      expect(() => parseDecimal('tool', bad, line, 'n')).toThrow(ParseError)
    }
    expect(() => parseWhole('tool', '1.5', line, 'n')).toThrow(/tool: n is not a whole number \("1.5"\) at line 7: "the line"/)
  })
})

describe('rejectBinary', () => {
  it('refuses control characters but lets tabs and form feeds through', () => {
    expect(() => rejectBinary('tool', [{ lineNumber: 1, text: 'a\tb\f' }])).not.toThrow()
    expect(() => rejectBinary('tool', [{ lineNumber: 3, text: 'a\u0000b' }])).toThrow(/binary data.*line 3/)
  })
})

describe('camelCase', () => {
  it('turns labels into field names', () => {
    expect(camelCase('Time elapsed w/o network')).toBe('timeElapsedWithoutNetwork')
    expect(camelCase('process_limit')).toBe('processLimit')
    expect(camelCase('Data processed')).toBe('dataProcessed')
  })
})

describe('ownValue', () => {
  it('does not find inherited members', () => {
    expect(ownValue({ a: 1 }, 'a')).toBe(1)
    expect(ownValue({ a: 1 }, 'constructor')).toBeUndefined()
  })
})
