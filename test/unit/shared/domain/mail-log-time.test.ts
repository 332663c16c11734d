import { describe, expect, it } from 'vitest'
import { lineTimestamps, logWindow, readLogTime, secondsBetween, type LogInstant } from '../../../../src/shared/domain/mail-log-time'
import { mailFixture } from '../../../fixtures/mail-scenarios/compose'

function at(text: string): LogInstant {
  const instant = readLogTime(text)
  if (instant === null) throw new Error(`unreadable ${text}`)
  return instant
}

describe('readLogTime', () => {
  it('reads the timestamps of every captured log layout', () => {
    expect(at('Dec 03 15:12:41')).toEqual({ text: 'Dec 03 15:12:41', month: 12, day: 3, secondOfDay: 15 * 3600 + 12 * 60 + 41, epochSeconds: null })
    expect(at('Dec  3 16:23:15')).toMatchObject({ month: 12, day: 3, secondOfDay: 16 * 3600 + 23 * 60 + 15, epochSeconds: null })
    expect(at('2026-12-03T16:23:14.815217+00:00').epochSeconds).toBeCloseTo(Date.UTC(2026, 11, 3, 16, 23, 14, 815) / 1000 + 0.000217, 6)
  })

  it('applies the zone offset and treats a zoneless ISO time as UTC', () => {
    expect(at('2026-12-03T17:23:14+01:00').epochSeconds).toBe(at('2026-12-03T16:23:14Z').epochSeconds)
    expect(at('2026-12-03T14:53:14-0130').epochSeconds).toBe(at('2026-12-03 16:23:14').epochSeconds)
  })

  it('refuses what is not a timestamp rather than guessing', () => {
    for (const text of ['Dez 03 15:12:41', 'Dec 32 15:12:41', 'Dec 03 25:00:00', '2026-13-03T16:23:14Z', '15:12:41', '']) expect(readLogTime(text), text).toBeNull()
  })
})

describe('secondsBetween', () => {
  it('measures within a day and across New Year when the log has no year', () => {
    expect(secondsBetween(at('Dec 03 15:12:41'), at('Dec 03 15:13:21'))).toBe(40)
    expect(secondsBetween(at('Dec 31 23:59:59'), at('Jan 01 00:00:01'))).toBe(2)
    expect(secondsBetween(at('Feb 28 23:59:59'), at('Mar 01 00:00:01'))).toBe(2)
    expect(secondsBetween(at('Feb 29 23:59:59'), at('Mar 01 00:00:01'))).toBe(2)
  })

  it('uses epoch seconds when both lines carry a year', () => {
    expect(secondsBetween(at('2026-12-31T23:59:59Z'), at('2027-01-01T00:00:01Z'))).toBe(2)
    expect(secondsBetween(at('2026-12-03T16:23:15.085388+00:00'), at('2026-12-03T16:23:26.168469+00:00'))).toBe(11.083081)
  })
})

describe('logWindow', () => {
  it('spans the earliest to the latest line whatever their order', () => {
    const window = logWindow(['Dec 03 15:12:41', 'Dec 03 15:12:31', 'Dec 03 15:13:21', 'Dec 03 15:12:34'].map(at))
    expect(window).toEqual({ firstTime: 'Dec 03 15:12:31', lastTime: 'Dec 03 15:13:21', seconds: 50 })
  })

  it('takes the short way round New Year for logs without a year', () => {
    const window = logWindow(['Jan 01 00:04:00', 'Dec 31 23:58:00', 'Jan 01 00:01:00'].map(at))
    expect(window).toEqual({ firstTime: 'Dec 31 23:58:00', lastTime: 'Jan 01 00:04:00', seconds: 360 })
  })

  it('is zero for one line and null for none', () => {
    expect(logWindow([at('Dec 03 15:12:41')])).toEqual({ firstTime: 'Dec 03 15:12:41', lastTime: 'Dec 03 15:12:41', seconds: 0 })
    expect(logWindow([])).toBeNull()
  })

  it('spans the captured syslog in epoch seconds', () => {
    const times = lineTimestamps(mailFixture('dovecot-syslog-iso.limits.txt')).map(at)
    expect(logWindow(times)).toEqual({ firstTime: '2026-12-03T16:23:14.815217+00:00', lastTime: '2026-12-03T16:23:26.210259+00:00', seconds: 11.395042 })
  })
})

describe('lineTimestamps', () => {
  it('reads the leading timestamp of each captured layout and skips lines without one', () => {
    expect(lineTimestamps(mailFixture('dovecot-syslog-traditional.limits.txt'))).toHaveLength(16)
    expect(lineTimestamps(mailFixture('dovecot-syslog-traditional.limits.txt'))[0]).toBe('Dec  3 16:23:14')
    expect(lineTimestamps(mailFixture('postfix-log-tail.txt'))[0]).toBe('Dec 03 15:12:31')
    expect(lineTimestamps('-- Boot 1a2b --\nnot a log line\nDec 03 15:12:41 imap-login: Info: Login: user=<a>\n')).toEqual(['Dec 03 15:12:41'])
  })
})
