import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parsePsTop, psTopCommand } from '../../../../src/main/mail/ps-top'

const captured = readFileSync(join(__dirname, 'fixtures', 'ps-top.txt'), 'utf8')

describe('parsePsTop', () => {
  it('reads the busiest processes of a real capture, commands with spaces kept whole', () => {
    expect(psTopCommand).toEqual(['ps', '-eo', 'pid,user,pcpu,comm', '--sort=-pcpu'])
    const top = parsePsTop(captured, 10)
    expect(top).toHaveLength(10)
    expect(top[0]).toEqual({ pid: 19412, user: 'root', cpuPercent: 53.1, command: 'node' })
    expect(top.find((process) => process.pid === 19529)?.command).toBe('npm exec eslint')
    expect(top.map((process) => process.cpuPercent)).toEqual([...top.map((process) => process.cpuPercent)].sort((a, b) => b - a))
  })

  it('refuses output that is not this ps layout', () => {
    expect(() => parsePsTop('')).toThrow('ps: empty output')
    expect(() => parsePsTop('  PID  PPID %CPU %MEM ELAPSED COMMAND\n')).toThrow(/"PID USER %CPU COMMAND" header/)
    expect(() => parsePsTop('  PID USER     %CPU COMMAND\n  12 root     x.y node\n')).toThrow(/%CPU is not a number/)
  })
})
