// fail2ban as Rackside uses it: is the client there, which jails run, and the one command that
// bans an address in a jail.
import { ParseError } from '../probes/parse-error'
import { nonBlankLines, rejectBinary } from '../probes/linux/probe-text'

const TOOL = 'fail2ban-client status'

export const fail2banStatusCommand = ['fail2ban-client', 'status'] as const

export function fail2banBanCommand(jail: string, ip: string): string[] {
  return ['fail2ban-client', 'set', jail, 'banip', ip]
}

/**
 * `fail2ban-client status`:
 *   Status
 *   |- Number of jail:      2
 *   `- Jail list:   dovecot, sshd
 */
export function parseFail2banJails(text: string): string[] {
  const lines = nonBlankLines(text)
  rejectBinary(TOOL, lines)
  const list = lines.find((line) => /Jail list:/.test(line.text))
  if (list === undefined) throw new ParseError(TOOL, 'no "Jail list:" line', lines[0]?.lineNumber, lines[0]?.text)
  const names = (list.text.split('Jail list:')[1] ?? '')
    .split(/[,\s]+/)
    .map((name) => name.trim())
    .filter((name) => name !== '')
  for (const name of names) {
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(name)) throw new ParseError(TOOL, `unreadable jail name ${JSON.stringify(name)}`, list.lineNumber, list.text)
  }
  return names
}

// Jails that watch mail logins, best first: a brute-forcer of IMAP/POP3/SMTP AUTH belongs there.
const MAIL_JAILS = ['dovecot', 'postfix-sasl', 'sasl', 'postfix', 'recidive']

/** The jail a mail-login attacker should go to, or null when none of the jails watches mail. */
export function pickMailJail(jails: readonly string[]): string | null {
  for (const wanted of MAIL_JAILS) if (jails.includes(wanted)) return wanted
  return jails.find((jail) => /dovecot|postfix|sasl|mail|imap|pop3/i.test(jail)) ?? null
}
