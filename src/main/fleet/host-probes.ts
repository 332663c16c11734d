// What the poller asks each host, by role, and how the answers become facts. Every probe is an
// entry of one fixed table: the hosts' probe sessions are built from it, and a host without a
// session runs each entry's argv as a one-off exec.
import type { NodeFacts, SystemFacts, VmFacts } from '../../shared/fleet'
import { hostnameCommand, loadavgCommand, meminfoCommand, nprocCommand, parseHostname, parseLoadavg, parseMeminfo, parseNproc, parseProcStat, parseProcUptime, procStatCommand, procUptimeCommand, cpuPercent, type ProcStat } from '../probes/linux'
import { parseVirshDomstats, parseVirshNodeinfo, virshDomstatsCommand, virshNodeinfoCommand, type DomstatsDomain } from '../probes/libvirt'
import type { ProbeSpec, ProbeTable } from '../ssh/probe-session-script'

/** `cat FILE`, which a probe session answers by reading FILE with shell builtins. */
function catProbe(argv: readonly ['cat', string]): ProbeSpec {
  return { argv, file: argv[1] }
}

export const nodeCommand = virshNodeinfoCommand()
/** Every 5 s: only the groups the VM facts use (per-vCPU and per-NIC stats multiply the output). */
export const vmsCommand = virshDomstatsCommand(undefined, ['state', 'cpu-total', 'balloon', 'block'])
/** vCPU counts change rarely and cost a line per vCPU counter: asked on the slow schedule. */
export const vcpusCommand = virshDomstatsCommand(undefined, ['vcpu'])

export const fleetProbes = {
  // hostname(1) prints the kernel's node name, which is this file.
  hostname: { argv: hostnameCommand, file: '/proc/sys/kernel/hostname' },
  loadavg: catProbe(loadavgCommand),
  nproc: { argv: nprocCommand },
  meminfo: catProbe(meminfoCommand),
  uptime: catProbe(procUptimeCommand),
  stat: catProbe(procStatCommand),
  domstats: { argv: vmsCommand },
  nodeinfo: { argv: nodeCommand },
  vcpus: { argv: vcpusCommand }
} as const satisfies ProbeTable

export type FleetProbeName = keyof typeof fleetProbes

export const systemProbes: readonly FleetProbeName[] = ['hostname', 'loadavg', 'nproc', 'meminfo', 'uptime', 'stat']

/**
 * A copy of `text` that does not keep the string it was cut from alive. Parsers return
 * substrings, which V8 keeps as views into the whole answer: a VM name kept in the facts for 5 s
 * would hold a host's whole domstats answer with it (megabytes over a 500-host fleet).
 */
function own(text: string): string {
  return (' ' + text).slice(1)
}

/** Each probe's stdout, by name, for the readers below. */
export type ProbeTexts = ReadonlyMap<string, string>

function text(texts: ProbeTexts, name: FleetProbeName): string {
  const value = texts.get(name)
  if (value === undefined) throw new Error(`the answer to the ${name} probe is missing`)
  return value
}

/** The system facts; `previous` is the last /proc/stat sample, for CPU % between the two. */
export function readSystemFacts(texts: ProbeTexts, previous: ProcStat | null): { facts: SystemFacts; stat: ProcStat } {
  const load = parseLoadavg(text(texts, 'loadavg'))
  const memory = parseMeminfo(text(texts, 'meminfo'))
  const stat = parseProcStat(text(texts, 'stat'))
  const cpu = previous ? cpuPercent(previous, stat) : null
  return {
    stat,
    facts: {
      hostname: own(parseHostname(text(texts, 'hostname')).hostname),
      load1: load.load1,
      load5: load.load5,
      load15: load.load15,
      cpuCount: parseNproc(text(texts, 'nproc')).cpus,
      memTotalKiB: memory.memTotalKiB,
      memAvailableKiB: memory.memAvailableKiB ?? memory.memFreeKiB + memory.cachedKiB + memory.buffersKiB,
      uptimeSeconds: parseProcUptime(text(texts, 'uptime')).uptimeSeconds,
      cpuBusyPercent: cpu ? Math.max(0, 100 - cpu.idlePercent - cpu.iowaitPercent) : null,
      cpuIowaitPercent: cpu ? cpu.iowaitPercent : null
    }
  }
}

export function readNodeFacts(stdout: string): NodeFacts {
  const node = parseVirshNodeinfo(stdout)
  return { cpuModel: own(node.cpuModel), cpus: node.cpus, mhz: node.mhz, memoryKiB: node.memoryKiB }
}

/** vCPU counts by VM name from `virsh domstats --raw --vcpu`. */
export function readVcpuCounts(stdout: string): Map<string, number> {
  const counts = new Map<string, number>()
  for (const domain of parseVirshDomstats(stdout).domains) if (domain.vcpuCurrent !== null) counts.set(own(domain.name), domain.vcpuCurrent)
  return counts
}

const stateNames: Record<number, string> = { 0: 'no state', 1: 'running', 2: 'blocked', 3: 'paused', 4: 'shutting down', 5: 'shut off', 6: 'crashed', 7: 'suspended' }

/**
 * VM facts from `virsh domstats --raw`; CPU % from the cpu.time delta against the previous sample,
 * vCPU counts from the output when it has them, else from the last slow vCPU poll.
 */
export function readVmFacts(stdout: string, previous: { atMs: number; cpuTimeNs: Map<string, number> } | null, nowMs: number, vcpuCounts: ReadonlyMap<string, number> = new Map()): VmFacts[] {
  return parseVirshDomstats(stdout).domains.map((domain: DomstatsDomain) => {
    const before = previous?.cpuTimeNs.get(domain.name)
    const elapsedNs = previous ? (nowMs - previous.atMs) * 1e6 : 0
    const cpuPercent = before !== undefined && domain.cpuTimeNs !== null && elapsedNs > 0 && domain.cpuTimeNs >= before ? ((domain.cpuTimeNs - before) / elapsedNs) * 100 : null
    return {
      name: own(domain.name),
      state: domain.stateName ?? (domain.state === null ? 'unknown' : (stateNames[domain.state] ?? `state ${domain.state}`)),
      vcpus: domain.vcpuCurrent ?? vcpuCounts.get(domain.name) ?? null,
      memoryKiB: domain.balloonCurrentKiB,
      maxMemoryKiB: domain.balloonMaximumKiB,
      cpuPercent,
      cpuTimeNs: domain.cpuTimeNs,
      diskPaths: domain.blocks.map((block) => block.path).filter((path): path is string => path !== null).map(own)
    }
  })
}
