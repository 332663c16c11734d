// The printable view: one page per cabinet with its elevation, its budget as a table and its
// device list. Page breaks and paper colours come from racks.css (@media print); the app prints
// it with window.print() in a browser and the desktop shell can route that to a PDF.
import type { CabinetBudget, LimitName } from '../../../../shared/domain/power'
import { formatUnits, unitsSpanned } from '../../../../shared/domain/rack-units'
import type { Site } from '../../../../shared/model'
import { formatBtuPerHour, formatKg, formatPercent, formatUnitsCount, formatWatts } from '../../ui/format'
import { LIMIT_LABEL } from './cabinet-budget-bars'
import { CabinetElevation } from './cabinet-elevation'

const VERDICT_WORD = { ok: '✓ ok', warn: '▲ warn', over: '✕ over' } as const

function limitFigures(budget: CabinetBudget, limit: LimitName): { used: string; of: string } {
  switch (limit) {
    case 'power':
      return { used: `${formatWatts(budget.drawWatts.peak)} peak`, of: formatWatts(budget.budgetWatts) }
    case 'cooling':
      return { used: formatBtuPerHour(budget.heatBtuPerHour), of: formatBtuPerHour(budget.coolingBtuPerHour) }
    case 'weight':
      return { used: formatKg(budget.weightKg), of: formatKg(budget.maxWeightKg) }
    case 'rack-units':
      return { used: formatUnitsCount(budget.usedU), of: formatUnitsCount(budget.heightU) }
  }
}

function BudgetTable({ budget }: { budget: CabinetBudget }) {
  const limits: LimitName[] = ['power', 'cooling', 'weight', 'rack-units']
  return (
    <table className="sheet__table" aria-label={`${budget.name} budget`}>
      <caption>Budget (power: one feed carrying everything{budget.budgetBoundBy === 'contract' ? ', capped by the contract' : ''})</caption>
      <thead>
        <tr>
          <th scope="col">Limit</th>
          <th scope="col" className="num">
            Used
          </th>
          <th scope="col" className="num">
            Of
          </th>
          <th scope="col" className="num">
            Use
          </th>
          <th scope="col">Verdict</th>
        </tr>
      </thead>
      <tbody>
        {limits.map((limit) => {
          const use = budget.limits[limit]
          const figures = limitFigures(budget, limit)
          return (
            <tr key={limit} className={limit === budget.bindingLimit ? 'sheet__binding' : undefined}>
              <th scope="row">
                {LIMIT_LABEL[limit]}
                {limit === budget.bindingLimit && ' (binding)'}
              </th>
              <td className="num">{figures.used}</td>
              <td className="num">{figures.of}</td>
              <td className="num">{formatPercent(use.utilisation)}</td>
              <td>{VERDICT_WORD[use.verdict]}</td>
            </tr>
          )
        })}
        <tr>
          <th scope="row">Typical draw</th>
          <td className="num">{formatWatts(budget.drawWatts.typical)}</td>
          <td className="num">{formatWatts(budget.budgetWatts)}</td>
          <td className="num">{formatPercent(budget.drawWatts.typical / budget.budgetWatts)}</td>
          <td />
        </tr>
      </tbody>
    </table>
  )
}

function FeedTable({ budget }: { budget: CabinetBudget }) {
  return (
    <table className="sheet__table" aria-label={`${budget.name} feeds`}>
      <caption>Feeds (peak load when the other feed fails)</caption>
      <thead>
        <tr>
          <th scope="col">Feed</th>
          <th scope="col" className="num">
            Normal
          </th>
          <th scope="col" className="num">
            Failover
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
            <td>{VERDICT_WORD[feed.verdict]}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function DeviceTable({ budget, site }: { budget: CabinetBudget; site: Site }) {
  const rows = [...budget.devices].sort((a, b) => b.positionU - a.positionU || a.face.localeCompare(b.face))
  return (
    <table className="sheet__table sheet__devices" aria-label={`${budget.name} devices`}>
      <caption>Devices ({rows.length}), top to bottom</caption>
      <thead>
        <tr>
          <th scope="col">Units</th>
          <th scope="col">Face</th>
          <th scope="col">Name</th>
          <th scope="col">Model</th>
          <th scope="col" className="num">
            Peak
          </th>
          <th scope="col" className="num">
            Typical
          </th>
          <th scope="col">Feeds</th>
          <th scope="col">Host</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((d) => (
          <tr key={d.name}>
            <td>{formatUnits(unitsSpanned(d.positionU, d.heightU))}</td>
            <td>{d.face}</td>
            <th scope="row">{d.name}</th>
            <td className="sheet__wrap">{d.model}</td>
            <td className="num">{formatWatts(d.watts.peak)}</td>
            <td className="num">{formatWatts(d.watts.typical)}</td>
            <td>{d.feeds.length > 0 ? d.feeds.join(' + ') : 'none'}</td>
            <td>{site.devices.find((x) => x.name === d.name)?.host ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

export interface PrintSheetsProps {
  site: Site
  budgets: readonly CabinetBudget[]
  /** When the sheets were made, shown on each page ("printed …"). */
  printedAt: Date
}

export function PrintSheets({ site, budgets, printedAt }: PrintSheetsProps) {
  const stamp = printedAt.toISOString().slice(0, 16).replace('T', ' ')
  return (
    <div className="print-sheets" aria-label="Printable cabinets">
      {site.cabinets.map((cabinet, index) => {
        const budget = budgets.find((b) => b.name === cabinet.name)
        return (
          <section key={cabinet.name} className="print-sheet" aria-label={`Cabinet ${cabinet.name} sheet`}>
            <header className="sheet__head">
              <h2>Cabinet {cabinet.name}</h2>
              <span>
                {site.site.name} · {formatUnitsCount(cabinet.heightU)} · feeds {cabinet.feeds.map((f) => `${f.name} ${f.volts} V ${f.amps} A`).join(', ')}
              </span>
              <span className="sheet__stamp">
                page {index + 1} of {site.cabinets.length} · {stamp} UTC · Rackside
              </span>
            </header>
            <div className="sheet__body">
              <div className="sheet__drawing">
                <CabinetElevation cabinet={cabinet} devices={site.devices.filter((d) => d.cabinet === cabinet.name)} models={site.models} />
              </div>
              {budget === undefined ? (
                <p className="error-text">No budget for {cabinet.name}: the inventory has errors (see the Racks view).</p>
              ) : (
                <div className="sheet__side">
                  <p className="sheet__verdict">
                    Cabinet {VERDICT_WORD[budget.verdict]} · binding: {LIMIT_LABEL[budget.bindingLimit].toLowerCase()} · headroom {formatWatts(budget.headroomWatts)}
                  </p>
                  <div className="sheet__figures">
                    <BudgetTable budget={budget} />
                    <FeedTable budget={budget} />
                  </div>
                  {budget.warnings.length > 0 && (
                    <ul className="sheet__warnings">
                      {budget.warnings.map((w) => (
                        <li key={w}>▲ {w}</li>
                      ))}
                    </ul>
                  )}
                  <DeviceTable budget={budget} site={site} />
                </div>
              )}
            </div>
          </section>
        )
      })}
    </div>
  )
}
