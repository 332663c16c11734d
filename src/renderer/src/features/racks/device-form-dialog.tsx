// Add or edit a device: name, model, cabinet, lowest unit and face, the feeds its PSUs are plugged
// into and the host it runs. A new device is offered the highest free units its model fits; every
// change is checked at once (units taken or outside the cabinet, unknown feeds, a host already
// placed) and the budget of the touched cabinets is shown before saving.
import { useMemo, useState } from 'react'
import { highestFreePosition } from '../../../../shared/domain/free-placement'
import type { InventoryEdit } from '../../../../shared/domain/inventory-edit'
import type { Face, Site } from '../../../../shared/model'
import { EditBudgetPreview } from './edit-budget-preview'
import { EditDialog, NoLongerThereDialog } from './edit-dialog'
import { SaveFooter } from './edit-footer'
import { numberField, otherProblems, problemsFor, textField } from './edit-form'
import { FieldProblems, InputField, SelectField, type SelectOption } from './form-field'
import { useInventoryForm } from './use-inventory-form'

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

const FACE_OPTIONS: readonly SelectOption[] = [
  { value: 'front', label: 'front' },
  { value: 'rear', label: 'rear' }
]

/** Every host of the site; one that another device already runs cannot be chosen, and says where it runs. */
function hostOptions(site: Site, deviceName: string | undefined): SelectOption[] {
  return [
    { value: '', label: '(none)' },
    ...site.hosts.map((h) => {
      const on = site.devices.find((d) => d.host === h.name && d.name !== deviceName)
      return { value: h.name, label: on === undefined ? h.name : `${h.name} (runs on ${on.name})`, disabled: on !== undefined }
    })
  ]
}

function suggestedUnit(site: Site, deviceName: string | undefined, cabinet: string, modelName: string, face: Face): string {
  const model = site.models.find((m) => m.name === modelName)
  if (model === undefined || !site.cabinets.some((c) => c.name === cabinet)) return ''
  const others = { ...site, devices: site.devices.filter((d) => d.name !== deviceName) }
  const unit = highestFreePosition(others, cabinet, model, face)
  return unit === null ? '' : String(unit)
}

export function DeviceFormDialog({ site, deviceName, preset, onClose, onDone }: DeviceFormProps) {
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

  /** A new model, cabinet or face; the unit and feeds follow it. */
  const place = (next: { model?: string; cabinet?: string; face?: Face }) => {
    if (next.model !== undefined) setModel(next.model)
    if (next.cabinet !== undefined) setCabinet(next.cabinet)
    if (next.face !== undefined) setFace(next.face)
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
  const { outcome, problems, touch, session, submit } = useInventoryForm(site, edit)
  const cabinetFeeds = site.cabinets.find((c) => c.name === cabinet)?.feeds ?? []
  const heightU = site.models.find((m) => m.name === model)?.heightU ?? 1

  if (deviceName !== undefined && existing === undefined) return <NoLongerThereDialog kind="Device" name={deviceName} onClose={onClose} />

  const at = (field: string) => problemsFor(problems, field, { withEntries: true })

  return (
    <EditDialog title={existing === undefined ? 'Add a device' : `Edit device ${existing.name}`} onClose={onClose}>
      {site.models.length === 0 || site.cabinets.length === 0 ? (
        <p>
          {site.cabinets.length === 0 ? 'Add a cabinet first.' : 'Add a device model first (Models…): a device is an instance of a model.'}
        </p>
      ) : (
        <form
          onSubmit={(e) =>
            void submit(e, (audit) => {
              onDone(existing === undefined ? `Added ${audit.target}: ${audit.detail}` : `Saved ${audit.target}: ${audit.detail}`, audit.target)
              onClose()
            })
          }
          className="edit-form"
          noValidate
        >
          <div className="edit-form__grid">
            <InputField
              label="Name"
              problems={at('name')}
              value={name}
              placeholder="web-02"
              autoFocus
              onChange={(text) => {
                setName(text)
                touch('name')
              }}
            />
            <SelectField
              label="Model"
              problems={at('model')}
              value={model}
              options={site.models.map((m) => ({ value: m.name, label: `${m.name} (${m.heightU} U, ${m.fullDepth ? 'full' : 'half'} depth, peak ${m.watts.peak} W)` }))}
              onChange={(next) => place({ model: next })}
            />
            <SelectField
              label="Cabinet"
              problems={at('cabinet')}
              value={cabinet}
              options={site.cabinets.map((c) => ({ value: c.name, label: c.name }))}
              onChange={(next) => place({ cabinet: next })}
            />
            <InputField
              label="Lowest unit"
              hint={heightU > 1 ? `U (takes ${heightU} U upwards)` : 'U'}
              problems={at('positionU')}
              value={unit}
              type="number"
              step={1}
              min={1}
              placeholder="no free units"
              onChange={(text) => {
                setUnit(text)
                setUnitChosen(true)
                touch('positionU')
              }}
            />
            <SelectField
              label="Face"
              problems={at('face')}
              value={face}
              options={FACE_OPTIONS}
              onChange={(value) => place({ face: value === 'rear' ? 'rear' : 'front' })}
            />
            <SelectField label="Host" hint="the SSH host it runs, if any" problems={at('host')} value={host} options={hostOptions(site, existing?.name)} onChange={setHost} />
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
          <SaveFooter
            problems={otherProblems(problems, (field) => DEVICE_FIELDS.some((f) => field === f || field.startsWith(`${f}[`)))}
            session={session}
            saveLabel={existing === undefined ? 'Add device' : 'Save'}
            onCancel={onClose}
          />
        </form>
      )}
    </EditDialog>
  )
}
