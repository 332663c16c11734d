// The mail server's admin commands: doveadm (who, service/process status, penalty, stats
// dump, kick) and postqueue (-j, -p, -f) plus mailq, answering from the mail model.
import type { CommandHandler, CommandIo } from './command-router'
import {
  doveadmPenalty,
  doveadmProcessStatus,
  doveadmServiceStatus,
  doveadmStatsDump,
  doveadmWho,
  doveadmWhoSeparate,
  type MetricRow,
  type TableText
} from './format-doveadm'
import { wildcardMatch, type MailModel, type MailSession } from './mail-model'
import type { QueuedMessage } from './mail-queue'

const EX_USAGE = 64
const EX_NOTFOUND = 68

/** Prints a table the way the chosen formatter does (`table` aligned, `tab` separated), titles first. */
function printTable(io: CommandIo, table: TableText, formatter: string): void {
  if (formatter === 'tab') {
    io.stdout([table.titles, ...table.rows].map((cells) => `${cells.join('\t')}\n`).join(''))
    return
  }
  io.stdout(table.header + table.body)
}

function ipInRange(ip: string, range: string): boolean {
  const [base = '', bitsText] = range.split('/')
  const bits = bitsText === undefined ? 32 : Number(bitsText)
  const toInt = (text: string) => text.split('.').reduce((n, part) => n * 256 + Number(part), 0)
  if (!/^\d+\.\d+\.\d+\.\d+$/.test(base) || !/^\d+\.\d+\.\d+\.\d+$/.test(ip)) return false
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0
  return ((toInt(ip) & mask) >>> 0) === ((toInt(base) & mask) >>> 0)
}

function isIpMask(text: string): boolean {
  return /^\d+\.\d+\.\d+\.\d+(\/\d+)?$/.test(text)
}

function filterSessions(sessions: MailSession[], masks: string[]): MailSession[] {
  const ipMask = masks.find(isIpMask)
  const userMask = masks.find((m) => !isIpMask(m))
  return sessions.filter((s) => (userMask === undefined || wildcardMatch(s.user, userMask)) && (ipMask === undefined || ipInRange(s.ip, ipMask)))
}

function statsRows(mail: MailModel, nowMs: number): MetricRow[] {
  const counts = mail.loginCounts(nowMs)
  const ioShare = mail.periodsOf('io-bound', nowMs).reduce((ms, p) => ms + Math.min(nowMs, p.toMs) - p.fromMs, 0) / Math.max(1, nowMs - mail.startMs + 12 * 86_400_000)
  // Averages drift towards the slow values in proportion to the time spent I/O-bound.
  const row = (name: string, count: number, avgUs: number, slowFactor = 1): MetricRow => {
    const avg = avgUs * (1 + (slowFactor - 1) * Math.min(1, ioShare * 40))
    return {
      name,
      count,
      sumUs: Math.round(count * avg),
      minUs: count === 0 ? 0 : Math.max(1, Math.round(avgUs * 0.03)),
      maxUs: count === 0 ? 0 : Math.round(avg * 12),
      medianUs: count === 0 ? 0 : Math.round(avg * 0.7),
      stddevUs: count === 0 ? 0 : avg * 1.3,
      p95Us: count === 0 ? 0 : Math.round(avg * 3.2)
    }
  }
  const imap = counts.imapCommands
  const share = (fraction: number) => Math.round(imap * fraction)
  return [
    row('auth_success', counts.success, 210),
    { ...row('auth_failures', counts.failures, 2_400_000), maxUs: counts.failures === 0 ? 0 : 15_004_171 },
    row('imap_command', imap, 1_433, 30),
    row('imap_command_SELECT', share(0.08), 1_720, 40),
    row('imap_command_SELECT_OK', share(0.08), 1_720, 40),
    row('imap_command_FETCH', share(0.31), 2_766, 35),
    row('imap_command_FETCH_OK', share(0.31), 2_766, 35),
    row('imap_command_SEARCH', share(0.12), 118, 20),
    row('imap_command_SEARCH_OK', share(0.12), 118, 20),
    row('imap_command_IDLE', share(0.2), 1_700_000_000),
    row('imap_command_IDLE_OK', share(0.2), 1_700_000_000),
    row('imap_command_NOOP', share(0.15), 718),
    row('imap_command_NOOP_OK', share(0.15), 718),
    row('imap_command_LOGOUT', share(0.04), 35),
    row('imap_command_LOGOUT_OK', share(0.04), 35),
    row('pop3_command', counts.pop3Commands, 640, 25),
    row('login_client_connected', 0, 0)
  ]
}

