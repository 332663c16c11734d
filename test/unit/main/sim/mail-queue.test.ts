import { describe, expect, it } from 'vitest'
import { parsePostqueueJson } from '../../../../src/main/probes/mail'
import { manualClock, run, testFleet } from './sim-test-kit'

describe('postfix queue', () => {
  it('postqueue -f delivers greylisted mail that has waited past the greylist', async () => {
    const clock = manualClock()
    const fleet = testFleet({ clock })
    clock.advance(3 * 3_600_000)
    const greylisted = async () =>
      parsePostqueueJson((await run(fleet, 'mail-01', 'postqueue -j')).stdout).messages.filter((m) => m.recipients.some((r) => r.delayReason?.includes('Greylisted') ?? false))
    const waiting = (await greylisted()).filter((m) => m.arrivalTime * 1000 < clock.now() - 61_000)
    expect(waiting.length).toBeGreaterThan(0)
    expect(await run(fleet, 'mail-01', 'postqueue -f')).toEqual({ stdout: '', stderr: '', code: 0 })
    clock.advance(2_000)
    const left = new Set((await greylisted()).map((m) => m.queueId))
    for (const m of waiting) expect(left.has(m.queueId)).toBe(false)
  })

  it('keeps two held messages and no stuck mail in a normal day', async () => {
    const clock = manualClock()
    const fleet = testFleet({ clock })
    const queue = parsePostqueueJson((await run(fleet, 'mail-01', 'postqueue -j')).stdout).messages
    expect(queue.filter((m) => m.queueName === 'hold')).toHaveLength(2)
    expect(queue.filter((m) => m.recipients.some((r) => r.delayReason?.includes('dovecot-lmtp') ?? false))).toEqual([])
    const listing = (await run(fleet, 'mail-01', 'mailq')).stdout
    expect(listing.startsWith('-Queue ID-  --Size-- ----Arrival Time---- -Sender/Recipient-------\n')).toBe(true)
    expect(listing).toMatch(/^[0-9A-F]{11}! +\d+ \w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d {2}\S+@\S+$/m)
    expect(listing).toMatch(/\n-- \d+ Kbytes in \d+ Requests?\.\n$/)
  })
})
