import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ParseError } from '../../../../../src/main/probes/parse-error'
import { hostnameCommand, parseHostname } from '../../../../../src/main/probes/linux/hostname'

const fixture = (path: string): string => readFileSync(new URL(`../../../../fixtures/${path}`, import.meta.url), 'utf8')

describe('parseHostname', () => {
  it('reads the host name captured on this machine', () => {
    expect(parseHostname(fixture('linux/hostname.txt'))).toEqual({ hostname: 'vm' })
  })

  it('accepts fully qualified names', () => {
    expect(parseHostname('hv-01.dc1.example.net\n')).toEqual({ hostname: 'hv-01.dc1.example.net' })
  })

  it('refuses empty output, several lines and characters no host name has', () => {
    expect(() => parseHostname('')).toThrow(ParseError)
    expect(() => parseHostname('hv-01\nhv-02\n')).toThrow(/line 2/)
    expect(() => parseHostname('<html>\n')).toThrow(/not a valid host name/)
    expect(() => parseHostname('-bad\n')).toThrow(/not a valid host name/)
  })

  it('runs hostname', () => {
    expect(hostnameCommand).toEqual(['hostname'])
  })
})
