// The pool against a real sshd: one connection reused, the channel cap, FIFO queueing, exit
// statuses, stdin, timeouts that kill the remote command, the output cap, and ProxyJump.
import { readdirSync, readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SshError } from '../../../src/main/ssh/ssh-error'
import { createSshLab, type SshdInstance, type SshLab } from '../../helpers/sshd'
import { keyHost, testPool, type TestPool } from './ssh-fixtures'

function processesWithCommandLine(text: string): number[] {
  const found: number[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ').trim() === text) found.push(Number(entry))
    } catch {
      // The process ended while we looked.
    }
  }
  return found
}

describe('SshPool', () => {
  let lab: SshLab
  let sshd: SshdInstance
  let setup: TestPool

  beforeAll(async () => {
    lab = await createSshLab()
    sshd = await lab.startSshd({ name: 'pool', address: '127.0.0.7' })
    setup = testPool([sshd], { maxOutputBytes: 1024 * 1024 })
    setup.pool.setHost(keyHost(lab, sshd, 'hv-01'))
  })
  afterAll(async () => {
    await setup?.pool.close()
    await lab?.close()
  })

  it('multiplexes 30 commands over one connection with at most 8 channels open, first come first served', async () => {
    const script = 'date +%s%N; sleep 0.2; date +%s%N'
    const started = Date.now()
    const results = await Promise.all(Array.from({ length: 30 }, () => setup.pool.exec('hv-01', ['sh', '-c', script], { timeoutMs: 20_000 })))
    const elapsedMs = Date.now() - started
    const spans = results.map((result) => result.stdout.toString().trim().split('\n').map((n) => Number(BigInt(n) / 1_000_000n)) as [number, number])
    let peak = 0
    for (const [start] of spans) peak = Math.max(peak, spans.filter(([s, e]) => s <= start && start < e).length)
    expect(peak).toBeLessThanOrEqual(8)
    expect(peak).toBeGreaterThanOrEqual(4)
    // 30 commands of 0.2 s through 8 lanes need at least 4 rounds.
    expect(elapsedMs).toBeGreaterThanOrEqual(750)
    const firstEightLatestStart = Math.max(...spans.slice(0, 8).map(([s]) => s))
    const lastEightEarliestStart = Math.min(...spans.slice(-8).map(([s]) => s))
    expect(firstEightLatestStart).toBeLessThan(lastEightEarliestStart)
    const stats = setup.pool.stats('hv-01')
    expect(stats.peakOpenChannels).toBe(8)
    expect(stats.connectionsOpened).toBe(1)
    expect(sshd.connectionCount()).toBe(1)
  })

  it('returns exit status, signal, stderr and stdin faithfully', async () => {
    const failed = await setup.pool.exec('hv-01', ['sh', '-c', 'echo out; echo err >&2; exit 3'])
    expect(failed).toMatchObject({ exitCode: 3, signal: null })
    expect(failed.stdout.toString()).toBe('out\n')
    expect(failed.stderr.toString()).toBe('err\n')
    const killed = await setup.pool.exec('hv-01', ['sh', '-c', 'kill -TERM $PPID'])
    expect(killed).toMatchObject({ exitCode: null, signal: 'SIGTERM' })
    const echoed = await setup.pool.exec('hv-01', ['cat'], { stdin: Buffer.from('line 1\nline ✓\n') })
    expect(echoed.stdout.toString()).toBe('line 1\nline ✓\n')
    await expect(setup.pool.run('hv-01', ['ls', '/does-not-exist'])).rejects.toMatchObject({
      kind: 'command-failed',
      message: expect.stringMatching(/^hv-01: `ls \/does-not-exist` exited with status 2: ls: cannot access '\/does-not-exist'/)
    })
    expect((await setup.pool.run('hv-01', ['printf', '%s', 'x y'])).toString()).toBe('x y')
  })

  it('times out a command that never ends, kills it remotely, and keeps the connection', async () => {
    const started = Date.now()
    const error = (await setup.pool.exec('hv-01', ['sleep', '31.7'], { timeoutMs: 600 }).catch((e: unknown) => e)) as SshError
    expect(Date.now() - started).toBeLessThan(2000)
    expect(error.kind).toBe('timeout')
    expect(error.message).toBe('hv-01: `sleep 31.7` did not finish within 0.6 s; its channel was closed')
    const deadline = Date.now() + 3000
    while (processesWithCommandLine('sleep 31.7').length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
    expect(processesWithCommandLine('sleep 31.7')).toEqual([])
    expect((await setup.pool.exec('hv-01', ['echo', 'still here'])).stdout.toString()).toBe('still here\n')
    expect(setup.pool.stats('hv-01')).toMatchObject({ openChannels: 0, connectionsOpened: 1 })
  })

  it('caps output: exactly the cap passes, one byte more is a clear error', async () => {
    const cap = 1024 * 1024
    const ok = await setup.pool.exec('hv-01', ['head', '-c', String(cap), '/dev/zero'])
    expect(ok.stdout.length).toBe(cap)
    await expect(setup.pool.exec('hv-01', ['head', '-c', String(cap + 1), '/dev/zero'])).rejects.toMatchObject({
      kind: 'output-too-large',
      message: `hv-01: \`head -c ${cap + 1} /dev/zero\` printed more than ${cap} bytes; its channel was closed`
    })
    await expect(setup.pool.exec('hv-01', ['head', '-c', '2000', '/dev/zero'], { maxOutputBytes: 1000 })).rejects.toMatchObject({ kind: 'output-too-large' })
    expect(setup.pool.stats('hv-01').connectionsOpened).toBe(1)
  })

  it('has a 16 MiB output cap by default', async () => {
    const defaults = testPool([sshd])
    try {
      defaults.pool.setHost(keyHost(lab, sshd, 'hv-defaults'))
      const limit = 16 * 1024 * 1024
      expect((await defaults.pool.exec('hv-defaults', ['head', '-c', String(limit), '/dev/zero'])).stdout.length).toBe(limit)
      await expect(defaults.pool.exec('hv-defaults', ['head', '-c', String(limit + 1), '/dev/zero'])).rejects.toMatchObject({ kind: 'output-too-large' })
    } finally {
      await defaults.pool.close()
    }
  })

  it('rejects an argv with a NUL byte before anything is sent', async () => {
    await expect(setup.pool.exec('hv-01', ['echo', 'a\0b'])).rejects.toMatchObject({ kind: 'command-failed', message: expect.stringContaining('NUL') })
    await expect(setup.pool.exec('nope', ['true'])).rejects.toMatchObject({ kind: 'unreachable', message: 'nope: no such host is configured' })
  })
})

describe('ProxyJump', () => {
  let lab: SshLab
  let bastion: SshdInstance
  let target: SshdInstance
  let closedBastion: SshdInstance
  let setup: TestPool

  beforeAll(async () => {
    lab = await createSshLab()
    bastion = await lab.startSshd({ name: 'bastion', address: '127.0.0.8' })
    closedBastion = await lab.startSshd({ name: 'no-forwarding', address: '127.0.0.8', config: { AllowTcpForwarding: 'no' } })
    target = await lab.startSshd({ name: 'inner', address: '127.0.0.9' })
    setup = testPool([bastion, closedBastion, target])
  })
  afterAll(async () => {
    await setup?.pool.close()
    await lab?.close()
  })

  it('reaches a host through a jump host in the inventory, sharing its connection', async () => {
    setup.pool.setHost(keyHost(lab, bastion, 'bastion'))
    setup.pool.setHost(keyHost(lab, target, 'inner-01', { proxyJump: 'bastion' }))
    const bastionConnections = bastion.connectionCount()
    expect((await setup.pool.exec('inner-01', ['echo', 'inside'])).stdout.toString()).toBe('inside\n')
    expect((await setup.pool.exec('bastion', ['echo', 'outside'])).stdout.toString()).toBe('outside\n')
    expect(bastion.connectionCount()).toBe(bastionConnections + 1)
    expect(setup.pool.stats('bastion').connectionsOpened).toBe(1)
  })

  it('accepts an ad-hoc user@host:port jump, and names the jump host when it refuses to forward', async () => {
    setup.pool.setHost(keyHost(lab, target, 'inner-02', { proxyJump: `${lab.keyUser.name}@127.0.0.8:${bastion.port}` }))
    expect((await setup.pool.exec('inner-02', ['hostname'])).exitCode).toBe(0)
    setup.pool.setHost(keyHost(lab, target, 'inner-03', { proxyJump: `${lab.keyUser.name}@127.0.0.8:${closedBastion.port}` }))
    const error = (await setup.pool.exec('inner-03', ['true']).catch((e: unknown) => e)) as SshError
    expect(error.kind).toBe('unreachable')
    expect(error.message).toMatch(new RegExp(`^inner-03: jump host .*127\\.0\\.0\\.8:${closedBastion.port} could not reach 127\\.0\\.0\\.9:${target.port}`))
  })
})
