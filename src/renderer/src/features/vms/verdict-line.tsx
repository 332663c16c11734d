// A move's pre-check verdict in words with a shape: ✓ ok, ▲ warnings, ✕ refused with the reason.
import type { CheckLevel, MigrationPlan } from '../../../../shared/domain/migration-checks'

export const LEVEL_GLYPH: Record<CheckLevel, string> = { ok: '✓', warn: '▲', error: '✕' }
const LEVEL_CLASS: Record<CheckLevel, string> = { ok: 'ok', warn: 'warn', error: 'over' }
const LEVEL_WORD: Record<CheckLevel, string> = { ok: 'ok', warn: 'warnings', error: 'refused' }

export function levelClass(level: CheckLevel): string {
  return LEVEL_CLASS[level]
}

export function VerdictLine({ plan, detailed }: { plan: MigrationPlan; detailed: boolean }) {
  const notable = plan.checks.filter((c) => c.level !== 'ok')
  const shown = plan.verdict === 'error' ? notable.filter((c) => c.level === 'error') : notable
  return (
    <div className={`vm-verdict vm-verdict--${LEVEL_CLASS[plan.verdict]}`} data-verdict={plan.verdict} role={detailed ? 'status' : undefined}>
      <span className={`verdict verdict--${LEVEL_CLASS[plan.verdict]}`}>
        <span aria-hidden="true">{LEVEL_GLYPH[plan.verdict]}</span> {LEVEL_WORD[plan.verdict]}
      </span>{' '}
      {!detailed ? (
        <span className="small">{shown[0]?.message ?? `${plan.vm} can move here`}</span>
      ) : shown.length === 0 ? (
        <span className="small">every pre-check passed: {plan.vm} can move to {plan.to}</span>
      ) : (
        <ul className="plain-list small">
          {shown.map((check) => (
            <li key={check.id}>
              <span aria-hidden="true">{LEVEL_GLYPH[check.level]}</span> {check.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
