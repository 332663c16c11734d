// The site's migration settings (destination URI template, virsh options, placement policy), kept
// as one JSON value under the key 'vms.settings' of the store's setting table, defaults here.
import type Database from 'better-sqlite3'
import { VmsSettingsSchema, type VmsSettings } from '../../shared/api-parts/vms-api'
import { DEFAULT_MIGRATION_COMMAND_OPTIONS } from '../../shared/domain/migration-command'
import { DEFAULT_PLACEMENT_POLICY, placementPolicy } from '../../shared/domain/vm-placement-types'

const KEY = 'vms.settings'

/** The lab and the demo fleet mount the Gluster volume here on every hypervisor. */
export const DEFAULT_VMSTORE_MOUNT = '/var/lib/libvirt/images/vmstore'

export const DEFAULT_VMS_SETTINGS: VmsSettings = {
  command: { ...DEFAULT_MIGRATION_COMMAND_OPTIONS },
  sharedMountPrefixes: [DEFAULT_VMSTORE_MOUNT],
  hostReserveKiB: DEFAULT_PLACEMENT_POLICY.hostReserveKiB,
  vcpuWarnRatio: DEFAULT_PLACEMENT_POLICY.vcpuWarnRatio,
  vcpuMaxRatio: DEFAULT_PLACEMENT_POLICY.vcpuMaxRatio,
  allowCopyStorage: DEFAULT_PLACEMENT_POLICY.allowCopyStorage,
  maxConcurrent: 2,
  migrationTimeoutMinutes: 120
}

export class VmsSettingsError extends Error {
  override name = 'VmsSettingsError'
  readonly kind = 'bad-settings'
}

export class VmsSettingsStore {
  constructor(private readonly db: Database.Database) {}

  /** The stored settings over the defaults; a stored value that no longer validates is an error, not silently replaced. */
  get(): VmsSettings {
    const row = this.db.prepare('SELECT value FROM setting WHERE key = ?').get(KEY) as { value: string } | undefined
    if (row === undefined) return DEFAULT_VMS_SETTINGS
    let stored: unknown
    try {
      stored = JSON.parse(row.value)
    } catch (error) {
      throw new VmsSettingsError(`stored VM settings are not JSON (${(error as Error).message}); save them again in the VMs view`)
    }
    const parsed = VmsSettingsSchema.partial().safeParse(stored)
    if (!parsed.success) throw new VmsSettingsError(`stored VM settings are invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`)
    return { ...DEFAULT_VMS_SETTINGS, ...parsed.data }
  }

  /** Merges `changes` into the settings; refuses a combination no pre-check can use (warn ratio above the limit). */
  update(changes: Partial<VmsSettings>): VmsSettings {
    const next = VmsSettingsSchema.parse({ ...this.get(), ...changes })
    try {
      placementPolicy({ hostReserveKiB: next.hostReserveKiB, vcpuWarnRatio: next.vcpuWarnRatio, vcpuMaxRatio: next.vcpuMaxRatio, sharedMountPrefixes: next.sharedMountPrefixes })
    } catch (error) {
      throw new VmsSettingsError((error as Error).message)
    }
    this.db.prepare('INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(KEY, JSON.stringify(next))
    return next
  }
}
