import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ParseError } from '../../../../../src/main/probes/parse-error'
import { doveadmStatsDumpCommand, parseDoveadmStatsDump } from '../../../../../src/main/probes/mail/doveadm-stats-dump'

const fixture = (path: string): string => readFileSync(new URL(`../../../../fixtures/${path}`, import.meta.url), 'utf8')

describe('parseDoveadmStatsDump', () => {
  const text = fixture('mail/doveadm-stats-dump.txt')

  it('reads all 17 metric rows', () => {
    const { metrics } = parseDoveadmStatsDump(text)
    expect(metrics).toHaveLength(17)
    expect(metrics.map((metric) => metric.metricName)).toContain('imap_command_FETCH_OK')
  })

  it('reads the auth failure durations slowed by the auth penalty (microseconds)', () => {
    const failures = parseDoveadmStatsDump(text).metrics.find((metric) => metric.metricName === 'auth_failures')
    expect(failures).toEqual({ metricName: 'auth_failures', field: 'duration', count: 7, sum: 24015143, min: 211, max: 4005171, avg: 3430734.71, median: 4002041, stddev: 1400505.99, percentile95: 4005171 })
  })

  it('refuses empty output, missing columns and damaged numbers', () => {
    expect(() => parseDoveadmStatsDump('')).toThrow(ParseError)
    expect(() => parseDoveadmStatsDump(text.replace('\t7630\t', '\tx\t'))).toThrow(/count is not a number at line 4/)
    expect(() => parseDoveadmStatsDump(text.replace('auth_success\tduration\t60\t', 'auth_success\tduration\t'))).toThrow(/expected 10 tab-separated columns, found 9 at line 2/)
    expect(() => parseDoveadmStatsDump('metric_name\tfield\tcount\n')).toThrow(/header lacks/)
  })

  it('runs doveadm stats dump', () => {
    expect(doveadmStatsDumpCommand).toEqual(['doveadm', 'stats', 'dump'])
  })
})
