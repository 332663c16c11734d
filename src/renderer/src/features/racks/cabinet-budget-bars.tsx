// A cabinet's budget as bars: failover-safe power (peak, with typical inside), cooling, weight
// and rack units, each with numbers, units and a verdict, the binding limit called out; then the
// per-feed failover load and any warnings. Takes the budget computed by shared/domain/power; while
// a device is dragged it shows the budget after the move, with the change from before.
import type { CabinetBudget, LimitName } from '../../../../shared/domain/power'
import { WARN_FRACTION } from '../../../../shared/domain/power'
import { Bar } from '../../ui/bar'
import { formatBtuPerHour, formatKg, formatPercent, formatUnitsCount, formatWatts } from '../../ui/format'
import { VerdictBadge } from '../../ui/verdict-badge'

export const LIMIT_LABEL: Record<LimitName, string> = {
  power: 'Power, failover-safe',
  cooling: 'Cooling',
  weight: 'Weight',
  'rack-units': 'Rack units'
}

const LIMIT_WORD: Record<LimitName, string> = {
  power: 'failover-safe power',
  cooling: 'cooling',
  weight: 'weight',
  'rack-units': 'rack units'
}

function signedWatts(watts: number): string {
  return watts >= 0 ? `+${formatWatts(watts)}` : `−${formatWatts(-watts)}`
}

function liveNote(budget: CabinetBudget): string {
  const measured = budget.live.measuredDevices.length
  const total = measured + budget.live.typicalDevices.length
  if (measured === 0) return 'live: no CPU figures yet'
  return `live ${formatWatts(budget.drawWatts.live)} from CPU use of ${measured} of ${total} devices${measured < total ? ', the rest at typical' : ''}`
}

export interface CabinetBudgetBarsProps {
  budget: CabinetBudget
  /** Set while previewing a move: the budget before it, so the change can be shown. */
  before?: CabinetBudget
  /** What is being previewed, e.g. "moving web-01". */
  previewOf?: string
}

export function CabinetBudgetBars({ budget, before, previewOf }: CabinetBudgetBarsProps) {
  const { limits, bindingLimit } = budget
  const binding = limits[bindingLimit]
  return (
    <section className={before === undefined ? 'budget' : 'budget budget--preview'} aria-label={`Cabinet ${budget.name} budget`}>
      {before !== undefined && (
        <p className="budget__preview" role="status">
          <strong>Preview</strong> after {previewOf ?? 'the move'}: peak {formatWatts(before.drawWatts.peak)} → {formatWatts(budget.drawWatts.peak)} (
          {signedWatts(budget.drawWatts.peak - before.drawWatts.peak)}), {formatUnitsCount(before.usedU)} → {formatUnitsCount(budget.usedU)} used
        </p>
      )}
      <div className="budget__head">
        <span>
          Binding: <strong>{LIMIT_WORD[bindingLimit]}</strong> {formatPercent(binding.utilisation)}
        </span>
        <VerdictBadge verdict={budget.verdict} label={`cabinet ${budget.verdict}`} />
      </div>
      <Bar
        label={LIMIT_LABEL.power}
        used={budget.drawWatts.peak}
        limit={budget.budgetWatts}
        inner={{ label: `typical ${formatWatts(budget.drawWatts.typical)}`, used: budget.drawWatts.typical }}
        valueText={`peak ${formatWatts(budget.drawWatts.peak)} of ${formatWatts(budget.budgetWatts)}`}
        verdict={limits.power.verdict}
        binding={bindingLimit === 'power'}
        warnFraction={WARN_FRACTION}
        note={`typical ${formatWatts(budget.drawWatts.typical)} (dark band) · ${liveNote(budget)} · ${
          budget.headroomWatts >= 0 ? `headroom ${formatWatts(budget.headroomWatts)}` : `over by ${formatWatts(-budget.headroomWatts)}`
        } · budget = ${
          budget.budgetBoundBy === 'contract' ? 'contracted power' : 'one feed carrying everything'
        }`}
      />
      <Bar
        label={LIMIT_LABEL.cooling}
        used={budget.heatBtuPerHour}
        limit={budget.coolingBtuPerHour}
        valueText={`${formatBtuPerHour(budget.heatBtuPerHour)} of ${formatBtuPerHour(budget.coolingBtuPerHour)}`}
        verdict={limits.cooling.verdict}
        binding={bindingLimit === 'cooling'}
        warnFraction={WARN_FRACTION}
      />
      <Bar
        label={LIMIT_LABEL.weight}
        used={budget.weightKg}
        limit={budget.maxWeightKg}
        valueText={`${formatKg(budget.weightKg)} of ${formatKg(budget.maxWeightKg)}`}
        verdict={limits.weight.verdict}
        binding={bindingLimit === 'weight'}
        warnFraction={WARN_FRACTION}
      />
      <Bar
        label={LIMIT_LABEL['rack-units']}
        used={budget.usedU}
        limit={budget.heightU}
        valueText={`${formatUnitsCount(budget.usedU)} of ${formatUnitsCount(budget.heightU)}`}
        verdict={limits['rack-units'].verdict}
        binding={bindingLimit === 'rack-units'}
        warnFraction={WARN_FRACTION}
        note={`free: ${formatUnitsCount(budget.freeUByFace.front)} front, ${formatUnitsCount(budget.freeUByFace.rear)} rear`}
      />
      <table className="feeds">
        <caption>Feeds: peak load when the other feed fails</caption>
        <thead>
          <tr>
            <th scope="col">Feed</th>
            <th scope="col" className="num">
              Normal
            </th>
            <th scope="col" className="num">
              On failover
            </th>
            <th scope="col" className="num">
              Capacity
            </th>
            <th scope="col">Verdict</th>
          </tr>
        </thead>
        <tbody>
          {budget.feeds.map((feed) => (
            <tr key={feed.name}>
              <th scope="row">{feed.name}</th>
              <td className="num">{formatWatts(feed.normalLoadWatts)}</td>
              <td className="num">{formatWatts(feed.failoverLoadWatts)}</td>
              <td className="num">{formatWatts(feed.capacityWatts)}</td>
              <td>
                <VerdictBadge verdict={feed.verdict} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {budget.warnings.length > 0 && (
        <ul className="budget__warnings">
          {budget.warnings.map((w) => (
            <li key={w} className="state state--warn">
              <span className="state__glyph" aria-hidden="true">
                ▲
              </span>
              {w}
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
