import { ParseError } from '../parse-error'
import type { TextLine } from '../linux/probe-text'
import { nonBlankLines, parseWhole, rejectBinary, splitFields } from '../linux/probe-text'

const TOOL = 'ss'

/** IMAP, IMAPS, POP3, POP3S: the ports whose sessions make a mail server's load. */
export const MAIL_PORTS: readonly number[] = [143, 993, 110, 995]

/** Established TCP connections whose local port is one of `ports`, numeric, no header. */
export function ssEstablishedCommand(ports: readonly number[] = MAIL_PORTS): string[] {
  if (ports.length === 0 || ports.some((port) => !Number.isInteger(port) || port < 1 || port > 65535)) {
    throw new RangeError(`ports must be 1..65535, got ${ports.join(', ')}`)
  }
  return ['ss', '-Htn', 'state', 'established', `( ${ports.map((port) => `sport = :${port}`).join(' or ')} )`]
}

export interface SsProcess {
  name: string
  pid: number
}

export interface SsConnection {
  /** As ss prints it without brackets: '127.0.0.1', '::1', '::ffff:127.0.0.1'. */
  localAddress: string
  localPort: number
  peerAddress: string
  peerPort: number
  /** ss's State column, present only when no state filter was given ('ESTAB', 'TIME-WAIT'...). */
  state?: string
  recvQueueBytes: number
  sendQueueBytes: number
  /** Owning processes, with -p. */
  processes?: SsProcess[]
}

export interface SsEstablished {
  connections: SsConnection[]
}

// `[::ffff:127.0.0.1]:143`, `[fe80::1%eth0]:22`, `127.0.0.1:55756`, `127.0.0.53%lo:53`
function splitEndpoint(raw: string, line: TextLine, what: string): { address: string; port: number } {
  const match = /^(?:\[([0-9A-Fa-f:.]+)(?:%[^\]]+)?\]|([0-9.]+|[0-9A-Fa-f:]+|\*)(?:%\S+)?):(\d{1,5})$/.exec(raw)
  if (match === null) throw new ParseError(TOOL, `unreadable ${what} ${JSON.stringify(raw)}`, line.lineNumber, line.text)
  const port = Number(match[3])
  if (port > 65535) throw new ParseError(TOOL, `${what} port out of range`, line.lineNumber, line.text)
  return { address: (match[1] ?? match[2]) as string, port }
}

function parseProcesses(raw: string, line: TextLine): SsProcess[] {
  const list = /^users:\((.*)\)$/.exec(raw)
  if (list === null) throw new ParseError(TOOL, 'expected users:(("name",pid=N,fd=N))', line.lineNumber, line.text)
  const inner = list[1] as string
  const entry = /\("((?:[^"\\]|\\.)*)",pid=(\d{1,10}),fd=\d{1,10}\)(?:,|$)/y
  const processes: SsProcess[] = []
  while (entry.lastIndex < inner.length) {
    const found = entry.exec(inner)
    if (found === null) throw new ParseError(TOOL, 'unreadable process list', line.lineNumber, line.text)
    processes.push({ name: found[1] as string, pid: Number(found[2]) })
  }
  return processes
}

/**
 * `ss -tn` output with or without the header (-H), with or without the State column (absent when
 * a state filter was given) and with or without -p's process column.
 */
export function parseSsEstablished(text: string): SsEstablished {
  const lines = nonBlankLines(text)
  rejectBinary(TOOL, lines)
  let rows = lines
  const [first] = lines
  if (first !== undefined && /^(State\s+)?Recv-Q\s+Send-Q\s+Local Address:Port\s+Peer Address:Port/.test(first.text)) rows = lines.slice(1)
  const connections = rows.map((line): SsConnection => {
    const fields = splitFields(line.text)
    const hasState = fields[0] !== undefined && /^[A-Z][A-Z0-9-]*$/.test(fields[0])
    const [state, ...rest] = hasState ? fields : [undefined, ...fields]
    const [recvQ, sendQ, local, peer, ...tail] = rest
    if (recvQ === undefined || sendQ === undefined || local === undefined || peer === undefined) {
      throw new ParseError(TOOL, 'expected "Recv-Q Send-Q Local:Port Peer:Port"', line.lineNumber, line.text)
    }
    const localEnd = splitEndpoint(local, line, 'local address')
    const peerEnd = splitEndpoint(peer, line, 'peer address')
    const connection: SsConnection = {
      localAddress: localEnd.address,
      localPort: localEnd.port,
      peerAddress: peerEnd.address,
      peerPort: peerEnd.port,
      recvQueueBytes: parseWhole(TOOL, recvQ, line, 'Recv-Q'),
      sendQueueBytes: parseWhole(TOOL, sendQ, line, 'Send-Q')
    }
    if (state !== undefined) connection.state = state
    if (tail.length > 0) connection.processes = parseProcesses(tail.join(' '), line)
    return connection
  })
  return { connections }
}
