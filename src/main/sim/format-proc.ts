// Linux text the demo hosts print: /proc files, uptime, vmstat, free, nproc. Layouts follow
// the kernel's and procps 4.0.2's format strings, so the parsers that read real hosts read
// these unchanged.
import type { SimHost } from './fleet-model'
import type { CpuTimes, Pressure } from './host-metrics'
import { USER_HZ } from './host-metrics'

const PID_MAX = 4_194_304

export function procLoadavg(host: SimHost, tMs: number): string {
  const [l1, l5, l15] = host.metrics.loadAverage(tMs)
  const forks = host.metrics.eventCounters(tMs).forks
  const lastPid = 1000 + (forks % (PID_MAX - 1000))
  return `${l1.toFixed(2)} ${l5.toFixed(2)} ${l15.toFixed(2)} ${host.metrics.runningTasks(tMs)}/${host.metrics.processCount(tMs)} ${lastPid}\n`
}

export function procUptime(host: SimHost, tMs: number): string {
  const idleS = host.metrics.cpuTimes(tMs).total.idle / USER_HZ
  return `${host.metrics.uptimeS(tMs).toFixed(2)} ${idleS.toFixed(2)}\n`
}

function cpuLine(label: string, t: CpuTimes): string {
  return `${label} ${t.user} ${t.nice} ${t.system} ${t.idle} ${t.iowait} ${t.irq} ${t.softirq} ${t.steal} ${t.guest} ${t.guestNice}`
}

export function procStat(host: SimHost, tMs: number): string {
  const { total, perCpu } = host.metrics.cpuTimes(tMs)
  const events = host.metrics.eventCounters(tMs)
  const bootS = Math.floor(host.bootMs / 1000)
  // Per-IRQ counts: the timer and the NICs/disks take almost all of them.
  const irqs = Array.from({ length: 64 }, () => 0)
  irqs[0] = 9
  irqs[8] = 1
  irqs[9] = Math.floor(events.interrupts * 0.002)
  irqs[24] = Math.floor(events.interrupts * 0.41)
  irqs[25] = Math.floor(events.interrupts * 0.22)
  irqs[26] = Math.floor(events.interrupts * 0.18)
  const softirq = [0.01, 0.32, 0.0001, 0.05, 0.08, 0, 0.004, 0.3, 0, 0.2].map((share) => Math.floor(events.interrupts * 1.4 * share))
  const lines = [
    cpuLine('cpu ', total),
    ...perCpu.map((times, i) => cpuLine(`cpu${i}`, times)),
    `intr ${events.interrupts} ${irqs.join(' ')}`,
    `ctxt ${events.contextSwitches}`,
    `btime ${bootS}`,
    `processes ${events.forks}`,
    `procs_running ${host.metrics.runningTasks(tMs)}`,
    `procs_blocked ${host.metrics.blockedTasks(tMs)}`,
    `softirq ${softirq.reduce((a, b) => a + b, 0)} ${softirq.join(' ')}`
  ]
  return `${lines.join('\n')}\n`
}

function pressureText(p: Pressure): string {
  const line = (kind: string, l: Pressure['some']) => `${kind} avg10=${l.avg10.toFixed(2)} avg60=${l.avg60.toFixed(2)} avg300=${l.avg300.toFixed(2)} total=${l.totalUs}`
  return `${line('some', p.some)}\n${line('full', p.full)}\n`
}

export function procPressure(host: SimHost, tMs: number, resource: 'cpu' | 'io' | 'memory'): string {
  return pressureText(host.metrics.pressure(tMs)[resource])
}

