// Terminal tabs: one interactive shell channel per tab on the host's pooled connection. Output
// is pushed as events; the renderer acknowledges what it has drawn, and a shell that gets too far
// ahead is paused until it catches up, so a runaway `cat` cannot flood the window.
// A shell belongs to the client (window or browser tab) that opened it: only that client sees its
// output or may type into it, and the shell ends when that client goes away.
import { randomUUID } from 'node:crypto'
import { StringDecoder } from 'node:string_decoder'
import type { ClientChannel } from 'ssh2'
import type { EventHub } from '../event-hub'
import type { SshPool } from '../ssh/ssh-pool'
import type { AuditLog } from '../store/audit-log'

/** Unacknowledged output above which the shell is paused, and below which it resumes. */
export const PAUSE_AT_BYTES = 256 * 1024
export const RESUME_AT_BYTES = 64 * 1024

/** The client of callers that name none (in-process callers). */
export const LOCAL_CLIENT = 'local'

interface Session {
  id: string
  host: string
  owner: string
  channel: ClientChannel
  decoder: StringDecoder
  unackedBytes: number
  paused: boolean
}

export class TerminalService {
  private readonly sessions = new Map<string, Session>()
  /** Shells being opened, by owner: a client that goes meanwhile must not get one afterwards. */
  private readonly opening = new Set<{ owner: string; cancelled: boolean }>()

  constructor(
    private readonly pool: SshPool,
    private readonly events: EventHub,
    private readonly audit: AuditLog,
    private readonly actor: string
  ) {
    events.onClientGone((client) => this.closeOwnedBy(client))
  }

  async open(host: string, cols: number, rows: number, owner = LOCAL_CLIENT): Promise<{ id: string }> {
    const pending = { owner, cancelled: false }
    this.opening.add(pending)
    let channel: ClientChannel
    try {
      channel = await this.pool.openShell(host, { cols, rows })
    } finally {
      this.opening.delete(pending)
    }
    if (pending.cancelled) {
      channel.destroy()
      throw Object.assign(new Error('the window that asked for this terminal has gone'), { kind: 'client-gone' })
    }
    const session: Session = { id: randomUUID(), host, owner, channel, decoder: new StringDecoder('utf8'), unackedBytes: 0, paused: false }
    this.sessions.set(session.id, session)
    this.audit.append({ actor: this.actor, action: 'terminal.open', target: host, result: 'succeeded', detail: `${cols}×${rows}` })
    const forward = (chunk: Buffer) => {
      session.unackedBytes += chunk.length
      const data = session.decoder.write(chunk)
      if (data) this.events.publish('terminal.output', { id: session.id, data }, owner)
      if (!session.paused && session.unackedBytes > PAUSE_AT_BYTES) {
        session.paused = true
        channel.pause()
      }
    }
    channel.on('data', forward)
    channel.stderr.on('data', forward)
    channel.on('close', () => {
      this.sessions.delete(session.id)
      this.events.publish('terminal.exit', { id: session.id, host }, owner)
      this.audit.append({ actor: this.actor, action: 'terminal.close', target: host, result: 'succeeded' })
    })
    return { id: session.id }
  }

  input(id: string, data: string, caller = LOCAL_CLIENT): void {
    this.session(id, caller).channel.write(data)
  }

  resize(id: string, cols: number, rows: number, caller = LOCAL_CLIENT): void {
    this.session(id, caller).channel.setWindow(rows, cols, 0, 0)
  }

  /** The renderer has drawn `bytes` more of the output. */
  ack(id: string, bytes: number, caller = LOCAL_CLIENT): void {
    const session = this.session(id, caller)
    session.unackedBytes = Math.max(0, session.unackedBytes - bytes)
    if (session.paused && session.unackedBytes < RESUME_AT_BYTES) {
      session.paused = false
      session.channel.resume()
    }
  }

  close(id: string, caller = LOCAL_CLIENT): void {
    hangUp(this.session(id, caller))
  }

  closeAll(): void {
    for (const session of this.sessions.values()) hangUp(session)
  }

  /** The shells a client that has gone left open, and those still opening for it. */
  private closeOwnedBy(client: string): void {
    for (const session of this.sessions.values()) if (session.owner === client) hangUp(session)
    for (const pending of this.opening) if (pending.owner === client) pending.cancelled = true
  }

  /** Another client's shell is as good as closed to the caller: it may neither see nor type into it. */
  private session(id: string, caller: string): Session {
    const session = this.sessions.get(id)
    if (!session || session.owner !== caller) throw Object.assign(new Error('that terminal is closed'), { kind: 'not-found' })
    return session
  }
}

/**
 * Closes the channel, not just its input: sshd ignores EOF on a pty session, so a shell (or a
 * `sleep` it runs) would live on; on close sshd frees the pty and the kernel hangs its processes up.
 */
function hangUp(session: Session): void {
  session.channel.destroy()
}
