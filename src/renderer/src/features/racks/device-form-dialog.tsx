// Add or edit a device: name, model, cabinet, lowest unit and face, the feeds its PSUs are plugged
// into and the host it runs. A new device is offered the highest free units its model fits; every
// change is checked at once (units taken or outside the cabinet, unknown feeds, a host already
// placed) and the budget of the touched cabinets is shown before saving.
import { useMemo, useState, type FormEvent } from 'react'
import { highestFreePosition } from '../../../../shared/domain/free-placement'
import { applyInventoryEdit, type InventoryEdit } from '../../../../shared/domain/inventory-edit'
import type { Face, Site } from '../../../../shared/model'
import { useModalDialog } from '../../ui/use-modal-dialog'
import { EditBudgetPreview } from './edit-budget-preview'
import { numberField, otherProblems, problemsFor, textField } from './edit-form'
import { EditFooter, Field, FieldProblems, useVisibleProblems } from './form-field'
import { useInventoryEdit } from './use-inventory-edit'

/** Where "Add device" was asked for: a cabinet, and a unit and face when picked on the drawing. */
export interface DevicePreset {
  cabinet: string
  face?: Face
  positionU?: number
}

export interface DeviceFormProps {
  site: Site
  /** The device being edited; absent adds one. */
  deviceName?: string
  preset?: DevicePreset
  onClose(): void
  /** Told what was stored, and the device's name now (it may have been renamed). */
  onDone(text: string, device?: string): void
}

const DEVICE_FIELDS = ['name', 'model', 'cabinet', 'positionU', 'face', 'feeds', 'host']

function suggestedUnit(site: Site, deviceName: string | undefined, cabinet: string, modelName: string, face: Face): string {
  const model = site.models.find((m) => m.name === modelName)
  if (model === undefined || !site.cabinets.some((c) => c.name === cabinet)) return ''
  const others = { ...site, devices: site.devices.filter((d) => d.name !== deviceName) }
  const unit = highestFreePosition(others, cabinet, model, face)
  return unit === null ? '' : String(unit)
}

