// One demo host's SSH endpoint: a real ssh2 Server on its own 127.0.0.1 port with its own
// host key. Any key or password logs in (it is a demo). Exec requests run through the
// command router, Rackside's probe sessions through the same router one request at a time; a
// shell request gets a small line-editing prompt for the app's terminal.
// Cutting the host closes the port ('refuse') or accepts and never answers ('hang').
import { createServer, type Server as NetServer, type Socket } from 'node:net'
import { Server as SshServer, utils, type AuthContext, type Connection, type ServerChannel, type Session } from 'ssh2'
import { readProbeSessionScript } from '../ssh/probe-session-script'
import { sleep } from './abortable-sleep'
import { runCommandLine, type CommandContext } from './command-router'
import type { FleetModel, Reachability, SimHost } from './fleet-model'
import { serveProbeSession } from './probe-session-server'

export interface HostEndpointOptions {
  fleet: FleetModel
  host: SimHost
  privateKey: string
  bindAddress: string
  /** 0 picks a free port; the chosen port is kept across cut/restore. */
  port: number
  resolveHost: CommandContext['resolveHost']
}

const IDENT = 'OpenSSH_9.2p1 Debian-2+deb12u3'

export class HostEndpoint {
  private readonly net: NetServer
  private readonly ssh: SshServer
  private readonly sockets = new Set<Socket>()
  private readonly held = new Set<Socket>()
  private listening = false
  private boundPort: number
  /** Client-side failures (resets, bad handshakes) are normal for a server; counted, not thrown. */
  clientErrors = 0
  /** Exec commands still running (streams included). */
  runningCommands = 0

  constructor(private readonly options: HostEndpointOptions) {
    this.boundPort = options.port
    this.ssh = new SshServer({ hostKeys: [options.privateKey], ident: IDENT }, (client) => this.onClient(client))
    this.net = createServer((socket) => this.onSocket(socket))
  }

  get port(): number {
    return this.boundPort
  }

  get connections(): number {
    return this.sockets.size + this.held.size
  }

  async start(): Promise<number> {
    await this.listen()
    return this.boundPort
  }

  async setReachability(reachability: Reachability): Promise<void> {
    if (reachability === 'up') {
      for (const socket of this.held) socket.destroy()
      this.held.clear()
      if (!this.listening) await this.listen()
      return
    }
    for (const socket of this.sockets) socket.destroy()
    if (reachability === 'refuse' && this.listening) await this.close()
    if (reachability === 'hang' && !this.listening) await this.listen()
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy()
    for (const socket of this.held) socket.destroy()
    if (this.listening) await this.close()
  }

