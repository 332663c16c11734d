// Runs a balancing plan step by step: its batches in order, at most N migrations at once, each
// move pre-checked again on the live facts right before it starts (through the same path as a
// single drag-and-drop migration). The first refused or failed move stops the plan; moves still
// running finish (each can be aborted on its own), and cancelling starts no new ones.
import { randomUUID } from 'node:crypto'
import type { AuditEntryInput } from '../../shared/api'
import type { MigrationRecord, PlanRun, PlanRunMove } from '../../shared/api-parts/vms-api'
import { MigrationRunnerError } from './migration-runner'

export interface PlanMove {
  vm: string
  from: string
  to: string
  batch: number
}

export interface PlanRunnerOptions {
  now(): number
  onUpdate(run: PlanRun): void
  audit(entry: AuditEntryInput): void
  /** Pre-checks the move on the current facts and starts it; throws with the reason when refused. */
  startMove(move: PlanMove, planRunId: string): { record: MigrationRecord; done: Promise<MigrationRecord> }
  /** Resolves once the fleet facts show these moves done, so the next batch is checked against them. */
  settle(moves: readonly PlanMove[]): Promise<void>
  /** Finished runs kept for the list. */
  keep?: number
}

interface Running {
  run: PlanRun
  cancelled: boolean
}

export class PlanRunner {
  private readonly runs = new Map<string, Running>()

  constructor(private readonly options: PlanRunnerOptions) {}

  list(): PlanRun[] {
    return [...this.runs.values()].map((r) => r.run).sort((a, b) => b.startedAtMs - a.startedAtMs)
  }

  /** Starts the plan; `done` resolves with the finished run. */
  start(strategy: PlanRun['strategy'], moves: readonly PlanMove[], maxConcurrent: number, actor: string): { run: PlanRun; done: Promise<PlanRun> } {
    const busy = [...this.runs.values()].find((r) => r.run.status === 'running')
    if (busy !== undefined) throw new MigrationRunnerError('busy', `a ${busy.run.strategy} plan is still running (started ${new Date(busy.run.startedAtMs).toISOString()}); cancel it or wait`)
    const run: PlanRun = {
      id: randomUUID(),
      strategy,
      maxConcurrent,
      status: 'running',
      startedAtMs: this.options.now(),
      endedAtMs: null,
      moves: [...moves].sort((a, b) => a.batch - b.batch).map((m) => ({ vm: m.vm, from: m.from, to: m.to, batch: m.batch, status: 'pending' }))
    }
    const running: Running = { run, cancelled: false }
    this.runs.set(run.id, running)
    this.trim()
    this.options.audit({ actor, action: 'vm.balance', target: `${strategy} plan`, result: 'started', detail: `${moves.length} move(s), at most ${maxConcurrent} at once: ${moves.map((m) => `${m.vm} ${m.from} → ${m.to}`).join(', ')}` })
    this.options.onUpdate(run)
    const done = this.execute(running, actor)
    return { run, done }
  }

  /** No further move starts; moves under way run to their end. */
  cancel(id: string): PlanRun {
    const running = this.runs.get(id)
    if (running === undefined) throw new MigrationRunnerError('not-found', `no plan run ${id}`)
    if (running.run.status !== 'running') return running.run
    running.cancelled = true
    this.setMoves(running, (m) => (m.status === 'pending' ? { ...m, status: 'cancelled', message: 'plan cancelled before this move started' } : m))
    return running.run
  }

  private setMoves(running: Running, change: (move: PlanRunMove, index: number) => PlanRunMove, extra: Partial<PlanRun> = {}): void {
    running.run = { ...running.run, ...extra, moves: running.run.moves.map(change) }
    this.options.onUpdate(running.run)
  }

  private setMove(running: Running, index: number, changes: Partial<PlanRunMove>): void {
    this.setMoves(running, (m, i) => (i === index ? { ...m, ...changes } : m))
  }

  private async execute(running: Running, actor: string): Promise<PlanRun> {
    const batches = [...new Set(running.run.moves.map((m) => m.batch))].sort((a, b) => a - b)
    const done: PlanMove[] = []
    let stopped: string | null = null
    for (const batch of batches) {
      if (running.cancelled || stopped !== null) break
      await this.options.settle(done)
      const indexes = running.run.moves.flatMap((m, i) => (m.batch === batch ? [i] : []))
      // A batch may hold more moves than the user's limit: run it in slices of that size.
      for (let start = 0; start < indexes.length && !running.cancelled && stopped === null; start += running.run.maxConcurrent) {
        const slice = indexes.slice(start, start + running.run.maxConcurrent)
        if (start > 0) await this.options.settle(done)
        const results = await Promise.all(slice.map((index) => this.runMove(running, index)))
        for (const [k, result] of results.entries()) {
          const move = running.run.moves[slice[k] as number]
          if (result === null && move !== undefined) done.push(move)
          else if (result !== null) stopped ??= result
        }
      }
    }
    if (stopped !== null)
      this.setMoves(running, (m) => (m.status === 'pending' ? { ...m, status: 'cancelled', message: 'not started: an earlier move of the plan did not succeed' } : m))
    const status: PlanRun['status'] = stopped !== null ? 'failed' : running.cancelled ? 'cancelled' : 'succeeded'
    const endedAtMs = this.options.now()
    const succeeded = running.run.moves.filter((m) => m.status === 'succeeded').length
    const message = stopped ?? (running.cancelled ? `cancelled after ${succeeded} move(s)` : `all ${succeeded} move(s) done`)
    running.run = { ...running.run, status, endedAtMs, message }
    this.options.onUpdate(running.run)
    this.options.audit({
      atMs: endedAtMs,
      actor,
      action: 'vm.balance',
      target: `${running.run.strategy} plan`,
      result: status === 'succeeded' ? 'succeeded' : status === 'cancelled' ? 'cancelled' : 'failed',
      detail: `${succeeded} of ${running.run.moves.length} move(s) done in ${((endedAtMs - running.run.startedAtMs) / 1000).toFixed(1)} s; ${message}`
    })
    return running.run
  }

  /** Runs one move; null when it succeeded, else why the plan stops. */
  private async runMove(running: Running, index: number): Promise<string | null> {
    const move = running.run.moves[index]
    if (move === undefined) return 'internal: move index out of range'
    if (running.cancelled) return null
    let started: { record: MigrationRecord; done: Promise<MigrationRecord> }
    try {
      started = this.options.startMove(move, running.run.id)
    } catch (error) {
      const message = `${move.vm} → ${move.to} refused: ${(error as Error).message}`
      this.setMove(running, index, { status: 'skipped', message })
      return message
    }
    this.setMove(running, index, { status: 'running', migrationId: started.record.id })
    const record = await started.done
    if (record.status === 'succeeded') {
      this.setMove(running, index, { status: 'succeeded', ...(record.message === undefined ? {} : { message: record.message }) })
      return null
    }
    const message = `${move.vm} → ${move.to} ${record.status}: ${record.alarm ?? record.message ?? 'no detail'}`
    this.setMove(running, index, { status: record.status === 'cancelled' ? 'cancelled' : 'failed', message })
    return message
  }

  private trim(): void {
    const keep = this.options.keep ?? 20
    const finished = this.list().filter((r) => r.status !== 'running')
    for (const run of finished.slice(keep)) this.runs.delete(run.id)
  }
}
