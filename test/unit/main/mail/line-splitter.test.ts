import { describe, expect, it } from 'vitest'
import { LineSplitter } from '../../../../src/main/mail/line-splitter'

describe('LineSplitter', () => {
  it('holds a line split across chunks until its newline arrives', () => {
    const splitter = new LineSplitter()
    expect(splitter.push('procs ---mem')).toEqual([])
    expect(splitter.push('ory---\n r  b\n 1')).toEqual(['procs ---memory---', ' r  b'])
    expect(splitter.push('  0\r\n')).toEqual([' 1  0'])
  })

  it('cuts a runaway line at the cap and drops a half line on reset', () => {
    const splitter = new LineSplitter(8)
    expect(splitter.push('0123456789abc')).toEqual(['01234567'])
    expect(splitter.truncated).toBe(1)
    splitter.push('half')
    splitter.reset()
    expect(splitter.push('new\n')).toEqual(['new'])
  })
})
