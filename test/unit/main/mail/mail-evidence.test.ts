// The collector's state read as diagnosis evidence: the same rules as `rackside diagnose mail`
// name the cause of each captured scenario, and a busy but healthy capture fires nothing.
import { describe, expect, it } from 'vitest'
import { diagnoseMail } from '../../../../src/shared/domain/mail-diagnosis'
import { mailEvidence } from '../../../../src/main/mail/mail-evidence'
import { fixture, freshness, stateFrom } from './mail-state-kit'

const NOW = Date.UTC(2026, 11, 3, 15, 30, 0)
const causesOf = (state: ReturnType<typeof stateFrom>, windowSeconds = 300) => diagnoseMail(mailEvidence(state, NOW - windowSeconds * 1000, NOW, freshness)).causes.map((cause) => cause.cause)

describe('mailEvidence', () => {
  it('names brute force from the streamed log and ss', () => {
    const state = stateFrom({ log: fixture('mail-scenarios', 'dovecot-log.brute-force.txt'), ss: fixture('mail-scenarios', 'ss-established.brute-force.txt') }, NOW)
    const diagnosis = diagnoseMail(mailEvidence(state, NOW - 300_000, NOW, freshness))
    expect(diagnosis.causes.map((cause) => cause.cause)).toEqual(['brute-force'])
    expect(diagnosis.causes[0]?.evidence[0]).toMatch(/^608 auth failures in /)
  })

  it('names a POP3 storm and an I/O-bound box from their captures', () => {
    expect(causesOf(stateFrom({ log: fixture('mail-scenarios', 'dovecot-log.pop3-storm.txt'), who: fixture('mail-scenarios', 'doveadm-who.pop3-storm.txt') }, NOW))).toContain('pop3-storm')
    const io = stateFrom({ vmstat: fixture('mail-scenarios', 'vmstat.io-bound.txt'), psiIo: fixture('mail-scenarios', 'psi-io.io-bound.txt'), loadavg: fixture('mail-scenarios', 'proc-loadavg.io-bound.txt') }, NOW)
    expect(causesOf(io)).toEqual(['io-bound'])
    const evidence = mailEvidence(io, NOW - 300_000, NOW, freshness)
    // The rule drops the first row as the since-boot average: the row handed over first is not a live second.
    expect(evidence.vmstat?.samples.length).toBe(io.vmstat.filter((row) => !row.sinceBoot).length + 1)
  })

  it('names queue growth from two postqueue reads in the window', () => {
    const state = stateFrom({ queues: [fixture('mail-scenarios', 'postqueue-j.queue-growth-1.jsonl'), fixture('mail-scenarios', 'postqueue-j.queue-growth-2.jsonl')] }, NOW)
    expect(causesOf(state)).toEqual(['queue-growth'])
  })

  it('finds nothing in the busy but healthy capture', () => {
    const state = stateFrom(
      { log: fixture('mail', 'dovecot-log-tail.txt'), ss: fixture('mail', 'ss-established-143-110.txt'), who: fixture('mail', 'doveadm-who.txt'), services: fixture('mail', 'doveadm-service-status.txt'), vmstat: fixture('mail', 'vmstat-1-2.txt'), queues: [fixture('mail', 'postqueue-j.jsonl')] },
      NOW
    )
    expect(causesOf(state)).toEqual([])
  })

  it('reads only the window: log received before it and stale probes are left out', () => {
    const state = stateFrom({ log: fixture('mail-scenarios', 'dovecot-log.brute-force.txt') }, NOW - 400_000)
    expect(causesOf(state, 300)).toEqual([])
    expect(causesOf(state, 600)).toEqual(['brute-force'])
    const stale = stateFrom({ vmstat: fixture('mail-scenarios', 'vmstat.io-bound.txt'), psiIo: fixture('mail-scenarios', 'psi-io.io-bound.txt') }, NOW - 20_000)
    const evidence = mailEvidence(stale, NOW - 300_000, NOW, freshness)
    expect(evidence.vmstat).toBeUndefined()
    expect(evidence.psiIo).toBeUndefined()
  })
})
