// Add or edit a cabinet: its name, height, weight and cooling limits, contracted power and feeds,
// each checked as it is typed with the same rules the service applies; renaming a feed keeps
// the devices plugged into it. From here a cabinet is also removed, its devices moved first.
import { useMemo, useState, type FormEvent } from 'react'
import { applyInventoryEdit, type EditProblem, type InventoryEdit } from '../../../../shared/domain/inventory-edit'
import { feedCapacityWatts } from '../../../../shared/domain/power'
import type { Cabinet, Site } from '../../../../shared/model'
import { formatCount, formatWatts } from '../../ui/format'
import { useModalDialog } from '../../ui/use-modal-dialog'
import { EditBudgetPreview } from './edit-budget-preview'
import { numberField, numberText, otherProblems, problemsFor, textField } from './edit-form'
import { EditFooter, Field, FieldProblems, useVisibleProblems, type FieldInput } from './form-field'
import { useInventoryEdit } from './use-inventory-edit'

interface FeedRow {
  key: number
  /** The feed's name when the form opened: a changed name is a rename the devices follow. */
  original?: string
  name: string
  volts: string
  amps: string
  phases: '1' | '3'
  deratePercent: string
}

let nextFeedKey = 1

function feedRows(cabinet: Cabinet | undefined, keepNames: boolean): FeedRow[] {
  if (cabinet === undefined) return ['A', 'B'].map((name) => ({ key: nextFeedKey++, name, volts: '', amps: '', phases: '1', deratePercent: '80' }))
  return cabinet.feeds.map((f) => ({
    key: nextFeedKey++,
    ...(keepNames ? { original: f.name } : {}),
    name: f.name,
    volts: String(f.volts),
    amps: String(f.amps),
    phases: f.phases === 3 ? '3' : '1',
    deratePercent: String(f.deratePercent)
  }))
}

const CABINET_FIELDS = ['name', 'heightU', 'maxWeightKg', 'coolingWatts', 'contractWatts']

export interface CabinetFormProps {
  site: Site
  /** The cabinet being edited; absent adds one (its limits and feeds copied from the last cabinet). */
  cabinetName?: string
  onClose(): void
  /** Told what was stored, for the view's status line. */
  onDone(text: string): void
}

