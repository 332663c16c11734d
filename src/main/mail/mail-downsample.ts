// Many samples into one: the mean of each fact over the samples that had it (a gap stays a gap
// only when the whole span had none). Used for the 10 s history rows and the coarser day view.
import { MAIL_PROTOCOLS, POSTFIX_QUEUES, type MailProcessCount, type MailSample } from '../../shared/api-parts/mail-api'

const round2 = (value: number): number => Math.round(value * 100) / 100

function meanOf<T>(samples: readonly MailSample[], pick: (sample: MailSample) => T | null, build: (present: T[]) => unknown): unknown {
  const present = samples.map(pick).filter((value): value is T => value !== null)
  return present.length === 0 ? null : build(present)
}

function meanFields<K extends string>(values: readonly Record<K, number | null>[], keys: readonly K[]): Record<K, number | null> {
  return Object.fromEntries(
    keys.map((key) => {
      const present = values.map((value) => value[key]).filter((value): value is number => value !== null)
      return [key, present.length === 0 ? null : round2(present.reduce((sum, value) => sum + value, 0) / present.length)]
    })
  ) as Record<K, number | null>
}

function meanNumbers<K extends string>(values: readonly Record<K, number>[], keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((key) => [key, round2(values.reduce((sum, value) => sum + value[key], 0) / values.length)])) as Record<K, number>
}

function meanProcesses(lists: readonly MailProcessCount[][]): MailProcessCount[] {
  const services = [...new Set(lists.flatMap((list) => list.map((entry) => entry.service)))]
  return services.map((service) => {
    const entries = lists.flatMap((list) => list.filter((entry) => entry.service === service))
    return { service, count: round2(entries.reduce((sum, entry) => sum + entry.count, 0) / entries.length), limit: Math.max(...entries.map((entry) => entry.limit)) }
  })
}

/** One sample standing for `samples` (non-empty), stamped `atMs`. */
export function downsample(host: string, atMs: number, samples: readonly MailSample[]): MailSample {
  if (samples.length === 0) throw new RangeError('downsample needs at least one sample')
  const measuredAtMs: MailSample['measuredAtMs'] = {}
  for (const sample of samples) {
    for (const [fact, at] of Object.entries(sample.measuredAtMs) as [keyof MailSample['measuredAtMs'], number][]) {
      measuredAtMs[fact] = Math.max(measuredAtMs[fact] ?? 0, at)
    }
  }
  return {
    host,
    atMs,
    load: meanOf(samples, (s) => s.load, (loads) => ({ ...meanNumbers(loads, ['load1', 'load5', 'load15']), cores: Math.max(...loads.map((load) => load.cores)) })) as MailSample['load'],
    cpu: meanOf(samples, (s) => s.cpu, (values) => meanNumbers(values, ['userPercent', 'systemPercent', 'iowaitPercent'])) as MailSample['cpu'],
    psi: meanOf(samples, (s) => s.psi, (values) => meanFields(values, ['cpuPercent', 'ioPercent', 'memoryPercent'])) as MailSample['psi'],
    vmstat: meanOf(samples, (s) => s.vmstat, (values) => meanNumbers(values, ['running', 'blocked'])) as MailSample['vmstat'],
    connections: meanOf(samples, (s) => s.connections, (values) => meanNumbers(values, MAIL_PROTOCOLS)) as MailSample['connections'],
    processes: meanOf(samples, (s) => s.processes, meanProcesses) as MailSample['processes'],
    logins: meanOf(samples, (s) => s.logins, (values) => meanNumbers(values, ['loginsPerMinute', 'authFailuresPerMinute'])) as MailSample['logins'],
    queue: meanOf(samples, (s) => s.queue, (values) => meanNumbers(values, POSTFIX_QUEUES)) as MailSample['queue'],
    measuredAtMs
  }
}

/** Groups samples into buckets of `bucketMs` (by start time) and downsamples each. */
export function downsampleSeries(host: string, samples: readonly MailSample[], bucketMs: number): MailSample[] {
  const buckets = new Map<number, MailSample[]>()
  for (const sample of samples) {
    const start = Math.floor(sample.atMs / bucketMs) * bucketMs
    const bucket = buckets.get(start) ?? []
    bucket.push(sample)
    buckets.set(start, bucket)
  }
  return [...buckets]
    .sort((a, b) => a[0] - b[0])
    .map(([start, bucket]) => downsample(host, start, bucket))
}
