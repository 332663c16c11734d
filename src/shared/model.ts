// The inventory model: what a site has on the floor. These schemas are the site YAML format
// (a public interface, documented in README.md) and the store's shape; every import path
// (YAML, IPC, WebSocket) validates through them.
import { z } from 'zod'

const name = z.string().trim().min(1, 'must not be empty').max(128, 'at most 128 characters')

export const FeedSchema = z.object({
  name,
  volts: z.number().positive('volts must be above 0'),
  amps: z.number().positive('amps must be above 0'),
  phases: z.union([z.literal(1), z.literal(3)]).default(1),
  deratePercent: z.number().gt(0, 'deratePercent must be above 0').max(100, 'deratePercent is at most 100').default(80)
})
export type Feed = z.infer<typeof FeedSchema>

export const CabinetSchema = z.object({
  name,
  heightU: z.number().int().min(1).max(60).default(46),
  maxWeightKg: z.number().positive('maxWeightKg must be above 0'),
  coolingWatts: z.number().positive('coolingWatts must be above 0'),
  contractWatts: z.number().positive('contractWatts must be above 0').optional(),
  feeds: z.array(FeedSchema).min(1, 'a cabinet needs at least one feed')
})
export type Cabinet = z.infer<typeof CabinetSchema>

export const ModelWattsSchema = z
  .object({
    nameplate: z.number().nonnegative(),
    typical: z.number().nonnegative(),
    idle: z.number().nonnegative(),
    peak: z.number().nonnegative()
  })
  .superRefine((w, ctx) => {
    if (w.peak < w.idle) ctx.addIssue({ code: 'custom', path: ['peak'], message: `peak (${w.peak} W) is below idle (${w.idle} W)` })
    if (w.typical < w.idle || w.typical > w.peak)
      ctx.addIssue({ code: 'custom', path: ['typical'], message: `typical (${w.typical} W) must lie between idle and peak` })
    if (w.nameplate < w.peak)
      ctx.addIssue({ code: 'custom', path: ['nameplate'], message: `nameplate (${w.nameplate} W) is below peak (${w.peak} W)` })
  })
export type ModelWatts = z.infer<typeof ModelWattsSchema>

export const DeviceRoleSchema = z.enum(['server', 'switch', 'router', 'storage', 'pdu', 'patch-panel', 'other'])
export type DeviceRole = z.infer<typeof DeviceRoleSchema>

export const DeviceModelSchema = z.object({
  name,
  role: DeviceRoleSchema.default('server'),
  heightU: z.number().int().min(1).max(20),
  fullDepth: z.boolean().default(true),
  watts: ModelWattsSchema,
  weightKg: z.number().nonnegative(),
  cores: z.number().int().positive().optional(),
  ghz: z.number().positive().optional(),
  ramGiB: z.number().positive().optional(),
  disks: z.string().max(200).optional(),
  // Relative throughput, for scale-up vs scale-out comparisons (any consistent unit).
  performanceScore: z.number().positive().optional()
})
export type DeviceModel = z.infer<typeof DeviceModelSchema>

export const FaceSchema = z.enum(['front', 'rear'])
export type Face = z.infer<typeof FaceSchema>

export const DeviceSchema = z.object({
  name,
  model: name,
  cabinet: name,
  // The lowest rack unit the device occupies (U1 is at the bottom).
  positionU: z.number().int().min(1),
  face: FaceSchema.default('front'),
  // Feed names the device's PSUs are plugged into: two feeds = dual PSU sharing the load.
  feeds: z.array(name).default([]),
  host: name.optional()
})
export type Device = z.infer<typeof DeviceSchema>

export const HostRoleSchema = z.enum(['hypervisor', 'gluster', 'mail', 'plain'])
export type HostRole = z.infer<typeof HostRoleSchema>

export const HostSchema = z.object({
  name,
  address: z.string().trim().min(1).max(255),
  port: z.number().int().min(1).max(65535).default(22),
  user: z.string().trim().min(1).max(64).default('root'),
  roles: z.array(HostRoleSchema).default(['plain']),
  identityFile: z.string().max(4096).optional(),
  proxyJump: z.string().max(1024).optional()
})
export type Host = z.infer<typeof HostSchema>

export const SiteInfoSchema = z.object({
  name,
  description: z.string().max(2000).optional()
})
export type SiteInfo = z.infer<typeof SiteInfoSchema>

export const SiteSchema = z.object({
  site: SiteInfoSchema,
  cabinets: z.array(CabinetSchema).default([]),
  models: z.array(DeviceModelSchema).default([]),
  devices: z.array(DeviceSchema).default([]),
  hosts: z.array(HostSchema).default([])
})
/** A whole site inventory, as the YAML file and the store hold it. */
export type Site = z.infer<typeof SiteSchema>
/** What a user may write in YAML: defaults not yet applied. */
export type SiteInput = z.input<typeof SiteSchema>
