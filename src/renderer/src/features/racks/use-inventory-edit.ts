// Sends one inventory edit to the service (which checks it again, stores it and audits it) and
// takes the stored site it answers; a refusal comes back as the message to show, nothing saved.
import { useCallback, useState } from 'react'
import type { ApiClient } from '../../../../shared/api'
import type { InventoryEdit } from '../../../../shared/domain/inventory-edit'
import type { Site } from '../../../../shared/model'
import { useAppStore } from '../../store/app-store'

function send(api: ApiClient, edit: InventoryEdit): Promise<Site> {
  switch (edit.action) {
    case 'save-cabinet':
      return api.call('inventory.saveCabinet', { original: edit.original, cabinet: edit.cabinet, feedRenames: edit.feedRenames === undefined ? undefined : [...edit.feedRenames] })
    case 'remove-cabinet':
      return api.call('inventory.removeCabinet', { name: edit.name, moveDevicesTo: edit.moveDevicesTo })
    case 'save-model':
      return api.call('inventory.saveModel', { original: edit.original, model: edit.model })
    case 'remove-model':
      return api.call('inventory.removeModel', { name: edit.name })
    case 'save-device':
      return api.call('inventory.saveDevice', { original: edit.original, device: edit.device })
    case 'remove-device':
      return api.call('inventory.removeDevice', { name: edit.name })
  }
}

export interface InventoryEditSession {
  busy: boolean
  /** The service's refusal (or a transport failure) of the last attempt. */
  error: string | null
  /** Stores the edit; true when it was stored. */
  submit(edit: InventoryEdit): Promise<boolean>
}

export function useInventoryEdit(): InventoryEditSession {
  const api = useAppStore((s) => s.api)
  const setSite = useAppStore((s) => s.setSite)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const submit = useCallback(
    async (edit: InventoryEdit) => {
      if (api === null) {
        setError('not connected to the Rackside service')
        return false
      }
      setBusy(true)
      setError(null)
      try {
        setSite(await send(api, edit))
        return true
      } catch (failure) {
        setError((failure as Error).message)
        return false
      } finally {
        setBusy(false)
      }
    },
    [api, setSite]
  )
  return { busy, error, submit }
}
