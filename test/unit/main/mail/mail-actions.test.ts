// The confirm dialog's plan is the command that runs: kick, flush and ban planned against the
// demo mail server's own command handlers (and a host with fail2ban), outcomes read in words.
import { describe, expect, it } from 'vitest'
import { describeOutcome, planMailAction, type ActionContext, type ActionExec } from '../../../../src/main/mail/mail-actions'
import { shellQuote } from '../../../../src/main/ssh/quote'
import type { ExecResult } from '../../../../src/main/ssh/ssh-pool'
import { manualClock, run, testFleet } from '../sim/sim-test-kit'

const result = (exitCode: number, stdout = '', stderr = ''): ExecResult => ({ exitCode, signal: null, stdout: Buffer.from(stdout), stderr: Buffer.from(stderr) })

const fleet = testFleet({ clock: manualClock() })
const demoExec: ActionExec = async (argv) => {
  const answer = await run(fleet, 'mail-01', shellQuote(argv))
  return result(answer.code, answer.stdout, answer.stderr)
}
const context: ActionContext = { sessionsOf: () => 3, deferredMessages: () => 12 }
const unknown: ActionContext = { sessionsOf: () => null, deferredMessages: () => null }

describe('planMailAction', () => {
  it('shows the exact doveadm kick and postqueue commands with what they will touch', async () => {
    const kick = await planMailAction({ action: 'kick', host: 'mail-01', user: 'anna@baeckerei-sonne.example', ip: '192.0.2.7' }, demoExec, context)
    expect(kick).toMatchObject({ host: 'mail-01', available: true, argv: ['doveadm', 'kick', 'anna@baeckerei-sonne.example', '192.0.2.7'], command: 'doveadm kick anna@baeckerei-sonne.example 192.0.2.7' })
    expect(kick.summary).toBe('Closes the 3 open sessions of anna@baeckerei-sonne.example from 192.0.2.7 (as doveadm who last showed); the client may log in again.')
    expect((await planMailAction({ action: 'kick', host: 'mail-01', user: "o'brien@x.example" }, demoExec, unknown)).command).toBe("doveadm kick 'o'\\''brien@x.example'")
    const flush = await planMailAction({ action: 'flush-queue', host: 'mail-01' }, demoExec, context)
    expect(flush).toMatchObject({ command: 'postqueue -f', summary: 'Retries the 12 deferred mail now instead of at the next queue run.' })
  })

  it('says plainly that a host without fail2ban cannot ban, and runs nothing', async () => {
    const plan = await planMailAction({ action: 'ban-ip', host: 'mail-01', ip: '203.0.113.45' }, demoExec, context)
    expect(plan).toMatchObject({ available: false, argv: [], command: '' })
    expect(plan.unavailableReason).toBe('mail-01 has no fail2ban-client (sh: 1: fail2ban-client: not found), so Rackside cannot ban 203.0.113.45 there.')
  })

  it('bans in the jail that watches mail logins, or explains why there is none', async () => {
    const withJails = (jails: string): ActionExec => async () => result(0, `Status\n|- Number of jail:\t2\n\`- Jail list:\t${jails}\n`)
    const plan = await planMailAction({ action: 'ban-ip', host: 'mail-01', ip: '203.0.113.45' }, withJails('sshd, dovecot'), context)
    expect(plan).toMatchObject({ available: true, command: 'fail2ban-client set dovecot banip 203.0.113.45' })
    const none = await planMailAction({ action: 'ban-ip', host: 'mail-01', ip: '203.0.113.45' }, withJails('sshd'), context)
    expect(none.unavailableReason).toBe('fail2ban on mail-01 runs the jails sshd, none of which watches mail logins.')
    const denied = await planMailAction({ action: 'ban-ip', host: 'mail-01', ip: '203.0.113.45' }, async () => result(255, '', 'ERROR  Permission denied to socket: /var/run/fail2ban/fail2ban.sock, (you must be root)\n'), context)
    expect(denied.unavailableReason).toBe('fail2ban-client status failed on mail-01: ERROR  Permission denied to socket: /var/run/fail2ban/fail2ban.sock, (you must be root).')
  })
})

describe('describeOutcome', () => {
  it('reads doveadm kick, including its "nobody matched" exit status', async () => {
    const plan = await planMailAction({ action: 'kick', host: 'mail-01', user: 'nobody@example.test' }, demoExec, unknown)
    const kicked = await demoExec(plan.argv, 10_000)
    expect(kicked.exitCode).toBe(68)
    expect(describeOutcome(plan, kicked)).toEqual({ ok: false, message: 'mail-01: no open session matched, nobody was kicked' })
    expect(describeOutcome(plan, result(0, 'kicked connections from the following users:\nalice \n'))).toEqual({ ok: true, message: 'mail-01: kicked connections from the following users: alice' })
    expect(describeOutcome(plan, result(75, '', 'doveadm(root): Error: who: connect(anvil) failed\n'))).toEqual({ ok: false, message: 'mail-01: `doveadm kick nobody@example.test` exited with status 75: doveadm(root): Error: who: connect(anvil) failed' })
  })
})