export function CabinetFormDialog({ site, cabinetName, onClose, onDone }: CabinetFormProps) {
  const ref = useModalDialog(true)
  const existing = cabinetName === undefined ? undefined : site.cabinets.find((c) => c.name === cabinetName)
  // A new cabinet in a cage is usually the same as the last one: start from its figures.
  const template = existing ?? site.cabinets.at(-1)
  const [name, setName] = useState(existing?.name ?? '')
  const [heightU, setHeightU] = useState(String(template?.heightU ?? 46))
  const [maxWeightKg, setMaxWeightKg] = useState(numberText(template?.maxWeightKg))
  const [coolingWatts, setCoolingWatts] = useState(numberText(template?.coolingWatts))
  const [contractWatts, setContractWatts] = useState(numberText(template?.contractWatts))
  const [feeds, setFeeds] = useState<FeedRow[]>(() => feedRows(template, existing !== undefined))
  const [removing, setRemoving] = useState(false)
  const problemsShown = useVisibleProblems()
  const session = useInventoryEdit()

  const edit = useMemo(
    (): InventoryEdit => ({
      action: 'save-cabinet',
      ...(existing === undefined ? {} : { original: existing.name }),
      cabinet: {
        name: textField(name) as string,
        heightU: numberField(heightU) as number,
        maxWeightKg: numberField(maxWeightKg) as number,
        coolingWatts: numberField(coolingWatts) as number,
        ...(contractWatts.trim() === '' ? {} : { contractWatts: numberField(contractWatts) }),
        feeds: feeds.map((f) => ({
          name: textField(f.name) as string,
          volts: numberField(f.volts) as number,
          amps: numberField(f.amps) as number,
          phases: f.phases === '3' ? 3 : 1,
          deratePercent: numberField(f.deratePercent) as number
        }))
      },
      feedRenames: feeds.filter((f) => f.original !== undefined && f.original !== f.name.trim()).map((f) => ({ from: f.original as string, to: f.name.trim() }))
    }),
    [existing, name, heightU, maxWeightKg, coolingWatts, contractWatts, feeds]
  )
  const outcome = useMemo(() => applyInventoryEdit(site, edit), [site, edit])
  const problems = problemsShown.visible(outcome.ok ? [] : outcome.problems)

  if (cabinetName !== undefined && existing === undefined)
    return (
      <dialog ref={ref} className="dialog edit-dialog" aria-labelledby="cabinet-form-title" onCancel={onClose}>
        <h2 id="cabinet-form-title">Cabinet {cabinetName}</h2>
        <p>{cabinetName} is no longer in the inventory.</p>
        <div className="dialog__actions">
          <button type="button" className="btn" onClick={onClose}>
            Close
          </button>
        </div>
      </dialog>
    )

  const setFeed = (key: number, change: Partial<FeedRow>, field: string) => {
    setFeeds((rows) => rows.map((r) => (r.key === key ? { ...r, ...change } : r)))
    problemsShown.touch(field)
  }
  const fieldProblems = (field: string) => problemsFor(problems, field)
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault()
    problemsShown.reveal()
    if (!outcome.ok) return
    if (await session.submit(edit)) {
      onDone(existing === undefined ? `Added cabinet ${outcome.audit.target}` : `Saved cabinet ${outcome.audit.target}`)
      onClose()
    }
  }
  const numberInput =
    (value: string, set: (text: string) => void, field: string, props: { min?: number; max?: number; step?: number } = {}) =>
    (input: FieldInput) => (
      <input
        {...input}
        type="number"
        step={props.step ?? 'any'}
        min={props.min}
        max={props.max}
        value={value}
        onChange={(e) => {
          set(e.target.value)
          problemsShown.touch(field)
        }}
      />
    )
  const shownElsewhere = (field: string) => CABINET_FIELDS.includes(field) || field === 'feeds' || field.startsWith('feeds[')

  return (
    <dialog ref={ref} className="dialog edit-dialog" aria-labelledby="cabinet-form-title" onCancel={onClose}>
      <h2 id="cabinet-form-title">{existing === undefined ? 'Add a cabinet' : `Edit cabinet ${existing.name}`}</h2>
      {removing && existing !== undefined ? (
        <RemoveCabinet site={site} cabinet={existing} onBack={() => setRemoving(false)} onDone={onDone} onClose={onClose} />
      ) : (
        <form onSubmit={(e) => void onSubmit(e)} className="edit-form" noValidate>
          <div className="edit-form__grid">
            <Field label="Name" problems={fieldProblems('name')}>
              {(input) => (
                <input
                  {...input}
                  autoFocus
                  value={name}
                  onChange={(e) => {
                    setName(e.target.value)
                    problemsShown.touch('name')
                  }}
                  placeholder="R03"
                />
              )}
            </Field>
            <Field label="Height" hint="U" problems={fieldProblems('heightU')}>
              {numberInput(heightU, setHeightU, 'heightU', { min: 1, max: 60, step: 1 })}
            </Field>
            <Field label="Max weight" hint="kg" problems={fieldProblems('maxWeightKg')}>
              {numberInput(maxWeightKg, setMaxWeightKg, 'maxWeightKg', { min: 0 })}
            </Field>
            <Field label="Cooling" hint="W of heat" problems={fieldProblems('coolingWatts')}>
              {numberInput(coolingWatts, setCoolingWatts, 'coolingWatts', { min: 0 })}
            </Field>
            <Field label="Contracted power" hint="W, optional" problems={fieldProblems('contractWatts')}>
              {numberInput(contractWatts, setContractWatts, 'contractWatts', { min: 0 })}
            </Field>
          </div>
          <FeedsTable feeds={feeds} problems={problems} setFeed={setFeed} setFeeds={setFeeds} />
          {outcome.ok && <EditBudgetPreview before={site} after={outcome.site} cabinets={[outcome.audit.target]} />}
          <EditFooter problems={otherProblems(problems, shownElsewhere)} error={session.error} />
          <div className="dialog__actions">
            <button type="submit" className="btn btn--primary" disabled={session.busy}>
              {session.busy ? 'Saving…' : existing === undefined ? 'Add cabinet' : 'Save'}
            </button>
            <button type="button" className="btn" onClick={onClose}>
              Cancel
            </button>
            {existing !== undefined && (
              <button type="button" className="btn btn--danger edit-form__remove" onClick={() => setRemoving(true)}>
                Remove cabinet…
              </button>
            )}
          </div>
        </form>
      )}
    </dialog>
  )
}

