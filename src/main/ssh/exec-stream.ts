// A long-lived exec channel (`vmstat 1`, `tail -F`, a probe session): output is handed over as it
// arrives and the channel counts against the host's channel cap until it ends or is stopped. The
// pool queues it like any exec; whoever started it decides whether to start it again when it ends.
import type { Client, ClientChannel } from 'ssh2'
import { SshError } from './ssh-error'

export interface StreamHandlers {
  onStdout(chunk: Buffer): void
  onStderr?(chunk: Buffer): void
  /** Called exactly once, however the stream ends. */
  onClose(end: StreamEnd): void
}

export type StreamEnd =
  /** The remote command ended by itself (exitCode null when a signal killed it). */
  | { kind: 'exited'; exitCode: number | null; signal: string | null }
  /** stop() was called. */
  | { kind: 'stopped' }
  /** No channel could be opened, or the connection was lost under it. */
  | { kind: 'failed'; error: SshError }

export interface StreamOptions {
  /** Keep the remote command's stdin open for write() (a probe session); by default it gets EOF at once. */
  keepStdinOpen?: boolean
  /** What the stream is in error messages; by default the command in backquotes. */
  label?: string
}

export interface ExecStream {
  /** Ends the stream: a queued one never starts, a running one gets SIGTERM and its channel closed. */
  stop(): void
  /**
   * Sends bytes to the remote command's stdin (streams opened with keepStdinOpen); bytes written
   * before the channel is open are sent when it opens. False once the stream has ended.
   */
  write(data: string | Buffer): boolean
  readonly ended: boolean
}

// ssh2's public Channel.signal() refuses once we sent EOF on stdin, which every exec does; the
// protocol call underneath still works, and killing the remote command needs it.
export function sendSignal(channel: ClientChannel, signalName: string): void {
  const internals = channel as unknown as {
    outgoing?: { state?: string; id?: number }
    _client?: { _protocol?: { signal(id: number, name: string): void } }
  }
  const state = internals.outgoing?.state
  const id = internals.outgoing?.id
  if ((state === 'open' || state === 'eof') && id !== undefined) internals._client?._protocol?.signal(id, signalName)
}

/** sshd answers an open beyond MaxSessions this way; such opens are worth retrying shortly. */
export const RETRYABLE_OPEN = /open failed|resource shortage|administratively prohibited/i

/** One stream's life: queued, opening, running, ended. The host connection drives it. */
export class StreamJob implements ExecStream {
  openRetries = 0
  private end: StreamEnd | undefined
  private channel: ClientChannel | undefined
  private cancelQueued: (() => void) | undefined
  private stopRequested = false
  private pendingWrites: (string | Buffer)[] = []

  constructor(
    readonly host: string,
    readonly command: string,
    private readonly handlers: StreamHandlers,
    private readonly options: StreamOptions = {}
  ) {}

  get ended(): boolean {
    return this.end !== undefined
  }

  /** While queued, `cancel` takes the job out of the queue. */
  setCancel(cancel: (() => void) | undefined): void {
    this.cancelQueued = cancel
  }

  /**
   * Opens the channel on a slot the connection reserved; `release` gives the slot back (at most
   * once), `retry` puts the job back at the head of the queue after a refused open (false once
   * it has been retried enough).
   */
  start(client: Client, release: () => void, retry: () => boolean): void {
    this.cancelQueued = undefined
    if (this.ended) {
      release()
      return
    }
    try {
      client.exec(this.command, (error, stream) => {
        if (error && !this.ended && RETRYABLE_OPEN.test(error.message) && retry()) return
        if (error) {
          release()
          this.finish({ kind: 'failed', error: new SshError('command-failed', this.host, `${this.host}: could not open a channel for ${this.label()}: ${error.message}`) })
          return
        }
        stream.on('close', release)
        if (this.ended) {
          stream.close()
          return
        }
        this.channel = stream
        let exit: { exitCode: number | null; signal: string | null } = { exitCode: null, signal: null }
        stream.on('data', (chunk: Buffer) => {
          if (!this.ended) this.handlers.onStdout(chunk)
        })
        stream.stderr.on('data', (chunk: Buffer) => {
          if (!this.ended) this.handlers.onStderr?.(chunk)
        })
        stream.on('exit', (code: number | null, signalName?: string) => {
          exit = { exitCode: typeof code === 'number' ? code : null, signal: typeof signalName === 'string' ? signalName : null }
        })
        stream.on('close', () => this.finish(this.stopRequested ? { kind: 'stopped' } : { kind: 'exited', ...exit }))
        if (this.options.keepStdinOpen) {
          for (const data of this.pendingWrites.splice(0)) stream.write(data)
        } else {
          // Streams read nothing: EOF on stdin right away, as exec does.
          stream.end()
        }
      })
    } catch (error) {
      release()
      this.finish({ kind: 'failed', error: new SshError('connection-lost', this.host, `${this.host}: not connected (${(error as Error).message})`) })
    }
  }

  private label(): string {
    return this.options.label ?? `\`${this.command}\``
  }

  write(data: string | Buffer): boolean {
    if (this.ended || !this.options.keepStdinOpen) return false
    if (this.channel) this.channel.write(data)
    else this.pendingWrites.push(data)
    return true
  }

  fail(error: SshError): void {
    this.cancelQueued = undefined
    this.finish({ kind: 'failed', error: error.kind === 'connection-lost' ? new SshError('connection-lost', this.host, `${error.message} while streaming ${this.label()}`) : error })
  }

  stop(): void {
    if (this.ended) return
    this.stopRequested = true
    this.cancelQueued?.()
    this.cancelQueued = undefined
    const channel = this.channel
    if (channel) {
      sendSignal(channel, 'TERM')
      channel.close()
    }
    this.finish({ kind: 'stopped' })
  }

  private finish(end: StreamEnd): void {
    if (this.end !== undefined) return
    this.end = end
    this.pendingWrites = []
    this.handlers.onClose(end)
  }
}

/** A stream that could not even be queued: it ends with `error` on the next tick. */
export function failedStream(host: string, error: SshError, handlers: StreamHandlers): ExecStream {
  const job = new StreamJob(host, '', handlers)
  queueMicrotask(() => job.fail(error))
  return job
}
