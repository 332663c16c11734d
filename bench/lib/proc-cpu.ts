// CPU time of another process and of the whole machine, from /proc (Linux only): lets the fleet
// benchmark show how busy the simulator child and the other tenants of the machine were.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'

let ticksPerSecond: number | undefined

function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    const text = execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()
    const value = Number(text)
    if (!Number.isInteger(value) || value <= 0) throw new Error(`getconf CLK_TCK printed ${JSON.stringify(text)}, not a tick rate`)
    ticksPerSecond = value
  }
  return ticksPerSecond
}

/** The CPU fields of /proc/PID/stat: utime, stime, cutime, cstime, in seconds. */
function statCpuSeconds(pid: number): [number, number, number, number] {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8')
  // The command name (field 2) may hold spaces and parentheses: fields are counted after its last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ').slice(11, 15).map(Number)
  if (fields.length !== 4 || fields.some((v) => !Number.isFinite(v))) throw new Error(`/proc/${pid}/stat has no utime/stime/cutime/cstime fields`)
  return fields.map((ticks) => ticks / clockTicks()) as [number, number, number, number]
}

/** user + system CPU seconds a process has used so far. */
export function processCpuSeconds(pid: number): number {
  const [utime, stime] = statCpuSeconds(pid)
  return utime + stime
}

/** user + system CPU seconds of a process's children that it has waited for (ssh, pdsh). */
export function childrenCpuSeconds(pid: number): number {
  const [, , cutime, cstime] = statCpuSeconds(pid)
  return cutime + cstime
}

export interface MachineCpu {
  busySeconds: number
  totalSeconds: number
}

/** Busy and total CPU seconds of all cores since boot (from the `cpu` line of /proc/stat). */
export function machineCpu(): MachineCpu {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? ''
  const values = line.trim().split(/\s+/).slice(1).map(Number)
  if (values.length < 5 || values.some((v) => !Number.isFinite(v))) throw new Error(`/proc/stat starts with an unexpected line: ${line}`)
  // user nice system idle iowait irq softirq steal (guest time is already inside user).
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = values
  const busy = user + nice + system + irq + softirq + steal
  return { busySeconds: busy / clockTicks(), totalSeconds: (busy + idle + iowait) / clockTicks() }
}
