// Runs one live migration: `virsh migrate --live …` on the source over SSH, `virsh domjobinfo`
// there every second for progress, `virsh domjobabort` when the user aborts. However it ends —
// success, failure, abort or a lost connection — both hosts are asked where the VM now is, and
// the outcome goes to the audit log with the command, start, end and duration.
import { randomUUID } from 'node:crypto'
import type { AuditEntryInput, AuditResult } from '../../shared/api'
import type { MigrationRecord, MigrationStatus } from '../../shared/api-parts/vms-api'
import { domjobabortCommand, domjobinfoCommand } from '../../shared/domain/migration-command'
import { parseVirshDomjobinfo } from '../probes/libvirt'
import { shellQuote } from '../ssh/quote'
import { execText, toolError, type HostExec, type HostExecResult } from './host-exec'
import { jobProgress } from './job-progress'
import { describeVerification, verifyLocation, type VerifyOptions } from './verify-location'

export interface MigrationJob {
  vm: string
  from: string
  to: string
  /** The `virsh migrate` argv from planMigration(); it runs on `from`. */
  argv: string[]
  actor: string
  warnings: string[]
  /** The `virsh migrate` channel is closed after this long. */
  timeoutMs: number
  connectUri?: string
  planRunId?: string
}

export interface MigrationRunnerOptions {
  exec: HostExec
  now(): number
  /** Every change of a record: store it and push it to the renderer. */
  onUpdate(record: MigrationRecord): void
  audit(entry: AuditEntryInput): void
  pollIntervalMs?: number
  /** domjobinfo and domjobabort time out after this. */
  commandTimeoutMs?: number
  verify?: Pick<VerifyOptions, 'attempts' | 'retryDelayMs' | 'timeoutMs'>
}

export class MigrationRunnerError extends Error {
  override name = 'MigrationRunnerError'
  constructor(
    readonly kind: 'not-found' | 'not-running' | 'busy' | 'bad-command',
    message: string
  ) {
    super(message)
  }
}

interface Active {
  job: MigrationJob
  record: MigrationRecord
  abortRequested: boolean
  settled: boolean
  done: Promise<MigrationRecord>
}

type MigrateOutcome = { kind: 'result'; result: HostExecResult } | { kind: 'lost'; message: string }

