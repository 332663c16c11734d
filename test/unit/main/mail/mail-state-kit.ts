// Builds a collector state from captured tool output, the way the collector fills it from a host.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { MailLogWindow } from '../../../../src/main/mail/mail-log-window'
import type { Freshness, MailHostState } from '../../../../src/main/mail/mail-host-state'
import { parseLoadavg, parsePsi, VmstatStream } from '../../../../src/main/probes/linux'
import { parseDoveadmServiceStatus, parseDoveadmWho, parsePostqueueJson, parseSsEstablished } from '../../../../src/main/probes/mail'

const FIXTURES = join(__dirname, '..', '..', '..', 'fixtures')

export function fixture(...path: string[]): string {
  return readFileSync(join(FIXTURES, ...path), 'utf8')
}

/** Every fact fresh for 10 s, the log for 3 s. */
export const freshness: Freshness = (fact) => (fact === 'vmstat' ? 3_000 : 10_000)

export function emptyState(host = 'mail-01'): MailHostState {
  return { host, loadavg: null, cores: null, cpu: null, psi: null, ss: null, services: null, who: null, ps: null, queues: [], vmstat: [], log: new MailLogWindow(), logStreaming: true }
}

/** vmstat output as the stream delivers it, one row per second ending at `endMs`. */
export function vmstatRows(text: string, endMs: number): MailHostState['vmstat'] {
  const stream = new VmstatStream()
  const samples = text.split('\n').flatMap((line, index) => {
    const sample = stream.push({ lineNumber: index + 1, text: line })
    return sample === null ? [] : [sample]
  })
  return samples.map((sample, index) => ({ sample, sinceBoot: index === 0, atMs: endMs - (samples.length - 1 - index) * 1000 }))
}

export interface Capture {
  log?: string
  ss?: string
  who?: string
  services?: string
  loadavg?: string
  psiIo?: string
  vmstat?: string
  queues?: string[]
}

/** A state as if the capture had just been read at `nowMs` (the log received over the last minute). */
export function stateFrom(capture: Capture, nowMs: number): MailHostState {
  const state = emptyState()
  state.log.startCoverage(nowMs - 120_000)
  if (capture.log !== undefined) state.log.add(capture.log.split('\n'), nowMs - 1_000)
  if (capture.ss !== undefined) state.ss = { value: parseSsEstablished(capture.ss), atMs: nowMs }
  if (capture.who !== undefined) state.who = { value: parseDoveadmWho(capture.who), atMs: nowMs }
  if (capture.services !== undefined) state.services = { value: parseDoveadmServiceStatus(capture.services), atMs: nowMs }
  if (capture.loadavg !== undefined) state.loadavg = { value: parseLoadavg(capture.loadavg), atMs: nowMs }
  if (capture.psiIo !== undefined) state.psi = { value: { io: parsePsi(capture.psiIo) }, atMs: nowMs }
  if (capture.vmstat !== undefined) state.vmstat = vmstatRows(capture.vmstat, nowMs)
  state.queues = (capture.queues ?? []).map((text, index, all) => ({ value: parsePostqueueJson(text), atMs: nowMs - (all.length - 1 - index) * 10_000 }))
  state.cores = { value: 2, atMs: nowMs }
  return state
}
