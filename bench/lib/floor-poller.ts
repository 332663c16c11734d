// The fleet benchmark's "floor": a bare ssh2 client per host sending the same 5-second probe
// commands as Rackside's poller (system batch, plus virsh domstats on hypervisors), keeping the
// output bytes and nothing else — no pool, no parsing, no state, no events. What Rackside costs
// above this is its own overhead; below it there is only a cheaper transport.
import { readFileSync } from 'node:fs'
import { Client } from 'ssh2'
import { systemScript, vmsCommand } from '../../src/main/fleet/host-probes'
import { shellQuote } from '../../src/main/ssh/quote'
import type { BenchFleetHost } from './bench-site'

export interface FloorCounts {
  /** Successful polls per host name (one poll = every command of the host's tick succeeded). */
  polls: Map<string, number>
  /** Time between two successful polls of a host, as seen at the second one. */
  periodsMs: number[]
  execs: number
  outputBytes: number
  errors: Map<string, number>
}

interface FloorHost {
  host: BenchFleetHost
  client: Client | null
  timer: NodeJS.Timeout | null
  commands: string[]
}

export class FloorPoller {
  private readonly hosts: FloorHost[]
  private readonly privateKey: Buffer
  private stopped = false
  /** When each host last answered a whole tick (kept across count resets). */
  readonly lastPollAtMs = new Map<string, number>()
  counts: FloorCounts = FloorPoller.emptyCounts()

  constructor(
    hosts: readonly BenchFleetHost[],
    clientKeyFile: string,
    private readonly intervalMs = 5000,
    private readonly maxConnecting = 16
  ) {
    this.privateKey = readFileSync(clientKeyFile)
    const vms = shellQuote(vmsCommand)
    this.hosts = hosts.map((host) => ({ host, client: null, timer: null, commands: host.roles.includes('hypervisor') ? [systemScript, vms] : [systemScript] }))
  }

  static emptyCounts(): FloorCounts {
    return { polls: new Map(), periodsMs: [], execs: 0, outputBytes: 0, errors: new Map() }
  }

  /** Starts the counters afresh (the measurement window begins). */
  resetCounts(): FloorCounts {
    const previous = this.counts
    this.counts = FloorPoller.emptyCounts()
    return previous
  }

  /** Connects every host (at most `maxConnecting` handshakes at once) and starts its loop. */
  async start(): Promise<void> {
    const waiting = [...this.hosts]
    const worker = async () => {
      for (let next = waiting.shift(); next; next = waiting.shift()) {
        try {
          next.client = await this.connect(next.host)
          this.schedule(next, 0)
        } catch (error) {
          this.countError(`connect: ${(error as Error).message}`)
        }
      }
    }
    await Promise.all(Array.from({ length: this.maxConnecting }, worker))
  }

  stop(): void {
    this.stopped = true
    for (const h of this.hosts) {
      if (h.timer) clearTimeout(h.timer)
      h.client?.end()
    }
  }

  private connect(host: BenchFleetHost): Promise<Client> {
    const expected = Buffer.from(host.hostPublicKey.split(' ')[1] ?? '', 'base64')
    return new Promise((resolve, reject) => {
      const client = new Client()
      client.once('ready', () => resolve(client))
      client.once('error', (error) => reject(error))
      client.on('error', (error) => this.countError(`${host.name}: ${error.message}`))
      client.connect({
        host: host.address,
        port: host.port,
        username: 'rackside',
        privateKey: this.privateKey,
        hostVerifier: (key: Buffer) => key.equals(expected),
        keepaliveInterval: 10_000
      })
    })
  }

  private schedule(h: FloorHost, delayMs: number): void {
    if (this.stopped) return
    h.timer = setTimeout(() => {
      const startedMs = Date.now()
      void this.tick(h).then(() => this.schedule(h, Math.max(0, startedMs + this.intervalMs - Date.now())))
    }, delayMs)
  }

  private async tick(h: FloorHost): Promise<void> {
    const client = h.client
    if (!client) return
    const results = await Promise.allSettled(h.commands.map((command) => this.exec(client, command)))
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')
    if (failed) this.countError(`${h.host.name}: ${(failed.reason as Error).message}`)
    else {
      const nowMs = Date.now()
      const previous = this.lastPollAtMs.get(h.host.name)
      if (previous !== undefined) this.counts.periodsMs.push(nowMs - previous)
      this.lastPollAtMs.set(h.host.name, nowMs)
      this.counts.polls.set(h.host.name, (this.counts.polls.get(h.host.name) ?? 0) + 1)
    }
  }

  private exec(client: Client, command: string): Promise<void> {
    this.counts.execs++
    return new Promise((resolve, reject) => {
      client.exec(command, (error, stream) => {
        if (error) return reject(error)
        const chunks: Buffer[] = []
        let code: number | null = null
        stream.on('data', (data: Buffer) => chunks.push(data))
        stream.stderr.on('data', (data: Buffer) => chunks.push(data))
        stream.on('exit', (exitCode: number | null) => (code = exitCode))
        stream.on('close', () => {
          this.counts.outputBytes += Buffer.concat(chunks).length
          if (code === 0) resolve()
          else reject(new Error(`exited ${code ?? 'without a status'}`))
        })
      })
    })
  }

  private countError(message: string): void {
    // Host names vary; the message after them is what repeats.
    const key = message.replace(/^[\w.-]+: /, '')
    this.counts.errors.set(key, (this.counts.errors.get(key) ?? 0) + 1)
  }
}
