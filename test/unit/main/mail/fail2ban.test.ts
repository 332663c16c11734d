import { describe, expect, it } from 'vitest'
import { fail2banBanCommand, parseFail2banJails, pickMailJail } from '../../../../src/main/mail/fail2ban'

// fail2ban-client status as fail2ban 1.0 prints it (tab after each label).
const status = 'Status\n|- Number of jail:\t3\n`- Jail list:\tdovecot, postfix-sasl, sshd\n'

describe('fail2ban', () => {
  it('lists the jails and picks the one that watches mail logins', () => {
    expect(parseFail2banJails(status)).toEqual(['dovecot', 'postfix-sasl', 'sshd'])
    expect(pickMailJail(['sshd', 'postfix-sasl'])).toBe('postfix-sasl')
    expect(pickMailJail(['sshd', 'my-imap-jail'])).toBe('my-imap-jail')
    expect(pickMailJail(['sshd'])).toBeNull()
    expect(parseFail2banJails('Status\n|- Number of jail:\t0\n`- Jail list:\t\n')).toEqual([])
    expect(fail2banBanCommand('dovecot', '203.0.113.45')).toEqual(['fail2ban-client', 'set', 'dovecot', 'banip', '203.0.113.45'])
  })

  it('refuses output without a jail list or with odd jail names', () => {
    expect(() => parseFail2banJails('ERROR  Failed to access socket path: /var/run/fail2ban/fail2ban.sock\n')).toThrow(/no "Jail list:" line/)
    expect(() => parseFail2banJails('`- Jail list:\tdove$cot\n')).toThrow(/unreadable jail name/)
  })
})
