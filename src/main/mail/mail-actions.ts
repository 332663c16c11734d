// The actions the Mail view offers on a host: kick a user's sessions, ban an IP with fail2ban,
// flush the Postfix queue. A plan says exactly what would run (or why nothing can); running
// re-plans on this side, so the command shown is the command run.
import type { MailAction, MailActionPlan } from '../../shared/api-parts/mail-api'
import { shellQuote } from '../ssh/quote'
import type { ExecResult } from '../ssh/ssh-pool'
import { fail2banBanCommand, fail2banStatusCommand, parseFail2banJails, pickMailJail } from './fail2ban'

export type ActionExec = (argv: readonly string[], timeoutMs: number) => Promise<ExecResult>

/** What the collector last saw, to say in the plan what the action will touch. */
export interface ActionContext {
  sessionsOf(user: string, ip: string | undefined): number | null
  deferredMessages(): number | null
}

const text = (result: ExecResult): string => `${result.stdout.toString('utf8')}${result.stderr.toString('utf8')}`.trim()

const notFound = (result: ExecResult): boolean => result.exitCode === 127 || /not found|No such file/i.test(result.stderr.toString('utf8'))

export async function planMailAction(action: MailAction, exec: ActionExec, context: ActionContext): Promise<MailActionPlan> {
  const host = action.host
  const plan = (argv: string[], summary: string): MailActionPlan => ({ host, action: action.action, argv, command: shellQuote(argv), available: true, summary })
  switch (action.action) {
    case 'kick': {
      const argv = ['doveadm', 'kick', action.user, ...(action.ip === undefined ? [] : [action.ip])]
      const open = context.sessionsOf(action.user, action.ip)
      const who = `${action.user}${action.ip === undefined ? '' : ` from ${action.ip}`}`
      return plan(argv, open === null ? `Closes every IMAP/POP3 session of ${who}.` : `Closes the ${open} open session${open === 1 ? '' : 's'} of ${who} (as doveadm who last showed); the client may log in again.`)
    }
    case 'flush-queue': {
      const deferred = context.deferredMessages()
      return plan(['postqueue', '-f'], `Retries ${deferred === null ? 'all queued' : `the ${deferred} deferred`} mail now instead of at the next queue run.`)
    }
    case 'ban-ip': {
      const status = await exec(fail2banStatusCommand, 15_000)
      const unavailable = (reason: string): MailActionPlan => ({
        host,
        action: 'ban-ip',
        argv: [],
        command: '',
        available: false,
        unavailableReason: reason,
        summary: `Nothing will be run. Block ${action.ip} at the firewall in front of ${host} instead.`
      })
      if (notFound(status)) return unavailable(`${host} has no fail2ban-client (${text(status).split('\n')[0] || 'not installed'}), so Rackside cannot ban ${action.ip} there.`)
      if (status.exitCode !== 0) return unavailable(`fail2ban-client status failed on ${host}: ${text(status).split('\n')[0] || `exit status ${status.exitCode}`}.`)
      let jails: string[]
      try {
        jails = parseFail2banJails(status.stdout.toString('utf8'))
      } catch (error) {
        return unavailable(`could not read fail2ban's jails on ${host}: ${(error as Error).message}.`)
      }
      const jail = pickMailJail(jails)
      if (jail === null) return unavailable(`fail2ban on ${host} runs ${jails.length === 0 ? 'no jails' : `the jails ${jails.join(', ')}`}, none of which watches mail logins.`)
      return plan(fail2banBanCommand(jail, action.ip), `Bans ${action.ip} in fail2ban's ${jail} jail on ${host} for the jail's bantime.`)
    }
  }
}

/** What the user reads after the command ran. */
export function describeOutcome(plan: MailActionPlan, result: ExecResult): { ok: boolean; message: string } {
  const output = text(result)
  switch (plan.action) {
    case 'kick':
      if (result.exitCode === 0) return { ok: true, message: `${plan.host}: ${output.split('\n').join(' ') || 'sessions kicked'}` }
      // doveadm exits 68 (EX_NOUSER) when no session matched.
      if (result.exitCode === 68) return { ok: false, message: `${plan.host}: no open session matched, nobody was kicked` }
      break
    case 'flush-queue':
      if (result.exitCode === 0) return { ok: true, message: `${plan.host}: the queue is being flushed; deferred mail is retried now` }
      break
    case 'ban-ip':
      if (result.exitCode === 0) return { ok: true, message: `${plan.host}: fail2ban banned the address (${output || 'ok'})` }
      break
  }
  const how = result.exitCode === null ? `was killed by ${result.signal ?? 'a signal'}` : `exited with status ${result.exitCode}`
  return { ok: false, message: `${plan.host}: \`${plan.command}\` ${how}${output ? `: ${output.split('\n')[0]}` : ''}` }
}
