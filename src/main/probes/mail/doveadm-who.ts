import { ParseError } from '../parse-error'
import type { TextLine } from '../linux/probe-text'
import { nonBlankLines, parseWhole, rejectBinary, splitFields } from '../linux/probe-text'

const TOOL = 'doveadm who'

/** Grouped per user and protocol. */
export const doveadmWhoCommand = ['doveadm', 'who'] as const
/** One line per connection. */
export const doveadmWhoOnePerLineCommand = ['doveadm', 'who', '-1'] as const

export interface MailSession {
  username: string
  /** 'imap', 'pop3', 'submission'... */
  service: string
  pid: number
  /** Null when the grouped form lists several IPs for the row and cannot say which pid has which. */
  ip: string | null
}

export interface MailUser {
  username: string
  connections: number
  services: string[]
  pids: number[]
  ips: string[]
}

export interface DoveadmWho {
  /** One per pid in the grouped form (a process can hold several connections), one per line with -1. */
  sessions: MailSession[]
  users: MailUser[]
}

const IP = /^[0-9A-Fa-f:.]+$/

function readIps(raw: string, line: TextLine): string[] {
  const ips = splitFields(raw)
  for (const ip of ips) {
    if (!IP.test(ip)) throw new ParseError(TOOL, `unreadable IP ${JSON.stringify(ip)}`, line.lineNumber, line.text)
  }
  return ips
}

function usersFrom(rows: { username: string; connections: number; service: string; pids: number[]; ips: string[] }[]): MailUser[] {
  const users = new Map<string, MailUser>()
  for (const row of rows) {
    let user = users.get(row.username)
    if (user === undefined) {
      user = { username: row.username, connections: 0, services: [], pids: [], ips: [] }
      users.set(row.username, user)
    }
    user.connections += row.connections
    if (!user.services.includes(row.service)) user.services.push(row.service)
    user.pids.push(...row.pids)
    for (const ip of row.ips) if (!user.ips.includes(ip)) user.ips.push(ip)
  }
  return [...users.values()]
}

// `alice@example.test 14 imap  (17225 17148) (127.0.0.1)`
const GROUPED_ROW = /^(\S+)\s+(\d+)\s+(\S+)\s+\(([^()]*)\)\s+\(([^()]*)\)\s*$/

function parseGrouped(rows: TextLine[]): DoveadmWho {
  const parsed = rows.map((line) => {
    const match = GROUPED_ROW.exec(line.text)
    if (match === null) throw new ParseError(TOOL, 'expected "username # proto (pids) (ips)"', line.lineNumber, line.text)
    const [, username, connections, service, pids, ips] = match as unknown as [string, string, string, string, string, string]
    return {
      username,
      connections: Number(connections),
      service,
      pids: splitFields(pids).map((pid) => parseWhole(TOOL, pid, line, 'pid')),
      ips: readIps(ips, line)
    }
  })
  const sessions = parsed.flatMap((row) =>
    row.pids.map((pid) => ({ username: row.username, service: row.service, pid, ip: row.ips.length === 1 ? (row.ips[0] as string) : null }))
  )
  return { sessions, users: usersFrom(parsed) }
}

function parseOnePerLine(header: TextLine, rows: TextLine[]): DoveadmWho {
  const columns = splitFields(header.text)
  const at = (name: string): number => {
    const index = columns.indexOf(name)
    if (index < 0) throw new ParseError(TOOL, `the header lacks the ${name} column`, header.lineNumber, header.text)
    return index
  }
  const [userAt, protoAt, pidAt, ipAt] = [at('username'), at('proto'), at('pid'), at('ip')]
  const sessions = rows.map((line): MailSession => {
    const fields = splitFields(line.text)
    // The ip column is empty for connections without one (a local socket), so it may be missing.
    if (fields.length !== columns.length && !(fields.length === columns.length - 1 && ipAt === columns.length - 1)) {
      throw new ParseError(TOOL, `expected ${columns.length} columns, found ${fields.length}`, line.lineNumber, line.text)
    }
    const ip = fields[ipAt]
    if (ip !== undefined) readIps(ip, line)
    return {
      username: fields[userAt] as string,
      service: fields[protoAt] as string,
      pid: parseWhole(TOOL, fields[pidAt] as string, line, 'pid'),
      ip: ip ?? null
    }
  })
  const users = usersFrom(sessions.map((session) => ({ ...session, connections: 1, pids: [session.pid], ips: session.ip === null ? [] : [session.ip] })))
  return { sessions, users }
}

/**
 * Both forms of `doveadm who`: grouped (`username # proto (pids) (ips)`) and one per line
 * (`doveadm who -1`: `username proto pid ip`). With nobody logged in doveadm still prints the
 * header, so a header alone is an empty list and no output at all is an error.
 */
export function parseDoveadmWho(text: string): DoveadmWho {
  const lines = nonBlankLines(text)
  rejectBinary(TOOL, lines)
  const [header, ...rows] = lines
  if (header === undefined) throw new ParseError(TOOL, 'empty output (doveadm prints a header even with nobody logged in)')
  if (/^username\s+#\s+proto\s+\(pids\)\s+\(ips\)/.test(header.text)) return parseGrouped(rows)
  if (/^username\s+proto\s+pid\s+ip\b/.test(header.text)) return parseOnePerLine(header, rows)
  throw new ParseError(TOOL, 'expected the "username # proto (pids) (ips)" or "username proto pid ip" header', header.lineNumber, header.text)
}
