import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ParseError } from '../../../../../src/main/probes/parse-error'
import { doveadmProcessStatusCommand, parseDoveadmProcessStatus } from '../../../../../src/main/probes/mail/doveadm-process-status'

const fixture = (path: string): string => readFileSync(new URL(`../../../../fixtures/${path}`, import.meta.url), 'utf8')

describe('parseDoveadmProcessStatus', () => {
  const text = fixture('mail/doveadm-process-status.txt')

  it('reads every process of the loaded server: 54 imap, 5 pop3, 5 imap-login', () => {
    const { processes } = parseDoveadmProcessStatus(text)
    expect(processes).toHaveLength(69)
    const count = (service: string): number => processes.filter((process) => process.service === service).length
    expect([count('imap'), count('pop3'), count('imap-login')]).toEqual([54, 5, 5])
  })

  it('reads the columns by name', () => {
    expect(parseDoveadmProcessStatus(text).processes[0]).toEqual({
      service: 'stats',
      pid: 16463,
      availableCount: 934,
      totalCount: 68,
      idleStartEpochSeconds: 0,
      lastStatusUpdateEpochSeconds: 1796310769,
      lastKillSentEpochSeconds: 0
    })
  })

  it('reads the header alone as no processes', () => {
    expect(parseDoveadmProcessStatus(text.split('\n')[0] as string)).toEqual({ processes: [] })
  })

  it('refuses empty output, short rows and damaged pids', () => {
    expect(() => parseDoveadmProcessStatus('')).toThrow(ParseError)
    expect(() => parseDoveadmProcessStatus(text.replace('stats      16463', 'stats      x'))).toThrow(/pid is not a whole number at line 2/)
    expect(() => parseDoveadmProcessStatus(text.replace('1796310769         0    \n', '1796310769\n'))).toThrow(/expected 7 columns, found 6 at line 2/)
    expect(() => parseDoveadmProcessStatus(fixture('mail/doveadm-who.txt'))).toThrow(/header lacks/)
  })

  it('runs doveadm process status', () => {
    expect(doveadmProcessStatusCommand).toEqual(['doveadm', 'process', 'status'])
  })
})
