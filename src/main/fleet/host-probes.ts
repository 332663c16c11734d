// What the poller asks each host, by role, and how the answers become facts.
import type { NodeFacts, SystemFacts, VmFacts } from '../../shared/fleet'
import { hostnameCommand, loadavgCommand, meminfoCommand, nprocCommand, parseHostname, parseLoadavg, parseMeminfo, parseNproc, parseProcStat, parseProcUptime, procStatCommand, procUptimeCommand, cpuPercent, type ProcStat } from '../probes/linux'
import { parseVirshDomstats, parseVirshNodeinfo, virshDomstatsCommand, virshNodeinfoCommand, type DomstatsDomain } from '../probes/libvirt'
import { ParseError } from '../probes/parse-error'
import { batchScript, splitBatchOutput, type BatchPart } from './probe-batch'

export const systemBatch: readonly BatchPart[] = [
  { name: 'hostname', argv: hostnameCommand },
  { name: 'loadavg', argv: loadavgCommand },
  { name: 'nproc', argv: nprocCommand },
  { name: 'meminfo', argv: meminfoCommand },
  { name: 'uptime', argv: procUptimeCommand },
  { name: 'stat', argv: procStatCommand }
]
export const systemScript = batchScript(systemBatch)

function part(sections: Map<string, string>, name: string): string {
  const text = sections.get(name)
  if (text === undefined) throw new ParseError('probe batch', `the ${name} part is missing from the host's answer`)
  return text
}

/** Parses the system batch; `previous` is the last /proc/stat sample, for CPU % between the two. */
export function readSystemFacts(stdout: string, previous: ProcStat | null): { facts: SystemFacts; stat: ProcStat } {
  const sections = splitBatchOutput(stdout)
  const load = parseLoadavg(part(sections, 'loadavg'))
  const memory = parseMeminfo(part(sections, 'meminfo'))
  const stat = parseProcStat(part(sections, 'stat'))
  const cpu = previous ? cpuPercent(previous, stat) : null
  return {
    stat,
    facts: {
      hostname: parseHostname(part(sections, 'hostname')).hostname,
      load1: load.load1,
      load5: load.load5,
      load15: load.load15,
      cpuCount: parseNproc(part(sections, 'nproc')).cpus,
      memTotalKiB: memory.memTotalKiB,
      memAvailableKiB: memory.memAvailableKiB ?? memory.memFreeKiB + memory.cachedKiB + memory.buffersKiB,
      uptimeSeconds: parseProcUptime(part(sections, 'uptime')).uptimeSeconds,
      cpuBusyPercent: cpu ? Math.max(0, 100 - cpu.idlePercent - cpu.iowaitPercent) : null,
      cpuIowaitPercent: cpu ? cpu.iowaitPercent : null
    }
  }
}

export const nodeCommand = virshNodeinfoCommand()
export function readNodeFacts(stdout: string): NodeFacts {
  const node = parseVirshNodeinfo(stdout)
  return { cpuModel: node.cpuModel, cpus: node.cpus, mhz: node.mhz, memoryKiB: node.memoryKiB }
}

export const vmsCommand = virshDomstatsCommand()

const stateNames: Record<number, string> = { 0: 'no state', 1: 'running', 2: 'blocked', 3: 'paused', 4: 'shutting down', 5: 'shut off', 6: 'crashed', 7: 'suspended' }

/** VM facts from `virsh domstats --raw`; CPU % from the cpu.time delta against the previous sample. */
export function readVmFacts(stdout: string, previous: { atMs: number; cpuTimeNs: Map<string, number> } | null, nowMs: number): VmFacts[] {
  return parseVirshDomstats(stdout).domains.map((domain: DomstatsDomain) => {
    const before = previous?.cpuTimeNs.get(domain.name)
    const elapsedNs = previous ? (nowMs - previous.atMs) * 1e6 : 0
    const cpuPercent = before !== undefined && domain.cpuTimeNs !== null && elapsedNs > 0 && domain.cpuTimeNs >= before ? ((domain.cpuTimeNs - before) / elapsedNs) * 100 : null
    return {
      name: domain.name,
      state: domain.stateName ?? (domain.state === null ? 'unknown' : (stateNames[domain.state] ?? `state ${domain.state}`)),
      vcpus: domain.vcpuCurrent,
      memoryKiB: domain.balloonCurrentKiB,
      maxMemoryKiB: domain.balloonMaximumKiB,
      cpuPercent,
      cpuTimeNs: domain.cpuTimeNs,
      diskPaths: domain.blocks.map((block) => block.path).filter((path): path is string => path !== null)
    }
  })
}
