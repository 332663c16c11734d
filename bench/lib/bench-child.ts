// Benchmark work that must not be counted in the measuring process runs in a child: a tsx script
// that reports to its parent with JSON lines on stdout and ends when its stdin closes.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { createInterface } from 'node:readline'

const MESSAGE_PREFIX = '@@fleet-bench@@ '

/** In a child: sends one message to the parent. */
export function sendToParent(message: object): void {
  process.stdout.write(`${MESSAGE_PREFIX}${JSON.stringify(message)}\n`)
}

/** In a child: resolves when the parent closes our stdin (or is gone), or on SIGINT/SIGTERM. */
export function parentGone(): Promise<void> {
  return new Promise((resolve) => {
    process.stdin.resume()
    process.stdin.once('end', () => resolve())
    process.stdin.once('close', () => resolve())
    process.once('SIGTERM', () => resolve())
    process.once('SIGINT', () => resolve())
  })
}

export class ChildExitedError extends Error {
  override name = 'ChildExitedError'
  readonly kind = 'child-exited'
}

export interface BenchChild<M> {
  readonly pid: number
  readonly label: string
  /** The next message; rejects with a ChildExitedError if the child ends before sending one. */
  next(): Promise<M>
  /** Closes the child's stdin and waits for it to exit (SIGKILL after `graceMs`). */
  stop(graceMs?: number): Promise<void>
}

export function startChild<M>(label: string, scriptPath: string, args: readonly string[], nodeArgs: readonly string[] = []): BenchChild<M> {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', scriptPath, ...args], { stdio: 'pipe' })
  if (child.pid === undefined) throw new ChildExitedError(`${label}: could not start ${scriptPath}`)
  const messages: M[] = []
  const waiters: { resolve: (m: M) => void; reject: (e: Error) => void }[] = []
  let exitError: ChildExitedError | undefined
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exitError = new ChildExitedError(`${label} exited (${signal ?? `status ${code}`}) before sending the expected message`)
      for (const waiter of waiters.splice(0)) waiter.reject(exitError)
      resolve()
    })
  })

  createInterface({ input: child.stdout }).on('line', (line) => {
    if (!line.startsWith(MESSAGE_PREFIX)) {
      process.stderr.write(`[${label}] ${line}\n`)
      return
    }
    const message = JSON.parse(line.slice(MESSAGE_PREFIX.length)) as M
    const waiter = waiters.shift()
    if (waiter) waiter.resolve(message)
    else messages.push(message)
  })
  createInterface({ input: child.stderr }).on('line', (line) => process.stderr.write(`[${label}] ${line}\n`))
  // A child that already exited makes writes fail with EPIPE: its exit is reported by next().
  child.stdin.on('error', () => undefined)

  return {
    pid: child.pid,
    label,
    next: () => {
      const queued = messages.shift()
      if (queued !== undefined) return Promise.resolve(queued)
      if (exitError) return Promise.reject(exitError)
      return new Promise<M>((resolve, reject) => waiters.push({ resolve, reject }))
    },
    stop: async (graceMs = 15_000) => {
      if (child.exitCode !== null || child.signalCode !== null) return
      child.stdin.end()
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
      await exited
      clearTimeout(timer)
    }
  }
}
