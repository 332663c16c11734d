// Postfix on the demo mail server: mail arriving and leaving on a clock-driven schedule,
// greylisted mail that waits for a retry (or `postqueue -f`), and mail stuck behind an
// I/O-starved Dovecot while the io-bound scenario lasts.
import type { MailScenario } from './mail-model'
import { hash32, pickHash, unitHash } from './seeded-random'

/** What the queue needs from the mail server it runs on. */
export interface MailServer {
  readonly hostName: string
  readonly startMs: number
  readonly users: readonly string[]
  businessCurve(tMs: number): number
  periodsOf(scenario: MailScenario, nowMs: number): { fromMs: number; toMs: number }[]
  queueId(...parts: (string | number)[]): string
}

export interface QueuedMessage {
  queueId: string
  queueName: 'incoming' | 'active' | 'deferred' | 'hold'
  arrivalMs: number
  sizeBytes: number
  sender: string
  recipient: string
  delayReason: string | null
}

/** A message that passed through Postfix; where it went and when. */
export interface MailMessage {
  queueId: string
  arrivalMs: number
  sizeBytes: number
  sender: string
  recipient: string
  direction: 'inbound' | 'outbound'
  /** When it left the queue (delivered), or null while still queued at the instant asked. */
  leftMs: number | null
  /** Why it waits, while it waits. */
  delayReason: string | null
  /** When Postfix logged the first deferral, if it was deferred. */
  deferredMs: number | null
  greylisted: boolean
  ioBound: boolean
}

const REMOTE_DOMAINS = ['gmail.example', 'web.example', 'gmx.example', 'outlook.example', 'supplier-mueller.example', 'tax-office.example']
const TEN_S = 10_000

export class PostfixQueue {
  private readonly flushes: number[] = []

  constructor(
    private readonly server: MailServer,
    private readonly seed: string
  ) {}

  /** `postqueue -f`: deferred mail is retried now. */
  flush(nowMs: number): void {
    this.flushes.push(nowMs)
  }

  /** Messages Postfix handled that arrived within (fromMs, toMs], with their fate as of `nowMs`. */
  messages(fromMs: number, toMs: number, nowMs: number): MailMessage[] {
    const out: MailMessage[] = []
    const firstBucket = Math.floor(fromMs / TEN_S)
    const lastBucket = Math.floor(toMs / TEN_S)
    for (let bucket = firstBucket; bucket <= lastBucket; bucket++) {
      const bucketStart = bucket * TEN_S
      const expected = 0.4 + 1.6 * this.server.businessCurve(bucketStart)
      const count = Math.floor(expected + unitHash(this.seed, 'msgs', bucket))
      for (let n = 0; n < count; n++) {
        const arrivalMs = bucketStart + Math.floor(unitHash(this.seed, 'msg-at', bucket, n) * TEN_S)
        if (arrivalMs <= fromMs || arrivalMs > toMs || arrivalMs > nowMs) continue
        out.push(this.message(bucket, n, arrivalMs, nowMs))
      }
    }
    return out.sort((a, b) => a.arrivalMs - b.arrivalMs)
  }

  /** What `postqueue -j` lists at an instant. */
  queue(nowMs: number): QueuedMessage[] {
    const ioPeriods = this.server.periodsOf('io-bound', nowMs)
    const oldestIo = ioPeriods.length > 0 ? Math.min(...ioPeriods.map((p) => p.fromMs)) : nowMs
    const lookbackMs = Math.min(6 * 3_600_000, Math.max(1_800_000, nowMs - oldestIo + 60_000))
    const queued: QueuedMessage[] = this.messages(nowMs - lookbackMs, nowMs, nowMs)
      .filter((m) => m.leftMs === null || m.leftMs > nowMs)
      .map((m) => ({
        queueId: m.queueId,
        queueName: m.delayReason === null ? 'active' : 'deferred',
        arrivalMs: m.arrivalMs,
        sizeBytes: m.sizeBytes,
        sender: m.sender,
        recipient: m.recipient,
        delayReason: m.delayReason
      }))
    // Two messages an admin put on hold last week stay there until released.
    for (let i = 0; i < 2; i++) {
      queued.push({
        queueId: this.server.queueId('hold', i),
        queueName: 'hold',
        arrivalMs: this.server.startMs - (5 + i) * 86_400_000,
        sizeBytes: 48_213 + i * 1377,
        sender: `newsletter@${pickHash(REMOTE_DOMAINS, this.seed, 'hold', i)}`,
        recipient: pickHash(this.server.users, this.seed, 'hold-rcpt', i),
        delayReason: null
      })
    }
    return queued.sort((a, b) => hash32(a.queueId) - hash32(b.queueId))
  }

