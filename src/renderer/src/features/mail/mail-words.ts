// The Mail view's words for causes, sources and facts, in one place so panels agree.
import type { MailCauseKind, MailSeverity } from '../../../../shared/domain/mail-diagnosis'
import type { MailSourceName, MailSourceState } from '../../../../shared/api-parts/mail-api'

export const CAUSE_TITLE: Record<MailCauseKind, string> = {
  'brute-force': 'Brute-force login attack',
  'pop3-storm': 'POP3 polling storm',
  'process-limit': 'Dovecot process limit reached',
  'io-bound': 'I/O-bound: processes wait on the disk',
  'userip-limit': 'Per user+IP connection limit hit',
  'queue-growth': 'Postfix queue growing'
}

export const SEVERITY_LOOK: Record<MailSeverity, { glyph: string; tone: 'warn' | 'over'; word: string }> = {
  warning: { glyph: '▲', tone: 'warn', word: 'warning' },
  critical: { glyph: '✕', tone: 'over', word: 'critical' }
}

export const SOURCE_TITLE: Record<MailSourceName, string> = {
  probes: 'probes',
  vmstat: 'vmstat stream',
  log: 'mail log stream',
  queue: 'Postfix queue',
  processes: 'process list',
  history: 'history'
}

export const SOURCE_LOOK: Record<MailSourceState, { glyph: string; tone: string; word: string }> = {
  starting: { glyph: '◔', tone: 'busy', word: 'starting' },
  ok: { glyph: '●', tone: 'ok', word: 'ok' },
  restarting: { glyph: '↻', tone: 'warn', word: 'restarting' },
  failed: { glyph: '✕', tone: 'down', word: 'failed' },
  unavailable: { glyph: '–', tone: 'unknown', word: 'unavailable' }
}

export const WINDOW_CHOICES: readonly { seconds: number; label: string }[] = [
  { seconds: 30, label: '30 s' },
  { seconds: 60, label: '1 min' },
  { seconds: 300, label: '5 min' },
  { seconds: 900, label: '15 min' },
  { seconds: 3600, label: '1 h' }
]

export function windowLabel(seconds: number): string {
  return WINDOW_CHOICES.find((choice) => choice.seconds === seconds)?.label ?? `${seconds} s`
}

/** A clock time for chart ticks: 14:03:07 (or 14:03 for coarse ranges). */
export function clockTime(atMs: number, withSeconds = true): string {
  const d = new Date(atMs)
  const pad = (n: number) => String(n).padStart(2, '0')
  return withSeconds ? `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}` : `${pad(d.getHours())}:${pad(d.getMinutes())}`
}

// Building a NumberFormat costs far more than using one; charts format hundreds of ticks a second.
const numberFormats = new Map<number, Intl.NumberFormat>()

export function formatNumber(value: number, maxDecimals = 1): string {
  let format = numberFormats.get(maxDecimals)
  if (format === undefined) {
    format = new Intl.NumberFormat('en-US', { maximumFractionDigits: maxDecimals })
    numberFormats.set(maxDecimals, format)
  }
  return format.format(value)
}
