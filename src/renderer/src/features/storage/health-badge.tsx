// A volume's verdict as a word with a shape (✓ UP, ▲ PARTIAL, ◆ DEGRADED, ✕ DOWN), never by colour alone.
import type { GlusterHealth } from '../../../../shared/domain/gluster-health'
import { HEALTH_LOOK } from './storage-format'

const VERDICT_CLASS = { ok: 'ok', warn: 'warn', over: 'over', down: 'over', idle: 'warn', busy: 'warn' } as const

export function HealthBadge({ health }: { health: GlusterHealth | null }) {
  if (health === null)
    return (
      <span className="verdict verdict--warn" title="volume status did not list this volume">
        <span aria-hidden="true">?</span> unknown
      </span>
    )
  const look = HEALTH_LOOK[health]
  return (
    <span className={`verdict verdict--${VERDICT_CLASS[look.tone]}`} title={look.meaning} data-health={health}>
      <span aria-hidden="true">{look.glyph}</span> {look.word}
    </span>
  )
}
