// How the migration pieces run a command on a host: an argv over the SSH pool (quoted in one
// place there), with the output as text. Tests hand in the same shape backed by a real sshd.
import type { SshPool } from '../ssh/ssh-pool'

export interface HostExecResult {
  exitCode: number | null
  stdout: string
  stderr: string
}

/** Runs argv on a host; a non-zero exit is a result, a lost connection or timeout rejects. */
export type HostExec = (host: string, argv: readonly string[], options: { timeoutMs: number }) => Promise<HostExecResult>

export function poolExec(pool: SshPool): HostExec {
  return async (host, argv, options) => {
    const result = await pool.exec(host, argv, { timeoutMs: options.timeoutMs })
    return { exitCode: result.exitCode, stdout: result.stdout.toString('utf8'), stderr: result.stderr.toString('utf8') }
  }
}

/** virsh's own words for a failure: its `error: …` lines, else the last line of stderr. */
export function toolError(result: HostExecResult): string {
  // `--verbose` progress ends with \r and no newline, so an error may follow it on the same line.
  const lines = result.stderr
    .split(/[\r\n]+/)
    .map((line) => line.replace(/^Migration: \[\s*\d+ %\]/, '').trim())
    .filter((line) => line !== '')
  const errors = lines.filter((line) => line.startsWith('error: ')).map((line) => line.slice('error: '.length))
  if (errors.length > 0) return errors.join(': ')
  return lines.at(-1) ?? `exit status ${result.exitCode ?? 'none (killed by a signal)'}`
}

/** Runs argv and resolves to stdout; a non-zero exit rejects with "host: `cmd` failed: reason". */
export async function execText(exec: HostExec, host: string, argv: readonly string[], timeoutMs: number): Promise<string> {
  const result = await exec(host, argv, { timeoutMs })
  if (result.exitCode === 0) return result.stdout
  throw new HostCommandError(`${host}: \`${argv.filter((a) => a !== 'env' && a !== 'LC_ALL=C').join(' ')}\` failed: ${toolError(result)}`)
}

export class HostCommandError extends Error {
  override name = 'HostCommandError'
  readonly kind = 'command-failed'
}
