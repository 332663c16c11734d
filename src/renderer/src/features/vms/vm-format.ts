// Numbers of the VMs view with their units: memory, rates, durations, ETAs.
const oneDecimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 })
const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 })

export function formatKiBAsGiB(kib: number): string {
  return `${oneDecimal.format(kib / 1024 / 1024)} GiB`
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${oneDecimal.format(bytes / 1024 ** 3)} GiB`
  if (bytes >= 1024 ** 2) return `${oneDecimal.format(bytes / 1024 ** 2)} MiB`
  return `${integer.format(bytes / 1024)} KiB`
}

export function formatRate(bytesPerSecond: number): string {
  return `${formatBytes(bytesPerSecond)}/s`
}

/** "8.2 s", "3 min 05 s", "1 h 02 min". */
export function formatDuration(ms: number): string {
  const seconds = ms / 1000
  if (seconds < 60) return `${oneDecimal.format(seconds)} s`
  const whole = Math.round(seconds)
  if (whole < 3600) return `${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, '0')} s`
  return `${Math.floor(whole / 3600)} h ${String(Math.floor((whole % 3600) / 60)).padStart(2, '0')} min`
}

export function formatEta(seconds: number | null): string {
  if (seconds === null) return 'ETA unknown'
  return `ETA ${formatDuration(Math.ceil(seconds) * 1000)}`
}

export function formatRatio(ratio: number): string {
  return `${oneDecimal.format(ratio)}:1`
}

/** CPU use of a VM, in % of one host CPU. */
export function formatCpuPercent(percent: number | null): string {
  return percent === null ? 'CPU —' : `CPU ${integer.format(percent)} %`
}

export function formatClock(atMs: number): string {
  return new Date(atMs).toLocaleTimeString('en-GB', { hour12: false })
}
