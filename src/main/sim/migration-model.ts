// Live migrations between demo hypervisors. A migration takes time in proportion to the VM's
// memory, reports progress like QEMU's migration job, can be aborted or made to fail, and
// only when it completes does the VM run on the destination and vanish from the source.
import { domainMemoryKiB, type CompletedJob, type HypervisorModel } from './hypervisor-model'
import { intHash } from './seeded-random'

export type MigrationStatus = 'running' | 'completed' | 'failed' | 'cancelled'

/** A failure the fleet's operator planted for the next matching migration. */
export interface MigrationFailurePlan {
  kind: 'target-refuses' | 'connection-lost'
  /** Only migrations of this VM (any when absent). */
  vm?: string
  /** Only migrations to this host (any when absent). */
  target?: string
  /** For connection-lost: how far the transfer gets before the link drops (0..1). */
  atFraction?: number
}

export interface MigrationRequest {
  vm: string
  source: string
  target: string
  persistent: boolean
  undefineSource: boolean
  /** `--bandwidth` in MiB/s, when given. */
  bandwidthMiBps?: number
}

export interface Migration {
  id: string
  vm: string
  source: string
  target: string
  startMs: number
  setupMs: number
  transferMs: number
  memoryBytes: number
  persistent: boolean
  undefineSource: boolean
  status: MigrationStatus
  endMs: number | null
  /** libvirt's message (without the `error: ` prefix) when it failed or was cancelled. */
  error: string | null
  failAtFraction: number | null
}

export interface MigrationProgress {
  fraction: number
  elapsedMs: number
  totalBytes: number
  processedBytes: number
  remainingBytes: number
  bandwidthBytesPerS: number
  iteration: number
  constantPages: number
  normalPages: number
  normalBytes: number
}

export type StartResult = { ok: true; migration: Migration } | { ok: false; error: string }

export interface MigrationOptions {
  /** Transfer time per GiB of guest memory at full speed (the demo's scaled-down link). */
  secondsPerGiB: number
  setupMs: number
}

const GIB = 1024 ** 3
const MIB = 1024 ** 2
const PAGE_BYTES = 4096

export class MigrationModel {
  private readonly migrations: Migration[] = []
  private readonly plans: MigrationFailurePlan[] = []
  private counter = 0

  constructor(
    private readonly hypervisor: (host: string) => HypervisorModel | undefined,
    /** Called before a host's set of running guests changes, so its counters catch up first. */
    private readonly beforeChange: (host: string, atMs: number) => void,
    private readonly options: MigrationOptions,
    private readonly hostUuid: (host: string) => string,
    private readonly seed: string
  ) {}

  planFailure(plan: MigrationFailurePlan): void {
    this.plans.push(plan)
  }

  start(request: MigrationRequest, nowMs: number): StartResult {
    const source = this.hypervisor(request.source)
    const target = this.hypervisor(request.target)
    if (!source || !target) return { ok: false, error: `internal error: no hypervisor ${source ? request.target : request.source}` }
    const domain = source.get(request.vm)
    if (!domain) return { ok: false, error: `failed to get domain '${request.vm}'` }
    if (domain.incomingMigrationId !== null || this.active(request.vm)) {
      return { ok: false, error: 'Timed out during operation: cannot acquire state change lock (held by monitor=remoteDispatchDomainMigratePerform3Params)' }
    }
    if (domain.state !== 'running') return { ok: false, error: 'Requested operation is not valid: domain is not running' }
    if (request.source === request.target) return { ok: false, error: `internal error: Attempt to migrate guest to the same host ${this.hostUuid(request.target)}` }
    const existing = target.get(request.vm)
    if (existing) return { ok: false, error: `operation failed: domain '${request.vm}' already exists with uuid ${existing.uuid}` }

    const planIndex = this.plans.findIndex((p) => (p.vm === undefined || p.vm === request.vm) && (p.target === undefined || p.target === request.target))
    const plan = planIndex >= 0 ? this.plans.splice(planIndex, 1)[0] : undefined
    if (plan?.kind === 'target-refuses') {
      return { ok: false, error: `internal error: unable to execute QEMU command 'migrate': Failed to connect to '${request.target}:49152': Connection refused` }
    }
    if (target.freeForGuestsKiB() < domainMemoryKiB(domain)) {
      return {
        ok: false,
        error: `internal error: qemu unexpectedly closed the monitor: cannot set up guest memory 'pc.ram': Cannot allocate memory`
      }
    }

    const memoryBytes = domainMemoryKiB(domain) * 1024
    const fullSpeedBytesPerS = GIB / this.options.secondsPerGiB
    const bytesPerS = request.bandwidthMiBps ? Math.min(fullSpeedBytesPerS, request.bandwidthMiBps * MIB) : fullSpeedBytesPerS
    const migration: Migration = {
      id: `mig-${++this.counter}`,
      vm: request.vm,
      source: request.source,
      target: request.target,
      startMs: nowMs,
      setupMs: this.options.setupMs,
      transferMs: Math.max(200, (memoryBytes / bytesPerS) * 1000),
      memoryBytes,
      persistent: request.persistent,
      undefineSource: request.undefineSource,
      status: 'running',
      endMs: null,
      error: null,
      failAtFraction: plan?.kind === 'connection-lost' ? Math.min(0.95, Math.max(0.05, plan.atFraction ?? 0.5)) : null
    }
    this.migrations.push(migration)
    if (this.migrations.length > 500) this.migrations.splice(0, this.migrations.length - 500)
    target.receiveIncoming(domain, migration.id, nowMs)
    return { ok: true, migration }
  }

