// Which inventory dialog the Racks view has open: a cabinet's form, the models, a device's form,
// or the removal of a device.
import type { Site } from '../../../../shared/model'
import { CabinetFormDialog } from './cabinet-form-dialog'
import { DeviceFormDialog, type DevicePreset } from './device-form-dialog'
import { ModelsDialog } from './models-dialog'
import { RemoveDeviceDialog } from './remove-device-dialog'

export type InventoryEditor =
  | { kind: 'cabinet'; name?: string }
  | { kind: 'models' }
  | { kind: 'device'; name?: string; preset?: DevicePreset }
  | { kind: 'remove-device'; name: string }

export interface InventoryEditorProps {
  site: Site
  editor: InventoryEditor
  onClose(): void
  /** Told what was stored; `device` is the device's name after a device was saved. */
  onDone(text: string, device?: string): void
}

export function InventoryEditorDialog({ site, editor, onClose, onDone }: InventoryEditorProps) {
  switch (editor.kind) {
    case 'cabinet':
      return <CabinetFormDialog site={site} {...(editor.name === undefined ? {} : { cabinetName: editor.name })} onClose={onClose} onDone={onDone} />
    case 'models':
      return <ModelsDialog site={site} onClose={onClose} onDone={onDone} />
    case 'device':
      return <DeviceFormDialog site={site} {...(editor.name === undefined ? {} : { deviceName: editor.name })} {...(editor.preset ? { preset: editor.preset } : {})} onClose={onClose} onDone={onDone} />
    case 'remove-device':
      return <RemoveDeviceDialog site={site} deviceName={editor.name} onClose={onClose} onDone={onDone} />
  }
}
