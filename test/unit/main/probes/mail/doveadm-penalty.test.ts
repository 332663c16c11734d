import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ParseError } from '../../../../../src/main/probes/parse-error'
import { doveadmPenaltyCommand, parseDoveadmPenalty } from '../../../../../src/main/probes/mail/doveadm-penalty'

const fixture = (path: string): string => readFileSync(new URL(`../../../../fixtures/${path}`, import.meta.url), 'utf8')

describe('parseDoveadmPenalty', () => {
  it('reads the penalised loopback address of the load test', () => {
    expect(parseDoveadmPenalty(fixture('mail/doveadm-penalty.txt'))).toEqual({
      entries: [{ ip: '127.0.0.1', penalty: 2, lastPenalty: '2026-12-03 15:12:46', lastUpdate: '15:12:46' }]
    })
  })

  it('reads the penalty of the limits scenario', () => {
    expect(parseDoveadmPenalty(fixture('mail/doveadm-penalty.limits.txt')).entries[0]).toMatchObject({ penalty: 2, lastPenalty: '2026-12-03 16:22:43' })
  })

  it('reads the header alone as no penalties', () => {
    expect(parseDoveadmPenalty('IP        penalty last_penalty        last_update\n')).toEqual({ entries: [] })
  })

  it('refuses empty output, another header and damaged rows', () => {
    const text = fixture('mail/doveadm-penalty.txt')
    expect(() => parseDoveadmPenalty('')).toThrow(ParseError)
    expect(() => parseDoveadmPenalty(fixture('mail/doveadm-who.txt'))).toThrow(/header at line 1/)
    expect(() => parseDoveadmPenalty(text.replace('127.0.0.1 2 ', '127.0.0.1 x '))).toThrow(/line 2/)
  })

  it('runs doveadm penalty', () => {
    expect(doveadmPenaltyCommand).toEqual(['doveadm', 'penalty'])
  })
})
