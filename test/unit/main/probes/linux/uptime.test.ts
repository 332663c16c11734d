import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ParseError } from '../../../../../src/main/probes/parse-error'
import { parseProcUptime, parseUptimeCommand, procUptimeCommand, uptimeCommand } from '../../../../../src/main/probes/linux/uptime'

const fixture = (path: string): string => readFileSync(new URL(`../../../../fixtures/${path}`, import.meta.url), 'utf8')

describe('parseProcUptime', () => {
  it('reads the captured /proc/uptime', () => {
    expect(parseProcUptime(fixture('linux/proc-uptime.txt'))).toEqual({ uptimeSeconds: 583, idleSeconds: 894.71 })
  })

  it('points at the right kind when handed the uptime command line', () => {
    expect(() => parseProcUptime(fixture('mail/uptime.txt'))).toThrow(/uptime-command/)
  })

  it('refuses empty and damaged output', () => {
    expect(() => parseProcUptime('')).toThrow(ParseError)
    expect(() => parseProcUptime('583.00\n')).toThrow(/expected 2 fields/)
    expect(() => parseProcUptime('583.00 x\n')).toThrow(/idle time is not a number/)
  })
})

describe('parseUptimeCommand', () => {
  it('reads the uptime line of the loaded mail server', () => {
    expect(parseUptimeCommand(fixture('mail/uptime.txt'))).toEqual({ time: '15:12:51', upSeconds: 300, users: 0, load1: 0.88, load5: 0.51, load15: 0.22 })
  })

  it('reads the uptime line captured on this machine', () => {
    expect(parseUptimeCommand(fixture('linux/uptime.txt'))).toEqual({ time: '16:14:09', upSeconds: 540, users: 0, load1: 0.02, load5: 0.27, load15: 0.2 })
  })

  it('reads the longer up forms procps prints after an hour and after a day', () => {
    const line = (up: string): string => ` 10:00:00 up ${up},  2 users,  load average: 1.00, 2.00, 3.00\n`
    expect(parseUptimeCommand(line('1:02')).upSeconds).toBe(62 * 60)
    expect(parseUptimeCommand(line('3 days,  2:03')).upSeconds).toBe((3 * 1440 + 123) * 60)
    expect(parseUptimeCommand(line('1 day, 5 min')).upSeconds).toBe((1440 + 5) * 60)
    expect(parseUptimeCommand(line('10 days')).upSeconds).toBe(10 * 1440 * 60)
    expect(parseUptimeCommand(line('10 days')).users).toBe(2)
  })

  it('refuses a line that is not uptime output', () => {
    expect(() => parseUptimeCommand('')).toThrow(ParseError)
    expect(() => parseUptimeCommand(' 15:12:51 up soon,  0 user,  load average: 0.88, 0.51, 0.22\n')).toThrow(/unreadable up time/)
    expect(() => parseUptimeCommand(' 15:12:51 up 5 min,  0 user,  load average: 0.88, x, 0.22\n')).toThrow(/load5/)
  })

  it('runs cat /proc/uptime and a C-locale uptime', () => {
    expect(procUptimeCommand).toEqual(['cat', '/proc/uptime'])
    expect(uptimeCommand).toEqual(['env', 'LC_ALL=C', 'uptime'])
  })
})
