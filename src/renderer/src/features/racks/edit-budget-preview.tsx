// What an inventory edit does to the budgets of the cabinets it touches, shown in the form before
// saving: peak draw against the failover-safe budget, before → after, with the verdict.
import { cabinetBudget, type CabinetBudget } from '../../../../shared/domain/power'
import type { Site } from '../../../../shared/model'
import { formatPercent, formatUnitsCount, formatWatts } from '../../ui/format'
import { VerdictBadge } from '../../ui/verdict-badge'
import { LIMIT_LABEL } from './cabinet-budget-bars'

function budgetOf(site: Site, cabinet: string): CabinetBudget | null {
  // Only valid sites reach here; a cabinet the edit removes or has not got yet has no budget.
  return site.cabinets.some((c) => c.name === cabinet) ? cabinetBudget(site, cabinet) : null
}

export function EditBudgetPreview({ before, after, cabinets }: { before: Site; after: Site; cabinets: readonly string[] }) {
  const rows = [...new Set(cabinets)].flatMap((name) => {
    const next = budgetOf(after, name)
    return next === null ? [] : [{ name, was: budgetOf(before, name), next }]
  })
  if (rows.length === 0) return null
  return (
    <ul className="edit-budget" aria-label="Budget after this change" aria-live="polite">
      {rows.map(({ name, was, next }) => (
        <li key={name} data-cabinet-budget={name}>
          <strong>{name}</strong> peak {was === null ? '' : `${formatWatts(was.drawWatts.peak)} → `}
          {formatWatts(next.drawWatts.peak)} of {formatWatts(next.budgetWatts)} ({formatPercent(next.limits.power.utilisation)}), {formatUnitsCount(next.usedU)} of{' '}
          {formatUnitsCount(next.heightU)} used · binding {LIMIT_LABEL[next.bindingLimit].toLowerCase()} <VerdictBadge verdict={next.verdict} />
        </li>
      ))}
    </ul>
  )
}
