// Add or edit a device model: size, depth, the four power figures, weight and compute specs,
// checked as they are typed (peak not below idle, typical between them, nameplate on top).
// Renaming a model renames it on every device of that model.
import { useMemo, useState, type FormEvent } from 'react'
import { applyInventoryEdit, type InventoryEdit } from '../../../../shared/domain/inventory-edit'
import { DeviceRoleSchema, type DeviceModel, type DeviceRole, type Site } from '../../../../shared/model'
import { formatCount } from '../../ui/format'
import { numberField, numberText, otherProblems, problemsFor, textField } from './edit-form'
import { EditFooter, Field, useVisibleProblems, type FieldInput } from './form-field'
import { useInventoryEdit } from './use-inventory-edit'

type TextKey = 'name' | 'heightU' | 'weightKg' | 'idle' | 'typical' | 'peak' | 'nameplate' | 'cores' | 'ghz' | 'ramGiB' | 'disks' | 'performanceScore'

/** Form key → the model field its problems are reported on. */
const FIELD_OF: Record<TextKey, string> = {
  name: 'name',
  heightU: 'heightU',
  weightKg: 'weightKg',
  idle: 'watts.idle',
  typical: 'watts.typical',
  peak: 'watts.peak',
  nameplate: 'watts.nameplate',
  cores: 'cores',
  ghz: 'ghz',
  ramGiB: 'ramGiB',
  disks: 'disks',
  performanceScore: 'performanceScore'
}

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

export function ModelForm({ site, model, onBack, onDone }: ModelFormProps) {
  const [text, setText] = useState(() => initialText(model))
  const [role, setRole] = useState<DeviceRole>(model?.role ?? 'server')
  const [fullDepth, setFullDepth] = useState(model?.fullDepth ?? true)
  const problemsShown = useVisibleProblems()
  const session = useInventoryEdit()
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
  const outcome = useMemo(() => applyInventoryEdit(site, edit), [site, edit])
  const problems = problemsShown.visible(outcome.ok ? [] : outcome.problems)

  const input = (key: TextKey, props: { type?: 'text' | 'number'; step?: number | 'any'; min?: number; placeholder?: string } = {}) =>
    function render(field: FieldInput) {
      return (
        <input
          {...field}
          type={props.type ?? 'number'}
          step={props.type === 'text' ? undefined : (props.step ?? 'any')}
          min={props.min}
          placeholder={props.placeholder}
          value={text[key]}
          autoFocus={key === 'name'}
          onChange={(e) => {
            const value = e.target.value
            setText((t) => ({ ...t, [key]: value }))
            problemsShown.touch(FIELD_OF[key])
          }}
        />
      )
    }
  const at = (key: TextKey) => problemsFor(problems, FIELD_OF[key])
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault()
    problemsShown.reveal()
    if (!outcome.ok) return
    if (await session.submit(edit)) onDone(model === undefined ? `Added model ${outcome.audit.target}` : `Saved model ${outcome.audit.target}`)
  }
  const shownElsewhere = (field: string) => Object.values(FIELD_OF).includes(field) || field === 'role' || field === 'fullDepth'

  return (
    <form onSubmit={(e) => void onSubmit(e)} className="edit-form" noValidate aria-label={model === undefined ? 'New model' : `Model ${model.name}`}>
      {users > 0 && <p className="muted small">Used by {formatCount(users, 'device')}: a new name, size or depth applies to all of them.</p>}
      <div className="edit-form__grid">
        <Field label="Name" problems={at('name')}>
          {input('name', { type: 'text', placeholder: 'Epyc 7302 2U' })}
        </Field>
        <Field label="Role" problems={problemsFor(problems, 'role')}>
          {(field) => (
            <select {...field} value={role} onChange={(e) => setRole(DeviceRoleSchema.parse(e.target.value))}>
              {DeviceRoleSchema.options.map((r) => (
                <option key={r}>{r}</option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Height" hint="U" problems={at('heightU')}>
          {input('heightU', { step: 1, min: 1 })}
        </Field>
        <Field label="Depth" problems={problemsFor(problems, 'fullDepth')}>
          {(field) => (
            <select {...field} value={fullDepth ? 'full' : 'half'} onChange={(e) => setFullDepth(e.target.value === 'full')}>
              <option value="full">full (both faces)</option>
              <option value="half">half (one face)</option>
            </select>
          )}
        </Field>
        <Field label="Weight" hint="kg" problems={at('weightKg')}>
          {input('weightKg', { min: 0 })}
        </Field>
      </div>
      <fieldset className="edit-form__grid edit-form__watts">
        <legend>Power draw (W)</legend>
        <Field label="Idle" hint="W" problems={at('idle')}>
          {input('idle', { min: 0 })}
        </Field>
        <Field label="Typical" hint="W" problems={at('typical')}>
          {input('typical', { min: 0 })}
        </Field>
        <Field label="Peak" hint="W" problems={at('peak')}>
          {input('peak', { min: 0 })}
        </Field>
        <Field label="Nameplate" hint="W (PSU rating)" problems={at('nameplate')}>
          {input('nameplate', { min: 0 })}
        </Field>
      </fieldset>
      <fieldset className="edit-form__grid">
        <legend>Compute (optional)</legend>
        <Field label="Cores" problems={at('cores')}>
          {input('cores', { step: 1, min: 1 })}
        </Field>
        <Field label="Clock" hint="GHz" problems={at('ghz')}>
          {input('ghz', { min: 0 })}
        </Field>
        <Field label="RAM" hint="GiB" problems={at('ramGiB')}>
          {input('ramGiB', { min: 0 })}
        </Field>
        <Field label="Disks" problems={at('disks')}>
          {input('disks', { type: 'text', placeholder: '2 x 1 TB SATA' })}
        </Field>
        <Field label="Performance score" hint="relative, any consistent unit" problems={at('performanceScore')}>
          {input('performanceScore', { min: 0 })}
        </Field>
      </fieldset>
      <EditFooter problems={otherProblems(problems, shownElsewhere)} error={session.error} />
      <div className="dialog__actions">
        <button type="submit" className="btn btn--primary" disabled={session.busy}>
          {session.busy ? 'Saving…' : model === undefined ? 'Add model' : 'Save model'}
        </button>
        <button type="button" className="btn" onClick={onBack}>
          Back to models
        </button>
      </div>
    </form>
  )
}
