// The strip above the cabinets: the site's name and its totals. Memoised: a drag does not change them.
import { memo } from 'react'
import type { CabinetBudget, SiteTotals } from '../../../../shared/domain/power'
import type { Site } from '../../../../shared/model'
import { formatBtuPerHour, formatCount, formatKg, formatPercent, formatUnitsCount, formatWatts } from '../../ui/format'
import { VerdictBadge } from '../../ui/verdict-badge'

export const SiteSummary = memo(function SiteSummary({ site, budget }: { site: Site; budget: { cabinets: CabinetBudget[]; totals: SiteTotals } | null }) {
  const totals = budget?.totals ?? null
  const worst = budget === null ? [] : budget.cabinets.filter((c) => c.verdict === budget.totals.verdict).map((c) => c.name)
  const linkedHosts = site.devices.filter((d) => d.host !== undefined).length
  return (
    <section className="summary" aria-label="Site summary">
      <div className="summary__name">
        <h2>{site.site.name}</h2>
        {site.site.description !== undefined && <p className="muted small">{site.site.description}</p>}
      </div>
      <dl className="tiles">
        <div className="tile">
          <dt>Cabinets</dt>
          <dd>{site.cabinets.length}</dd>
        </div>
        <div className="tile">
          <dt>Devices</dt>
          <dd>
            {site.devices.length}
            <span className="tile__sub">{formatCount(linkedHosts, 'linked host')}</span>
          </dd>
        </div>
        {totals !== null && (
          <>
            <div className="tile">
              <dt>Rack units used</dt>
              <dd>
                {formatUnitsCount(totals.usedU)} <span className="tile__of">of {formatUnitsCount(totals.heightU)}</span>
                <span className="tile__sub">{formatUnitsCount(totals.freeU)} free</span>
              </dd>
            </div>
            <div className="tile">
              <dt>Peak draw, failover-safe</dt>
              <dd>
                {formatWatts(totals.drawWatts.peak)} <span className="tile__of">of {formatWatts(totals.budgetWatts)}</span>
                <span className="tile__sub">
                  {formatPercent(totals.drawWatts.peak / totals.budgetWatts)} · typical {formatWatts(totals.drawWatts.typical)}
                </span>
              </dd>
            </div>
            <div className="tile">
              <dt>Heat</dt>
              <dd>
                {formatBtuPerHour(totals.heatBtuPerHour)}
                <span className="tile__sub">cooling {formatBtuPerHour(totals.coolingBtuPerHour)}</span>
              </dd>
            </div>
            <div className="tile">
              <dt>Weight</dt>
              <dd>
                {formatKg(totals.weightKg)} <span className="tile__of">of {formatKg(totals.maxWeightKg)}</span>
              </dd>
            </div>
            <div className="tile">
              <dt>Worst cabinet</dt>
              <dd>
                <span>
                  <VerdictBadge verdict={totals.verdict} />
                </span>
                <span className="tile__sub">{worst.length === 0 ? 'no cabinets' : worst.join(', ')}</span>
              </dd>
            </div>
          </>
        )}
      </dl>
    </section>
  )
})
