// The mail server's log as `tail -F /var/log/mail.log` shows it: Dovecot lines in Dovecot's
// own log format and Postfix lines in its maillog format, exactly as in the captured
// fixtures, generated for any time window from the mail model's sessions and messages.
import { POP3_PROCESS_LIMIT, type MailModel, type MailSession } from './mail-model'
import type { MailMessage } from './mail-queue'
import { hash32, unitHash } from './seeded-random'

export interface LogLine {
  atMs: number
  line: string
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** `Dec 03 15:12:41` in the host's local time (both Dovecot and Postfix pad the day with 0). */
export function logTimestamp(tMs: number, utcOffsetMinutes: number): string {
  const d = new Date(tMs + utcOffsetMinutes * 60_000)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
}

/** Log lines stamped within (fromMs, toMs], oldest first. */
export function mailLogLines(model: MailModel, fromMs: number, toMs: number): LogLine[] {
  const events: LogLine[] = []
  const ts = (tMs: number) => logTimestamp(tMs, model.utcOffsetMinutes)
  const within = (tMs: number) => tMs > fromMs && tMs <= toMs
  const dovecot = (tMs: number, text: string) => {
    if (within(tMs)) events.push({ atMs: tMs, line: `${ts(tMs)} ${text}` })
  }
  const postfix = (tMs: number, service: string, pid: number, text: string) => {
    if (within(tMs)) events.push({ atMs: tMs, line: `${ts(tMs)} ${model.hostName} postfix/${service}[${pid}]: ${text}` })
  }

  for (const session of model.sessionsTouching(fromMs, toMs)) sessionLines(model, session, dovecot, postfix)

  for (const failure of model.userAuthFailures(fromMs - 5_000, toMs)) {
    dovecot(failure.atMs, `auth: Info: passwd-file(${failure.user},${failure.ip},<${failure.sessionId}>): Password mismatch`)
    // Over TLS Dovecot notes how the TLS session ended (checked against 2.3.19.1).
    dovecot(
      failure.atMs + 2_000,
      `imap-login: Info: Disconnected: Connection closed (auth failed, 1 attempts in 2 secs): user=<${failure.user}>, method=PLAIN, rip=${failure.ip}, lip=${model.localIp}, TLS: Connection closed, session=<${failure.sessionId}>`
    )
  }

  // The master logs process_limit warnings while POP3 clients want more processes than allowed.
  for (let t = Math.ceil(fromMs / 30_000) * 30_000; t <= toMs; t += 30_000) {
    if (t > fromMs && model.pop3Demand(t) >= POP3_PROCESS_LIMIT) {
      dovecot(t, `master: Warning: service(pop3): process_limit (${POP3_PROCESS_LIMIT}) reached, client connections are being dropped`)
    }
  }

  for (let t = Math.ceil(fromMs / 15_000) * 15_000; t <= toMs; t += 15_000) {
    if (t <= fromMs || model.scenarioAt(t) !== 'io-bound') continue
    const victims = model.activeSessions(t).filter((s) => s.proto === 'imap' && s.kind !== 'brute')
    const victim = victims[hash32('io-victim', t) % Math.max(1, victims.length)]
    if (!victim) continue
    const [local = 'user', domain = 'example'] = victim.user.split('@')
    const seconds = 8 + (hash32('io-secs', t) % 50)
    const text =
      (t / 15_000) % 2 === 0
        ? `Transaction log file /var/vmail/${domain}/${local}/Maildir/dovecot.index.log was locked for ${seconds} seconds (mailbox sync)`
        : `Maildir /var/vmail/${domain}/${local}/Maildir: Synchronization took ${seconds} seconds (0 new msgs, 0 flag change attempts, 0 expunge attempts)`
    dovecot(t, `imap(${victim.user})<${victim.pid}><${victim.sessionId}>: Warning: ${text}`)
  }

  // Mail arriving earlier can still be delivered in this window: greylisted mail within
  // 20 minutes, mail held up by an I/O-bound period as long as the period lasted.
  const io = model.periodsOf('io-bound', toMs).filter((p) => p.toMs > fromMs - 300_000)
  const lookbackMs = io.length > 0 ? Math.min(6 * 3_600_000, fromMs - Math.min(...io.map((p) => p.fromMs)) + 600_000) : 20 * 60_000
  for (const message of model.postfix.messages(fromMs - lookbackMs, toMs, toMs)) messageLines(model, message, dovecot, postfix)

  return events.sort((a, b) => a.atMs - b.atMs)
}

/** The last `count` lines up to `nowMs`, looking back further until enough are found. */
export function mailLogTail(model: MailModel, nowMs: number, count: number): LogLine[] {
  if (count <= 0) return []
  let lines: LogLine[] = []
  for (const windowMs of [30_000, 300_000, 3_600_000, 6 * 3_600_000]) {
    lines = mailLogLines(model, nowMs - windowMs, nowMs)
    if (lines.length >= count) break
  }
  return lines.slice(-count)
}

type Emit = (tMs: number, text: string) => void
type EmitPostfix = (tMs: number, service: string, pid: number, text: string) => void

function sessionLines(model: MailModel, s: MailSession, dovecot: Emit, postfix: EmitPostfix): void {
  // Clients use TLS (993/995) or STARTTLS (143); attackers and old POP3 clients talk plaintext.
  const tls = s.localPort === 993 || s.localPort === 995 || (s.localPort === 143 && s.kind !== 'brute') ? ', TLS' : ''
  if (s.proto === 'pop3' && s.kind !== 'brute' && !model.pop3Admitted(s)) {
    // Past process_limit the login process cannot hand the client to a pop3 process.
    const loginPid = model.masterPid + 211
    dovecot(
      s.startMs,
      `pop3-login: Error: master(pop3): read() failed: Remote closed connection (destination service { process_limit } reached?) (client-pid=${loginPid}, client-id=${hash32(s.sessionId) % 5000}, rip=${s.ip}, created 1 msecs ago, received 0/4 bytes)`
    )
    dovecot(s.startMs + 2, `pop3-login: Info: Disconnected: Internal login failure (pid=${loginPid} id=${hash32(s.sessionId) % 5000}): user=<${s.user}>, method=PLAIN, rip=${s.ip}, lip=${model.localIp}, session=<${s.sessionId}>`)
    return
  }
  if (s.kind === 'brute') {
    const realUser = model.users.includes(s.user)
    const reason = realUser ? 'Password mismatch' : 'unknown user'
    const seconds = Math.round((s.endMs - s.startMs) / 1000)
    if (s.proto === 'smtp') {
      postfix(s.startMs, 'submission/smtpd', s.pid, `connect from unknown[${s.ip}]`)
      dovecot(s.startMs + 180, `auth: Info: passwd-file(${s.user},${s.ip}): ${reason}`)
      postfix(s.endMs - 40, 'submission/smtpd', s.pid, `warning: unknown[${s.ip}]: SASL LOGIN authentication failed: UGFzc3dvcmQ6`)
      postfix(s.endMs, 'submission/smtpd', s.pid, `disconnect from unknown[${s.ip}] ehlo=1 auth=0/1 rset=1 quit=1 commands=3/4`)
      return
    }
    dovecot(s.startMs + 180, `auth: Info: passwd-file(${s.user},${s.ip},<${s.sessionId}>): ${reason}`)
    dovecot(
      s.endMs,
      `${s.proto}-login: Info: Disconnected: Connection closed (auth failed, 1 attempts in ${seconds} secs): user=<${s.user}>, method=PLAIN, rip=${s.ip}, lip=${model.localIp}${tls === '' ? '' : `${tls}: Connection closed`}, session=<${s.sessionId}>`
    )
    return
  }
  dovecot(s.startMs, `${s.proto}-login: Info: Login: user=<${s.user}>, method=PLAIN, rip=${s.ip}, lip=${model.localIp}, mpid=${s.pid}${tls}, session=<${s.sessionId}>`)
  // A kicked process gets SIGTERM: the master-side warning, then the session's own last line.
  if (s.kicked) dovecot(s.endMs, `${s.proto}(${s.pid}): Warning: Killed with signal 15 (by pid=${model.masterPid + 97} uid=0 code=kill)`)
  const how = s.kicked ? 'Server shutting down.' : 'Logged out'
  const prefix = `${s.proto}(${s.user})<${s.pid}><${s.sessionId}>: Info: Disconnected: ${how}`
  if (s.proto === 'pop3') {
    const messages = 20 + (hash32(s.sessionId, 'msgs') % 900)
    const size = messages * (9_000 + (hash32(s.sessionId, 'size') % 60_000))
    const retrieved = s.kind === 'pop3-storm' ? messages : hash32(s.sessionId, 'retr') % 4
    dovecot(s.endMs, `${prefix} top=0/0, retr=${retrieved}/${Math.round((size / messages) * retrieved)}, del=0/${messages}, size=${size}`)
    return
  }
  const minutes = (s.endMs - s.startMs) / 60_000
  const bodyBytes = s.kind === 'busy' ? Math.round(minutes * 95_000_000) : Math.round(minutes * 40_000 * unitHash(s.sessionId, 'body'))
  const inBytes = Math.round(300 + minutes * (s.kind === 'busy' ? 40_000 : 180))
  dovecot(
    s.endMs,
    `${prefix} in=${inBytes} out=${Math.round(bodyBytes * 1.05 + 1_200)} deleted=0 expunged=0 trashed=0 hdr_count=0 hdr_bytes=0 body_count=${Math.round(bodyBytes / 820)} body_bytes=${bodyBytes}`
  )
}

function messageLines(model: MailModel, m: MailMessage, dovecot: Emit, postfix: EmitPostfix): void {
  const smtpdPid = 30_000 + (hash32(m.queueId, 'smtpd') % 900_000)
  const cleanupPid = model.masterPid + 411
  const qmgrPid = model.masterPid + 402
  const deliveryPid = 30_000 + (hash32(m.queueId, 'delivery') % 900_000)
  const [, senderDomain = 'remote.example'] = m.sender.split('@')
  const [, recipientDomain = 'remote.example'] = m.recipient.split('@')
  const messageId = `<${(m.arrivalMs / 1000).toFixed(0)}.${m.queueId.toLowerCase()}@${m.direction === 'inbound' ? senderDomain : recipientDomain}>`
  if (m.direction === 'inbound') {
    const client = `mx.${senderDomain}[${model.postfix.remoteMxIp(senderDomain)}]`
    postfix(m.arrivalMs - 300, 'smtpd', smtpdPid, `connect from ${client}`)
    postfix(m.arrivalMs - 120, 'smtpd', smtpdPid, `${m.queueId}: client=${client}`)
  } else {
    const client = `unknown[${model.userIp(m.sender, 0)}]`
    postfix(m.arrivalMs - 300, 'submission/smtpd', smtpdPid, `connect from ${client}`)
    postfix(m.arrivalMs - 120, 'submission/smtpd', smtpdPid, `${m.queueId}: client=${client}, sasl_method=PLAIN, sasl_username=${m.sender}`)
  }
  postfix(m.arrivalMs - 60, 'cleanup', cleanupPid, `${m.queueId}: message-id=${messageId}`)
  postfix(m.arrivalMs, 'qmgr', qmgrPid, `${m.queueId}: from=<${m.sender}>, size=${m.sizeBytes}, nrcpt=1 (queue active)`)
  const smtpdName = m.direction === 'inbound' ? 'smtpd' : 'submission/smtpd'
  const peer = m.direction === 'inbound' ? `mx.${senderDomain}[${model.postfix.remoteMxIp(senderDomain)}]` : `unknown[${model.userIp(m.sender, 0)}]`
  const commands = m.direction === 'inbound' ? 'ehlo=1 mail=1 rcpt=1 data=1 quit=1 commands=5' : 'ehlo=2 starttls=1 auth=1 mail=1 rcpt=1 data=1 quit=1 commands=8'
  postfix(m.arrivalMs + 40, smtpdName, smtpdPid, `disconnect from ${peer} ${commands}`)

  const delay = (tMs: number) => ((tMs - m.arrivalMs) / 1000).toFixed(tMs - m.arrivalMs >= 10_000 ? 0 : 2).replace(/\.?0+$/, '') || '0'
  if (m.direction === 'inbound') {
    const relay = `${model.hostName}[private/dovecot-lmtp]`
    if (m.deferredMs !== null) {
      postfix(
        m.deferredMs,
        'lmtp',
        deliveryPid,
        `${m.queueId}: to=<${m.recipient}>, relay=${relay}, delay=${delay(m.deferredMs)}, delays=0.05/0/300/0, dsn=4.4.2, status=deferred (conversation with ${relay} timed out while receiving the initial server greeting)`
      )
    }
    if (m.leftMs !== null) {
      const lmtpPid = 40_000 + (hash32(m.queueId, 'lmtp') % 900_000)
      dovecot(m.leftMs - 20, `lmtp(${m.recipient})<${lmtpPid}><${model.sessionId('lmtp', m.queueId)}>: Info: msgid=${messageId}: saved mail to INBOX`)
      postfix(
        m.leftMs,
        'lmtp',
        deliveryPid,
        `${m.queueId}: to=<${m.recipient}>, relay=${relay}, delay=${delay(m.leftMs)}, delays=0.05/0.01/0.03/0.31, dsn=2.0.0, status=sent (250 2.0.0 <${m.recipient}> ${model.sessionId('lmtp-id', m.queueId)} Saved)`
      )
      postfix(m.leftMs + 5, 'qmgr', qmgrPid, `${m.queueId}: removed`)
    }
    return
  }
  const relay = `mx.${recipientDomain}[${model.postfix.remoteMxIp(recipientDomain)}]:25`
  if (m.deferredMs !== null && m.delayReason !== null) {
    postfix(m.deferredMs, 'smtp', deliveryPid, `${m.queueId}: to=<${m.recipient}>, relay=${relay}, delay=${delay(m.deferredMs)}, delays=0.1/0/0.4/0.7, dsn=4.7.1, status=deferred (${m.delayReason})`)
  }
  if (m.leftMs !== null) {
    postfix(
      m.leftMs,
      'smtp',
      deliveryPid + 1,
      `${m.queueId}: to=<${m.recipient}>, relay=${relay}, delay=${delay(m.leftMs)}, delays=0.1/0/0.4/0.8, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as ${model.queueId('remote', m.queueId)})`
    )
    postfix(m.leftMs + 5, 'qmgr', qmgrPid, `${m.queueId}: removed`)
  }
}
