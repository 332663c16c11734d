// The Racks view's inventory editing part of the API contract: add, change and remove cabinets
// (with their feeds), device models and devices. Arguments use the same schemas as the site YAML
// format; every request answers the stored site, and a refused edit is an error naming the field.
import { z } from 'zod'
import { CabinetSchema, DeviceModelSchema, DeviceSchema, type Site } from '../model'
import { entityName, request, type RequestSpec } from './request-spec'

export const SaveCabinetArgsSchema = z
  .object({
    /** The cabinet's current name when editing (it may be renamed); absent when adding. */
    original: entityName.optional(),
    cabinet: CabinetSchema,
    /** Feeds renamed in this edit, so the devices plugged into them follow. */
    feedRenames: z
      .array(z.object({ from: entityName, to: entityName }).strict())
      .max(64)
      .optional()
  })
  .strict()

export const RemoveCabinetArgsSchema = z
  .object({
    name: entityName,
    /** Move the cabinet's devices there first (same units where free, else the highest free ones). */
    moveDevicesTo: entityName.optional()
  })
  .strict()

export const SaveModelArgsSchema = z.object({ original: entityName.optional(), model: DeviceModelSchema }).strict()
export const SaveDeviceArgsSchema = z.object({ original: entityName.optional(), device: DeviceSchema }).strict()
const removeByName = z.object({ name: entityName }).strict()

export const inventoryRequests = {
  'inventory.saveCabinet': request<Site>()(SaveCabinetArgsSchema),
  'inventory.removeCabinet': request<Site>()(RemoveCabinetArgsSchema),
  'inventory.saveModel': request<Site>()(SaveModelArgsSchema),
  'inventory.removeModel': request<Site>()(removeByName),
  'inventory.saveDevice': request<Site>()(SaveDeviceArgsSchema),
  'inventory.removeDevice': request<Site>()(removeByName)
} satisfies Record<string, RequestSpec<z.ZodType, unknown>>
