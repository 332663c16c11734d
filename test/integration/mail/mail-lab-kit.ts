// What the mail tests against the lab's mail-01 share: waiting for a condition, test/lab/mail-load.py
// run in the background (so a test can watch the app while the load runs), and an IMAP session held
// open until killed. Every process started here is tracked so afterAll can end it: no load is left
// running on the shared lab.
import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { labHosts, labScriptsDir } from '../../lab/lab'

export const mailHostAddress = labHosts.find((host) => host.name === 'mail-01')?.address ?? '10.200.0.21'

/** Polls `check` until it returns something truthy; throws after `timeoutMs`, naming `what`. */
export async function until<T>(what: string | (() => string), check: () => T | undefined | null | false | Promise<T | undefined | null | false>, timeoutMs: number, pollMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value !== undefined && value !== null && value !== false) return value
    if (Date.now() > deadline) throw new Error(`${typeof what === 'string' ? what : what()}: not within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, pollMs))
  }
}

/** The one JSON line mail-load.py prints when a scenario ends. */
export interface MailLoadSummary {
  scenario: string
  host: string
  durationMs: number
  counts: Record<string, number>
  sources: string[]
  bySource: Record<string, number>
  errors: number
  firstError: string | null
}

/** The processes a test file started on the lab: loads and held sessions. */
export class LabMailClients {
  private readonly running = new Set<ChildProcess>()

  /** Starts a scenario; `done` settles with its summary when it stops by its own bounds. */
  startLoad(args: string[]): { done: Promise<MailLoadSummary> } {
    const child = this.track(spawn('python3', [join(labScriptsDir, 'mail-load.py'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] }))
    let stdout = ''
    let stderr = ''
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const done = new Promise<MailLoadSummary>((resolve, reject) => {
      child.once('exit', (code) => {
        if (code !== 0) return reject(new Error(`mail-load.py ${args.join(' ')} exited ${code}: ${stdout}${stderr}`))
        const last = stdout.trim().split('\n').pop() ?? ''
        try {
          resolve(JSON.parse(last) as MailLoadSummary)
        } catch {
          reject(new Error(`mail-load.py ${args.join(' ')} printed no summary: ${stdout}${stderr}`))
        }
      })
    })
    // A test that fails before awaiting `done` must not also raise an unhandled rejection.
    done.catch(() => undefined)
    return { done }
  }

  async load(args: string[]): Promise<MailLoadSummary> {
    return this.startLoad(args).done
  }

  /** An IMAP session from the root namespace that stays logged in (INBOX selected) until ended. */
  holdImapSession(login: string, password: string): Promise<ChildProcess> {
    const script = `import imaplib, sys, time\nm = imaplib.IMAP4(${JSON.stringify(mailHostAddress)}, 143)\nm.login(${JSON.stringify(login)}, ${JSON.stringify(password)})\nm.select('INBOX')\nprint('in', flush=True)\ntime.sleep(120)\n`
    const child = this.track(spawn('python3', ['-c', script], { stdio: ['ignore', 'pipe', 'pipe'] }))
    return new Promise((resolve, reject) => {
      let stderr = ''
      child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
      child.stdout?.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('in')) resolve(child)
      })
      child.once('exit', (code) => reject(new Error(`the IMAP session ended early (${code}): ${stderr}`)))
    })
  }

  /** Ends every process still running and waits for each to exit. */
  async endAll(): Promise<void> {
    await Promise.all(
      [...this.running].map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve()
            child.once('exit', () => resolve())
            child.kill('SIGTERM')
            setTimeout(() => child.kill('SIGKILL'), 5_000).unref()
          })
      )
    )
  }

  private track(child: ChildProcess): ChildProcess {
    this.running.add(child)
    child.once('exit', () => this.running.delete(child))
    return child
  }
}
