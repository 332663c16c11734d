// "What fits": how many more of a model a cabinet takes, limit by limit, with the binding one
// called out; and for a workload, few big boxes against many small ones (scale up vs scale out).
// Both answers come from shared/domain; this only asks and lays them out.
import { useId, useMemo, useState } from 'react'
import { cabinetBudget, type CabinetBudget } from '../../../../shared/domain/power'
import { compareScaleOut, type ScaleOutComparison, type Workload } from '../../../../shared/domain/scale-out'
import { whatFits, type FitLimit, type FitResult } from '../../../../shared/domain/what-fits'
import type { DeviceModel, Site } from '../../../../shared/model'
import { formatCount, formatKg, formatUnitsCount, formatWatts } from '../../ui/format'

const FIT_WORDS: Record<FitLimit, string> = {
  'rack-units': 'rack units',
  power: 'failover-safe power',
  cooling: 'cooling',
  weight: 'weight'
}

type Outcome<T> = { ok: true; value: T } | { ok: false; message: string }

function attempt<T>(compute: () => T): Outcome<T> {
  try {
    return { ok: true, value: compute() }
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) }
  }
}

interface FitRow {
  limit: FitLimit
  allows: number | null
  headroom: string
  perBox: string
}

function fitRows(fit: FitResult, budget: CabinetBudget, model: DeviceModel): FitRow[] {
  const freeU = model.fullDepth
    ? `${formatUnitsCount(budget.freeU)} free (full depth needs both faces)`
    : `${formatUnitsCount(budget.freeUByFace.front)} front + ${formatUnitsCount(budget.freeUByFace.rear)} rear free`
  return [
    { limit: 'rack-units', allows: fit.byLimit.rackUnits, headroom: freeU, perBox: `${formatUnitsCount(model.heightU)}, ${model.fullDepth ? 'full' : 'half'} depth` },
    { limit: 'power', allows: fit.byLimit.power, headroom: `${formatWatts(budget.headroomWatts)} of ${formatWatts(budget.budgetWatts)}`, perBox: `${formatWatts(model.watts.peak)} peak` },
    {
      limit: 'cooling',
      allows: fit.byLimit.cooling,
      headroom: `${formatWatts(budget.coolingWatts - budget.drawWatts.peak)} of ${formatWatts(budget.coolingWatts)}`,
      perBox: `${formatWatts(model.watts.peak)} peak heat`
    },
    { limit: 'weight', allows: fit.byLimit.weight, headroom: `${formatKg(budget.maxWeightKg - budget.weightKg)} of ${formatKg(budget.maxWeightKg)}`, perBox: formatKg(model.weightKg) }
  ]
}

