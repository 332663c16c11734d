// What the mail collector asks a mail host on each tick, how often, and how the answers become
// typed readings. Every part fails alone: a host without PSI or without ps loses only that fact.
import { MAIL_PROTOCOL_PORTS } from '../../shared/api-parts/mail-api'
import { loadavgCommand, nprocCommand, parseLoadavg, parseNproc, parseProcStat, parsePsiFiles, procStatCommand, psiAllCommand, type Loadavg, type ProcStat, type Psi, type PsiResource } from '../probes/linux'
import {
  doveadmServiceStatusCommand,
  doveadmWhoOnePerLineCommand,
  parseDoveadmServiceStatus,
  parseDoveadmWho,
  parsePostqueueJson,
  parseSsEstablished,
  postqueueJsonCommand,
  ssEstablishedCommand,
  type DoveadmServiceStatus,
  type DoveadmWho,
  type PostqueueJson,
  type SsEstablished
} from '../probes/mail'
import type { MailBatchOutcome, MailBatchPart } from './mail-batch'
import { parsePsTop, psTopCommand, type PsProcess } from './ps-top'

export interface MailReadings {
  loadavg: Loadavg
  nproc: number
  stat: ProcStat
  psi: Partial<Record<PsiResource, Psi>>
  ss: SsEstablished
  services: DoveadmServiceStatus
  who: DoveadmWho
  queue: PostqueueJson
  ps: PsProcess[]
}
export type MailPartName = keyof MailReadings

const PSI_RESOURCES: readonly PsiResource[] = ['cpu', 'io', 'memory']

interface PartSpec<K extends MailPartName> {
  name: K
  argv: readonly string[]
  /** How often the part runs while someone watches the host (it runs less often otherwise). */
  watchedIntervalMs: number
  parse(text: string): MailReadings[K]
}

type AnyPartSpec = { [K in MailPartName]: PartSpec<K> }[MailPartName]

export const MAIL_PARTS: readonly AnyPartSpec[] = [
  { name: 'loadavg', argv: loadavgCommand, watchedIntervalMs: 1_000, parse: parseLoadavg },
  { name: 'stat', argv: procStatCommand, watchedIntervalMs: 1_000, parse: parseProcStat },
  // PSI's shortest figure is a 10 s average: every 2 s is plenty.
  { name: 'psi', argv: psiAllCommand, watchedIntervalMs: 2_000, parse: (text) => parsePsiFiles(text, PSI_RESOURCES) },
  { name: 'ss', argv: ssEstablishedCommand(Object.values(MAIL_PROTOCOL_PORTS)), watchedIntervalMs: 1_000, parse: parseSsEstablished },
  { name: 'services', argv: doveadmServiceStatusCommand, watchedIntervalMs: 1_000, parse: parseDoveadmServiceStatus },
  // One line per connection, so each session has its own IP; the table formatter prints its
  // titles on stderr, tab prints them with the rows on stdout.
  { name: 'who', argv: ['doveadm', '-f', 'tab', ...doveadmWhoOnePerLineCommand.slice(1)], watchedIntervalMs: 2_000, parse: parseDoveadmWho },
  { name: 'ps', argv: psTopCommand, watchedIntervalMs: 5_000, parse: (text) => parsePsTop(text) },
  { name: 'queue', argv: postqueueJsonCommand, watchedIntervalMs: 10_000, parse: parsePostqueueJson },
  { name: 'nproc', argv: nprocCommand, watchedIntervalMs: 60_000, parse: (text) => parseNproc(text).cpus }
]

/** Unwatched hosts are still sampled (for the history), every this often at most. */
export const UNWATCHED_INTERVAL_MS = 10_000

export function partInterval(part: AnyPartSpec, watched: boolean): number {
  return watched ? part.watchedIntervalMs : Math.max(part.watchedIntervalMs, UNWATCHED_INTERVAL_MS)
}

/** The parts due at `nowMs`, given when each last ran. */
export function dueParts(lastRunMs: ReadonlyMap<MailPartName, number>, nowMs: number, watched: boolean): AnyPartSpec[] {
  // Half a second of slack: a tick that fires a little early still picks up its 1 s parts.
  return MAIL_PARTS.filter((part) => nowMs - (lastRunMs.get(part.name) ?? Number.NEGATIVE_INFINITY) >= partInterval(part, watched) - 500)
}

export function batchParts(parts: readonly AnyPartSpec[]): MailBatchPart[] {
  return parts.map((part) => ({ name: part.name, argv: part.argv }))
}

export type PartReading = { [K in MailPartName]: { name: K; ok: true; value: MailReadings[K] } | { name: K; ok: false; error: string } }[MailPartName]

/** Parses each part's outcome; a parse failure is that part's error, with the tool and line. */
export function readParts(parts: readonly AnyPartSpec[], outcomes: ReadonlyMap<string, MailBatchOutcome>): PartReading[] {
  return parts.map((part): PartReading => {
    const outcome = outcomes.get(part.name)
    if (outcome === undefined) return { name: part.name, ok: false, error: `no answer for \`${part.argv.join(' ')}\`` } as PartReading
    if (!outcome.ok) return { name: part.name, ok: false, error: outcome.error } as PartReading
    try {
      return { name: part.name, ok: true, value: part.parse(outcome.text) } as PartReading
    } catch (error) {
      return { name: part.name, ok: false, error: (error as Error).message } as PartReading
    }
  })
}
