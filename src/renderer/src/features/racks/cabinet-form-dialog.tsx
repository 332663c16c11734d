// Add or edit a cabinet: its name, height, weight and cooling limits, contracted power and feeds,
// each checked as it is typed with the same rules the service applies; renaming a feed keeps
// the devices plugged into it. From here a cabinet is also removed, its devices moved first.
import { useMemo, useState } from 'react'
import { applyInventoryEdit, type EditProblem, type InventoryEdit } from '../../../../shared/domain/inventory-edit'
import { feedCapacityWatts } from '../../../../shared/domain/power'
import type { Cabinet, Site } from '../../../../shared/model'
import { formatCount, formatWatts } from '../../ui/format'
import { EditBudgetPreview } from './edit-budget-preview'
import { EditDialog, NoLongerThereDialog } from './edit-dialog'
import { RemoveFooter, SaveFooter } from './edit-footer'
import { numberField, numberText, otherProblems, problemsFor, textField } from './edit-form'
import { FieldProblems, InputField } from './form-field'
import { useInventoryEdit } from './use-inventory-edit'
import { useInventoryForm } from './use-inventory-form'

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

/** The cabinet's own fields: each is also the field its problems are reported on. */
const CABINET_FIELDS = ['name', 'heightU', 'maxWeightKg', 'coolingWatts', 'contractWatts'] as const
type CabinetKey = (typeof CABINET_FIELDS)[number]

function initialText(existing: Cabinet | undefined, template: Cabinet | undefined): Record<CabinetKey, string> {
  return {
    name: existing?.name ?? '',
    heightU: String(template?.heightU ?? 46),
    maxWeightKg: numberText(template?.maxWeightKg),
    coolingWatts: numberText(template?.coolingWatts),
    contractWatts: numberText(template?.contractWatts)
  }
}

export interface CabinetFormProps {
  site: Site
  /** The cabinet being edited; absent adds one (its limits and feeds copied from the last cabinet). */
  cabinetName?: string
  onClose(): void
  /** Told what was stored, for the view's status line. */
  onDone(text: string): void
}

export function CabinetFormDialog({ site, cabinetName, onClose, onDone }: CabinetFormProps) {
  const existing = cabinetName === undefined ? undefined : site.cabinets.find((c) => c.name === cabinetName)
  // A new cabinet in a cage is usually the same as the last one: start from its figures.
  const template = existing ?? site.cabinets.at(-1)
  const [text, setText] = useState(() => initialText(existing, template))
  const [feeds, setFeeds] = useState<FeedRow[]>(() => feedRows(template, existing !== undefined))
  const [removing, setRemoving] = useState(false)

  const edit = useMemo(
    (): InventoryEdit => ({
      action: 'save-cabinet',
      ...(existing === undefined ? {} : { original: existing.name }),
      cabinet: {
        name: textField(text.name) as string,
        heightU: numberField(text.heightU) as number,
        maxWeightKg: numberField(text.maxWeightKg) as number,
        coolingWatts: numberField(text.coolingWatts) as number,
        ...(text.contractWatts.trim() === '' ? {} : { contractWatts: numberField(text.contractWatts) }),
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
    [existing, text, feeds]
  )
  const { outcome, problems, touch, session, submit } = useInventoryForm(site, edit)

  if (cabinetName !== undefined && existing === undefined) return <NoLongerThereDialog kind="Cabinet" name={cabinetName} onClose={onClose} />

  const setFeed = (key: number, change: Partial<FeedRow>, field: string) => {
    setFeeds((rows) => rows.map((r) => (r.key === key ? { ...r, ...change } : r)))
    touch(field)
  }
  const change = (key: CabinetKey) => (value: string) => {
    setText((t) => ({ ...t, [key]: value }))
    touch(key)
  }
  const shownElsewhere = (field: string) => (CABINET_FIELDS as readonly string[]).includes(field) || field === 'feeds' || field.startsWith('feeds[')

  return (
    <EditDialog title={existing === undefined ? 'Add a cabinet' : `Edit cabinet ${existing.name}`} onClose={onClose}>
      {removing && existing !== undefined ? (
        <RemoveCabinet site={site} cabinet={existing} onBack={() => setRemoving(false)} onDone={onDone} onClose={onClose} />
      ) : (
        <form
          onSubmit={(e) =>
            void submit(e, (audit) => {
              onDone(existing === undefined ? `Added cabinet ${audit.target}` : `Saved cabinet ${audit.target}`)
              onClose()
            })
          }
          className="edit-form"
          noValidate
        >
          <div className="edit-form__grid">
            <InputField label="Name" problems={problemsFor(problems, 'name')} value={text.name} onChange={change('name')} placeholder="R03" autoFocus />
            <InputField label="Height" hint="U" problems={problemsFor(problems, 'heightU')} value={text.heightU} onChange={change('heightU')} type="number" step={1} min={1} max={60} />
            <InputField label="Max weight" hint="kg" problems={problemsFor(problems, 'maxWeightKg')} value={text.maxWeightKg} onChange={change('maxWeightKg')} type="number" min={0} />
            <InputField label="Cooling" hint="W of heat" problems={problemsFor(problems, 'coolingWatts')} value={text.coolingWatts} onChange={change('coolingWatts')} type="number" min={0} />
            <InputField
              label="Contracted power"
              hint="W, optional"
              problems={problemsFor(problems, 'contractWatts')}
              value={text.contractWatts}
              onChange={change('contractWatts')}
              type="number"
              min={0}
            />
          </div>
          <FeedsTable feeds={feeds} problems={problems} setFeed={setFeed} setFeeds={setFeeds} />
          {outcome.ok && <EditBudgetPreview before={site} after={outcome.site} cabinets={[outcome.audit.target]} />}
          <SaveFooter problems={otherProblems(problems, shownElsewhere)} session={session} saveLabel={existing === undefined ? 'Add cabinet' : 'Save'} onCancel={onClose}>
            {existing !== undefined && (
              <button type="button" className="btn btn--danger edit-form__remove" onClick={() => setRemoving(true)}>
                Remove cabinet…
              </button>
            )}
          </SaveFooter>
        </form>
      )}
    </EditDialog>
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
      <RemoveFooter
        session={session}
        removeLabel={devices.length === 0 ? `Remove ${cabinet.name}` : `Move ${formatCount(devices.length, 'device')} and remove ${cabinet.name}`}
        disabled={!outcome.ok}
        onRemove={() => void remove()}
        backLabel="Back"
        onBack={onBack}
      />
    </div>
  )
}
