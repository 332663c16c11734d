import { ParseError } from '../parse-error'
import type { TextLine } from '../linux/probe-text'
import { rejectBinary, toLines } from '../linux/probe-text'
import { rejectVirshError, virshCommand } from './virsh-output'

const TOOL = 'virsh domstats'

/** libvirt's stat groups; without any, virsh reports them all (per-vCPU and per-NIC lines included). */
export type DomstatsGroup = 'state' | 'cpu-total' | 'balloon' | 'vcpu' | 'interface' | 'block' | 'perf' | 'iothread' | 'memory' | 'dirtyrate' | 'vm'

export function virshDomstatsCommand(connectUri?: string, groups: readonly DomstatsGroup[] = []): string[] {
  return virshCommand(['domstats', '--raw', ...groups.map((group) => `--${group}`)], connectUri)
}

export type DomstatsValue = number | string

/** `block.0.path`, `net.1.rx.bytes`: the group and the device index (one regex, not one per key). */
const INDEXED_KEY = /^([a-z]+)\.(\d+)\./

export interface DomstatsBlock {
  index: number
  name: string | null
  path: string | null
  readBytes: number | null
  writeBytes: number | null
  readRequests: number | null
  writeRequests: number | null
  capacityBytes: number | null
  allocationBytes: number | null
  physicalBytes: number | null
}

export interface DomstatsNet {
  index: number
  name: string | null
  rxBytes: number | null
  txBytes: number | null
  rxPackets: number | null
  txPackets: number | null
  rxErrors: number | null
  txErrors: number | null
  rxDrops: number | null
  txDrops: number | null
}

export interface DomstatsDomain {
  name: string
  /** Every `key=value` line; values that are numbers stay numbers ('vda', 'no' stay strings). */
  stats: Record<string, DomstatsValue>
  /** libvirt's virDomainState number (1 running, 3 paused, 5 shut off...), null if not reported. */
  state: number | null
  stateName: string | null
  /** Nanosecond counters above 2^53 lose their last digits as JS numbers; seconds keep full use. */
  cpuTimeNs: number | null
  balloonCurrentKiB: number | null
  balloonMaximumKiB: number | null
  vcpuCurrent: number | null
  vcpuMaximum: number | null
  blocks: DomstatsBlock[]
  nets: DomstatsNet[]
}

export interface VirshDomstats {
  domains: DomstatsDomain[]
}

const STATE_NAMES = ['no state', 'running', 'blocked', 'paused', 'in shutdown', 'shut off', 'crashed', 'pmsuspended']

const NUMBER = /^-?\d{1,30}(\.\d{1,30})?$/

/** Keys documented as numeric: a non-number there is damage, not a new libvirt string. */
const NUMERIC_KEY = /^(state\.(state|reason)|cpu\.(time|user|system)|balloon\.(current|maximum|rss|swap_in|swap_out|unused|available|usable)|vcpu\.(current|maximum|\d+\.(state|time|wait|delay))|(net|block)\.count|net\.\d+\.(rx|tx)\.(bytes|pkts|errs|drop)|block\.\d+\.((rd|wr|fl)\.(reqs|bytes|times)|allocation|capacity|physical|backingIndex))$/

interface RawDomain {
  name: string
  stats: Map<string, DomstatsValue>
}

function toDomain(raw: RawDomain): DomstatsDomain {
  const num = (key: string): number | null => {
    const value = raw.stats.get(key)
    return typeof value === 'number' ? value : null
  }
  const str = (key: string): string | null => {
    const value = raw.stats.get(key)
    return value === undefined ? null : String(value)
  }
  // One pass over the keys for both device groups: the fleet poller reads thousands of domains a second.
  const found = { block: new Set<number>(), net: new Set<number>() }
  for (const key of raw.stats.keys()) {
    const match = INDEXED_KEY.exec(key)
    if (match !== null && (match[1] === 'block' || match[1] === 'net')) found[match[1]].add(Number(match[2]))
  }
  const indexes = (prefix: 'block' | 'net'): number[] => [...found[prefix]].sort((a, b) => a - b)
  const state = num('state.state')
  return {
    name: raw.name,
    stats: Object.fromEntries(raw.stats),
    state,
    stateName: state === null ? null : (STATE_NAMES[state] ?? null),
    cpuTimeNs: num('cpu.time'),
    balloonCurrentKiB: num('balloon.current'),
    balloonMaximumKiB: num('balloon.maximum'),
    vcpuCurrent: num('vcpu.current'),
    vcpuMaximum: num('vcpu.maximum'),
    blocks: indexes('block').map((index) => ({
      index,
      name: str(`block.${index}.name`),
      path: str(`block.${index}.path`),
      readBytes: num(`block.${index}.rd.bytes`),
      writeBytes: num(`block.${index}.wr.bytes`),
      readRequests: num(`block.${index}.rd.reqs`),
      writeRequests: num(`block.${index}.wr.reqs`),
      capacityBytes: num(`block.${index}.capacity`),
      allocationBytes: num(`block.${index}.allocation`),
      physicalBytes: num(`block.${index}.physical`)
    })),
    nets: indexes('net').map((index) => ({
      index,
      name: str(`net.${index}.name`),
      rxBytes: num(`net.${index}.rx.bytes`),
      txBytes: num(`net.${index}.tx.bytes`),
      rxPackets: num(`net.${index}.rx.pkts`),
      txPackets: num(`net.${index}.tx.pkts`),
      rxErrors: num(`net.${index}.rx.errs`),
      txErrors: num(`net.${index}.tx.errs`),
      rxDrops: num(`net.${index}.rx.drop`),
      txDrops: num(`net.${index}.tx.drop`)
    }))
  }
}

function fail(detail: string, line: TextLine): never {
  throw new ParseError(TOOL, detail, line.lineNumber, line.text)
}

/**
 * ```
 * Domain: 'lab-vm1'
 *   state.state=1
 *   cpu.time=1729866000
 * ```
 * A host without domains prints one blank line: an empty list.
 */
export function parseVirshDomstats(text: string): VirshDomstats {
  // virsh prints a blank line even for a host without domains; zero bytes means it never ran.
  if (text === '') throw new ParseError(TOOL, 'no output at all')
  const lines = toLines(text)
  rejectBinary(TOOL, lines)
  rejectVirshError(TOOL, lines)
  const domains: RawDomain[] = []
  let current: RawDomain | null = null
  for (const line of lines) {
    if (line.text.trim() === '') continue
    const header = /^Domain: '(.+)'\s*$/.exec(line.text)
    if (header !== null) {
      current = { name: header[1] as string, stats: new Map() }
      domains.push(current)
      continue
    }
    const pair = /^\s+([A-Za-z0-9_.-]+)=(.*)$/.exec(line.text)
    if (pair === null) fail('expected "Domain: \'name\'" or an indented key=value line', line)
    if (current === null) fail('a statistic before any "Domain:" line', line)
    const key = pair[1] as string
    const raw = pair[2] as string
    if (current.stats.has(key)) fail(`${key} appears twice for domain ${current.name}`, line)
    const isNumber = NUMBER.test(raw)
    if (!isNumber && NUMERIC_KEY.test(key)) fail(`${key} must be a number`, line)
    current.stats.set(key, isNumber ? Number(raw) : raw)
  }
  return { domains: domains.map(toDomain) }
}