export function DeviceFormDialog({ site, deviceName, preset, onClose, onDone }: DeviceFormProps) {
  const ref = useModalDialog(true)
  const existing = deviceName === undefined ? undefined : site.devices.find((d) => d.name === deviceName)
  const firstCabinet = site.cabinets.find((c) => c.name === preset?.cabinet) ?? site.cabinets[0]
  const [name, setName] = useState(existing?.name ?? '')
  const [model, setModel] = useState(existing?.model ?? site.models[0]?.name ?? '')
  const [cabinet, setCabinet] = useState(existing?.cabinet ?? firstCabinet?.name ?? '')
  const [face, setFace] = useState<Face>(existing?.face ?? preset?.face ?? 'front')
  const [unit, setUnit] = useState(() => String(existing?.positionU ?? preset?.positionU ?? suggestedUnit(site, undefined, cabinet, model, face)))
  // Until the unit is typed, it follows the model, cabinet and face to the highest free units.
  const [unitChosen, setUnitChosen] = useState(existing !== undefined || preset?.positionU !== undefined)
  const [feeds, setFeeds] = useState<string[]>(existing?.feeds ?? firstCabinet?.feeds.map((f) => f.name) ?? [])
  const [host, setHost] = useState(existing?.host ?? '')
  const problemsShown = useVisibleProblems()
  const session = useInventoryEdit()

  const place = (next: { model?: string; cabinet?: string; face?: Face }) => {
    const nextModel = next.model ?? model
    const nextCabinet = next.cabinet ?? cabinet
    const nextFace = next.face ?? face
    if (!unitChosen) setUnit(suggestedUnit(site, existing?.name, nextCabinet, nextModel, nextFace))
    if (next.cabinet !== undefined) {
      // Feeds of the same name carry over; a cabinet without them starts with all of its own.
      const names = site.cabinets.find((c) => c.name === next.cabinet)?.feeds.map((f) => f.name) ?? []
      const kept = feeds.filter((f) => names.includes(f))
      setFeeds(kept.length > 0 ? kept : names)
    }
  }

  const edit = useMemo(
    (): InventoryEdit => ({
      action: 'save-device',
      ...(existing === undefined ? {} : { original: existing.name }),
      device: { name: textField(name) as string, model, cabinet, positionU: numberField(unit) as number, face, feeds, ...(host === '' ? {} : { host }) }
    }),
    [existing, name, model, cabinet, unit, face, feeds, host]
  )
  const outcome = useMemo(() => applyInventoryEdit(site, edit), [site, edit])
  const problems = problemsShown.visible(outcome.ok ? [] : outcome.problems)
  const cabinetFeeds = site.cabinets.find((c) => c.name === cabinet)?.feeds ?? []
  const heightU = site.models.find((m) => m.name === model)?.heightU ?? 1

  if (deviceName !== undefined && existing === undefined)
    return (
      <dialog ref={ref} className="dialog edit-dialog" aria-labelledby="device-form-title" onCancel={onClose}>
        <h2 id="device-form-title">Device {deviceName}</h2>
        <p>{deviceName} is no longer in the inventory.</p>
        <div className="dialog__actions">
          <button type="button" className="btn" onClick={onClose}>
            Close
          </button>
        </div>
      </dialog>
    )

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault()
    problemsShown.reveal()
    if (!outcome.ok) return
    if (await session.submit(edit)) {
      onDone(existing === undefined ? `Added ${outcome.audit.target}: ${outcome.audit.detail}` : `Saved ${outcome.audit.target}: ${outcome.audit.detail}`, outcome.audit.target)
      onClose()
    }
  }
  const at = (field: string) => problemsFor(problems, field, { withEntries: true })

  return (
    <dialog ref={ref} className="dialog edit-dialog" aria-labelledby="device-form-title" onCancel={onClose}>
      <h2 id="device-form-title">{existing === undefined ? 'Add a device' : `Edit device ${existing.name}`}</h2>
      {site.models.length === 0 || site.cabinets.length === 0 ? (
        <p>
          {site.cabinets.length === 0 ? 'Add a cabinet first.' : 'Add a device model first (Models…): a device is an instance of a model.'}
        </p>
      ) : (
        <form onSubmit={(e) => void onSubmit(e)} className="edit-form" noValidate>
          <div className="edit-form__grid">
            <Field label="Name" problems={at('name')}>
              {(input) => (
                <input
                  {...input}
                  autoFocus
                  value={name}
                  placeholder="web-02"
                  onChange={(e) => {
                    setName(e.target.value)
                    problemsShown.touch('name')
                  }}
                />
              )}
            </Field>
            <Field label="Model" problems={at('model')}>
              {(input) => (
                <select
                  {...input}
                  value={model}
                  onChange={(e) => {
                    setModel(e.target.value)
                    place({ model: e.target.value })
                  }}
                >
                  {site.models.map((m) => (
                    <option key={m.name} value={m.name}>
                      {m.name} ({m.heightU} U, {m.fullDepth ? 'full' : 'half'} depth, peak {m.watts.peak} W)
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label="Cabinet" problems={at('cabinet')}>
              {(input) => (
                <select
                  {...input}
                  value={cabinet}
                  onChange={(e) => {
                    setCabinet(e.target.value)
                    place({ cabinet: e.target.value })
                  }}
                >
                  {site.cabinets.map((c) => (
                    <option key={c.name}>{c.name}</option>
                  ))}
                </select>
              )}
            </Field>
            <Field label="Lowest unit" hint={heightU > 1 ? `U (takes ${heightU} U upwards)` : 'U'} problems={at('positionU')}>
              {(input) => (
                <input
                  {...input}
                  type="number"
                  step={1}
                  min={1}
                  value={unit}
                  placeholder="no free units"
                  onChange={(e) => {
                    setUnit(e.target.value)
                    setUnitChosen(true)
                    problemsShown.touch('positionU')
                  }}
                />
              )}
            </Field>
            <Field label="Face" problems={at('face')}>
              {(input) => (
                <select
                  {...input}
                  value={face}
                  onChange={(e) => {
                    const next: Face = e.target.value === 'rear' ? 'rear' : 'front'
                    setFace(next)
                    place({ face: next })
                  }}
                >
                  <option value="front">front</option>
                  <option value="rear">rear</option>
                </select>
              )}
            </Field>
            <Field label="Host" hint="the SSH host it runs, if any" problems={at('host')}>
              {(input) => (
                <select {...input} value={host} onChange={(e) => setHost(e.target.value)}>
                  <option value="">(none)</option>
                  {site.hosts.map((h) => {
                    const on = site.devices.find((d) => d.host === h.name && d.name !== existing?.name)
                    return (
                      <option key={h.name} value={h.name} disabled={on !== undefined}>
                        {h.name}
                        {on === undefined ? '' : ` (runs on ${on.name})`}
                      </option>
                    )
                  })}
                </select>
              )}
            </Field>
          </div>
          <fieldset className="edit-form__feeds">
            <legend>Plugged into feeds</legend>
            {cabinetFeeds.map((f) => (
              <label key={f.name} className="edit-form__check">
                <input
                  type="checkbox"
                  checked={feeds.includes(f.name)}
                  onChange={(e) => {
                    const checked = e.target.checked
                    // Kept in the cabinet's feed order, so A+B never reads B+A.
                    setFeeds((list) => (checked ? cabinetFeeds.map((x) => x.name).filter((n) => n === f.name || list.includes(n)) : list.filter((n) => n !== f.name)))
                  }}
                />{' '}
                {f.name} <span className="muted small">({f.volts} V {f.amps} A)</span>
              </label>
            ))}
            <span className="muted small">{feeds.length === 0 ? 'none: the device is counted but no feed carries it' : feeds.length > 1 ? 'dual PSU: the load is shared, and carried by one feed when the other fails' : 'single PSU'}</span>
            {at('feeds').length > 0 && <FieldProblems problems={at('feeds')} />}
          </fieldset>
          {outcome.ok && <EditBudgetPreview before={site} after={outcome.site} cabinets={[...(existing ? [existing.cabinet] : []), cabinet]} />}
          <EditFooter problems={otherProblems(problems, (field) => DEVICE_FIELDS.some((f) => field === f || field.startsWith(`${f}[`)))} error={session.error} />
          <div className="dialog__actions">
            <button type="submit" className="btn btn--primary" disabled={session.busy}>
              {session.busy ? 'Saving…' : existing === undefined ? 'Add device' : 'Save'}
            </button>
            <button type="button" className="btn" onClick={onClose}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </dialog>
  )
}
