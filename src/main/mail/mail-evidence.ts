// The diagnosis input from the collector's state: the log of the sliding window, the latest probe
// readings and the recent vmstat rows, in the shapes diagnoseMail reads (the same rules as
// `rackside diagnose mail`).
import type { MailEvidence } from '../../shared/domain/mail-diagnosis'
import type { Freshness, MailHostState } from './mail-host-state'
import { isFresh } from './mail-host-state'

/** iowait is judged on the last minute at most: an hour-long window would dilute a fresh stall. */
const VMSTAT_SPAN_MS = 60_000

export function mailEvidence(state: MailHostState, windowFromMs: number, nowMs: number, freshness: Freshness): MailEvidence {
  const evidence: MailEvidence = {}
  if (state.logStreaming || state.log.evidence(windowFromMs).lineTimes.length > 0) evidence.log = state.log.evidence(windowFromMs)
  if (isFresh(state.who, freshness('sessions'), nowMs)) evidence.who = { sessions: state.who.value.sessions }
  if (isFresh(state.ss, freshness('connections'), nowMs)) evidence.ss = { connections: state.ss.value.connections }
  if (isFresh(state.services, freshness('processes'), nowMs)) evidence.serviceStatus = { services: state.services.value.services }
  if (isFresh(state.loadavg, freshness('load'), nowMs)) evidence.loadavg = state.loadavg.value
  if (state.cores !== null) evidence.cores = state.cores.value
  if (isFresh(state.psi, freshness('psi'), nowMs) && state.psi.value.io !== undefined) evidence.psiIo = state.psi.value.io
  const fromMs = Math.max(windowFromMs, nowMs - VMSTAT_SPAN_MS)
  const recent = state.vmstat.filter((row) => !row.sinceBoot && row.atMs >= fromMs)
  const newest = recent[recent.length - 1]
  if (newest !== undefined && nowMs - newest.atMs <= freshness('vmstat')) {
    // The rule drops the first row as vmstat's since-boot average; hand it the row before the window.
    const before = state.vmstat.filter((row) => row.atMs < fromMs || row.sinceBoot).at(-1) ?? recent[0]
    evidence.vmstat = { samples: [...(before === undefined ? [] : [before.sample]), ...recent.map((row) => row.sample)] }
  }
  const queues = state.queues.filter((read) => read.atMs >= windowFromMs)
  if (queues.length > 0 && isFresh(queues[queues.length - 1] ?? null, freshness('queue'), nowMs)) evidence.postqueue = queues.map((read) => read.value)
  return evidence
}