function FeedsTable({
  feeds,
  problems,
  setFeed,
  setFeeds
}: {
  feeds: FeedRow[]
  problems: readonly EditProblem[]
  setFeed(key: number, change: Partial<FeedRow>, field: string): void
  setFeeds(update: (rows: FeedRow[]) => FeedRow[]): void
}) {
  const cell = (index: number, key: keyof FeedRow, label: string, row: FeedRow, props: { min?: number; max?: number } = {}) => {
    const field = `feeds[${index}].${key}`
    const cellProblems = problemsFor(problems, field)
    return (
      <td>
        <input
          type={key === 'name' ? 'text' : 'number'}
          step="any"
          min={props.min}
          max={props.max}
          aria-label={`Feed ${index + 1} ${label}`}
          aria-invalid={cellProblems.length > 0}
          className={`edit-feeds__${key}`}
          value={row[key] as string}
          onChange={(e) => setFeed(row.key, { [key]: e.target.value }, field)}
        />
        {cellProblems.length > 0 && <FieldProblems problems={cellProblems} />}
      </td>
    )
  }
  return (
    <fieldset className="edit-feeds">
      <legend>Feeds</legend>
      <table className="grid grid--compact">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Volts (V)</th>
            <th scope="col">Amps (A)</th>
            <th scope="col">Phases</th>
            <th scope="col">Derate (%)</th>
            <th scope="col" className="num">
              Capacity
            </th>
            <th scope="col">
              <span className="visually-hidden">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {feeds.map((row, index) => {
            const volts = Number(row.volts)
            const amps = Number(row.amps)
            const derate = Number(row.deratePercent)
            const valid = volts > 0 && amps > 0 && derate > 0 && derate <= 100
            return (
              <tr key={row.key}>
                {cell(index, 'name', 'name', row)}
                {cell(index, 'volts', 'volts', row, { min: 0 })}
                {cell(index, 'amps', 'amps', row, { min: 0 })}
                <td>
                  <select aria-label={`Feed ${index + 1} phases`} value={row.phases} onChange={(e) => setFeed(row.key, { phases: e.target.value === '3' ? '3' : '1' }, `feeds[${index}].phases`)}>
                    <option value="1">1-phase</option>
                    <option value="3">3-phase (V line-to-line)</option>
                  </select>
                </td>
                {cell(index, 'deratePercent', 'derate percent', row, { min: 0, max: 100 })}
                <td className="num" aria-label={`Feed ${index + 1} capacity`}>
                  {valid ? formatWatts(feedCapacityWatts({ name: row.name, volts, amps, phases: row.phases === '3' ? 3 : 1, deratePercent: derate })) : '—'}
                </td>
                <td>
                  <button
                    type="button"
                    className="btn btn--small"
                    aria-label={`Remove feed ${index + 1}${row.name ? ` (${row.name})` : ''}`}
                    onClick={() => setFeeds((rows) => rows.filter((r) => r.key !== row.key))}
                  >
                    ✕
                  </button>
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
      <button
        type="button"
        className="btn btn--small"
        onClick={() => setFeeds((rows) => [...rows, { key: nextFeedKey++, name: '', volts: rows.at(-1)?.volts ?? '', amps: rows.at(-1)?.amps ?? '', phases: rows.at(-1)?.phases ?? '1', deratePercent: '80' }])}
      >
        + Feed
      </button>
      {problemsFor(problems, 'feeds').length > 0 && <FieldProblems problems={problemsFor(problems, 'feeds')} />}
    </fieldset>
  )
}

function RemoveCabinet({ site, cabinet, onBack, onDone, onClose }: { site: Site; cabinet: Cabinet; onBack(): void; onDone(text: string): void; onClose(): void }) {
  const devices = site.devices.filter((d) => d.cabinet === cabinet.name)
  const others = site.cabinets.filter((c) => c.name !== cabinet.name)
  const [moveTo, setMoveTo] = useState(others[0]?.name ?? '')
  const session = useInventoryEdit()
  const edit: InventoryEdit = { action: 'remove-cabinet', name: cabinet.name, ...(devices.length > 0 && moveTo !== '' ? { moveDevicesTo: moveTo } : {}) }
  const outcome = applyInventoryEdit(site, edit)
  const remove = async () => {
    if (await session.submit(edit)) {
      onDone(devices.length === 0 ? `Removed cabinet ${cabinet.name}` : `Removed cabinet ${cabinet.name}; moved ${formatCount(devices.length, 'device')} to ${moveTo}`)
      onClose()
    }
  }
  return (
    <div className="edit-form">
      {devices.length === 0 ? (
        <p>
          Remove {cabinet.name} and its feeds {cabinet.feeds.map((f) => f.name).join(', ')}? It holds no devices.
        </p>
      ) : (
        <>
          <p>
            {cabinet.name} holds {formatCount(devices.length, 'device')}: {devices.map((d) => d.name).join(', ')}. They must go somewhere first.
          </p>
          {others.length === 0 ? (
            <p className="error-text">There is no other cabinet to move them to: remove the devices first.</p>
          ) : (
            <label>
              Move them to{' '}
              <select value={moveTo} onChange={(e) => setMoveTo(e.target.value)} aria-label="Move the devices to">
                {others.map((c) => (
                  <option key={c.name}>{c.name}</option>
                ))}
              </select>{' '}
              <span className="muted small">same units where free there, else the highest free ones; feeds by name, else by position</span>
            </label>
          )}
          {outcome.ok ? (
            <>
              <p className="muted small">{outcome.audit.detail}</p>
              <EditBudgetPreview before={site} after={outcome.site} cabinets={[moveTo]} />
            </>
          ) : (
            <p role="alert" className="error-text">
              {outcome.message}
            </p>
          )}
        </>
      )}
      {session.error !== null && (
        <p role="alert" className="error-text">
          Nothing removed: {session.error}
        </p>
      )}
      <div className="dialog__actions">
        <button type="button" className="btn btn--danger" disabled={!outcome.ok || session.busy} onClick={() => void remove()}>
          {devices.length === 0 ? `Remove ${cabinet.name}` : `Move ${formatCount(devices.length, 'device')} and remove ${cabinet.name}`}
        </button>
        <button type="button" className="btn" onClick={onBack}>
          Back
        </button>
      </div>
    </div>
  )
}
