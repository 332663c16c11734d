// Terminal tabs: one interactive shell channel per tab on the host's pooled connection. Output
// is pushed as events; the renderer acknowledges what it has drawn, and a shell that gets too far
// ahead is paused until it catches up, so a runaway `cat` cannot flood the window.
import { randomUUID } from 'node:crypto'
import { StringDecoder } from 'node:string_decoder'
import type { ClientChannel } from 'ssh2'
import type { EventHub } from '../event-hub'
import type { SshPool } from '../ssh/ssh-pool'
import type { AuditLog } from '../store/audit-log'

/** Unacknowledged output above which the shell is paused, and below which it resumes. */
export const PAUSE_AT_BYTES = 256 * 1024
export const RESUME_AT_BYTES = 64 * 1024

interface Session {
  id: string
  host: string
  channel: ClientChannel
  decoder: StringDecoder
  unackedBytes: number
  paused: boolean
}

export class TerminalService {
  private readonly sessions = new Map<string, Session>()

  constructor(
    private readonly pool: SshPool,
    private readonly events: EventHub,
    private readonly audit: AuditLog,
    private readonly actor: string
  ) {}

  async open(host: string, cols: number, rows: number): Promise<{ id: string }> {
    const channel = await this.pool.openShell(host, { cols, rows })
    const session: Session = { id: randomUUID(), host, channel, decoder: new StringDecoder('utf8'), unackedBytes: 0, paused: false }
    this.sessions.set(session.id, session)
    this.audit.append({ actor: this.actor, action: 'terminal.open', target: host, result: 'succeeded', detail: `${cols}×${rows}` })
    const forward = (chunk: Buffer) => {
      session.unackedBytes += chunk.length
      const data = session.decoder.write(chunk)
      if (data) this.events.publish('terminal.output', { id: session.id, data })
      if (!session.paused && session.unackedBytes > PAUSE_AT_BYTES) {
        session.paused = true
        channel.pause()
      }
    }
    channel.on('data', forward)
    channel.stderr.on('data', forward)
    channel.on('close', () => {
      this.sessions.delete(session.id)
      this.events.publish('terminal.exit', { id: session.id, host })
      this.audit.append({ actor: this.actor, action: 'terminal.close', target: host, result: 'succeeded' })
    })
    return { id: session.id }
  }

  input(id: string, data: string): void {
    this.session(id).channel.write(data)
  }

  resize(id: string, cols: number, rows: number): void {
    this.session(id).channel.setWindow(rows, cols, 0, 0)
  }

  /** The renderer has drawn `bytes` more of the output. */
  ack(id: string, bytes: number): void {
    const session = this.session(id)
    session.unackedBytes = Math.max(0, session.unackedBytes - bytes)
    if (session.paused && session.unackedBytes < RESUME_AT_BYTES) {
      session.paused = false
      session.channel.resume()
    }
  }

  close(id: string): void {
    this.session(id).channel.end()
  }

  closeAll(): void {
    for (const session of this.sessions.values()) session.channel.end()
  }

  private session(id: string): Session {
    const session = this.sessions.get(id)
    if (!session) throw Object.assign(new Error('that terminal is closed'), { kind: 'not-found' })
    return session
  }
}
