// A budget verdict as a word with a shape: ✓ ok, ▲ warn, ✕ over.
import type { Verdict } from '../../../shared/domain/power'

const GLYPH: Record<Verdict, string> = { ok: '✓', warn: '▲', over: '✕' }

export function VerdictBadge({ verdict, label }: { verdict: Verdict; label?: string }) {
  return (
    <span className={`verdict verdict--${verdict}`}>
      <span aria-hidden="true">{GLYPH[verdict]}</span> {label ?? verdict}
    </span>
  )
}
