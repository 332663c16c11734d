// What the Linux kernel of a demo host reports: /proc/stat jiffies, load average, PSI,
// memory. A host's role model (VMs, a mail scenario) supplies instantaneous activity; this
// module turns it into the monotonic counters and smoothed averages the real files hold.
import { LazyIntegral } from './lazy-integral'
import { unitHash } from './seeded-random'

export const USER_HZ = 100

/** Instantaneous activity of a host, supplied by its role model. */
export interface HostActivity {
  /** Cores busy in user + system time (guests included). */
  busyCores(tMs: number): number
  /** The part of busyCores that runs guest vCPUs. */
  guestCores(tMs: number): number
  /** Cores idle while waiting for disk I/O. */
  iowaitCores(tMs: number): number
  /** Processes in uninterruptible sleep. */
  blockedProcesses(tMs: number): number
  processCount(tMs: number): number
  /** Anonymous (application) memory in use. */
  memoryUsedKiB(tMs: number): number
  /** Page cache the workload keeps warm. */
  pageCacheKiB(tMs: number): number
  diskKiBps(tMs: number): { readKiBps: number; writeKiBps: number }
  contextSwitchesPerS(tMs: number): number
  forksPerS(tMs: number): number
}

export interface HostHardware {
  cpus: number
  memTotalKiB: number
  bootMs: number
  seed: string
}

export interface CpuTimes {
  user: number
  nice: number
  system: number
  idle: number
  iowait: number
  irq: number
  softirq: number
  steal: number
  guest: number
  guestNice: number
}

export interface PressureLine {
  avg10: number
  avg60: number
  avg300: number
  totalUs: number
}

export interface Pressure {
  some: PressureLine
  full: PressureLine
}

export interface MemInfo {
  totalKiB: number
  freeKiB: number
  availableKiB: number
  buffersKiB: number
  cachedKiB: number
  anonKiB: number
  slabKiB: number
  sReclaimableKiB: number
  shmemKiB: number
}

// Indexes into the integrated vector.
const USER = 0
const SYSTEM = 1
const IDLE = 2
const IOWAIT = 3
const IRQ = 4
const SOFTIRQ = 5
const GUEST = 6
const CTXT = 7
const INTR = 8
const FORKS = 9
const PGIN = 10
const PGOUT = 11
const PSI_CPU = 12
const PSI_IO_SOME = 13
const PSI_IO_FULL = 14
const PSI_MEM_SOME = 15
const PSI_MEM_FULL = 16
const WIDTH = 17

interface Instant {
  busy: number
  iowait: number
  blocked: number
  cpuSome: number
  ioSome: number
  ioFull: number
  memSome: number
  memFull: number
}

export class HostMetrics {
  private readonly counters: LazyIntegral
  private readonly cpuSkew: number[]

  constructor(
    readonly hardware: HostHardware,
    private readonly activity: HostActivity
  ) {
    this.counters = new LazyIntegral((t) => this.rates(t), WIDTH, hardware.bootMs)
    const raw = Array.from({ length: hardware.cpus }, (_, i) => unitHash(hardware.seed, 'cpu-skew', i) - 0.5)
    const mean = raw.reduce((a, b) => a + b, 0) / raw.length
    this.cpuSkew = raw.map((v) => (v - mean) * 0.12)
  }

  /** Brings the counters up to `tMs` with the current activity; call before that activity changes. */
  advanceTo(tMs: number): void {
    this.counters.advanceTo(tMs)
  }

  uptimeS(tMs: number): number {
    return Math.max(0, (tMs - this.hardware.bootMs) / 1000)
  }