export const doveadm: CommandHandler = (argv, ctx, io) => {
  const mail = ctx.host.mail
  if (!mail) return 127
  let formatter = 'table'
  let i = 0
  while ((argv[i] ?? '').startsWith('-')) {
    const opt = argv[i] ?? ''
    if (opt === '-f') formatter = argv[++i] ?? 'table'
    else if (opt === '-c' || opt === '-o') i++
    i++
  }
  const [command, sub, ...rest] = argv.slice(i)
  const now = ctx.fleet.now()
  const options = (args: string[], valueFlags: string[]) => {
    const flags = new Set<string>()
    const positional: string[] = []
    for (let j = 0; j < args.length; j++) {
      const arg = args[j] ?? ''
      if (valueFlags.includes(arg)) j++
      else if (arg.startsWith('-')) flags.add(arg)
      else positional.push(arg)
    }
    return { flags, positional }
  }
  switch (command) {
    case 'who': {
      const { flags, positional } = options([sub, ...rest].filter((a): a is string => a !== undefined), ['-a'])
      const sessions = filterSessions(mail.activeSessions(now), positional)
      printTable(io, flags.has('-1') ? doveadmWhoSeparate(sessions) : doveadmWho(sessions), formatter)
      return 0
    }
    case 'penalty': {
      const { positional } = options([sub, ...rest].filter((a): a is string => a !== undefined), ['-a'])
      const entries = mail.penalties(now).filter((e) => positional[0] === undefined || ipInRange(e.ip, positional[0]))
      printTable(io, doveadmPenalty(entries, mail.utcOffsetMinutes), formatter)
      return 0
    }
    case 'service':
      if (sub !== 'status') break
      io.stdout(doveadmServiceStatus(mail.serviceStatus(now).filter((s) => rest.length === 0 || rest.includes(s.name))))
      return 0
    case 'process': {
      if (sub !== 'status') break
      const wanted = (name: string) => rest.length === 0 || rest.includes(name)
      const daemons = mail.daemons(now).filter((d) => wanted(d.name))
      const sessions = mail.activeSessions(now).filter((s) => wanted(s.kind === 'brute' ? `${s.proto === 'smtp' ? 'submission' : s.proto}-login` : s.proto))
      printTable(io, doveadmProcessStatus(daemons, sessions, now), formatter)
      return 0
    }
    case 'stats':
      if (sub !== 'dump') break
      io.stdout(doveadmStatsDump(statsRows(mail, now)))
      return 0
    case 'kick': {
      const { positional } = options([sub, ...rest].filter((a): a is string => a !== undefined), ['-a'])
      if (positional.length === 0) {
        io.stderr('Error: user and/or ip[/bits] must be specified.\n')
        return EX_USAGE
      }
      const ipMask = positional.find(isIpMask) ?? null
      const userMask = positional.find((m) => !isIpMask(m)) ?? null
      const kicked = mail.kick(userMask, ipMask, now)
      if (kicked.length === 0) {
        io.stdout('No users kicked\n')
        return EX_NOTFOUND
      }
      // doveadm 2.3.19 really prints the names before the sentence (its two printers flush apart).
      io.stdout(`${kicked.map((u) => `${u} `).join('')}kicked connections from the following users:\n\n`)
      return 0
    }
  }
  io.stderr(`doveadm: Unknown command '${[command, sub].filter(Boolean).join(' ')}'\n`)
  return EX_USAGE
}