const AUDIT_RESULT: Record<MigrationStatus, AuditResult> = {
  running: 'started',
  aborting: 'started',
  verifying: 'started',
  succeeded: 'succeeded',
  failed: 'failed',
  cancelled: 'cancelled',
  unknown: 'unknown'
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`
}

export class MigrationRunner {
  private readonly active = new Map<string, Active>()
  private readonly pollIntervalMs: number
  private readonly commandTimeoutMs: number

  constructor(private readonly options: MigrationRunnerOptions) {
    this.pollIntervalMs = options.pollIntervalMs ?? 1_000
    this.commandTimeoutMs = options.commandTimeoutMs ?? 15_000
  }

  /** The migrations under way. */
  running(): MigrationRecord[] {
    return [...this.active.values()].map((a) => a.record)
  }

  /** Starts the migration; `done` resolves with the final, verified record (it never rejects). */
  start(job: MigrationJob): { record: MigrationRecord; done: Promise<MigrationRecord> } {
    if (job.argv.length === 0) throw new MigrationRunnerError('bad-command', 'no virsh command to run')
    const busy = [...this.active.values()].find((a) => a.job.vm === job.vm)
    if (busy !== undefined) throw new MigrationRunnerError('busy', `${job.vm} is already migrating (${busy.job.from} → ${busy.job.to}); wait for it or abort it first`)
    const startedAtMs = this.options.now()
    const record: MigrationRecord = {
      id: randomUUID(),
      vm: job.vm,
      from: job.from,
      to: job.to,
      runsOn: job.from,
      argv: job.argv,
      commandLine: shellQuote(job.argv),
      actor: job.actor,
      status: 'running',
      startedAtMs,
      endedAtMs: null,
      durationMs: null,
      progress: null,
      warnings: job.warnings,
      ...(job.planRunId === undefined ? {} : { planRunId: job.planRunId })
    }
    const active: Active = { job, record, abortRequested: false, settled: false, done: Promise.resolve(record) }
    this.active.set(record.id, active)
    this.options.audit({
      atMs: startedAtMs,
      actor: job.actor,
      action: 'vm.migrate',
      target: `${job.vm}: ${job.from} → ${job.to}`,
      command: `on ${job.from}: ${record.commandLine}`,
      result: 'started',
      ...(job.warnings.length > 0 ? { detail: `confirmed with warnings: ${job.warnings.join('; ')}` } : {})
    })
    this.options.onUpdate(record)
    active.done = this.run(active).finally(() => this.active.delete(record.id))
    return { record, done: active.done }
  }

  /** Cancels the job with domjobabort on the source; the VM stays where it was. */
  async abort(id: string, actor: string): Promise<MigrationRecord> {
    const active = this.active.get(id)
    if (active === undefined) throw new MigrationRunnerError('not-running', `migration ${id} is not running (it may have ended already)`)
    if (active.record.status === 'verifying') throw new MigrationRunnerError('not-running', `${active.job.vm}: the migration has already ended; its outcome is being verified`)
    const { job } = active
    active.abortRequested = true
    this.update(active, { status: 'aborting' })
    const built = domjobabortCommand(job.vm, job.connectUri === undefined ? {} : { connectUri: job.connectUri })
    if (!built.ok) throw new MigrationRunnerError('bad-command', built.error.message)
    const commandLine = shellQuote(built.argv)
    let failure: string | null = null
    // Right after the start libvirt may not have registered the job yet: try again briefly.
    for (let attempt = 1; attempt <= 6; attempt++) {
      try {
        const result = await this.options.exec(job.from, built.argv, { timeoutMs: this.commandTimeoutMs })
        if (result.exitCode === 0) {
          failure = null
          break
        }
        failure = toolError(result)
      } catch (error) {
        failure = (error as Error).message
      }
      if (active.settled || !/no job is active/i.test(failure)) break
      await delay(500)
    }
    this.options.audit({ actor, action: 'vm.migrate.abort', target: `${job.vm}: ${job.from} → ${job.to}`, command: `on ${job.from}: ${commandLine}`, result: failure === null ? 'succeeded' : 'failed', ...(failure === null ? {} : { detail: failure }) })
    if (failure !== null && !active.settled) {
      active.abortRequested = false
      this.update(active, { status: 'running', message: `abort failed: ${failure}` })
    }
    return active.record
  }

  private update(active: Active, changes: Partial<MigrationRecord>): void {
    active.record = { ...active.record, ...changes }
    this.options.onUpdate(active.record)
  }

  private async run(active: Active): Promise<MigrationRecord> {
    const { job } = active
    const connect = job.connectUri === undefined ? {} : { connectUri: job.connectUri }
    const migrate: Promise<MigrateOutcome> = this.options.exec(job.from, job.argv, { timeoutMs: job.timeoutMs }).then(
      (result) => ({ kind: 'result', result }),
      (error: unknown) => ({ kind: 'lost', message: (error as Error).message })
    )
    void migrate.then(() => {
      active.settled = true
    })
    const jobinfo = domjobinfoCommand(job.vm, connect)
    while (!active.settled) {
      await Promise.race([migrate, delay(this.pollIntervalMs)])
      if (active.settled || !jobinfo.ok) break
      try {
        const info = parseVirshDomjobinfo(await execText(this.options.exec, job.from, jobinfo.argv, this.commandTimeoutMs))
        if (active.settled) break
        const progress = jobProgress(info, this.options.now())
        const { progressError: _cleared, ...rest } = active.record
        active.record = rest
        if (progress !== null) this.update(active, { progress })
        else this.options.onUpdate(active.record)
      } catch (error) {
        if (!active.settled) this.update(active, { progressError: `progress unknown: ${(error as Error).message}` })
      }
    }
    const outcome = await migrate
    this.update(active, { status: 'verifying' })

    const virshOk = outcome.kind === 'result' && outcome.result.exitCode === 0
    const virshError = outcome.kind === 'lost' ? `connection to ${job.from} lost: ${outcome.message}` : virshOk ? null : toolError(outcome.result)
    const verifyOptions: VerifyOptions = { exec: this.options.exec, now: this.options.now, ...connect, ...this.options.verify }
    const completed = domjobinfoCommand(job.vm, { ...connect, completed: true })
    const [verification, downtimeMs] = await Promise.all([
      verifyLocation(verifyOptions, job.vm, job.from, job.to),
      virshOk && completed.ok ? this.downtime(job.to, completed.argv) : Promise.resolve(undefined)
    ])
    const described = describeVerification(verification, job.vm)
    let status: MigrationStatus
    let message: string
    let alarm = described.alarm
    if (verification.verdict === 'on-target') {
      status = 'succeeded'
      message = virshError === null ? described.message : `${virshError}; yet ${described.message}`
    } else if (verification.verdict === 'on-source') {
      status = active.abortRequested ? 'cancelled' : 'failed'
      if (virshOk) {
        status = 'unknown'
        alarm = `virsh reported success, but ${described.message}: the migration did not take effect`
      }
      message = active.abortRequested ? `aborted: ${described.message}` : `${virshError ?? 'virsh reported success'}; ${described.message}`
    } else {
      status = 'unknown'
      message = virshError === null ? described.message : `${virshError}; ${described.message}`
    }
    const endedAtMs = this.options.now()
    const durationMs = endedAtMs - active.record.startedAtMs
    this.update(active, {
      status,
      message,
      verification,
      endedAtMs,
      durationMs,
      ...(alarm === undefined ? {} : { alarm }),
      ...(downtimeMs === undefined ? {} : { downtimeMs })
    })
    this.options.audit({
      atMs: endedAtMs,
      actor: job.actor,
      action: 'vm.migrate',
      target: `${job.vm}: ${job.from} → ${job.to}`,
      command: `on ${job.from}: ${active.record.commandLine}`,
      result: AUDIT_RESULT[status],
      detail: `started ${new Date(active.record.startedAtMs).toISOString()}, ended ${new Date(endedAtMs).toISOString()}, took ${seconds(durationMs)}; ${message}${alarm === undefined ? '' : `; ALARM: ${alarm}`}`
    })
    return active.record
  }

  /** Guest downtime of the finished job, from `domjobinfo --completed` on the target; unknown is undefined, not zero. */
  private async downtime(host: string, argv: readonly string[]): Promise<number | undefined> {
    try {
      const info = parseVirshDomjobinfo(await execText(this.options.exec, host, argv, this.commandTimeoutMs))
      return info.totalDowntimeMs
    } catch {
      // Only decoration for the record: the verification, not these stats, decides the outcome.
      return undefined
    }
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
