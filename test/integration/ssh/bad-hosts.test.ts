// Hosts that go wrong in every way we know, each against a real process, all in one pool:
// each ends with a clear error within its timeout and the healthy host keeps answering.
import { createServer, type Server, type Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SshError } from '../../../src/main/ssh/ssh-error'
import type { ConnectionState } from '../../../src/main/ssh/ssh-pool'
import { createSshLab, type SshdInstance, type SshLab } from '../../helpers/sshd'
import { keyHost, testPool, within, type TestPool } from './ssh-fixtures'

async function listen(server: Server, address: string): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, address, resolve))
  const info = server.address()
  if (typeof info !== 'object' || info === null) throw new Error('no port')
  return info.port
}

async function waitForState(states: ConnectionState[], host: string, state: ConnectionState['state'], fromIndex: number, timeoutMs: number): Promise<ConnectionState> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const found = states.slice(fromIndex).find((s) => s.host === host && s.state === state)
    if (found) return found
    if (Date.now() > deadline) throw new Error(`${host} did not reach ${state} within ${timeoutMs} ms; saw ${JSON.stringify(states.slice(fromIndex).filter((s) => s.host === host).map((s) => s.state))}`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

describe('bad hosts', () => {
  let lab: SshLab
  let good: SshdInstance
  let frozen: SshdInstance
  let crashing: SshdInstance
  let setup: TestPool
  const silentSockets: Socket[] = []
  const silent = createServer((socket) => silentSockets.push(socket))
  let silentPort = 0
  let refusedPort = 0

  beforeAll(async () => {
    lab = await createSshLab()
    good = await lab.startSshd({ name: 'good', address: '127.0.0.10' })
    frozen = await lab.startSshd({ name: 'frozen', address: '127.0.0.13' })
    crashing = await lab.startSshd({ name: 'crashing', address: '127.0.0.14' })
    silentPort = await listen(silent, '127.0.0.12')
    // Bind and release a port so nothing listens on it: connections are refused.
    const probe = createServer()
    refusedPort = await listen(probe, '127.0.0.11')
    await new Promise((resolve) => probe.close(resolve))
    setup = testPool([good, frozen, crashing], {
      readyTimeoutMs: 1500,
      keepaliveIntervalMs: 1000,
      keepaliveCountMax: 3,
      backoff: { initialDelayMs: 300, maxDelayMs: 1500 }
    })
    setup.pool.setHost(keyHost(lab, good, 'good'))
    setup.pool.setHost(keyHost(lab, frozen, 'frozen'))
    setup.pool.setHost(keyHost(lab, crashing, 'crashing'))
    setup.pool.setHost({ name: 'refused', address: '127.0.0.11', port: refusedPort, user: lab.keyUser.name, identityFile: lab.keyUser.privateKeyPath })
    setup.pool.setHost({ name: 'silent', address: '127.0.0.12', port: silentPort, user: lab.keyUser.name, identityFile: lab.keyUser.privateKeyPath })
    await setup.pool.connect('good')
  })
  afterAll(async () => {
    frozen?.resume()
    await setup?.pool.close()
    for (const socket of silentSockets) socket.destroy()
    await new Promise((resolve) => silent.close(resolve))
    await lab?.close()
  })

  /** Runs `work` while the good host is asked every 100 ms; every answer must come back fast. */
  async function whileGoodHostAnswers<T>(work: () => Promise<T>): Promise<T> {
    let stop = false
    const latencies: number[] = []
    const pinger = (async () => {
      while (!stop) {
        const started = Date.now()
        const result = await setup.pool.exec('good', ['echo', 'pong'], { timeoutMs: 3000 })
        expect(result.stdout.toString()).toBe('pong\n')
        latencies.push(Date.now() - started)
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
    })()
    try {
      return await work()
    } finally {
      stop = true
      await pinger
      expect(latencies.length).toBeGreaterThan(0)
      expect(Math.max(...latencies)).toBeLessThan(1000)
    }
  }

  it('reports a refused connection as unreachable at once, then backs off and says when it retries', async () => {
    const from = setup.states.length
    const outcome = await whileGoodHostAnswers(() => within(5000, setup.pool.exec('refused', ['true'])))
    const error = outcome.error as SshError
    expect(outcome.elapsedMs).toBeLessThan(1000)
    expect(error.kind).toBe('unreachable')
    expect(error.message).toBe(`refused: cannot reach 127.0.0.11:${refusedPort} (ECONNREFUSED)`)
    const backoff = await waitForState(setup.states, 'refused', 'backoff', from, 1000)
    expect(backoff).toMatchObject({ attempt: 1, error: { kind: 'unreachable' } })
    expect(setup.states.slice(from).filter((s) => s.host === 'refused').map((s) => s.state).slice(0, 3)).toEqual(['connecting', 'down', 'backoff'])
    await expect(setup.pool.exec('refused', ['true'])).rejects.toMatchObject({ kind: 'unreachable', message: expect.stringMatching(/\(next retry in [\d.]+ s\)$/) })
    // Retries go on by themselves with growing delays, capped by the policy.
    const later = await waitForState(setup.states, 'refused', 'backoff', setup.states.indexOf(backoff) + 1, 3000)
    expect(later).toMatchObject({ attempt: 2 })
    expect((later as { delayMs: number }).delayMs).toBeLessThanOrEqual(1500)
    await setup.pool.removeHost('refused')
  })

  it('gives up on a listener that never speaks SSH within readyTimeout', async () => {
    const outcome = await whileGoodHostAnswers(() => within(5000, setup.pool.exec('silent', ['true'])))
    const error = outcome.error as SshError
    expect(error.kind).toBe('timeout')
    expect(error.message).toBe(`silent: no SSH handshake from 127.0.0.12:${silentPort} within 1.5 s`)
    expect(outcome.elapsedMs).toBeGreaterThanOrEqual(1400)
    expect(outcome.elapsedMs).toBeLessThan(3000)
    expect(silentSockets.length).toBeGreaterThan(0)
    await setup.pool.removeHost('silent')
  })

  it('fails a running command with connection-lost when the sshd session is killed, then reconnects by itself', async () => {
    await setup.pool.connect('crashing')
    const from = setup.states.length
    const outcome = await whileGoodHostAnswers(async () => {
      const running = within(5000, setup.pool.exec('crashing', ['sleep', '20']))
      await new Promise((resolve) => setTimeout(resolve, 300))
      crashing.killSessions()
      return running
    })
    const error = outcome.error as SshError
    expect(error.kind).toBe('connection-lost')
    expect(error.message).toMatch(/^crashing: connection lost.* while running `sleep 20`$/)
    expect(outcome.elapsedMs).toBeLessThan(1500)
    await waitForState(setup.states, 'crashing', 'connected', from, 5000)
    expect(setup.pool.stats('crashing').connectionsOpened).toBe(2)
    expect((await setup.pool.exec('crashing', ['echo', 'back'])).stdout.toString()).toBe('back\n')
  })

  it('detects a SIGSTOPped sshd by keepalive, reports it down, and reconnects after SIGCONT', async () => {
    await setup.pool.connect('frozen')
    const from = setup.states.length
    const outcome = await whileGoodHostAnswers(async () => {
      const running = within(10_000, setup.pool.exec('frozen', ['sleep', '9'], { timeoutMs: 60_000 }))
      await new Promise((resolve) => setTimeout(resolve, 200))
      frozen.pause()
      return running
    })
    const error = outcome.error as SshError
    expect(error.kind).toBe('connection-lost')
    expect(error.message).toBe('frozen: connection lost — no answer to 3 keepalives in 3 s while running `sleep 9`')
    // Three 1 s keepalives, counted from the last answer.
    expect(outcome.elapsedMs).toBeGreaterThanOrEqual(2500)
    expect(outcome.elapsedMs).toBeLessThan(5000)
    const down = await waitForState(setup.states, 'frozen', 'down', from, 1000)
    expect(down).toMatchObject({ error: { kind: 'connection-lost', host: 'frozen' } })
    frozen.resume()
    await waitForState(setup.states, 'frozen', 'connected', from, 8000)
    expect((await setup.pool.exec('frozen', ['echo', 'thawed'])).stdout.toString()).toBe('thawed\n')
  })
})
