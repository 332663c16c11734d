// CPU and memory of the current process over a measurement window: the total CPU share (user +
// system over wall time) plus one sample per interval for peaks and medians.
import { median, percentile } from './stats'

export interface ProcessWindow {
  wallSeconds: number
  /** Percent of one core, user + system, over the whole window. */
  cpuPercent: number
  userPercent: number
  systemPercent: number
  /** Percent of one core in the busiest per-interval sample, and the 95th percentile. */
  cpuPercentMax: number
  cpuPercentP95: number
  rssPeakMB: number
  rssMedianMB: number
  heapUsedMedianMB: number
  /** Memory outside the JS heap that V8 knows of: Buffers, ssh2's crypto contexts and the like. */
  externalMedianMB: number
  samples: number
}

/** Decimal megabytes, as the targets are written. */
const MB = 1_000_000

export class ProcessSampler {
  private readonly startCpu = process.cpuUsage()
  private readonly startNs = process.hrtime.bigint()
  private lastCpu = this.startCpu
  private lastNs = this.startNs
  private readonly cpuSamples: number[] = []
  private readonly rssSamples: number[] = []
  private readonly heapSamples: number[] = []
  private readonly externalSamples: number[] = []
  private rssPeak = process.memoryUsage.rss()
  private readonly timer: NodeJS.Timeout

  constructor(intervalMs = 1000) {
    this.timer = setInterval(() => this.sample(), intervalMs)
  }

  stop(): ProcessWindow {
    clearInterval(this.timer)
    this.sample()
    const cpu = process.cpuUsage(this.startCpu)
    const wallUs = Number(process.hrtime.bigint() - this.startNs) / 1000
    return {
      wallSeconds: wallUs / 1e6,
      cpuPercent: ((cpu.user + cpu.system) / wallUs) * 100,
      userPercent: (cpu.user / wallUs) * 100,
      systemPercent: (cpu.system / wallUs) * 100,
      cpuPercentMax: Math.max(...this.cpuSamples),
      cpuPercentP95: percentile(this.cpuSamples, 95),
      rssPeakMB: this.rssPeak / MB,
      rssMedianMB: median(this.rssSamples) / MB,
      heapUsedMedianMB: median(this.heapSamples) / MB,
      externalMedianMB: median(this.externalSamples) / MB,
      samples: this.cpuSamples.length
    }
  }

  private sample(): void {
    const nowNs = process.hrtime.bigint()
    const cpu = process.cpuUsage(this.lastCpu)
    const wallUs = Number(nowNs - this.lastNs) / 1000
    this.lastCpu = process.cpuUsage()
    this.lastNs = nowNs
    if (wallUs > 0) this.cpuSamples.push(((cpu.user + cpu.system) / wallUs) * 100)
    const memory = process.memoryUsage()
    this.rssSamples.push(memory.rss)
    this.heapSamples.push(memory.heapUsed)
    this.externalSamples.push(memory.external)
    this.rssPeak = Math.max(this.rssPeak, memory.rss)
  }
}
