// Adding devices from a NetBox device CSV export: pick the file, see which rows would be placed
// and why the others would not, then save. Saving sends the whole inventory with the new devices
// through the existing YAML import, so the server validates and audits it like any import.
import { useEffect, useRef, useState, type ChangeEvent } from 'react'
import { stringify } from 'yaml'
import type { ApiClient } from '../../../../shared/api'
import type { Site } from '../../../../shared/model'
import { importNetboxDevicesCsv, type NetboxImportResult } from '../../../../shared/netbox-import'
import { formatCount } from '../../ui/format'

type Step =
  | { kind: 'closed' }
  | { kind: 'error'; fileName: string; message: string }
  | { kind: 'review'; fileName: string; csvText: string; result: NetboxImportResult }
  | { kind: 'saving'; fileName: string; result: NetboxImportResult }

export interface NetboxImportProps {
  site: Site
  api: ApiClient | null
  /** Told what happened, for the view's status line. */
  onDone(message: string): void
}

export function NetboxImportButton({ site, api, onDone }: NetboxImportProps) {
  const fileRef = useRef<HTMLInputElement>(null)
  const dialogRef = useRef<HTMLDialogElement>(null)
  const [step, setStep] = useState<Step>({ kind: 'closed' })

  useEffect(() => {
    const dialog = dialogRef.current
    if (dialog !== null && step.kind !== 'closed' && !dialog.open) dialog.showModal()
  }, [step.kind])

  const close = () => {
    dialogRef.current?.close()
    setStep({ kind: 'closed' })
  }

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0]
    event.target.value = ''
    if (file === undefined) return
    try {
      const csvText = await file.text()
      setStep({ kind: 'review', fileName: file.name, csvText, result: importNetboxDevicesCsv(site, csvText) })
    } catch (error) {
      setStep({ kind: 'error', fileName: file.name, message: (error as Error).message })
    }
  }

  const save = async () => {
    if (step.kind !== 'review' || api === null) return
    // Placed against the inventory as it is now, in case it changed while the dialog was open.
    const result = importNetboxDevicesCsv(site, step.csvText)
    setStep({ kind: 'saving', fileName: step.fileName, result })
    try {
      const text = `# Rackside inventory with devices added from NetBox export ${step.fileName}\n${stringify(result.site, { lineWidth: 0 })}`
      const outcome = await api.call('inventory.importYaml', { text, fileName: `${step.fileName} (NetBox CSV)` })
      if (!outcome.ok) {
        setStep({ kind: 'error', fileName: step.fileName, message: outcome.errors.map((e) => `${e.path}: ${e.message}`).join('; ') })
        return
      }
      close()
      onDone(`Added ${formatCount(result.placed.length, 'device')} from ${step.fileName}; ${formatCount(result.unplaced.length, 'row')} left out`)
    } catch (error) {
      setStep({ kind: 'error', fileName: step.fileName, message: (error as Error).message })
    }
  }

  const result = step.kind === 'review' || step.kind === 'saving' ? step.result : null
  return (
    <>
      <button type="button" className="btn" onClick={() => fileRef.current?.click()} title="Add racked devices from a NetBox device CSV export">
        Import NetBox CSV…
      </button>
      <input ref={fileRef} type="file" accept=".csv,text/csv" className="visually-hidden" aria-label="NetBox device CSV file" onChange={(e) => void onFile(e)} />
      <dialog ref={dialogRef} className="dialog netbox" aria-labelledby="netbox-title" onCancel={close}>
        {step.kind !== 'closed' && (
          <>
            <h2 id="netbox-title">NetBox devices from {step.fileName}</h2>
            {step.kind === 'error' && (
              <p role="alert" className="error-text">
                Nothing imported: {step.message}
              </p>
            )}
            {result !== null && (
              <>
                <p>
                  {formatCount(result.placed.length, 'device')} can be placed
                  {result.placed.length > 0 && `: ${result.placed.join(', ')}`}. Placed devices have no feeds yet (NetBox does not say which PSU is on which
                  feed): set them in the site YAML.
                </p>
                {result.unplaced.length > 0 && (
                  <table className="grid grid--compact" aria-label="Rows left out">
                    <caption className="small muted">{formatCount(result.unplaced.length, 'row')} left out</caption>
                    <thead>
                      <tr>
                        <th scope="col" className="num">
                          Line
                        </th>
                        <th scope="col">Name</th>
                        <th scope="col">Why</th>
                      </tr>
                    </thead>
                    <tbody>
                      {result.unplaced.map((u) => (
                        <tr key={u.row}>
                          <td className="num">{u.row}</td>
                          <td className="mono">{u.name || '(no name)'}</td>
                          <td>{u.reason}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </>
            )}
            <div className="dialog__actions">
              {result !== null && (
                <button type="button" className="btn btn--primary" disabled={step.kind === 'saving' || result.placed.length === 0 || api === null} onClick={() => void save()}>
                  {step.kind === 'saving' ? 'Saving…' : `Add ${formatCount(result.placed.length, 'device')}`}
                </button>
              )}
              <button type="button" className="btn" onClick={close}>
                {step.kind === 'error' ? 'Close' : 'Cancel'}
              </button>
            </div>
          </>
        )}
      </dialog>
    </>
  )
}
