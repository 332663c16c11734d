// How Gluster numbers and states read on screen: bytes and inodes with units, volume types in
// words with their shape, and each health verdict as a word, a glyph and a tone.
import type { GlusterAlertSeverity } from '../../../../shared/domain/gluster-alerts'
import type { GlusterHealth } from '../../../../shared/domain/gluster-health'
import type { GlusterVolumeLayout } from '../../../../shared/fleet'
import { formatAge } from '../../ui/format'
import type { Tone } from '../../ui/host-status'

const oneDecimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1, minimumFractionDigits: 1 })
const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 })

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const

/** Binary units, one decimal from KiB up: "931.3 GiB", "1.8 TiB". */
export function formatBytes(bytes: number): string {
  let value = bytes
  let unit = 0
  while (Math.abs(value) >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024
    unit++
  }
  return unit === 0 ? `${integer.format(value)} B` : `${oneDecimal.format(value)} ${BYTE_UNITS[unit]}`
}

/** An inode count without its unit: grouped digits, millions as "97.7 M". */
export function formatInodeCount(count: number): string {
  return count >= 10_000_000 ? `${oneDecimal.format(count / 1_000_000)} M` : integer.format(count)
}

/** Inode counts are counts: "inodes" is their unit. */
export function formatInodes(count: number): string {
  return `${formatInodeCount(count)} inodes`
}

/** "322.1 GiB of 1.8 TiB", "3,630 of 195.4 M inodes": the unit once when both share it. */
export function formatUsedOf(used: number, total: number, kind: 'bytes' | 'inodes'): string {
  return kind === 'bytes' ? `${formatBytes(used)} of ${formatBytes(total)}` : `${formatInodeCount(used)} of ${formatInodes(total)}`
}

export function formatEntries(count: number): string {
  return `${integer.format(count)} ${count === 1 ? 'entry' : 'entries'}`
}

/** "distributed-replicate 2 × 3", "replicate 3 (arbiter 1)", "disperse 4 + 2", "distribute 3 bricks". */
export function volumeShapeText(layout: Pick<GlusterVolumeLayout, 'type' | 'replicaCount' | 'arbiterCount' | 'disperseCount' | 'redundancyCount' | 'distCount' | 'brickCount'>): string {
  const sets = Math.max(1, layout.distCount)
  const dist = sets > 1 ? `${sets} × ` : ''
  switch (layout.type) {
    case 'replicate':
    case 'distributed-replicate':
      return `${layout.type} ${dist}${layout.replicaCount}`
    case 'arbiter':
      return `arbiter ${dist}${layout.replicaCount} (${layout.arbiterCount} arbiter)`
    case 'disperse':
    case 'distributed-disperse':
      return `${layout.type} ${dist}${layout.disperseCount - layout.redundancyCount} + ${layout.redundancyCount}`
    case 'distribute':
      return `distribute ${layout.brickCount} ${layout.brickCount === 1 ? 'brick' : 'bricks'}`
  }
}

export interface StateLook {
  word: string
  glyph: string
  tone: Tone
}

export const HEALTH_LOOK: Record<GlusterHealth, StateLook & { meaning: string }> = {
  UP: { word: 'UP', glyph: '✓', tone: 'ok', meaning: 'every brick online' },
  PARTIAL: { word: 'PARTIAL', glyph: '▲', tone: 'warn', meaning: 'all data available, some copies missing' },
  DEGRADED: { word: 'DEGRADED', glyph: '◆', tone: 'over', meaning: 'part of the data unavailable' },
  DOWN: { word: 'DOWN', glyph: '✕', tone: 'down', meaning: 'no data available' }
}

export const SEVERITY_LOOK: Record<GlusterAlertSeverity, StateLook> = {
  warning: { word: 'warning', glyph: '▲', tone: 'warn' },
  critical: { word: 'critical', glyph: '✕', tone: 'down' }
}

/** "16:02:11" in the viewer's time zone: the exact moment beside "3 min ago". */
export function formatClock(atMs: number): string {
  return new Date(atMs).toLocaleTimeString('en-GB', { hour12: false })
}

/** The age of a past event; the view's clock ticks once a second, so a just-sampled fact is never "in the future". */
export function formatAgo(atMs: number, nowMs: number): string {
  return formatAge(Math.min(atMs, nowMs), nowMs)
}
