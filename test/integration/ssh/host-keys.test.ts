// Host key verification against real sshd: the key is judged before any authentication.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HostKeyVerifier } from '../../../src/main/ssh/host-key-verifier'
import { formatKnownHostsLine } from '../../../src/main/ssh/known-hosts'
import { SshError } from '../../../src/main/ssh/ssh-error'
import { SshPool, type ConnectionState, type HostKeyPrompt } from '../../../src/main/ssh/ssh-pool'
import { createSshLab, type SshdInstance, type SshLab } from '../../helpers/sshd'
import { keyHost, tempDir } from './ssh-fixtures'

const AUTH_LINES = /Accepted|Postponed|Failed|Invalid user|Authentication refused/

describe('host key verification', () => {
  let lab: SshLab
  let single: SshdInstance
  let multi: SshdInstance
  const pools: SshPool[] = []

  beforeAll(async () => {
    lab = await createSshLab()
    single = await lab.startSshd({ name: 'single', address: '127.0.0.3' })
    multi = await lab.startSshd({ name: 'multi', address: '127.0.0.4', hostKeyTypes: ['ed25519', 'ecdsa', 'rsa'] })
  })
  afterAll(async () => {
    for (const pool of pools) await pool.close()
    await lab?.close()
  })

  function makePool(ownPath: string, options: { readOnlyPaths?: string[]; prompt?: (p: HostKeyPrompt) => Promise<'accept-once' | 'accept-and-save' | 'cancel'>; readyTimeoutMs?: number } = {}) {
    const pool = new SshPool({
      verifier: new HostKeyVerifier({ readOnlyPaths: options.readOnlyPaths ?? [], ownPath }),
      auth: { agentSocket: null, homeDir: tempDir() },
      ...(options.prompt ? { promptHostKey: options.prompt } : {}),
      readyTimeoutMs: options.readyTimeoutMs ?? 5000
    })
    pools.push(pool)
    const states: ConnectionState[] = []
    pool.onState((state) => states.push(state))
    return { pool, states }
  }

  it('waits on the prompt for an unknown key, authenticates only after accept, and saves the key 0600', async () => {
    const ownPath = join(tempDir(), 'data', 'known_hosts')
    const logStart = single.log().length
    let authLinesDuringPrompt: boolean | undefined
    const prompts: HostKeyPrompt[] = []
    const { pool, states } = makePool(ownPath, {
      // Longer than readyTimeoutMs: the handshake clock must stop while a person decides.
      readyTimeoutMs: 1000,
      prompt: async (prompt) => {
        prompts.push(prompt)
        await new Promise((resolve) => setTimeout(resolve, 1500))
        authLinesDuringPrompt = AUTH_LINES.test(single.log().slice(logStart))
        return 'accept-and-save'
      }
    })
    pool.setHost(keyHost(lab, single, 'hv-01'))
    const result = await pool.exec('hv-01', ['echo', 'ok'])
    expect(result.stdout.toString()).toBe('ok\n')
    expect(prompts).toEqual([{ host: 'hv-01', address: '127.0.0.3', port: single.port, keyType: 'ssh-ed25519', sha256: single.hostKeys[0]?.sha256, otherKeyTypes: [] }])
    expect(authLinesDuringPrompt).toBe(false)
    expect(states.map((s) => s.state)).toEqual(['connecting', 'awaiting-host-key', 'connecting', 'connected'])
    expect(readFileSync(ownPath, 'utf8')).toBe(`${single.knownHostsLine()}\n`)
    expect(statSync(ownPath).mode & 0o777).toBe(0o600)

    const again = makePool(ownPath, { prompt: () => Promise.reject(new Error('must not be asked again')) })
    again.pool.setHost(keyHost(lab, single, 'hv-01'))
    expect((await again.pool.exec('hv-01', ['echo', 'again'])).stdout.toString()).toBe('again\n')
  })

  it('accept-once connects without saving anything', async () => {
    const ownPath = join(tempDir(), 'known_hosts')
    const { pool } = makePool(ownPath, { prompt: async () => 'accept-once' })
    pool.setHost(keyHost(lab, single, 'hv-01'))
    expect((await pool.exec('hv-01', ['true'])).exitCode).toBe(0)
    expect(existsSync(ownPath)).toBe(false)
  })

  it('cancel refuses the host before any authentication and keeps refusing without reconnecting', async () => {
    const logStart = single.log().length
    const connectionsBefore = single.connectionCount()
    const { pool, states } = makePool(join(tempDir(), 'known_hosts'), { prompt: async () => 'cancel' })
    pool.setHost(keyHost(lab, single, 'hv-01'))
    const error = await pool.exec('hv-01', ['true']).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SshError)
    expect(error).toMatchObject({ kind: 'host-key-unknown-rejected', host: 'hv-01' })
    expect((error as SshError).message).toContain(single.hostKeys[0]?.sha256)
    await expect(pool.exec('hv-01', ['true'])).rejects.toMatchObject({ kind: 'host-key-unknown-rejected' })
    expect(single.connectionCount()).toBe(connectionsBefore + 1)
    expect(single.log().slice(logStart)).not.toMatch(AUTH_LINES)
    expect(states.at(-1)).toMatchObject({ state: 'down', error: { kind: 'host-key-unknown-rejected' } })
  })

  it('refuses a changed key with both fingerprints and never authenticates', async () => {
    const ownPath = join(tempDir(), 'known_hosts')
    const impostor = await lab.generateClientKey({ name: 'old-host-key' })
    const [type, base64] = impostor.publicKeyLine.split(' ')
    writeFileSync(ownPath, `[127.0.0.3]:${single.port} ${type} ${base64}\n`)
    const logStart = single.log().length
    let asked = false
    const { pool } = makePool(ownPath, {
      prompt: async () => {
        asked = true
        return 'accept-and-save'
      }
    })
    pool.setHost(keyHost(lab, single, 'hv-02'))
    const error = (await pool.exec('hv-02', ['true']).catch((e: unknown) => e)) as SshError
    expect(error.kind).toBe('host-key-changed')
    expect(error.details).toMatchObject({ expected: [impostor.sha256], got: single.hostKeys[0]?.sha256 })
    expect(error.message).toBe(
      `hv-02: host key changed — expected ${impostor.sha256}, got ${single.hostKeys[0]?.sha256}; if the host was reinstalled, check the new key on its console, then forget the old one (Hosts → Forget saved key)`
    )
    expect(asked).toBe(false)
    expect(single.log().slice(logStart)).not.toMatch(AUTH_LINES)
    expect(error.toValue()).toMatchObject({ kind: 'host-key-changed', host: 'hv-02', expected: [impostor.sha256] })
  })

  it('refuses a revoked key even when it is also listed as known', async () => {
    const ownPath = join(tempDir(), 'known_hosts')
    const [type, base64] = (single.hostKeys[0]?.publicKeyLine ?? '').split(' ')
    writeFileSync(ownPath, `${single.knownHostsLine()}\n@revoked * ${type} ${base64}\n`)
    const { pool } = makePool(ownPath)
    pool.setHost(keyHost(lab, single, 'hv-03'))
    await expect(pool.exec('hv-03', ['true'])).rejects.toMatchObject({ kind: 'host-key-revoked', host: 'hv-03' })
  })

  it('asks a multi-key server for the key type it knows, from a hashed entry in the user file', async () => {
    for (const wanted of ['ssh-rsa', 'ecdsa-sha2-nistp256'] as const) {
      const userFile = join(tempDir(), 'user_known_hosts')
      const key = multi.hostKeys.find((k) => k.type === wanted)
      if (!key) throw new Error(`no ${wanted} key`)
      writeFileSync(userFile, `# user's own file\n@cert-authority *.example ${key.publicKeyLine}\n${formatKnownHostsLine('127.0.0.4', multi.port, key.blob, { hashed: true })}\n`)
      const ownPath = join(tempDir(), 'known_hosts')
      const { pool } = makePool(ownPath, { readOnlyPaths: [userFile] })
      pool.setHost(keyHost(lab, multi, 'gl-01'))
      expect((await pool.exec('gl-01', ['echo', wanted])).stdout.toString()).toBe(`${wanted}\n`)
      expect(pool.hostKey('gl-01')).toEqual({ type: wanted, sha256: key.sha256 })
      expect(existsSync(ownPath)).toBe(false)
    }
  })

  it('treats a key of a type not yet known as unknown (not changed), naming the known types', async () => {
    const ownPath = join(tempDir(), 'known_hosts')
    // Known: an ecdsa key; the single-key server only has ed25519, so its key is new, not changed.
    const stranger = await lab.generateClientKey({ name: 'stranger', type: 'ecdsa' })
    writeFileSync(ownPath, `[127.0.0.3]:${single.port} ${stranger.publicKeyLine.split(' ').slice(0, 2).join(' ')}\n`)
    const prompts: HostKeyPrompt[] = []
    const { pool } = makePool(ownPath, {
      prompt: async (prompt) => {
        prompts.push(prompt)
        return 'cancel'
      }
    })
    pool.setHost(keyHost(lab, single, 'hv-04'))
    await expect(pool.exec('hv-04', ['true'])).rejects.toMatchObject({ kind: 'host-key-unknown-rejected' })
    expect(prompts).toMatchObject([{ keyType: 'ssh-ed25519', otherKeyTypes: ['ecdsa-sha2-nistp256'] }])
  })
})
