// The site's device models in one dialog: each with its size, power figures, weight and how many
// devices use it; add, edit, and remove a model no device uses (a model in use says by whom).
import { useState } from 'react'
import { applyInventoryEdit } from '../../../../shared/domain/inventory-edit'
import type { Site } from '../../../../shared/model'
import { formatCount, formatKg, formatWatts } from '../../ui/format'
import { EditDialog } from './edit-dialog'
import { RemoveFooter } from './edit-footer'
import { ModelForm } from './model-form'
import { useInventoryEdit } from './use-inventory-edit'

type Mode = { kind: 'list' } | { kind: 'form'; model?: string } | { kind: 'confirm-remove'; model: string }

export function ModelsDialog({ site, onClose, onDone }: { site: Site; onClose(): void; onDone(text: string): void }) {
  const [mode, setMode] = useState<Mode>({ kind: 'list' })
  const [refusal, setRefusal] = useState<string | null>(null)
  const session = useInventoryEdit()
  const done = (text: string) => {
    onDone(text)
    setMode({ kind: 'list' })
  }
  const askRemove = (name: string) => {
    // The same check the service makes: a model in use is refused here with the devices named.
    const outcome = applyInventoryEdit(site, { action: 'remove-model', name })
    setRefusal(outcome.ok ? null : outcome.message)
    if (outcome.ok) setMode({ kind: 'confirm-remove', model: name })
  }
  const remove = async (name: string) => {
    if (await session.submit({ action: 'remove-model', name })) done(`Removed model ${name}`)
  }
  const editing = mode.kind === 'form' && mode.model !== undefined ? site.models.find((m) => m.name === mode.model) : undefined

  return (
    <EditDialog
      title={mode.kind === 'form' ? (mode.model === undefined ? 'Add a device model' : `Edit model ${mode.model}`) : 'Device models'}
      className="models-dialog"
      onClose={onClose}
    >
      {mode.kind === 'form' ? (
        <ModelForm key={mode.model ?? '(new)'} site={site} {...(editing ? { model: editing } : {})} onBack={() => setMode({ kind: 'list' })} onDone={done} />
      ) : (
        <>
          <table className="grid grid--compact models-dialog__table" aria-label="Device models">
            <thead>
              <tr>
                <th scope="col">Model</th>
                <th scope="col">Role</th>
                <th scope="col" className="num">
                  Height
                </th>
                <th scope="col">Depth</th>
                <th scope="col" className="num">
                  Idle / typical / peak / nameplate
                </th>
                <th scope="col" className="num">
                  Weight
                </th>
                <th scope="col" className="num">
                  Used by
                </th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {site.models.map((m) => {
                const users = site.devices.filter((d) => d.model === m.name).length
                return (
                  <tr key={m.name}>
                    <th scope="row">{m.name}</th>
                    <td>{m.role}</td>
                    <td className="num">{m.heightU} U</td>
                    <td>{m.fullDepth ? 'full' : 'half'}</td>
                    <td className="num">
                      {m.watts.idle} / {m.watts.typical} / {m.watts.peak} / {formatWatts(m.watts.nameplate)}
                    </td>
                    <td className="num">{formatKg(m.weightKg)}</td>
                    <td className="num">{formatCount(users, 'device')}</td>
                    <td className="row-actions">
                      <button type="button" className="btn btn--small" aria-label={`Edit model ${m.name}`} onClick={() => setMode({ kind: 'form', model: m.name })}>
                        Edit
                      </button>
                      <button type="button" className="btn btn--small" aria-label={`Remove model ${m.name}`} onClick={() => askRemove(m.name)}>
                        Remove
                      </button>
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
          {site.models.length === 0 && <p className="muted">No models yet — add one, then devices of that model.</p>}
          {refusal !== null && (
            <p role="alert" className="error-text">
              {refusal}
            </p>
          )}
          {mode.kind === 'confirm-remove' && (
            <div className="edit-form__confirm" role="group" aria-label={`Remove model ${mode.model}?`}>
              <p>Remove model {mode.model}? No device uses it.</p>
              <RemoveFooter session={session} removeLabel={`Remove ${mode.model}`} onRemove={() => void remove(mode.model)} backLabel="Keep it" onBack={() => setMode({ kind: 'list' })} />
            </div>
          )}
          <div className="dialog__actions">
            <button
              type="button"
              className="btn btn--primary"
              onClick={() => {
                setRefusal(null)
                setMode({ kind: 'form' })
              }}
            >
              Add model
            </button>
            <button type="button" className="btn" onClick={onClose}>
              Close
            </button>
          </div>
        </>
      )}
    </EditDialog>
  )
}