function FitAnswer({ site, cabinetName, modelName }: { site: Site; cabinetName: string; modelName: string }) {
  const answer = useMemo(
    () =>
      attempt(() => {
        const model = site.models.find((m) => m.name === modelName)
        if (model === undefined) throw new Error(`no device model named ${modelName}`)
        return { fit: whatFits(site, cabinetName, modelName), budget: cabinetBudget(site, cabinetName), model }
      }),
    [site, cabinetName, modelName]
  )
  if (!answer.ok)
    return (
      <p role="alert" className="error-text">
        Cannot work out what fits: {answer.message}
      </p>
    )
  const { fit, budget, model } = answer.value
  return (
    <div className="fits__answer" aria-live="polite">
      <p className="fits__headline">
        <strong data-testid="fits-count">{formatCount(fit.count, 'more box', 'more boxes')}</strong> of {model.name} fit into {cabinetName} —{' '}
        {fit.count === 0 ? 'blocked' : 'limited'} by <strong>{FIT_WORDS[fit.limitedBy]}</strong>
      </p>
      <table className="grid grid--compact fits__table" aria-label={`What fits in ${cabinetName}, by limit`}>
        <thead>
          <tr>
            <th scope="col">Limit</th>
            <th scope="col" className="num">
              Allows
            </th>
            <th scope="col">Headroom now</th>
            <th scope="col">Per box</th>
          </tr>
        </thead>
        <tbody>
          {fitRows(fit, budget, model).map((row) => (
            <tr key={row.limit} className={row.limit === fit.limitedBy ? 'fits__binding' : undefined}>
              <th scope="row">
                {FIT_WORDS[row.limit]}
                {row.limit === fit.limitedBy && <span className="bar__binding fits__tag">binding</span>}
              </th>
              <td className="num">{row.allows === null ? 'not used' : formatCount(row.allows, 'box', 'boxes')}</td>
              <td>{row.headroom}</td>
              <td>{row.perBox}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

function bestOf<T>(items: readonly T[], score: (item: T) => number | null): T | undefined {
  let best: T | undefined
  let bestScore = Number.POSITIVE_INFINITY
  for (const item of items) {
    const value = score(item)
    if (value !== null && value < bestScore) {
      best = item
      bestScore = value
    }
  }
  return best
}

function ScaleOutTable({ comparison, unitWord }: { comparison: ScaleOutComparison; unitWord: string }) {
  const { options, skipped } = comparison
  const fewestWatts = options[0]?.model
  const fewestU = bestOf(options, (o) => o.totalU)?.model
  const bestPerWatt = bestOf(options, (o) => (o.performancePerPeakWatt === null ? null : -o.performancePerPeakWatt))?.model
  return (
    <>
      {options.length === 0 ? (
        <p className="muted">No model of this site can serve the workload{skipped.length > 0 ? ' (see below)' : ''}.</p>
      ) : (
        <table className="grid grid--compact fits__table" aria-label="Scale up or scale out">
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col" className="num">
                Per box
              </th>
              <th scope="col" className="num">
                Boxes
              </th>
              <th scope="col" className="num">
                Rack units
              </th>
              <th scope="col" className="num">
                Peak
              </th>
              <th scope="col" className="num">
                Typical
              </th>
              <th scope="col" className="num">
                Weight
              </th>
              <th scope="col">Cabinets needed</th>
              <th scope="col" className="num">
                Perf / peak W
              </th>
            </tr>
          </thead>
          <tbody>
            {options.map((o) => (
              <tr key={o.model}>
                <th scope="row">
                  {o.model}
                  {o.model === fewestWatts && <span className="tag fits__best">fewest watts</span>}
                  {o.model === fewestU && <span className="tag fits__best">fewest U</span>}
                  {o.model === bestPerWatt && <span className="tag fits__best">best perf/W</span>}
                </th>
                <td className="num">
                  {o.perBox} {unitWord}
                </td>
                <td className="num">{o.boxes}</td>
                <td className="num">{formatUnitsCount(o.totalU)}</td>
                <td className="num">{formatWatts(o.peakWatts)}</td>
                <td className="num">{formatWatts(o.typicalWatts)}</td>
                <td className="num">{formatKg(o.weightKg)}</td>
                <td>
                  {o.cabinetsNeeded} ({o.boxesPerCabinet} per cabinet, by {FIT_WORDS[o.cabinetLimitedBy]})
                </td>
                <td className="num">{o.performancePerPeakWatt === null ? 'no score' : `${o.performancePerPeakWatt.toFixed(3)} /W`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {skipped.length > 0 && (
        <ul className="plain-list small muted">
          {skipped.map((s) => (
            <li key={s.model}>Not compared: {s.reason}</li>
          ))}
        </ul>
      )}
    </>
  )
}

export function WhatFitsPanel({ site, onClose }: { site: Site; onClose(): void }) {
  const id = useId()
  const firstServer = site.models.find((m) => m.role === 'server') ?? site.models[0]
  const [cabinetName, setCabinetName] = useState(site.cabinets[0]?.name ?? '')
  const [modelName, setModelName] = useState(firstServer?.name ?? '')
  const [workloadKind, setWorkloadKind] = useState<'cores' | 'performance'>('cores')
  const [amountText, setAmountText] = useState('64')
  const [templateName, setTemplateName] = useState(site.cabinets[0]?.name ?? '')

  const amount = Number(amountText)
  const template = site.cabinets.find((c) => c.name === templateName)
  const comparison = useMemo(
    () =>
      attempt(() => {
        if (template === undefined) throw new Error('pick a cabinet to fill')
        const workload: Workload = workloadKind === 'cores' ? { cores: amount } : { performance: amount }
        return compareScaleOut(site.models, workload, template)
      }),
    [site.models, template, workloadKind, amount]
  )

  return (
    <section className="panel fits" aria-labelledby={`${id}-title`}>
      <header className="panel__head fits__head">
        <h2 id={`${id}-title`}>What fits</h2>
        <span className="muted small">from the inventory; power is the failover-safe budget against peak draw</span>
        <button type="button" className="btn btn--icon fits__close" onClick={onClose} aria-label="Close What fits" title="Close">
          ✕
        </button>
      </header>
      {site.cabinets.length === 0 || site.models.length === 0 ? (
        <p className="muted">The site needs at least one cabinet and one model: import a site YAML with both.</p>
      ) : (
        <div className="fits__body">
          <div className="fits__part">
            <div className="fits__form">
              <label>
                Cabinet{' '}
                <select value={cabinetName} onChange={(e) => setCabinetName(e.target.value)} aria-label="Cabinet to fill">
                  {site.cabinets.map((c) => (
                    <option key={c.name}>{c.name}</option>
                  ))}
                </select>
              </label>
              <label>
                Model{' '}
                <select value={modelName} onChange={(e) => setModelName(e.target.value)} aria-label="Model to add">
                  {site.models.map((m) => (
                    <option key={m.name}>{m.name}</option>
                  ))}
                </select>
              </label>
            </div>
            <FitAnswer site={site} cabinetName={cabinetName} modelName={modelName} />
          </div>
          <div className="fits__part">
            <h3 className="fits__subtitle">Scale up or scale out</h3>
            <div className="fits__form">
              <label>
                Workload{' '}
                <input type="number" min={1} step={1} className="fits__amount" value={amountText} onChange={(e) => setAmountText(e.target.value)} aria-label="Workload amount" />
              </label>
              <select value={workloadKind} onChange={(e) => setWorkloadKind(e.target.value as 'cores' | 'performance')} aria-label="Workload unit">
                <option value="cores">CPU cores</option>
                <option value="performance">performance units</option>
              </select>
              <label>
                in empty cabinets like{' '}
                <select value={templateName} onChange={(e) => setTemplateName(e.target.value)} aria-label="Template cabinet">
                  {site.cabinets.map((c) => (
                    <option key={c.name}>{c.name}</option>
                  ))}
                </select>
              </label>
            </div>
            {comparison.ok ? (
              <ScaleOutTable comparison={comparison.value} unitWord={workloadKind === 'cores' ? 'cores' : 'perf'} />
            ) : (
              <p role="alert" className="error-text">
                {comparison.message}
              </p>
            )}
          </div>
        </div>
      )}
    </section>
  )
}
