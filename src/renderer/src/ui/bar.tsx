// A labelled meter: used against a limit, with the numbers and the verdict in words beside it.
// An optional inner value (typical under peak) draws as a darker band inside the main fill.
import type { Verdict } from '../../../shared/domain/power'
import { formatPercent } from './format'
import { VerdictBadge } from './verdict-badge'

export interface BarProps {
  label: string
  used: number
  limit: number
  /** "2,400 W of 2,944 W" — the numbers with their units, as the user should read them. */
  valueText: string
  verdict: Verdict
  /** A second, smaller figure against the same limit (e.g. typical draw under peak). */
  inner?: { label: string; used: number }
  /** This is the limit that binds first: called out beside the verdict. */
  binding?: boolean
  /** Where 'warn' starts, as a share of the limit; drawn as a tick. */
  warnFraction?: number
  note?: string
}

const clampPercent = (fraction: number): number => Math.max(0, Math.min(100, fraction * 100))

export function Bar({ label, used, limit, valueText, verdict, inner, binding, warnFraction, note }: BarProps) {
  const fraction = limit > 0 ? used / limit : Number.POSITIVE_INFINITY
  return (
    <div className={`bar bar--${verdict}${binding ? ' bar--binding' : ''}`}>
      <div className="bar__head">
        <span className="bar__label">{label}</span>
        <span className="bar__value">
          {valueText} <span className="bar__pct">({Number.isFinite(fraction) ? formatPercent(fraction) : 'no limit'})</span>
        </span>
      </div>
      <div className="bar__row">
        <div
          className="bar__track"
          role="meter"
          aria-label={label}
          aria-valuemin={0}
          aria-valuemax={limit}
          aria-valuenow={Math.min(used, limit)}
          aria-valuetext={`${valueText}, ${verdict}${binding ? ', binding limit' : ''}`}
        >
          <div className="bar__fill" style={{ width: `${clampPercent(fraction)}%` }} />
          {inner !== undefined && limit > 0 && (
            <div className="bar__inner" style={{ width: `${clampPercent(inner.used / limit)}%` }} title={inner.label} />
          )}
          {warnFraction !== undefined && <div className="bar__tick" style={{ left: `${clampPercent(warnFraction)}%` }} title={`warn from ${formatPercent(warnFraction)}`} />}
          {fraction > 1 && <div className="bar__overflow" aria-hidden="true" />}
        </div>
        {binding && <span className="bar__binding">binding</span>}
        <VerdictBadge verdict={verdict} />
      </div>
      {note !== undefined && <div className="bar__note">{note}</div>}
    </div>
  )
}