  private listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      const onError = (error: NodeJS.ErrnoException) => {
        reject(new Error(`demo host ${this.options.host.name} cannot listen on ${this.options.bindAddress}:${this.boundPort}: ${error.code === 'EADDRINUSE' ? 'the port is in use' : error.message}`))
      }
      this.net.once('error', onError)
      this.net.listen(this.boundPort, this.options.bindAddress, () => {
        this.net.off('error', onError)
        const address = this.net.address()
        if (address && typeof address === 'object') this.boundPort = address.port
        this.listening = true
        resolve()
      })
    })
  }

  private close(): Promise<void> {
    this.listening = false
    return new Promise((resolve) => this.net.close(() => resolve()))
  }

  private onSocket(socket: Socket): void {
    if (this.options.host.reachability === 'hang') {
      // A host behind a dead link: the TCP handshake completes, nothing ever comes back.
      this.held.add(socket)
      socket.on('close', () => this.held.delete(socket))
      socket.on('error', () => this.clientErrors++)
      return
    }
    this.sockets.add(socket)
    socket.on('close', () => this.sockets.delete(socket))
    this.ssh.injectSocket(socket)
  }

  private onClient(client: Connection): void {
    client.on('error', () => this.clientErrors++)
    client.on('authentication', (ctx) => this.authenticate(ctx))
    client.on('ready', () => {
      client.on('session', (accept) => this.onSession(accept()))
    })
  }

  private authenticate(ctx: AuthContext): void {
    if (ctx.method === 'publickey') {
      // Any key may log in, but a signed attempt must really be signed by that key.
      if (ctx.signature && ctx.blob) {
        const key = utils.parseKey(ctx.key.data)
        const publicKey = Array.isArray(key) ? key[0] : key
        if (!publicKey || publicKey instanceof Error || publicKey.verify(ctx.blob, ctx.signature, ctx.hashAlgo) !== true) return ctx.reject()
      }
      return ctx.accept()
    }
    if (ctx.method === 'password' || ctx.method === 'keyboard-interactive') return ctx.accept()
    ctx.reject(['publickey', 'password', 'keyboard-interactive'])
  }

  private context(): CommandContext {
    return { fleet: this.options.fleet, host: this.options.host, resolveHost: this.options.resolveHost }
  }

  private onSession(session: Session): void {
    let pty = false
    let current: AbortController | null = null
    session.on('pty', (accept) => {
      pty = true
      accept?.()
    })
    session.on('env', (accept) => accept?.())
    session.on('window-change', (accept) => accept?.())
    session.on('signal', (accept) => {
      accept?.()
      current?.abort()
    })
    session.on('auth-agent', (_accept, reject) => reject?.())
    session.on('x11', (_accept, reject) => reject?.())
    session.on('subsystem', (_accept, reject) => reject?.())
    session.on('sftp', (_accept, reject) => reject?.())
    session.on('exec', (accept, _reject, info) => {
      const channel = accept()
      current = new AbortController()
      void this.exec(channel, info.command, current, pty)
    })
    session.on('shell', (accept) => {
      const channel = accept()
      new DemoShell(channel, this.context(), () => this.options.host.slowMs).start()
    })
  }

  private async exec(channel: ServerChannel, command: string, abort: AbortController, pty: boolean): Promise<void> {
    channel.on('close', () => abort.abort())
    channel.on('error', () => this.clientErrors++)
    const probes = readProbeSessionScript(command)
    if (probes) {
      serveProbeSession({
        channel,
        probes,
        ctx: this.context(),
        slowMs: () => this.options.host.slowMs,
        signal: abort.signal,
        onBusy: (busy) => (this.runningCommands += busy ? 1 : -1)
      })
      return
    }
    // No other command reads stdin; draining it lets ssh2 emit 'close' when the client closes the channel.
    channel.resume()
    const write = (stream: { write(chunk: string): boolean }, text: string) => {
      if (!abort.signal.aborted) stream.write(pty ? text.replace(/\n/g, '\r\n') : text)
    }
    if (this.options.host.slowMs > 0 && !(await sleep(this.options.host.slowMs, abort.signal))) return
    this.runningCommands++
    let code: number
    try {
      code = await runCommandLine(command, this.context(), {
        stdout: (text) => write(channel, text),
        stderr: (text) => (pty ? write(channel, text) : write(channel.stderr, text)),
        signal: abort.signal
      })
    } finally {
      this.runningCommands--
    }
    if (abort.signal.aborted) return
    channel.exit(code)
    channel.end()
  }
}

/** A minimal interactive shell: prompt, echo, backspace, Ctrl-C, Ctrl-D, `exit`. */
class DemoShell {
  private line = ''
  private running: AbortController | null = null

  constructor(
    private readonly channel: ServerChannel,
    private readonly ctx: CommandContext,
    private readonly slowMs: () => number
  ) {}

  start(): void {
    const host = this.ctx.host
    this.write(`Linux ${host.name} 6.1.0-28-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22) x86_64\n\n`)
    this.write(`This is a Rackside demo host. It answers the commands Rackside's probes run\n(virsh, gluster, doveadm, /proc files, ...) from a simulated ${host.roles.join('/')} server.\n\n`)
    this.prompt()
    this.channel.on('data', (data: Buffer) => this.onData(data.toString('utf8')))
    this.channel.on('close', () => this.running?.abort())
  }

  private write(text: string): void {
    if (this.channel.writable) this.channel.write(text.replace(/\r?\n/g, '\r\n'))
  }

  private prompt(): void {
    this.write(`root@${this.ctx.host.name}:~# `)
  }

  private onData(text: string): void {
    for (const c of text) {
      if (c === '\x03') {
        if (this.running) this.running.abort()
        else {
          this.line = ''
          this.write('^C\n')
          this.prompt()
        }
      } else if (this.running) {
        continue
      } else if (c === '\x04' && this.line === '') {
        this.write('logout\n')
        this.channel.exit(0)
        this.channel.end()
        return
      } else if (c === '\r' || c === '\n') {
        this.write('\n')
        void this.runLine(this.line)
        this.line = ''
      } else if (c === '\x7f' || c === '\b') {
        if (this.line.length > 0) {
          this.line = this.line.slice(0, -1)
          this.write('\b \b')
        }
      } else if (c >= ' ') {
        this.line += c
        this.write(c)
      }
    }
  }

  private async runLine(line: string): Promise<void> {
    if (line.trim() === 'exit' || line.trim() === 'logout') {
      this.write('logout\n')
      this.channel.exit(0)
      this.channel.end()
      return
    }
    const abort = new AbortController()
    this.running = abort
    if (this.slowMs() > 0) await sleep(this.slowMs(), abort.signal)
    await runCommandLine(line, this.ctx, { stdout: (t) => this.write(t), stderr: (t) => this.write(t), signal: abort.signal })
    this.running = null
    this.prompt()
  }
}
