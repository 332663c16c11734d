// The pool's long-lived exec channels against a real sshd: output arrives while the command runs,
// stop() ends the remote process, streams hold slots under the per-host cap, and a lost
// connection ends them with an error the caller can act on.
import { readdirSync, readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { StreamEnd } from '../../../src/main/ssh/exec-stream'
import { createSshLab, type SshdInstance, type SshLab } from '../../helpers/sshd'
import { keyHost, testPool, type TestPool } from '../ssh/ssh-fixtures'

function pidsRunning(marker: string): number[] {
  const found: number[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(marker)) found.push(Number(entry))
    } catch {
      // The process ended while we looked.
    }
  }
  return found
}

async function until(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

interface Recorded {
  chunks: { atMs: number; text: string }[]
  stderr: string
  end: StreamEnd | null
}

function recorder(): Recorded & { handlers: Parameters<TestPool['pool']['stream']>[2] } {
  const recorded: Recorded = { chunks: [], stderr: '', end: null }
  return Object.assign(recorded, {
    handlers: {
      onStdout: (chunk: Buffer) => recorded.chunks.push({ atMs: Date.now(), text: chunk.toString('utf8') }),
      onStderr: (chunk: Buffer) => (recorded.stderr += chunk.toString('utf8')),
      onClose: (end: StreamEnd) => (recorded.end = end)
    }
  })
}

describe('SshPool.stream', () => {
  let lab: SshLab
  let sshd: SshdInstance
  let setup: TestPool

  beforeAll(async () => {
    lab = await createSshLab()
    sshd = await lab.startSshd({ name: 'stream', address: '127.0.0.9' })
    setup = testPool([sshd], { maxChannelsPerHost: 3 })
    setup.pool.setHost(keyHost(lab, sshd, 'mail-01'))
  })
  afterAll(async () => {
    await setup?.pool.close()
    await lab?.close()
  })

  it('delivers output while the command runs and reports its exit status', async () => {
    const seen = recorder()
    setup.pool.stream('mail-01', ['sh', '-c', 'for i in 1 2 3; do echo tick $i; sleep 0.3; done; echo bye >&2; exit 4'], seen.handlers)
    await until(() => seen.end !== null, 10_000)
    expect(seen.chunks.map((c) => c.text).join('')).toBe('tick 1\ntick 2\ntick 3\n')
    // Three separate arrivals spread over the run, not one buffer at the end.
    expect(seen.chunks.length).toBeGreaterThanOrEqual(3)
    const first = seen.chunks[0]?.atMs ?? 0
    const last = seen.chunks[seen.chunks.length - 1]?.atMs ?? 0
    expect(last - first).toBeGreaterThanOrEqual(450)
    expect(seen.stderr).toBe('bye\n')
    expect(seen.end).toEqual({ kind: 'exited', exitCode: 4, signal: null })
  })

  it('stop() ends the remote command and frees its channel', async () => {
    const marker = `rackside-stream-stop-${process.pid}`
    const seen = recorder()
    const stream = setup.pool.stream('mail-01', ['sh', '-c', `while :; do echo ${marker}; sleep 0.2; done`], seen.handlers)
    await until(() => seen.chunks.length >= 2, 10_000)
    expect(pidsRunning(marker).length).toBeGreaterThan(0)
    expect(setup.pool.stats('mail-01').openChannels).toBe(1)
    stream.stop()
    expect(seen.end).toEqual({ kind: 'stopped' })
    expect(stream.ended).toBe(true)
    await until(() => pidsRunning(marker).length === 0, 10_000)
    await until(() => setup.pool.stats('mail-01').openChannels === 0, 5_000)
  })

  it('counts streams against the channel cap: a command waits while streams hold every slot', async () => {
    const streams = [recorder(), recorder(), recorder()].map((seen) => ({ seen, stream: setup.pool.stream('mail-01', ['sh', '-c', 'while :; do echo up; sleep 0.2; done'], seen.handlers) }))
    await until(() => streams.every(({ seen }) => seen.chunks.length > 0), 10_000)
    expect(setup.pool.stats('mail-01').openChannels).toBe(3)
    let done = false
    const exec = setup.pool.exec('mail-01', ['echo', 'queued']).then((result) => {
      done = true
      return result
    })
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(done).toBe(false)
    expect(setup.pool.stats('mail-01').queued).toBe(1)
    streams[0]?.stream.stop()
    const result = await exec
    expect(result.stdout.toString()).toBe('queued\n')
    // With the freed slot taken again, a queued stream that is stopped never starts.
    const filler = recorder()
    streams.push({ seen: filler, stream: setup.pool.stream('mail-01', ['sh', '-c', 'while :; do echo up; sleep 0.2; done'], filler.handlers) })
    await until(() => filler.chunks.length > 0, 5_000)
    expect(setup.pool.stats('mail-01').openChannels).toBe(3)
    const waiting = recorder()
    const queuedStream = setup.pool.stream('mail-01', ['sh', '-c', 'echo never'], waiting.handlers)
    expect(setup.pool.stats('mail-01').queued).toBe(1)
    queuedStream.stop()
    expect(setup.pool.stats('mail-01').queued).toBe(0)
    expect(waiting.end).toEqual({ kind: 'stopped' })
    for (const { stream } of streams) stream.stop()
    await until(() => setup.pool.stats('mail-01').openChannels === 0, 5_000)
    expect(waiting.chunks).toEqual([])
  })

  it('ends with a connection-lost error when the connection dies under it', async () => {
    const seen = recorder()
    setup.pool.stream('mail-01', ['sh', '-c', 'while :; do echo up; sleep 0.2; done'], seen.handlers)
    await until(() => seen.chunks.length > 0, 10_000)
    sshd.killSessions()
    await until(() => seen.end !== null, 10_000)
    expect(seen.end).toMatchObject({ kind: 'failed', error: { kind: 'connection-lost' } })
    const end = seen.end as Extract<StreamEnd, { kind: 'failed' }>
    expect(end.error.message).toMatch(/^mail-01: connection lost.* while streaming `sh -c/)
  })

  it('fails at once for an unknown host or an argv no shell can carry', async () => {
    const unknown = recorder()
    setup.pool.stream('ghost', ['true'], unknown.handlers)
    const bad = recorder()
    setup.pool.stream('mail-01', ['echo', 'a\0b'], bad.handlers)
    await until(() => unknown.end !== null && bad.end !== null, 1_000)
    expect(unknown.end).toMatchObject({ kind: 'failed', error: { kind: 'unreachable', message: 'ghost: no such host is configured' } })
    expect(bad.end).toMatchObject({ kind: 'failed', error: { kind: 'command-failed' } })
  })
})
