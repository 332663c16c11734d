// Log timestamps as the mail logs print them, turned into seconds so rules can measure windows
// and session lengths. Pure: the year and zone come only from the text, never from a clock.

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const
const DAY_SECONDS = 86_400
const COMMON_MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const

/** A timestamp read from a log line. */
export interface LogInstant {
  /** The text as the log printed it. */
  text: string
  month: number
  day: number
  /** Seconds since midnight, fractions kept. */
  secondOfDay: number
  /** Epoch seconds when the line carried a year (ISO 8601); a zoneless ISO time counts as UTC. */
  epochSeconds: number | null
}

// `Dec 03 15:12:41`, `Dec  3 16:23:15`, optionally with fractions (syslog's high-precision form).
const TRADITIONAL = /^([A-Z][a-z]{2}) ([ \d]\d) (\d\d):(\d\d):(\d\d(?:\.\d{1,9})?)$/
// `2026-12-03T16:23:14.815217+00:00`, `2026-12-03 16:23:14`, `...Z`, `...+0100`
const ISO = /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d(?:\.\d{1,9})?)(Z|[+-]\d\d:?\d\d)?$/

function validClock(hours: number, minutes: number, seconds: number): boolean {
  return hours < 24 && minutes < 60 && seconds < 61
}

/** Null for text that is not one of the two timestamp shapes the mail-log parser accepts. */
export function readLogTime(text: string): LogInstant | null {
  const traditional = TRADITIONAL.exec(text)
  if (traditional !== null) {
    const month = MONTHS.indexOf(traditional[1] as (typeof MONTHS)[number]) + 1
    const day = Number((traditional[2] as string).trim())
    const [hours, minutes, seconds] = [Number(traditional[3]), Number(traditional[4]), Number(traditional[5])]
    if (month === 0 || day < 1 || day > 31 || !validClock(hours, minutes, seconds)) return null
    return { text, month, day, secondOfDay: hours * 3600 + minutes * 60 + seconds, epochSeconds: null }
  }
  const iso = ISO.exec(text)
  if (iso === null) return null
  const [year, month, day] = [Number(iso[1]), Number(iso[2]), Number(iso[3])]
  const [hours, minutes, seconds] = [Number(iso[4]), Number(iso[5]), Number(iso[6])]
  if (month < 1 || month > 12 || day < 1 || day > 31 || !validClock(hours, minutes, seconds)) return null
  const zone = iso[7]
  let offsetSeconds = 0
  if (zone !== undefined && zone !== 'Z') {
    const digits = zone.replace(':', '')
    offsetSeconds = (digits.startsWith('-') ? -1 : 1) * (Number(digits.slice(1, 3)) * 3600 + Number(digits.slice(3, 5)) * 60)
  }
  const secondOfDay = hours * 3600 + minutes * 60 + seconds
  const epochSeconds = Date.UTC(year, month - 1, day) / 1000 + secondOfDay - offsetSeconds
  return { text, month, day, secondOfDay, epochSeconds }
}

const LINE_START = /^([A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d(?:\.\d{1,9})?|\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:?\d\d)?)(?= )/

/**
 * The timestamp every line of a log text starts with (Dovecot's file, syslog, journal short
 * format), lines of no known event included, so a window spans the whole capture.
 */
export function lineTimestamps(text: string): string[] {
  return text.split('\n').flatMap((line) => {
    const match = LINE_START.exec(line)
    return match === null ? [] : [match[1] as string]
  })
}

/**
 * Seconds since the start of a year that has no number. A log without years only says Feb 29
 * in a leap year, so its presence picks the leap calendar; otherwise the common one.
 */
function yearlessSeconds(instant: LogInstant, leap: boolean): number {
  let days = instant.day - 1
  for (let month = 1; month < instant.month; month += 1) days += COMMON_MONTH_DAYS[month - 1] as number
  if (leap && instant.month > 2) days += 1
  return days * DAY_SECONDS + instant.secondOfDay
}

const yearSeconds = (leap: boolean): number => (leap ? 366 : 365) * DAY_SECONDS
const isLeapDay = (instant: LogInstant): boolean => instant.month === 2 && instant.day === 29

/**
 * Seconds from `earlier` to `later`. Without years a later time that reads smaller crossed New
 * Year (`Dec 31 23:59:59` -> `Jan 01 00:00:01` is 2 s).
 */
export function secondsBetween(earlier: LogInstant, later: LogInstant): number {
  if (earlier.epochSeconds !== null && later.epochSeconds !== null) return microsecondsRounded(later.epochSeconds - earlier.epochSeconds)
  const leap = isLeapDay(earlier) || isLeapDay(later)
  const difference = yearlessSeconds(later, leap) - yearlessSeconds(earlier, leap)
  return microsecondsRounded(difference < 0 ? difference + yearSeconds(leap) : difference)
}

// Epoch arithmetic on fractional seconds leaves float dust (11.083081007); logs print microseconds at most.
const microsecondsRounded = (seconds: number): number => Math.round(seconds * 1e6) / 1e6

export interface LogWindow {
  /** Timestamps of the earliest and latest line, as printed. */
  firstTime: string
  lastTime: string
  seconds: number
}

/**
 * The span the instants cover, from the earliest to the latest, whatever order the lines came in
 * (two logs concatenated). Without years the span is the shortest arc of the year that holds them
 * all, so a log crossing New Year measures hours, not a year.
 */
export function logWindow(instants: readonly LogInstant[]): LogWindow | null {
  if (instants.length === 0) return null
  if (instants.every((instant) => instant.epochSeconds !== null)) {
    const sorted = [...instants].sort((a, b) => (a.epochSeconds as number) - (b.epochSeconds as number))
    const first = sorted[0] as LogInstant
    const last = sorted[sorted.length - 1] as LogInstant
    return { firstTime: first.text, lastTime: last.text, seconds: microsecondsRounded((last.epochSeconds as number) - (first.epochSeconds as number)) }
  }
  const leap = instants.some(isLeapDay)
  const year = yearSeconds(leap)
  const sorted = instants.map((instant) => ({ instant, at: yearlessSeconds(instant, leap) })).sort((a, b) => a.at - b.at)
  // The largest gap between neighbours (the wrap from last back to first included) is where the window is not.
  let gapAfter = sorted.length - 1
  let largestGap = (sorted[0] as { at: number }).at + year - (sorted[sorted.length - 1] as { at: number }).at
  for (let index = 0; index < sorted.length - 1; index += 1) {
    const gap = (sorted[index + 1] as { at: number }).at - (sorted[index] as { at: number }).at
    if (gap > largestGap) {
      largestGap = gap
      gapAfter = index
    }
  }
  const first = sorted[(gapAfter + 1) % sorted.length] as { instant: LogInstant }
  const last = sorted[gapAfter] as { instant: LogInstant }
  return { firstTime: first.instant.text, lastTime: last.instant.text, seconds: microsecondsRounded(year - largestGap) }
}
