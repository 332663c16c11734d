// The fleet benchmark's "floor": a bare ssh2 client per host sending the same 5-second probe
// requests as Rackside's poller (system probes, plus virsh domstats on hypervisors) over the same
// kind of long-lived probe session channel, counting the answers' stdout end markers and nothing else —
// no pool, no frame parsing, no state, no events. What Rackside costs above this is its own
// overhead; below it there is only a cheaper transport.
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { Client, type ClientChannel } from 'ssh2'
import { fleetProbes, systemProbes } from '../../src/main/fleet/host-probes'
import { probeSessionScript } from '../../src/main/ssh/probe-session-script'
import type { BenchFleetHost } from './bench-site'

export interface FloorCounts {
  /** Successful polls per host name (one poll = every command of the host's tick succeeded). */
  polls: Map<string, number>
  /** Time between two successful polls of a host, as seen at the second one. */
  periodsMs: number[]
  /** Probe requests sent (one per host per tick). */
  requests: number
  outputBytes: number
  errors: Map<string, number>
}

interface FloorHost {
  host: BenchFleetHost
  client: Client | null
  channel: ClientChannel | null
  timer: NodeJS.Timeout | null
  names: string[]
  nonce: string
  seq: number
  /** Resolves the request in flight when its last stdout end marker arrived. */
  waiting: { stdoutLeft: number; done: (error?: Error) => void } | null
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
    this.hosts = hosts.map((host) => ({
      host,
      client: null,
      channel: null,
      timer: null,
      names: host.roles.includes('hypervisor') ? [...systemProbes, 'domstats'] : [...systemProbes],
      nonce: randomBytes(16).toString('hex'),
      seq: 0,
      waiting: null
    }))
  }

  static emptyCounts(): FloorCounts {
    return { polls: new Map(), periodsMs: [], requests: 0, outputBytes: 0, errors: new Map() }
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
          next.channel = await this.openSession(next)
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
      h.channel?.end()
      h.client?.end()
    }
  }

  private connect(host: BenchFleetHost): Promise<Client> {
    const expected = Buffer.from(host.hostPublicKey.split(' ')[1] ?? '', 'base64')
    return new Promise((resolve, reject) => {
      const client = new Client()
      client.once('ready', () => {
        // As Rackside's pool does: small requests and answers must not wait on Nagle.
        client.setNoDelay(true)
        resolve(client)
      })
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

  /** One exec channel running the probe script; answers are only counted, by their end markers. */
  private openSession(h: FloorHost): Promise<ClientChannel> {
    const client = h.client
    if (!client) return Promise.reject(new Error(`${h.host.name}: not connected`))
    const marker = `\n${h.nonce} `
    // A marker may straddle two chunks: each count looks at the end of the previous chunk too.
    const counter = () => {
      let tail = ''
      return (data: Buffer) => {
        const text = tail + data.toString('latin1')
        tail = text.slice(-(marker.length - 1))
        return text.split(marker).length - 1
      }
    }
    const countStdout = counter()
    return new Promise((resolve, reject) => {
      client.exec(probeSessionScript(fleetProbes), (error, channel) => {
        if (error) return reject(error)
        channel.on('data', (data: Buffer) => {
          this.counts.outputBytes += data.length
          const waiting = h.waiting
          if (!waiting) return
          waiting.stdoutLeft -= countStdout(data)
          if (waiting.stdoutLeft <= 0) waiting.done()
        })
        // Errors are not awaited: the floor does not read answers, only counts them.
        channel.stderr.resume()
        channel.on('close', () => h.waiting?.done(new Error('the probe session closed')))
        channel.write(`${h.nonce}\n`)
        resolve(channel)
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
    const channel = h.channel
    if (!channel) return
    this.counts.requests++
    h.seq += 1
    const answered = await new Promise<Error | undefined>((resolve) => {
      h.waiting = { stdoutLeft: h.names.length, done: resolve }
      channel.write(`${h.seq} ${h.names.join(' ')}\n`)
    })
    h.waiting = null
    if (answered) this.countError(`${h.host.name}: ${answered.message}`)
    else {
      const nowMs = Date.now()
      const previous = this.lastPollAtMs.get(h.host.name)
      if (previous !== undefined) this.counts.periodsMs.push(nowMs - previous)
      this.lastPollAtMs.set(h.host.name, nowMs)
      this.counts.polls.set(h.host.name, (this.counts.polls.get(h.host.name) ?? 0) + 1)
    }
  }

  private countError(message: string): void {
    // Host names vary; the message after them is what repeats.
    const key = message.replace(/^[\w.-]+: /, '')
    this.counts.errors.set(key, (this.counts.errors.get(key) ?? 0) + 1)
  }
}