export function procMeminfo(host: SimHost, tMs: number): string {
  const m = host.metrics.memInfo(tMs)
  const active = Math.round(m.anonKiB * 0.7 + m.cachedKiB * 0.45)
  const inactive = Math.round(m.anonKiB * 0.3 + m.cachedKiB * 0.55)
  const rows: [string, number, boolean][] = [
    ['MemTotal', m.totalKiB, true],
    ['MemFree', m.freeKiB, true],
    ['MemAvailable', m.availableKiB, true],
    ['Buffers', m.buffersKiB, true],
    ['Cached', m.cachedKiB, true],
    ['SwapCached', 0, true],
    ['Active', active, true],
    ['Inactive', inactive, true],
    ['Active(anon)', Math.round(m.anonKiB * 0.7), true],
    ['Inactive(anon)', Math.round(m.anonKiB * 0.3), true],
    ['Active(file)', Math.round(m.cachedKiB * 0.45), true],
    ['Inactive(file)', Math.round(m.cachedKiB * 0.55), true],
    ['Unevictable', 0, true],
    ['Mlocked', 0, true],
    ['SwapTotal', 0, true],
    ['SwapFree', 0, true],
    ['Zswap', 0, true],
    ['Zswapped', 0, true],
    ['Dirty', Math.round(m.cachedKiB * 0.0004), true],
    ['Writeback', 0, true],
    ['AnonPages', m.anonKiB, true],
    ['Mapped', Math.round(m.anonKiB * 0.04), true],
    ['Shmem', m.shmemKiB, true],
    ['KReclaimable', m.sReclaimableKiB, true],
    ['Slab', m.slabKiB, true],
    ['SReclaimable', m.sReclaimableKiB, true],
    ['SUnreclaim', m.slabKiB - m.sReclaimableKiB, true],
    ['KernelStack', 4_096 + host.hardware.cpus * 400, true],
    ['PageTables', Math.round(m.anonKiB * 0.004), true],
    ['SecPageTables', 0, true],
    ['NFS_Unstable', 0, true],
    ['Bounce', 0, true],
    ['WritebackTmp', 0, true],
    ['CommitLimit', Math.round(m.totalKiB / 2), true],
    ['Committed_AS', Math.round(m.anonKiB * 1.3), true],
    ['VmallocTotal', 34_359_738_367, true],
    ['VmallocUsed', 28_412 + host.hardware.cpus * 900, true],
    ['VmallocChunk', 0, true],
    ['Percpu', host.hardware.cpus * 1_024, true],
    ['HardwareCorrupted', 0, true],
    ['AnonHugePages', Math.round(m.anonKiB * 0.6 / 2048) * 2048, true],
    ['ShmemHugePages', 0, true],
    ['ShmemPmdMapped', 0, true],
    ['FileHugePages', 0, true],
    ['FilePmdMapped', 0, true],
    ['HugePages_Total', 0, false],
    ['HugePages_Free', 0, false],
    ['HugePages_Rsvd', 0, false],
    ['HugePages_Surp', 0, false],
    ['Hugepagesize', 2_048, true],
    ['Hugetlb', 0, true],
    ['DirectMap4k', 210_880, true],
    ['DirectMap2M', 8_140_800, true],
    ['DirectMap1G', Math.max(0, Math.round(m.totalKiB / 1_048_576) - 8) * 1_048_576, true]
  ]
  // The kernel pads "Name:" to 16 columns and the number to 8, then " kB".
  return rows.map(([name, value, kb]) => `${`${name}:`.padEnd(16)}${String(value).padStart(8)}${kb ? ' kB' : ''}`).join('\n') + '\n'
}

export function procCpuinfo(host: SimHost): string {
  const hw = host.hardware
  const blocks: string[] = []
  for (let cpu = 0; cpu < hw.cpus; cpu++) {
    const perSocket = hw.coresPerSocket * hw.threadsPerCore
    const socket = Math.floor(cpu / perSocket)
    const core = Math.floor((cpu % perSocket) / hw.threadsPerCore)
    blocks.push(
      [
        `processor\t: ${cpu}`,
        'vendor_id\t: GenuineIntel',
        `cpu family\t: 6`,
        `model\t\t: ${hw.cpuModelName.includes('Atom') ? 77 : 63}`,
        `model name\t: ${hw.cpuModelName}`,
        `stepping\t: ${hw.cpuModelName.includes('Atom') ? 8 : 2}`,
        `cpu MHz\t\t: ${hw.mhz.toFixed(3)}`,
        `cache size\t: ${hw.cpuModelName.includes('Atom') ? 1024 : 15360} KB`,
        `physical id\t: ${socket}`,
        `siblings\t: ${perSocket}`,
        `core id\t\t: ${core}`,
        `cpu cores\t: ${hw.coresPerSocket}`,
        `bogomips\t: ${(hw.mhz * 2).toFixed(2)}`
      ].join('\n')
    )
  }
  return `${blocks.join('\n\n')}\n\n`
}

function clockTime(tMs: number, utcOffsetMinutes: number): string {
  const d = new Date(tMs + utcOffsetMinutes * 60_000)
  return [d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()].map((n) => String(n).padStart(2, '0')).join(':')
}

/** procps 4.0.2 `uptime`: ` 15:12:51 up 12 days,  3:04,  0 user,  load average: 0.88, 0.51, 0.22` */
export function uptimeLine(host: SimHost, tMs: number, utcOffsetMinutes: number): string {
  const upS = Math.floor(host.metrics.uptimeS(tMs))
  const days = Math.floor(upS / 86_400)
  const hours = Math.floor((upS % 86_400) / 3600)
  const minutes = Math.floor((upS % 3600) / 60)
  let text = ` ${clockTime(tMs, utcOffsetMinutes)} up `
  if (days > 0) text += `${days} ${days > 1 ? 'days' : 'day'}, `
  text += hours > 0 ? `${String(hours).padStart(2)}:${String(minutes).padStart(2, '0')}, ` : `${minutes} min, `
  const users = 0
  text += `${String(users).padStart(2)} ${users > 1 ? 'users' : 'user'},  `
  const [l1, l5, l15] = host.metrics.loadAverage(tMs)
  return `${text}load average: ${l1.toFixed(2)}, ${l5.toFixed(2)}, ${l15.toFixed(2)}\n`
}

