import { describe, expect, it } from 'vitest'
import { mailBatchScript, splitMailBatch } from '../../../../src/main/mail/mail-batch'

const parts = [
  { name: 'loadavg', argv: ['cat', '/proc/loadavg'] },
  { name: 'ps', argv: ['ps', '-eo', 'pid,user,pcpu,comm', '--sort=-pcpu'] },
  { name: 'who', argv: ['doveadm', '-f', 'tab', 'who', '-1'] }
]

describe('mail probe batch', () => {
  it('runs every part after its marker and marks the ones that fail', () => {
    expect(mailBatchScript(parts)).toBe(
      "echo '@@rackside-mail@@ loadavg'; cat /proc/loadavg || echo '@@rackside-mail-failed@@ loadavg'; " +
        "echo '@@rackside-mail@@ ps'; ps -eo pid,user,pcpu,comm '--sort=-pcpu' || echo '@@rackside-mail-failed@@ ps'; " +
        "echo '@@rackside-mail@@ who'; doveadm -f tab who -1 || echo '@@rackside-mail-failed@@ who'"
    )
    expect(() => mailBatchScript([])).toThrow(RangeError)
  })

  it('gives each part its text, and a failed part the stderr naming its tool', () => {
    const stdout = '@@rackside-mail@@ loadavg\n0.88 0.51 0.22 6/247 17318\n@@rackside-mail@@ ps\n@@rackside-mail-failed@@ ps\n@@rackside-mail@@ who\nusername\tproto\tpid\tip\n'
    const stderr = 'sh: 1: ps: not found\ndoveadm(root): Warning: something unrelated\n'
    const outcomes = splitMailBatch(parts, stdout, stderr)
    expect(outcomes.get('loadavg')).toEqual({ ok: true, text: '0.88 0.51 0.22 6/247 17318\n' })
    expect(outcomes.get('ps')).toEqual({ ok: false, text: '', error: '`ps -eo pid,user,pcpu,comm --sort=-pcpu` failed: sh: 1: ps: not found' })
    expect(outcomes.get('who')).toEqual({ ok: true, text: 'username\tproto\tpid\tip\n' })
  })

  it('says a part did not run when the batch stopped before its marker', () => {
    const outcomes = splitMailBatch(parts, '@@rackside-mail@@ loadavg\n0.1 0.1 0.1 1/1 1\n', 'Connection closed\n')
    expect(outcomes.get('loadavg')?.ok).toBe(true)
    expect(outcomes.get('who')).toEqual({ ok: false, text: '', error: '`doveadm -f tab who -1` did not run (the batch ended before it): Connection closed' })
  })
})