  /** Finishes every migration whose end (success or planted failure) lies at or before `nowMs`. */
  settle(nowMs: number): void {
    for (const migration of this.migrations) {
      if (migration.status !== 'running') continue
      if (migration.failAtFraction !== null) {
        const failMs = migration.startMs + migration.setupMs + migration.transferMs * migration.failAtFraction
        if (failMs <= nowMs) {
          this.finishUnsuccessfully(migration, failMs, 'failed', 'operation failed: migration out job: Unable to write to socket: Connection reset by peer')
          continue
        }
      }
      const endMs = migration.startMs + migration.setupMs + migration.transferMs
      if (endMs <= nowMs) this.complete(migration, endMs)
    }
  }

  /** `virsh domjobabort` on the source. False when no migration of that VM runs there. */
  abort(vm: string, source: string, nowMs: number): boolean {
    this.settle(nowMs)
    const migration = this.migrations.find((m) => m.status === 'running' && m.vm === vm && m.source === source)
    if (!migration) return false
    this.finishUnsuccessfully(migration, nowMs, 'cancelled', 'operation aborted: migration out job: canceled by client')
    return true
  }

  /** A host dropped off the network: migrations to or from it lose their connection now. */
  interrupt(host: string, nowMs: number): Migration[] {
    this.settle(nowMs)
    const hit = this.migrations.filter((m) => m.status === 'running' && (m.source === host || m.target === host))
    for (const migration of hit) this.finishUnsuccessfully(migration, nowMs, 'failed', 'operation failed: migration out job: Unable to write to socket: Connection reset by peer')
    return hit
  }

  /** The running migration of a VM, if any. */
  active(vm: string): Migration | undefined {
    return this.migrations.find((m) => m.status === 'running' && m.vm === vm)
  }

  get(id: string): Migration | undefined {
    return this.migrations.find((m) => m.id === id)
  }

  all(): readonly Migration[] {
    return this.migrations
  }

  progress(migration: Migration, nowMs: number): MigrationProgress {
    const atMs = migration.endMs === null ? nowMs : Math.min(nowMs, migration.endMs)
    const elapsedMs = Math.max(0, atMs - migration.startMs)
    const transferredMs = Math.max(0, elapsedMs - migration.setupMs)
    const fraction = migration.status === 'completed' ? 1 : Math.min(1, transferredMs / migration.transferMs)
    // The guest keeps dirtying pages, so a little more than its memory crosses the link.
    const totalBytes = Math.round(migration.memoryBytes * 1.015)
    const remainingBytes = Math.round(totalBytes * (1 - fraction))
    // Zero pages cross as "constant" pages and cost almost nothing; the rest is sent in full.
    const pages = Math.floor((totalBytes * fraction) / PAGE_BYTES)
    const normalPages = Math.floor(pages * 0.62)
    const constantPages = pages - normalPages
    const normalBytes = normalPages * PAGE_BYTES
    const processedBytes = Math.round(normalBytes * 1.02 + pages * 8)
    const bandwidthBytesPerS = transferredMs > 0 ? (processedBytes / transferredMs) * 1000 : 0
    return {
      fraction,
      elapsedMs,
      totalBytes,
      processedBytes,
      remainingBytes,
      bandwidthBytesPerS,
      iteration: fraction < 0.9 ? 1 : 2,
      constantPages,
      normalPages,
      normalBytes
    }
  }

  private complete(migration: Migration, endMs: number): void {
    const source = this.hypervisor(migration.source)
    const target = this.hypervisor(migration.target)
    migration.status = 'completed'
    migration.endMs = endMs
    this.beforeChange(migration.source, endMs)
    this.beforeChange(migration.target, endMs)
    const progress = this.progress(migration, endMs)
    const job = (operation: CompletedJob['operation']): CompletedJob => ({
      status: 'completed',
      operation,
      elapsedMs: Math.round(endMs - migration.startMs),
      dataTotalBytes: progress.totalBytes,
      dataProcessedBytes: progress.processedBytes,
      dataRemainingBytes: 0,
      bandwidthBytesPerS: progress.bandwidthBytesPerS,
      downtimeMs: intHash(18, 90, this.seed, migration.id, 'downtime'),
      setupMs: migration.setupMs,
      iterations: intHash(2, 4, this.seed, migration.id, 'iterations'),
      constantPages: progress.constantPages,
      normalPages: progress.normalPages,
      normalBytes: progress.normalBytes
    })
    target?.completeIncoming(migration.vm, endMs, migration.persistent, job('Incoming migration'))
    source?.releaseOutgoing(migration.vm, migration.undefineSource, job('Outgoing migration'))
  }

  private finishUnsuccessfully(migration: Migration, atMs: number, status: 'failed' | 'cancelled', error: string): void {
    const progress = this.progress(migration, atMs)
    migration.status = status
    migration.endMs = atMs
    migration.error = error
    this.hypervisor(migration.target)?.dropIncoming(migration.vm)
    const domain = this.hypervisor(migration.source)?.get(migration.vm)
    if (domain) {
      domain.completedJob = {
        status,
        operation: 'Outgoing migration',
        elapsedMs: Math.round(atMs - migration.startMs),
        dataTotalBytes: progress.totalBytes,
        dataProcessedBytes: progress.processedBytes,
        dataRemainingBytes: progress.remainingBytes,
        bandwidthBytesPerS: progress.bandwidthBytesPerS,
        downtimeMs: 0,
        setupMs: migration.setupMs,
        iterations: progress.iteration,
        constantPages: progress.constantPages,
        normalPages: progress.normalPages,
        normalBytes: progress.normalBytes
      }
    }
  }
}
