// What VM placement needs to know about the hypervisors, in one structural shape shared by the
// migration pre-checks and the balancing plans: the live facts of each host (as the fleet poller
// keeps them) plus the few things only `virsh dumpxml`, `virsh capabilities` and /proc/mounts
// tell, and the site's placement policy.
import type { FactFreshness, FleetSnapshot, NodeFacts, SystemFacts, VmFacts } from '../fleet'
import { factFreshness } from '../fleet'

/** A domain's <cpu> element: mode 'host-passthrough', 'host-model', 'custom' or 'maximum'. */
export interface VmCpuSpec {
  mode: string
  model: string | null
}

/** One <disk> of a domain, as the dumpxml parser reports it. */
export interface VmDiskSpec {
  /** 'disk', 'cdrom', 'floppy', 'lun'. */
  device: string
  /** 'file', 'block', 'network', 'volume', 'dir'. */
  type: string
  /** Guest device name (vda, hdc); null when the XML has none. */
  target: string | null
  /** A path, `pool/volume`, or a URL such as gluster://hv-01/vmstore/web-01.qcow2; null for an empty drive. */
  source: string | null
}

/** What the domain XML adds to VmFacts. */
export interface VmDomainSpec {
  /** Null when the domain has no <cpu> element (libvirt's default model). */
  cpu: VmCpuSpec | null
  disks: VmDiskSpec[]
}

/** One line of the host's mount table. */
export interface HostMount {
  mountPoint: string
  /** As /proc/mounts names it: 'fuse.glusterfs', 'nfs4', 'ext4'. */
  fsType: string
}

export interface HypervisorFacts {
  /** Whether libvirt on this host answered within its last three refreshes. */
  freshness: FactFreshness
  /** The last probe error, shown when the host is not fresh. */
  error?: string
  system: SystemFacts | null
  node: NodeFacts | null
  /** Every domain libvirt lists on the host (running or not); null when never listed. */
  vms: VmFacts[] | null
  /** The host CPU model libvirt names in `virsh capabilities` (/capabilities/host/cpu/model), e.g. 'Broadwell'. */
  cpuModel: string | null
  /** The host's mount table; null when it was not read. */
  mounts: HostMount[] | null
  /** Domain XML details by domain name, for the domains whose XML was read. */
  domains: Readonly<Record<string, VmDomainSpec>>
}

export interface PlacementFacts {
  /** Hypervisors by site host name. */
  hosts: Readonly<Record<string, HypervisorFacts>>
}

export interface PlacementPolicy {
  /** RAM kept free on a hypervisor for the host itself and QEMU overhead. */
  hostReserveKiB: number
  /** Allocated vCPUs per physical CPU above which a move is a warning. */
  vcpuWarnRatio: number
  /** Allocated vCPUs per physical CPU above which a move is refused. */
  vcpuMaxRatio: number
  /** Paths of the site's shared VM stores (the Gluster FUSE mount), mounted at the same place on every hypervisor. */
  sharedMountPrefixes: readonly string[]
  /** Group name -> VM names: no two VMs of one group may run on the same host. */
  antiAffinityGroups: Readonly<Record<string, readonly string[]>>
  /** Offer `--copy-storage-all` for disks on host-local storage instead of refusing the move. */
  allowCopyStorage: boolean
}

export const GIB_IN_KIB = 1024 * 1024

/**
 * 2:1 is where busy guests start to queue for CPU (steal time shows); 4:1 is the common ceiling
 * for general-purpose VMs, beyond which even idle-ish guests feel it.
 */
export const DEFAULT_PLACEMENT_POLICY: PlacementPolicy = {
  hostReserveKiB: GIB_IN_KIB,
  vcpuWarnRatio: 2,
  vcpuMaxRatio: 4,
  sharedMountPrefixes: [],
  antiAffinityGroups: {},
  allowCopyStorage: false
}

/** A placement policy that cannot be applied (a negative reserve, a warn ratio above the limit). */
export class PlacementPolicyError extends Error {
  override name = 'PlacementPolicyError'
  readonly kind = 'bad-placement-policy'
}

/** The policy with defaults filled in; throws PlacementPolicyError for values no check can use. */
export function placementPolicy(overrides: Partial<PlacementPolicy> = {}): PlacementPolicy {
  const policy: PlacementPolicy = { ...DEFAULT_PLACEMENT_POLICY }
  // Only the policy's own keys: callers pass option objects that carry other settings too.
  for (const key of Object.keys(DEFAULT_PLACEMENT_POLICY) as (keyof PlacementPolicy)[]) {
    if (overrides[key] !== undefined) Object.assign(policy, { [key]: overrides[key] })
  }
  if (!(Number.isFinite(policy.hostReserveKiB) && policy.hostReserveKiB >= 0))
    throw new PlacementPolicyError(`host reserve must be 0 KiB or more, not ${policy.hostReserveKiB}`)
  if (!(Number.isFinite(policy.vcpuMaxRatio) && policy.vcpuMaxRatio > 0))
    throw new PlacementPolicyError(`vCPU limit must be a ratio above 0, not ${policy.vcpuMaxRatio}`)
  if (!(Number.isFinite(policy.vcpuWarnRatio) && policy.vcpuWarnRatio > 0 && policy.vcpuWarnRatio <= policy.vcpuMaxRatio))
    throw new PlacementPolicyError(`vCPU warning ratio ${policy.vcpuWarnRatio} must lie between 0 and the limit ${policy.vcpuMaxRatio}`)
  for (const prefix of policy.sharedMountPrefixes)
    if (!prefix.startsWith('/')) throw new PlacementPolicyError(`shared mount ${JSON.stringify(prefix)} is not an absolute path`)
  return policy
}

const FRESHNESS_RANK: Record<FactFreshness, number> = { fresh: 0, stale: 1, missing: 2 }

/** What the fleet snapshot does not carry: read per host from dumpxml, capabilities and /proc/mounts. */
export interface HypervisorExtras {
  cpuModel?: string | null
  mounts?: HostMount[] | null
  domains?: Readonly<Record<string, VmDomainSpec>>
}

/**
 * Placement facts from the fleet snapshot for the given hypervisors. A host is as fresh as the
 * worst of its libvirt VM list and its system facts: both feed the checks.
 */
export function placementFactsFromSnapshot(
  snapshot: FleetSnapshot,
  hostNames: readonly string[],
  nowMs: number,
  extras: Readonly<Record<string, HypervisorExtras>> = {}
): PlacementFacts {
  const hosts: Record<string, HypervisorFacts> = {}
  for (const name of hostNames) {
    const facts = snapshot.hosts[name]
    const extra = extras[name] ?? {}
    const vmsFreshness = factFreshness(facts?.vms, nowMs)
    const systemFreshness = factFreshness(facts?.system, nowMs)
    const freshness = FRESHNESS_RANK[systemFreshness] > FRESHNESS_RANK[vmsFreshness] ? systemFreshness : vmsFreshness
    const error = facts?.vms?.error?.message ?? facts?.system?.error?.message
    hosts[name] = {
      freshness,
      ...(error === undefined ? {} : { error }),
      system: facts?.system?.value ?? null,
      node: facts?.node?.value ?? null,
      vms: facts?.vms?.value ?? null,
      cpuModel: extra.cpuModel ?? null,
      mounts: extra.mounts ?? null,
      domains: extra.domains ?? {}
    }
  }
  return { hosts }
}