  cpuTimes(tMs: number): { total: CpuTimes; perCpu: CpuTimes[] } {
    const v = this.counters.valuesAt(tMs)
    const jiffies = (k: number) => Math.floor(v[k] ?? 0)
    const total: CpuTimes = {
      user: jiffies(USER),
      nice: 0,
      system: jiffies(SYSTEM),
      idle: jiffies(IDLE),
      iowait: jiffies(IOWAIT),
      irq: jiffies(IRQ),
      softirq: jiffies(SOFTIRQ),
      steal: 0,
      guest: jiffies(GUEST),
      guestNice: 0
    }
    const n = this.hardware.cpus
    const perCpu = this.cpuSkew.map((skew) => {
      const share = (value: number) => Math.floor(value / n)
      const busyShift = Math.floor(((total.user + total.system) / n) * skew)
      return {
        user: Math.max(0, share(total.user) + Math.floor((total.user / n) * skew)),
        nice: 0,
        system: Math.max(0, share(total.system) + Math.floor((total.system / n) * skew)),
        idle: Math.max(0, share(total.idle) - busyShift),
        iowait: share(total.iowait),
        irq: share(total.irq),
        softirq: share(total.softirq),
        steal: 0,
        guest: Math.max(0, share(total.guest) + Math.floor((total.guest / n) * skew)),
        guestNice: 0
      }
    })
    return { total, perCpu }
  }

  /** Event counters since boot: context switches, interrupts, forks, KiB paged in and out. */
  eventCounters(tMs: number): { contextSwitches: number; interrupts: number; forks: number; pagedInKiB: number; pagedOutKiB: number } {
    const v = this.counters.valuesAt(tMs)
    return {
      contextSwitches: Math.floor(v[CTXT] ?? 0),
      interrupts: Math.floor(v[INTR] ?? 0),
      forks: Math.floor(v[FORKS] ?? 0) + 1200,
      pagedInKiB: Math.floor(v[PGIN] ?? 0),
      pagedOutKiB: Math.floor(v[PGOUT] ?? 0)
    }
  }

  pressure(tMs: number): { cpu: Pressure; io: Pressure; memory: Pressure } {
    const v = this.counters.valuesAt(tMs)
    const line = (pick: (i: Instant) => number, totalIndex: number | null): PressureLine => ({
      avg10: this.windowMean(tMs, 10, pick) * 100,
      avg60: this.windowMean(tMs, 60, pick) * 100,
      avg300: this.windowMean(tMs, 300, pick) * 100,
      totalUs: totalIndex === null ? 0 : Math.floor((v[totalIndex] ?? 0) * 1e6)
    })
    const zero: PressureLine = { avg10: 0, avg60: 0, avg300: 0, totalUs: 0 }
    return {
      // At the system level the kernel reports "full" CPU pressure as all zeros.
      cpu: { some: line((i) => i.cpuSome, PSI_CPU), full: zero },
      io: { some: line((i) => i.ioSome, PSI_IO_SOME), full: line((i) => i.ioFull, PSI_IO_FULL) },
      memory: { some: line((i) => i.memSome, PSI_MEM_SOME), full: line((i) => i.memFull, PSI_MEM_FULL) }
    }
  }

  /** The kernel's 1, 5 and 15 minute load averages (runnable + uninterruptible tasks). */
  loadAverage(tMs: number): [number, number, number] {
    const average = (windowS: number) => {
      let weighted = 0
      let weights = 0
      for (let k = 0; k < 12; k++) {
        const weight = Math.exp(-k / 4)
        const i = this.instant(tMs - (k * windowS * 1000) / 4)
        weighted += weight * (i.busy + i.blocked + i.iowait * 0.5)
        weights += weight
      }
      return weighted / weights
    }
    return [average(60), average(300), average(900)]
  }

  /** Tasks running right now (procs_running, vmstat's r): varies second to second. */
  runningTasks(tMs: number): number {
    const second = Math.floor(tMs / 1000)
    const jitter = unitHash(this.hardware.seed, 'running', second) * 1.6 - 0.5
    return Math.max(1, Math.round(this.instant(tMs).busy + jitter))
  }

  blockedTasks(tMs: number): number {
    return Math.max(0, Math.round(this.activity.blockedProcesses(tMs)))
  }

  processCount(tMs: number): number {
    return Math.round(this.activity.processCount(tMs))
  }

