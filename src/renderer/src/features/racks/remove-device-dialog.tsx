// Removing a device from the inventory, after saying what goes with it: its units free up, its
// draw leaves the cabinet's budget, and a linked host stays in Hosts, unplaced.
import { applyInventoryEdit } from '../../../../shared/domain/inventory-edit'
import { describePlacement } from '../../../../shared/domain/rack-units'
import type { Site } from '../../../../shared/model'
import { EditBudgetPreview } from './edit-budget-preview'
import { EditDialog } from './edit-dialog'
import { RemoveFooter } from './edit-footer'
import { useInventoryEdit } from './use-inventory-edit'

export function RemoveDeviceDialog({ site, deviceName, onClose, onDone }: { site: Site; deviceName: string; onClose(): void; onDone(text: string): void }) {
  const session = useInventoryEdit()
  const device = site.devices.find((d) => d.name === deviceName)
  const outcome = applyInventoryEdit(site, { action: 'remove-device', name: deviceName })
  const remove = async () => {
    if (await session.submit({ action: 'remove-device', name: deviceName })) {
      onDone(`Removed ${deviceName} (${outcome.ok ? outcome.audit.detail : 'no longer there'})`)
      onClose()
    }
  }
  return (
    <EditDialog title={`Remove ${deviceName}?`} onClose={onClose}>
      {device === undefined ? (
        <p>{deviceName} is no longer in the inventory.</p>
      ) : (
        <>
          <p>
            {device.name} ({device.model}) at {describePlacement(device)} leaves the inventory; its units become free.
            {device.host !== undefined && ` Host ${device.host} stays in Hosts, no longer placed in a cabinet.`}
          </p>
          {outcome.ok && <EditBudgetPreview before={site} after={outcome.site} cabinets={[device.cabinet]} />}
        </>
      )}
      <RemoveFooter
        session={session}
        removeLabel={`Remove ${deviceName}`}
        disabled={device === undefined}
        onRemove={() => void remove()}
        backLabel="Cancel"
        onBack={onClose}
        autoFocus
      />
    </EditDialog>
  )
}
