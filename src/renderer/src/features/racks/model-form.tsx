// Add or edit a device model: size, depth, the four power figures, weight and compute specs,
// checked as they are typed (peak not below idle, typical between them, nameplate on top).
// Renaming a model renames it on every device of that model.
import { useMemo, useState } from 'react'
import type { InventoryEdit } from '../../../../shared/domain/inventory-edit'
import { DeviceRoleSchema, type DeviceModel, type DeviceRole, type Site } from '../../../../shared/model'
import { formatCount } from '../../ui/format'
import { numberField, numberText, otherProblems, problemsFor, textField } from './edit-form'
import { SaveFooter } from './edit-footer'
import { InputField, SelectField, type SelectOption } from './form-field'
import { useInventoryForm } from './use-inventory-form'

type TextKey = 'name' | 'heightU' | 'weightKg' | 'idle' | 'typical' | 'peak' | 'nameplate' | 'cores' | 'ghz' | 'ramGiB' | 'disks' | 'performanceScore'

function initialText(model: DeviceModel | undefined): Record<TextKey, string> {
  return {
    name: model?.name ?? '',
    heightU: String(model?.heightU ?? 1),
    weightKg: numberText(model?.weightKg),
    idle: numberText(model?.watts.idle),
    typical: numberText(model?.watts.typical),
    peak: numberText(model?.watts.peak),
    nameplate: numberText(model?.watts.nameplate),
    cores: numberText(model?.cores),
    ghz: numberText(model?.ghz),
    ramGiB: numberText(model?.ramGiB),
    disks: model?.disks ?? '',
    performanceScore: numberText(model?.performanceScore)
  }
}

export interface ModelFormProps {
  site: Site
  /** The model being edited; absent adds one. */
  model?: DeviceModel
  onBack(): void
  onDone(text: string): void
}

interface TextFieldLook {
  /** The model field its problems are reported on. */
  field: string
  label: string
  hint?: string
  /** Number unless said. */
  type?: 'text'
  step?: number
  min?: number
  placeholder?: string
}

const TEXT_FIELDS: Record<TextKey, TextFieldLook> = {
  name: { field: 'name', label: 'Name', type: 'text', placeholder: 'Epyc 7302 2U' },
  heightU: { field: 'heightU', label: 'Height', hint: 'U', step: 1, min: 1 },
  weightKg: { field: 'weightKg', label: 'Weight', hint: 'kg', min: 0 },
  idle: { field: 'watts.idle', label: 'Idle', hint: 'W', min: 0 },
  typical: { field: 'watts.typical', label: 'Typical', hint: 'W', min: 0 },
  peak: { field: 'watts.peak', label: 'Peak', hint: 'W', min: 0 },
  nameplate: { field: 'watts.nameplate', label: 'Nameplate', hint: 'W (PSU rating)', min: 0 },
  cores: { field: 'cores', label: 'Cores', step: 1, min: 1 },
  ghz: { field: 'ghz', label: 'Clock', hint: 'GHz', min: 0 },
  ramGiB: { field: 'ramGiB', label: 'RAM', hint: 'GiB', min: 0 },
  disks: { field: 'disks', label: 'Disks', type: 'text', placeholder: '2 x 1 TB SATA' },
  performanceScore: { field: 'performanceScore', label: 'Performance score', hint: 'relative, any consistent unit', min: 0 }
}

const ROLE_OPTIONS: readonly SelectOption[] = DeviceRoleSchema.options.map((r) => ({ value: r, label: r }))
const DEPTH_OPTIONS: readonly SelectOption[] = [
  { value: 'full', label: 'full (both faces)' },
  { value: 'half', label: 'half (one face)' }
]

export function ModelForm({ site, model, onBack, onDone }: ModelFormProps) {
  const [text, setText] = useState(() => initialText(model))
  const [role, setRole] = useState<DeviceRole>(model?.role ?? 'server')
  const [fullDepth, setFullDepth] = useState(model?.fullDepth ?? true)
  const users = model === undefined ? 0 : site.devices.filter((d) => d.model === model.name).length

  const edit = useMemo(
    (): InventoryEdit => ({
      action: 'save-model',
      ...(model === undefined ? {} : { original: model.name }),
      model: {
        name: textField(text.name) as string,
        role,
        heightU: numberField(text.heightU) as number,
        fullDepth,
        watts: {
          nameplate: numberField(text.nameplate) as number,
          typical: numberField(text.typical) as number,
          idle: numberField(text.idle) as number,
          peak: numberField(text.peak) as number
        },
        weightKg: numberField(text.weightKg) as number,
        // Left-out optional figures stay out of the stored model rather than becoming zero.
        cores: numberField(text.cores),
        ghz: numberField(text.ghz),
        ramGiB: numberField(text.ramGiB),
        disks: textField(text.disks),
        performanceScore: numberField(text.performanceScore)
      }
    }),
    [model, text, role, fullDepth]
  )
  const { problems, touch, session, submit } = useInventoryForm(site, edit)

  const input = (key: TextKey) => {
    const { field, type = 'number', ...look } = TEXT_FIELDS[key]
    return (
      <InputField
        {...look}
        type={type}
        problems={problemsFor(problems, field)}
        value={text[key]}
        autoFocus={key === 'name'}
        onChange={(value) => {
          setText((t) => ({ ...t, [key]: value }))
          touch(field)
        }}
      />
    )
  }
  const shownElsewhere = (field: string) => Object.values(TEXT_FIELDS).some((f) => f.field === field) || field === 'role' || field === 'fullDepth'

  return (
    <form
      onSubmit={(e) => void submit(e, (audit) => onDone(model === undefined ? `Added model ${audit.target}` : `Saved model ${audit.target}`))}
      className="edit-form"
      noValidate
      aria-label={model === undefined ? 'New model' : `Model ${model.name}`}
    >
      {users > 0 && <p className="muted small">Used by {formatCount(users, 'device')}: a new name, size or depth applies to all of them.</p>}
      <div className="edit-form__grid">
        {input('name')}
        <SelectField label="Role" problems={problemsFor(problems, 'role')} value={role} options={ROLE_OPTIONS} onChange={(value) => setRole(DeviceRoleSchema.parse(value))} />
        {input('heightU')}
        <SelectField label="Depth" problems={problemsFor(problems, 'fullDepth')} value={fullDepth ? 'full' : 'half'} options={DEPTH_OPTIONS} onChange={(value) => setFullDepth(value === 'full')} />
        {input('weightKg')}
      </div>
      <fieldset className="edit-form__grid edit-form__watts">
        <legend>Power draw (W)</legend>
        {input('idle')}
        {input('typical')}
        {input('peak')}
        {input('nameplate')}
      </fieldset>
      <fieldset className="edit-form__grid">
        <legend>Compute (optional)</legend>
        {input('cores')}
        {input('ghz')}
        {input('ramGiB')}
        {input('disks')}
        {input('performanceScore')}
      </fieldset>
      <SaveFooter problems={otherProblems(problems, shownElsewhere)} session={session} saveLabel={model === undefined ? 'Add model' : 'Save model'} cancelLabel="Back to models" onCancel={onBack} />
    </form>
  )
}