function jsonLine(m: QueuedMessage): string {
  const recipient = m.delayReason === null ? `{"address": ${JSON.stringify(m.recipient)}}` : `{"address": ${JSON.stringify(m.recipient)}, "delay_reason": ${JSON.stringify(m.delayReason)}}`
  return (
    `{"queue_name": "${m.queueName}", "queue_id": "${m.queueId}", "arrival_time": ${Math.floor(m.arrivalMs / 1000)}, "message_size": ${m.sizeBytes}, ` +
    `"forced_expire": false, "sender": ${JSON.stringify(m.sender)}, "recipients": [${recipient}]}\n`
  )
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** `postqueue -p` / `mailq`: Postfix's classic queue listing. */
function queueListing(queue: QueuedMessage[], utcOffsetMinutes: number): string {
  if (queue.length === 0) return 'Mail queue is empty\n'
  const entries = queue.map((m) => {
    const d = new Date(m.arrivalMs + utcOffsetMinutes * 60_000)
    const time = [d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()].map((n) => String(n).padStart(2, '0')).join(':')
    const date = `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2)} ${time}`
    const flag = m.queueName === 'hold' ? '!' : m.queueName === 'active' ? '*' : ''
    const reason = m.delayReason === null ? '' : `(${m.delayReason})`
    const reasonLine = reason === '' ? '' : `${reason.length + 20 <= 80 ? ' '.repeat(20) : ''}${reason}\n`
    return `${m.queueId}${flag}${String(m.sizeBytes).padStart(8)} ${date}  ${m.sender}\n${reasonLine}${' '.repeat(41)}${m.recipient}\n`
  })
  const kbytes = Math.floor(queue.reduce((sum, m) => sum + m.sizeBytes, 0) / 1024)
  return `-Queue ID-  --Size-- ----Arrival Time---- -Sender/Recipient-------\n${entries.join('\n')}\n-- ${kbytes} Kbytes in ${queue.length} Request${queue.length === 1 ? '' : 's'}.\n`
}

export const postqueue: CommandHandler = (argv, ctx, io) => {
  const mail = ctx.host.mail
  if (!mail) return 127
  const now = ctx.fleet.now()
  const flag = argv.find((a) => a.startsWith('-')) ?? ''
  if (flag === '-j') {
    io.stdout(mail.postfix.queue(now).map(jsonLine).join(''))
    return 0
  }
  if (flag === '-p') {
    io.stdout(queueListing(mail.postfix.queue(now), mail.utcOffsetMinutes))
    return 0
  }
  if (flag === '-f') {
    mail.postfix.flush(now)
    return 0
  }
  io.stderr('postqueue: fatal: usage: postqueue -f | postqueue -i queueid | postqueue -j | postqueue -p | postqueue -s site\n')
  return 64
}

const JAILS = ['dovecot', 'postfix-sasl', 'sshd']

/** fail2ban-client 1.0: status, status JAIL, set JAIL banip|unbanip IP, ping. */
export const fail2banClient: CommandHandler = (argv, ctx, io) => {
  const mail = ctx.host.mail
  if (!mail) return 127
  const now = ctx.fleet.now()
  const [command, jail, action, ip] = argv
  const noJail = (name: string) => {
    io.stderr(`Sorry but the jail '${name}' does not exist\n`)
    return 255
  }
  if (command === 'ping') {
    io.stdout('Server replied: pong\n')
    return 0
  }
  if (command === 'status' && jail === undefined) {
    io.stdout(`Status\n|- Number of jail:\t${JAILS.length}\n\`- Jail list:\t${JAILS.join(', ')}\n`)
    return 0
  }
  if (command === 'status' && jail !== undefined) {
    if (!JAILS.includes(jail)) return noJail(jail)
    const banned = mail.bannedIps(jail, now)
    const failed = jail === 'sshd' ? 0 : mail.loginCounts(now).failures
    io.stdout(
      `Status for the jail: ${jail}\n|- Filter\n|  |- Currently failed:\t${Math.min(failed, mail.penalties(now).length)}\n|  |- Total failed:\t${failed}\n` +
        `|  \`- File list:\t/var/log/mail.log\n\`- Actions\n   |- Currently banned:\t${banned.length}\n   |- Total banned:\t${banned.length}\n   \`- Banned IP list:\t${banned.join(' ')}\n`
    )
    return 0
  }
  if (command === 'set' && jail !== undefined && (action === 'banip' || action === 'unbanip') && ip !== undefined) {
    if (!JAILS.includes(jail)) return noJail(jail)
    if (!isIpMask(ip) || ip.includes('/')) {
      io.stderr(`ERROR   NOK: ('${ip}' is not a valid IP address)\n`)
      return 255
    }
    io.stdout(`${action === 'banip' ? mail.ban(jail, ip, now) : mail.unban(jail, ip, now)}\n`)
    return 0
  }
  io.stderr(`ERROR   NOK: ('Invalid command',)\nfail2ban-client: the demo fleet knows status [JAIL], set JAIL banip|unbanip IP and ping\n`)
  return 255
}

export const mailCommands: Record<string, CommandHandler> = {
  doveadm,
  postqueue,
  mailq: (_argv, ctx, io) => postqueue(['-p'], ctx, io)
}
