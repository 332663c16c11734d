import { parseHostname } from './hostname'
import { parseLoadavg } from './loadavg'
import { parseMeminfo } from './meminfo'
import { parseNproc } from './nproc'
import { parseProcStat } from './proc-stat'
import { parsePsi } from './psi'
import { parseProcUptime, parseUptimeCommand } from './uptime'
import { parseVmstat } from './vmstat'

export type LinuxParseKind = 'loadavg' | 'meminfo' | 'stat' | 'vmstat' | 'psi' | 'uptime' | 'uptime-command' | 'hostname' | 'nproc'

/** Parsers by their `rackside parse KIND` name. */
export const linuxParsers: Record<LinuxParseKind, (text: string) => unknown> = {
  loadavg: parseLoadavg,
  meminfo: parseMeminfo,
  stat: parseProcStat,
  vmstat: parseVmstat,
  psi: parsePsi,
  uptime: parseProcUptime,
  'uptime-command': parseUptimeCommand,
  hostname: parseHostname,
  nproc: parseNproc
}

export * from './hostname'
export * from './loadavg'
export * from './meminfo'
export * from './nproc'
export * from './proc-stat'
export * from './psi'
export * from './uptime'
export * from './vmstat'