  memInfo(tMs: number): MemInfo {
    const totalKiB = this.hardware.memTotalKiB
    const slabKiB = Math.round(totalKiB * 0.012)
    const sReclaimableKiB = Math.round(slabKiB * 0.75)
    const anonKiB = Math.min(Math.round(this.activity.memoryUsedKiB(tMs)), totalKiB - slabKiB - 65536)
    const headroom = Math.max(0, totalKiB - anonKiB - slabKiB)
    const buffersKiB = Math.round(Math.min(262_144, headroom * 0.02))
    const cachedKiB = Math.round(Math.min(this.activity.pageCacheKiB(tMs), headroom * 0.7))
    const freeKiB = Math.max(0, totalKiB - anonKiB - slabKiB - buffersKiB - cachedKiB)
    const availableKiB = Math.min(totalKiB, freeKiB + buffersKiB + Math.round(cachedKiB * 0.85) + sReclaimableKiB)
    return { totalKiB, freeKiB, availableKiB, buffersKiB, cachedKiB, anonKiB, slabKiB, sReclaimableKiB, shmemKiB: Math.round(cachedKiB * 0.02) }
  }

  private windowMean(tMs: number, windowS: number, pick: (i: Instant) => number): number {
    const samples = 6
    let sum = 0
    for (let k = 0; k < samples; k++) sum += pick(this.instant(tMs - (k * windowS * 1000) / samples))
    return Math.min(1, sum / samples)
  }

  private instant(tMs: number): Instant {
    const cpus = this.hardware.cpus
    const busy = Math.min(cpus * 0.995, Math.max(0, this.activity.busyCores(tMs)))
    const iowait = Math.min(cpus - busy, Math.max(0, this.activity.iowaitCores(tMs)))
    const blocked = Math.max(0, this.activity.blockedProcesses(tMs))
    const rho = busy / cpus
    const ioSome = Math.min(1, (iowait / cpus) * 1.6 + blocked * 0.015)
    const memUsed = this.activity.memoryUsedKiB(tMs) / this.hardware.memTotalKiB
    const memSome = memUsed > 0.92 ? Math.min(1, (memUsed - 0.92) * 4) : 0
    return { busy, iowait, blocked, cpuSome: Math.min(1, 0.85 * rho ** 3 + 0.002), ioSome, ioFull: ioSome * 0.72, memSome, memFull: memSome * 0.5 }
  }

  private rates(tMs: number): number[] {
    const cpus = this.hardware.cpus
    const i = this.instant(tMs)
    const guest = Math.min(i.busy, Math.max(0, this.activity.guestCores(tMs)))
    const idle = Math.max(0, cpus - i.busy - i.iowait)
    const disk = this.activity.diskKiBps(tMs)
    const rates = Array.from({ length: WIDTH }, () => 0)
    rates[USER] = i.busy * 0.78 * USER_HZ
    rates[SYSTEM] = i.busy * 0.19 * USER_HZ
    rates[IRQ] = i.busy * 0.005 * USER_HZ
    rates[SOFTIRQ] = i.busy * 0.025 * USER_HZ
    rates[IDLE] = idle * USER_HZ
    rates[IOWAIT] = i.iowait * USER_HZ
    rates[GUEST] = guest * USER_HZ
    rates[CTXT] = this.activity.contextSwitchesPerS(tMs)
    rates[INTR] = this.activity.contextSwitchesPerS(tMs) * 0.45 + cpus * 120
    rates[FORKS] = this.activity.forksPerS(tMs)
    rates[PGIN] = disk.readKiBps
    rates[PGOUT] = disk.writeKiBps
    rates[PSI_CPU] = i.cpuSome
    rates[PSI_IO_SOME] = i.ioSome
    rates[PSI_IO_FULL] = i.ioFull
    rates[PSI_MEM_SOME] = i.memSome
    rates[PSI_MEM_FULL] = i.memFull
    return rates
  }
}
