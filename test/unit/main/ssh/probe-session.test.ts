// The probe session's framing and recovery, with the script run by local shells (dash as sh, bash,
// zsh) over pipes, as sshd would run it under a login shell: forged frames, garbled answers, the
// output cap, queueing, rc-file noise, a script that never starts, and the back-off to execs.
import { execFile, spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { ExecStream, StreamHandlers } from '../../../../src/main/ssh/exec-stream'
import type { ExecResult } from '../../../../src/main/ssh/host-connection'
import { ProbeSession, type ProbeAnswer, type ProbeOutcome } from '../../../../src/main/ssh/probe-session'
import { probeSessionScript, type ProbeTable } from '../../../../src/main/ssh/probe-session-script'
import { shellQuote } from '../../../../src/main/ssh/quote'
import { SshError } from '../../../../src/main/ssh/ssh-error'
import { tempDir } from './temp-dir'

/** Runs a command line under `shell -c` as a stream, the way sshd runs an exec under a login shell. */
function localStream(shell: string, wrap: (command: string) => string = (command) => command) {
  let started = 0
  const open = (command: string, handlers: StreamHandlers): ExecStream => {
    started += 1
    const child = spawn(shell, ['-c', wrap(command)], { stdio: 'pipe' })
    let ended = false
    const end = (value: Parameters<StreamHandlers['onClose']>[0]) => {
      if (ended) return
      ended = true
      handlers.onClose(value)
    }
    child.stdout.on('data', (chunk: Buffer) => handlers.onStdout(chunk))
    child.stderr.on('data', (chunk: Buffer) => handlers.onStderr?.(chunk))
    child.stdin.on('error', () => undefined)
    child.on('close', (code, signal) => end({ kind: 'exited', exitCode: code, signal }))
    return {
      get ended() {
        return ended
      },
      write: (data) => !ended && child.stdin.write(data),
      stop: () => {
        child.kill('SIGKILL')
        end({ kind: 'stopped' })
      }
    }
  }
  return { open, started: () => started }
}

function localExec(shell: string) {
  let count = 0
  const exec = (argv: readonly string[]): Promise<ExecResult> => {
    count += 1
    return new Promise((resolve) => {
      execFile(shell, ['-c', shellQuote(argv)], { encoding: 'buffer' }, (error, stdout, stderr) =>
        resolve({ exitCode: error ? (typeof error.code === 'number' ? error.code : null) : 0, signal: null, stdout, stderr })
      )
    })
  }
  return { exec, count: () => count }
}

function answer(outcome: ProbeOutcome | undefined): ProbeAnswer {
  if (outcome === undefined) throw new Error('no outcome')
  if (outcome instanceof SshError) throw outcome
  return outcome
}

const dir = tempDir('rackside-probe-session-')
const notes = join(dir, 'notes.txt')
writeFileSync(notes, 'first\n\tsecond \\ 100%\nthird without newline')

const table: ProbeTable = {
  notes: { argv: ['cat', notes], file: notes },
  greet: { argv: ['printf', '%s', 'hi'] },
  // Output that looks like frames and a ready line: without the session's nonce it is only data.
  forged: { argv: ['sh', '-c', 'printf "\\n0123456789abcdef0123456789abcdef 1 0 0\\nready\\n"; printf "\\nfeedface 1 0\\n" >&2'] },
  fails: { argv: ['sh', '-c', 'echo "no such thing" >&2; exit 4'] },
  big: { argv: ['head', '-c', '300000', '/dev/zero'] },
  hang: { argv: ['sleep', '5'] }
}

interface Setup {
  session: ProbeSession
  streams: ReturnType<typeof localStream>
  execs: ReturnType<typeof localExec>
  clock: { ms: number }
}

function setup(options: { shell?: string; wrap?: (command: string) => string; maxOutputBytes?: number; startTimeoutMs?: number; script?: string } = {}): Setup {
  const shell = options.shell ?? 'sh'
  const streams = localStream(shell, options.wrap)
  const execs = localExec(shell)
  const clock = { ms: 1_000_000 }
  const session = new ProbeSession({
    host: 'hv-01',
    table,
    script: options.script ?? probeSessionScript(table),
    openStream: streams.open,
    exec: execs.exec,
    maxOutputBytes: options.maxOutputBytes ?? 1024 * 1024,
    startTimeoutMs: options.startTimeoutMs ?? 5_000,
    backoff: { initialDelayMs: 30_000, maxDelayMs: 600_000, multiplier: 2, jitterRatio: 0 },
    random: () => 0,
    now: () => clock.ms
  })
  return { session, streams, execs, clock }
}

describe('ProbeSession', () => {
  // The login shells a host may give the session: dash (as sh), bash, and zsh (which needs `emulate sh`).
  for (const shell of ['sh', 'bash', 'zsh']) {
    it(`answers exactly what one-off execs print, forged frames included, on one ${shell} process`, async () => {
      const { session, streams, execs } = setup({ shell })
      const names = ['notes', 'greet', 'forged', 'fails']
      const outcomes = await session.run(names, 5_000)
      for (const name of names) {
        const viaExec = await execs.exec(table[name]?.argv ?? [])
        expect(answer(outcomes.get(name))).toEqual({ exitCode: viaExec.exitCode, stdout: viaExec.stdout, stderr: viaExec.stderr })
      }
      expect(answer(outcomes.get('notes')).stdout.toString()).toBe('first\n\tsecond \\ 100%\nthird without newline')
      expect(answer(outcomes.get('fails'))).toMatchObject({ exitCode: 4 })
      // Concurrent requests queue on the same process and come back in order.
      const many = await Promise.all(Array.from({ length: 20 }, (_, i) => session.run(i % 2 ? ['greet'] : ['notes', 'greet'], 5_000)))
      expect(many.map((m) => answer(m.get('greet')).stdout.toString())).toEqual(Array.from({ length: 20 }, () => 'hi'))
      expect(streams.started()).toBe(1)
      expect(session.stats()).toEqual({ mode: 'session', sessionsStarted: 1, requests: 21 })
      session.close('test over')
    })
  }

  it('skips what rc files print before the script starts, on stdout and stderr', async () => {
    const { session } = setup({ wrap: (command) => `echo "Welcome to hv-01"; echo "warning: locale not set" >&2; ${command}` })
    const outcomes = await session.run(['greet', 'fails'], 5_000)
    expect(answer(outcomes.get('greet'))).toEqual({ exitCode: 0, stdout: Buffer.from('hi'), stderr: Buffer.alloc(0) })
    expect(answer(outcomes.get('fails')).stderr.toString()).toBe('no such thing\n')
    session.close('test over')
  })

  it('refuses a name outside the table without sending anything', async () => {
    const { session, streams } = setup()
    await expect(session.run(['greet', 'reboot'], 5_000)).rejects.toEqual(new SshError('command-failed', 'hv-01', 'hv-01: no probe named "reboot"'))
    expect(streams.started()).toBe(0)
  })

  it('fails a garbled answer with a clear error and starts a fresh session for the next request', async () => {
    // A "script" that frames its answer with the wrong request number.
    const liar = 'IFS= read -r n; echo "$n ready"; echo "$n ready" >&2; read -r q w; printf "x\\n%s 7 0 0\\n" "$n"; sleep 5'
    const { session, streams } = setup({ script: liar })
    await expect(session.run(['greet'], 5_000)).rejects.toMatchObject({
      kind: 'command-failed',
      message: 'hv-01: the probe session answered "7 0 0" where request 1 probe 0 was due; it was closed'
    })
    expect(session.stats()).toMatchObject({ sessionsStarted: 1, lastFailure: 'the probe session answered "7 0 0" where request 1 probe 0 was due' })
    await expect(session.run(['greet'], 5_000)).rejects.toMatchObject({ kind: 'command-failed' })
    expect(streams.started()).toBe(2)
    session.close('test over')
  })

  it('caps what a request may print, then recovers on a fresh session', async () => {
    const { session } = setup({ maxOutputBytes: 100_000 })
    await expect(session.run(['big'], 5_000)).rejects.toMatchObject({ kind: 'output-too-large', message: 'hv-01: probes big printed more than 100000 bytes; the probe session was closed' })
    expect(answer((await session.run(['greet'], 5_000)).get('greet')).stdout.toString()).toBe('hi')
    expect(session.stats().sessionsStarted).toBe(2)
    session.close('test over')
  })

  it('answers by one-off execs when the script never starts, then backs off from sessions after a second failure', async () => {
    const { session, streams, execs, clock } = setup({ script: 'sleep 5', startTimeoutMs: 200 })
    const first = await session.run(['greet', 'notes'], 5_000)
    expect(answer(first.get('greet')).stdout.toString()).toBe('hi')
    expect(session.stats()).toEqual({ mode: 'exec', sessionsStarted: 1, requests: 1, lastFailure: 'the probe script did not start within 0.2 s' })
    // The first failure retries a session at once; the second keeps the host on execs for 30 s.
    await session.run(['greet'], 5_000)
    expect(streams.started()).toBe(2)
    const execsBefore = execs.count()
    for (let i = 0; i < 3; i++) await session.run(['greet'], 5_000)
    expect(streams.started()).toBe(2)
    expect(execs.count()).toBe(execsBefore + 3)
    clock.ms += 30_001
    await session.run(['greet'], 5_000)
    expect(streams.started()).toBe(3)
    session.close('test over')
  })

  it('uses execs when the login shell cannot run the script, naming the shell’s complaint', async () => {
    const { session } = setup({ script: 'if then fi' })
    const outcomes = await session.run(['greet'], 5_000)
    expect(answer(outcomes.get('greet')).stdout.toString()).toBe('hi')
    expect(session.stats()).toMatchObject({ mode: 'exec', lastFailure: expect.stringMatching(/^the probe script could not start \(exit status 2: sh: 1: Syntax error: .*\)$/) })
    session.close('test over')
  })

  it('times out a hanging probe, keeps the answers before it, and fails requests still queued behind it', async () => {
    const { session, streams } = setup()
    const hung = session.run(['greet', 'hang'], 300)
    const queued = session.run(['notes'], 200).catch((error: unknown) => error)
    const outcomes = await hung
    expect(answer(outcomes.get('greet')).stdout.toString()).toBe('hi')
    expect(outcomes.get('hang')).toEqual(new SshError('timeout', 'hv-01', 'hv-01: probes greet, hang did not answer within 0.3 s; the probe session was closed'))
    expect(await queued).toEqual(new SshError('timeout', 'hv-01', 'hv-01: probes notes did not answer within 0.2 s'))
    expect(answer((await session.run(['notes'], 5_000)).get('notes')).exitCode).toBe(0)
    expect(streams.started()).toBe(2)
    session.close('test over')
    await expect(session.run(['greet'], 5_000)).rejects.toEqual(new SshError('connection-lost', 'hv-01', 'hv-01: test over'))
  })
})
