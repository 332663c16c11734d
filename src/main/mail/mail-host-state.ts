// What the collector knows about one mail host at any moment: the latest reading of each probe
// with the time it was taken, the vmstat rows and the log window. The sample, the breakdown and
// the diagnosis evidence are all read from this.
import type { Loadavg, CpuPercent, Psi, PsiResource, VmstatSample } from '../probes/linux'
import type { DoveadmServiceStatus, DoveadmWho, PostqueueJson, SsEstablished } from '../probes/mail'
import type { MailLogWindow } from './mail-log-window'
import type { PsProcess } from './ps-top'

export interface Measured<T> {
  value: T
  atMs: number
}

export interface VmstatRow {
  atMs: number
  sample: VmstatSample
  /** vmstat's first row is the average since boot, not the last second. */
  sinceBoot: boolean
}

export interface MailHostState {
  host: string
  loadavg: Measured<Loadavg> | null
  cores: Measured<number> | null
  cpu: Measured<CpuPercent> | null
  psi: Measured<Partial<Record<PsiResource, Psi>>> | null
  ss: Measured<SsEstablished> | null
  services: Measured<DoveadmServiceStatus> | null
  who: Measured<DoveadmWho> | null
  ps: Measured<PsProcess[]> | null
  /** postqueue -j reads within the diagnosis window, oldest first; only the latest keeps senders and reasons. */
  queues: Measured<PostqueueJson>[]
  vmstat: VmstatRow[]
  log: MailLogWindow
  /** The log stream is delivering: without it, log rates would silently decay to zero. */
  logStreaming: boolean
}

/** How old a fact may be and still count as current. */
export type Freshness = (fact: 'load' | 'cores' | 'cpu' | 'psi' | 'connections' | 'processes' | 'logins' | 'queue' | 'vmstat' | 'sessions' | 'ps') => number

export function isFresh<T>(measured: Measured<T> | null, maxAgeMs: number, nowMs: number): measured is Measured<T> {
  return measured !== null && nowMs - measured.atMs <= maxAgeMs
}