  /** The address of a remote domain's MX in the demo's documentation ranges. */
  remoteMxIp(domain: string): string {
    return `198.51.100.${hash32(this.seed, 'mx', domain) % 250}`
  }

  private message(bucket: number, n: number, arrivalMs: number, nowMs: number): MailMessage {
    const inbound = unitHash(this.seed, 'msg-dir', bucket, n) < 0.78
    const user = pickHash(this.server.users, this.seed, 'msg-user', bucket, n)
    const remote = `${pickHash(['info', 'noreply', 'rechnung', 'team', 'kontakt'], this.seed, 'msg-remote', bucket, n)}@${pickHash(REMOTE_DOMAINS, this.seed, 'msg-dom', bucket, n)}`
    const base = {
      queueId: this.server.queueId('msg', bucket, n),
      arrivalMs,
      sizeBytes: 2_000 + Math.floor(unitHash(this.seed, 'msg-size', bucket, n) ** 3 * 4_000_000),
      sender: inbound ? remote : user,
      recipient: inbound ? user : remote,
      direction: inbound ? ('inbound' as const) : ('outbound' as const)
    }
    if (inbound) {
      const io = this.server.periodsOf('io-bound', nowMs).find((p) => arrivalMs >= p.fromMs && arrivalMs < p.toMs)
      if (io) {
        // LMTP to an I/O-starved Dovecot times out; the mail waits until the disks recover.
        const releaseMs = io.toMs === Number.POSITIVE_INFINITY ? null : io.toMs + 20_000 + Math.floor(unitHash(this.seed, 'msg-release', bucket, n) * 120_000)
        const leftMs = releaseMs !== null && releaseMs <= nowMs ? releaseMs : null
        const deferredMs = arrivalMs + 300_000
        return {
          ...base,
          leftMs,
          delayReason: nowMs >= deferredMs ? `conversation with ${this.server.hostName}[private/dovecot-lmtp] timed out while receiving the initial server greeting` : null,
          deferredMs: deferredMs <= nowMs ? deferredMs : null,
          greylisted: false,
          ioBound: true
        }
      }
      return { ...base, leftMs: arrivalMs + 400, delayReason: null, deferredMs: null, greylisted: false, ioBound: false }
    }
    const greylisted = unitHash(this.seed, 'msg-grey', bucket, n) < 0.15
    if (!greylisted) return { ...base, leftMs: arrivalMs + 1_300, delayReason: null, deferredMs: null, greylisted: false, ioBound: false }
    const retryMs = arrivalMs + 300_000 + Math.floor(unitHash(this.seed, 'msg-retry', bucket, n) * 600_000)
    const flushMs = this.flushes.find((f) => f > arrivalMs + 60_000)
    const deliveredMs = flushMs !== undefined && flushMs + 1_000 < retryMs ? flushMs + 1_000 : retryMs
    const domain = base.recipient.split('@')[1] ?? 'remote.example'
    return {
      ...base,
      leftMs: deliveredMs <= nowMs ? deliveredMs : null,
      delayReason: `host mx.${domain}[${this.remoteMxIp(domain)}] said: 450 4.7.1 <${base.recipient}>: Recipient address rejected: Greylisted, see https://postgrey.schweikert.ch/help/${domain}.html (in reply to RCPT TO command)`,
      deferredMs: arrivalMs + 1_200,
      greylisted: true,
      ioBound: false
    }
  }
}
