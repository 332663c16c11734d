// Number and time formatting for the screen: every number leaves here with its unit.
const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 })
const oneDecimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 })

export function formatWatts(watts: number): string {
  return `${integer.format(watts)} W`
}

export function formatBtuPerHour(btuPerHour: number): string {
  return `${integer.format(btuPerHour)} BTU/h`
}

export function formatKg(kg: number): string {
  return `${oneDecimal.format(kg)} kg`
}

export function formatUnitsCount(units: number): string {
  return `${integer.format(units)} U`
}

export function formatGiB(gib: number): string {
  return `${oneDecimal.format(gib)} GiB`
}

export function formatPercent(fraction: number): string {
  return `${integer.format(fraction * 100)} %`
}

export function formatCount(count: number, singular: string, plural = `${singular}s`): string {
  return `${integer.format(count)} ${count === 1 ? singular : plural}`
}

/** "just now", "12 s ago", "3 min ago", "2 h ago", "4 d ago"; a time in the future reads "in …". */
export function formatAge(atMs: number, nowMs: number): string {
  const deltaMs = nowMs - atMs
  const future = deltaMs < 0
  const seconds = Math.floor(Math.abs(deltaMs) / 1000)
  if (seconds < 2) return future ? 'now' : 'just now'
  const span =
    seconds < 60
      ? `${seconds} s`
      : seconds < 3600
        ? `${Math.floor(seconds / 60)} min`
        : seconds < 86_400
          ? `${Math.floor(seconds / 3600)} h`
          : `${Math.floor(seconds / 86_400)} d`
  return future ? `in ${span}` : `${span} ago`
}
