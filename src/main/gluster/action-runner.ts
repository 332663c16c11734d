// Runs one confirmed Gluster action: audit entry when it starts, progress pushed while it runs,
// the command's own output and an audit entry when it ends. One action per volume at a time.
import type { AuditEntryInput } from '../../shared/api'
import type { StorageActionKind, StorageActionStatus } from '../../shared/api-parts/storage-api'
import { shellQuote } from '../ssh/quote'
import { actionArgv, actionTimeoutMs, StorageActionError } from './storage-actions'

export interface ActionExecResult {
  exitCode: number | null
  signal: string | null
  stdout: Buffer | string
  stderr: Buffer | string
}

export interface ActionRunnerDeps {
  exec(host: string, argv: readonly string[], options: { timeoutMs: number }): Promise<ActionExecResult>
  audit: { append(entry: AuditEntryInput): unknown }
  actor: string
  now(): number
  newId(): string
  publish(status: StorageActionStatus): void
  /** Called after every run, e.g. to poll Gluster again at once. */
  afterRun?(): void
  timeoutsMs?: Partial<Record<StorageActionKind, number>>
}

const AUDIT_ACTION: Record<StorageActionKind, string> = { 'restart-bricks': 'gluster.restart-bricks', 'start-heal': 'gluster.start-heal' }

const HINT: Record<StorageActionKind, string> = {
  'restart-bricks': 'check glusterd and the brick logs (/var/log/glusterfs/bricks/) on the brick’s node, then try again',
  'start-heal': 'check that the self-heal daemons run (`gluster volume status`), then try again'
}

/** Gluster's refusal of a heal while the self-heal daemons have not yet reached a brick that just restarted. */
const HEAL_NOT_READY = /brick op 'Heal' failed/
const HEAL_NOT_READY_HINT =
  'right after bricks restart, gluster refuses a heal for a few seconds while the self-heal daemons reconnect to them: try again shortly; if it keeps failing, check that the self-heal daemons run (`gluster volume status`)'

function hintFor(action: StorageActionKind, output: string): string {
  return action === 'start-heal' && HEAL_NOT_READY.test(output) ? HEAL_NOT_READY_HINT : HINT[action]
}

function lastLine(text: string): string {
  return text.trim().split('\n').filter((line) => line.trim() !== '').at(-1) ?? ''
}

/** Errors after the command was sent (a timeout, a dropped link) leave its outcome unknown. */
function unsure(error: unknown): boolean {
  const kind = (error as { kind?: unknown }).kind
  return kind === 'timeout' || kind === 'connection-lost' || kind === 'output-too-large' || typeof kind !== 'string'
}

export class ActionRunner {
  private readonly running = new Set<string>()

  constructor(private readonly deps: ActionRunnerDeps) {}

  async run(action: StorageActionKind, volume: string, host: string): Promise<StorageActionStatus> {
    if (this.running.has(volume)) throw new StorageActionError('action-running', `an action on ${volume} is still running: wait for its result before starting another`)
    this.running.add(volume)
    try {
      return await this.execute(action, volume, host)
    } finally {
      this.running.delete(volume)
    }
  }

  private async execute(action: StorageActionKind, volume: string, host: string): Promise<StorageActionStatus> {
    const { deps } = this
    const argv = actionArgv(action, volume)
    const command = shellQuote(argv)
    const target = `${volume} via ${host}`
    const started: StorageActionStatus = {
      id: deps.newId(),
      action,
      volume,
      host,
      command,
      phase: 'running',
      startedAtMs: deps.now(),
      finishedAtMs: null,
      exitCode: null,
      output: '',
      message: `running \`${command}\` on ${host}`
    }
    deps.audit.append({ atMs: started.startedAtMs, actor: deps.actor, action: AUDIT_ACTION[action], target, command, result: 'started' })
    deps.publish(started)

    let finished: StorageActionStatus
    try {
      const result = await deps.exec(host, argv, { timeoutMs: deps.timeoutsMs?.[action] ?? actionTimeoutMs[action] })
      const stdout = result.stdout.toString().trim()
      const stderr = result.stderr.toString().trim()
      const output = [stdout, stderr].filter((text) => text !== '').join('\n')
      const ok = result.exitCode === 0
      const how = result.exitCode === null ? `was killed by ${result.signal ?? 'a signal'}` : `exited with status ${result.exitCode}`
      finished = {
        ...started,
        phase: ok ? 'succeeded' : 'failed',
        finishedAtMs: deps.now(),
        exitCode: result.exitCode,
        output,
        message: ok ? lastLine(stdout) || `\`${command}\` succeeded on ${host}` : `${host}: \`${command}\` ${how}${lastLine(stderr || stdout) ? `: ${lastLine(stderr || stdout)}` : ''} — ${hintFor(action, output)}`
      }
    } catch (error) {
      finished = {
        ...started,
        phase: 'failed',
        finishedAtMs: deps.now(),
        message: `${(error as Error).message} — ${unsure(error) ? `the command may have run on ${host}: check the volume's status before trying again` : `nothing ran; check ${host} in Hosts, then try again`}`
      }
    }
    deps.audit.append({
      atMs: finished.finishedAtMs ?? deps.now(),
      actor: deps.actor,
      action: AUDIT_ACTION[action],
      target,
      command,
      result: finished.phase === 'succeeded' ? 'succeeded' : 'failed',
      detail: `${finished.message}${finished.exitCode === null ? '' : ` (exit ${finished.exitCode})`}, ${(finished.finishedAtMs ?? started.startedAtMs) - started.startedAtMs} ms`
    })
    deps.publish(finished)
    deps.afterRun?.()
    return finished
  }
}
