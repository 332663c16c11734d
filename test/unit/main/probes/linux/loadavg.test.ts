import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ParseError } from '../../../../../src/main/probes/parse-error'
import { loadavgCommand, parseLoadavg } from '../../../../../src/main/probes/linux/loadavg'

const fixture = (path: string): string => readFileSync(new URL(`../../../../fixtures/${path}`, import.meta.url), 'utf8')

describe('parseLoadavg', () => {
  it('reads the loadavg captured on this machine', () => {
    expect(parseLoadavg(fixture('linux/proc-loadavg.txt'))).toEqual({ load1: 0.02, load5: 0.27, load15: 0.2, runnable: 1, total: 101, lastPid: 13913 })
  })

  it('reads the loadavg captured on the loaded mail server', () => {
    expect(parseLoadavg(fixture('mail/proc-loadavg.txt'))).toEqual({ load1: 0.88, load5: 0.51, load15: 0.22, runnable: 6, total: 247, lastPid: 17318 })
  })

  it('reads the loadavg that OpenSSH brought back from a lab host', () => {
    // The capture is annotated: "# ssh ..." above the output and "# rc=0" below it.
    const output = fixture('ssh/openssh-loadavg.txt')
      .split('\n')
      .filter((line) => !line.startsWith('#'))
      .join('\n')
    expect(parseLoadavg(output)).toEqual({ load1: 0.19, load5: 0.11, load15: 0.17, runnable: 2, total: 96, lastPid: 22689 })
  })

  it('reads every stdout that the ssh2 client captured, including the netns and fake hosts', () => {
    const stdouts = fixture('ssh/ssh2-node-outputs.txt')
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { stdout?: string })
      .flatMap((record) => (record.stdout === undefined ? [] : [record.stdout]))
    expect(stdouts.map((stdout) => parseLoadavg(stdout).load1)).toEqual([0.19, 3.21, 7.5, 7.5])
    expect(parseLoadavg(stdouts[1] as string)).toEqual({ load1: 3.21, load5: 2.1, load15: 1.05, runnable: 4, total: 321, lastPid: 4242 })
  })

  it('refuses empty output, extra lines and damaged fields with the line', () => {
    expect(() => parseLoadavg('')).toThrow(ParseError)
    expect(() => parseLoadavg('0.88 0.51 0.22 6/247 17318\n0.1 0.1 0.1 1/2 3\n')).toThrow(/line 2/)
    expect(() => parseLoadavg('0.88 x 0.22 6/247 17318\n')).toThrow(/load5 is not a number.*line 1/)
    expect(() => parseLoadavg('0.88 0.51 0.22 6-247 17318\n')).toThrow(/runnable\/total/)
    expect(() => parseLoadavg('0.88 0.51 0.22\n')).toThrow(/expected 5 fields/)
  })

  it('runs cat on /proc/loadavg', () => {
    expect(loadavgCommand).toEqual(['cat', '/proc/loadavg'])
  })
})
