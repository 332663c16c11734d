// The live inputs of "what if this fails" and the maintenance check: volume layout and status
// from the last Gluster facts, VM placement and disks from the hypervisors' facts, mounts from
// settings or the disks themselves — and, beside them, what the answer could not take into account.
import type { StorageScenarioBasis } from '../../shared/api-parts/storage-api'
import { brickHostsFromSite, type MaintenanceInput, type VmPlacement } from '../../shared/domain/failure-impact'
import type { GlusterVolumeStatus } from '../../shared/domain/gluster-health'
import { factFreshness, type FleetSnapshot } from '../../shared/fleet'
import type { Site } from '../../shared/model'
import { volumeStatusFromFacts } from './alert-sample'
import { deriveSharedMounts, mergeSharedMounts } from './shared-mounts'
import type { ConfiguredMount } from './storage-settings'

export interface ScenarioContext {
  input: MaintenanceInput
  basis: StorageScenarioBasis
}

export function scenarioContext(site: Site, snapshot: FleetSnapshot, configured: readonly ConfiguredMount[], nowMs: number): ScenarioContext {
  const notes: string[] = []
  const facts = snapshot.gluster?.value ?? null
  if (facts === null) notes.push('no Gluster facts yet: volumes are left out of this answer')

  const vmPlacement: VmPlacement[] = []
  for (const host of site.hosts) {
    const vms = snapshot.hosts[host.name]?.vms
    if (vms?.value) {
      for (const vm of vms.value) vmPlacement.push({ vm: vm.name, host: host.name, diskPaths: vm.diskPaths })
      if (factFreshness(vms, nowMs) === 'stale') notes.push(`the VM list of ${host.name} is stale: VMs that moved since are placed where they were`)
    } else if (host.roles.includes('hypervisor')) {
      notes.push(`no VM list from ${host.name} yet: its VMs are not counted`)
    }
  }

  const volumes = facts?.volumeInfo ?? []
  const derived = deriveSharedMounts(
    volumes.map((volume) => volume.name),
    vmPlacement.flatMap((placement) => placement.diskPaths)
  )
  const mounts = mergeSharedMounts(configured, derived)
  for (const volume of volumes) {
    if (!mounts.some((mount) => mount.volume === volume.name))
      notes.push(`no mount path known for ${volume.name}: no VM disk lies under a directory named ${volume.name}, so VMs losing it are not found (set its mount path)`)
  }

  const disks = vmPlacement.flatMap((placement) => placement.diskPaths)
  for (const mount of mounts) {
    const root = mount.mountPath.replace(/\/+$/, '')
    if (mount.source === 'setting' && !disks.some((disk) => disk.startsWith(`${root}/`)))
      notes.push(`no VM disk lies under ${mount.mountPath}, the mount set for ${mount.volume}: check the path if VMs keep their disks on it`)
  }

  const resolve = brickHostsFromSite(site)
  const unmapped = [...new Set(volumes.flatMap((volume) => volume.bricks.filter((brick) => resolve(brick) === undefined).map((brick) => brick.host)))]
  if (unmapped.length > 0) notes.push(`brick hosts not in the inventory: ${unmapped.join(', ')} — their failure cannot be simulated`)

  const volumesStatus = facts ? volumes.map((volume) => volumeStatusFromFacts(facts, volume.name)).filter((status): status is GlusterVolumeStatus => status !== undefined) : undefined
  const input: MaintenanceInput = {
    site,
    volumesInfo: volumes,
    ...(volumesStatus ? { volumesStatus } : {}),
    brickHost: resolve,
    vmPlacement,
    sharedMounts: mounts.map(({ volume, mountPath }) => ({ volume, mountPath })),
    ...(facts?.heal ? { heal: { bricks: facts.heal.bricks } } : {})
  }
  return {
    input,
    basis: { glusterAtMs: snapshot.gluster?.atMs ?? null, glusterStale: factFreshness(snapshot.gluster, nowMs) === 'stale', mounts, notes }
  }
}