export const VMSTAT_HEADER =
  'procs -----------memory---------- ---swap-- -----io---- -system-- ------cpu-----\n' + ' r  b   swpd   free   buff  cache   si   so    bi    bo   in   cs us sy id wa st\n'

/** The counters one vmstat line is computed from. */
export interface VmstatSample {
  tMs: number
  cpu: CpuTimes
  interrupts: number
  contextSwitches: number
  pagedInKiB: number
  pagedOutKiB: number
}

export function vmstatSample(host: SimHost, tMs: number): VmstatSample {
  const events = host.metrics.eventCounters(tMs)
  return { tMs, cpu: host.metrics.cpuTimes(tMs).total, interrupts: events.interrupts, contextSwitches: events.contextSwitches, pagedInKiB: events.pagedInKiB, pagedOutKiB: events.pagedOutKiB }
}

/**
 * One vmstat line: averages since boot when `previous` is null (vmstat's first line), else
 * rates over the interval since `previous`.
 */
export function vmstatLine(host: SimHost, current: VmstatSample, previous: VmstatSample | null): string {
  const zero: VmstatSample = {
    tMs: host.bootMs,
    cpu: { user: 0, nice: 0, system: 0, idle: 0, iowait: 0, irq: 0, softirq: 0, steal: 0, guest: 0, guestNice: 0 },
    interrupts: 0,
    contextSwitches: 0,
    pagedInKiB: 0,
    pagedOutKiB: 0
  }
  const base = previous ?? zero
  const seconds = Math.max(1, (current.tMs - base.tMs) / 1000)
  const d = (pick: (s: VmstatSample) => number) => Math.max(0, pick(current) - pick(base))
  const us = d((s) => s.cpu.user + s.cpu.nice)
  const sy = d((s) => s.cpu.system + s.cpu.irq + s.cpu.softirq)
  const id = d((s) => s.cpu.idle)
  const wa = d((s) => s.cpu.iowait)
  const st = d((s) => s.cpu.steal)
  const total = Math.max(1, us + sy + id + wa + st)
  const pct = (part: number) => Math.floor((100 * part + total / 2) / total)
  const mem = host.metrics.memInfo(current.tMs)
  const fields: [number, number][] = [
    [host.metrics.runningTasks(current.tMs), 2],
    [host.metrics.blockedTasks(current.tMs), 2],
    [0, 6],
    [mem.freeKiB, 6],
    [mem.buffersKiB, 6],
    [mem.cachedKiB + mem.sReclaimableKiB, 6],
    [0, 4],
    [0, 4],
    [Math.round(d((s) => s.pagedInKiB) / seconds), 5],
    [Math.round(d((s) => s.pagedOutKiB) / seconds), 5],
    [Math.round(d((s) => s.interrupts) / seconds), 4],
    [Math.round(d((s) => s.contextSwitches) / seconds), 4],
    [pct(us), 2],
    [pct(sy), 2],
    [pct(id), 2],
    [pct(wa), 2],
    [pct(st), 2]
  ]
  return `${fields.map(([value, width]) => String(value).padStart(width)).join(' ')}\n`
}

/** procps `free` (KiB by default, `-m` MiB, `-g` GiB, `-b` bytes). */
export function freeText(host: SimHost, tMs: number, unit: 'b' | 'k' | 'm' | 'g'): string {
  const m = host.metrics.memInfo(tMs)
  const scale = (kib: number) => (unit === 'b' ? kib * 1024 : unit === 'k' ? kib : unit === 'm' ? Math.floor(kib / 1024) : Math.floor(kib / 1_048_576))
  const buffCache = m.buffersKiB + m.cachedKiB + m.sReclaimableKiB
  const used = m.totalKiB - m.freeKiB - buffCache
  const cols = (values: number[]) => values.map((v) => String(scale(v)).padStart(11)).join(' ')
  return (
    '               total        used        free      shared  buff/cache   available\n' +
    `Mem:     ${cols([m.totalKiB, used, m.freeKiB, m.shmemKiB, buffCache, m.availableKiB])}\n` +
    `Swap:    ${cols([0, 0, 0])}\n`
  )
}
