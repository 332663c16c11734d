// Authentication against real sshd: ssh-agent, encrypted key files, stored passwords,
// keyboard-interactive (PAM), and the clear failures when credentials are wrong.
import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EncryptedFileSecretStore } from '../../../src/main/ssh/secret-store'
import type { SshError } from '../../../src/main/ssh/ssh-error'
import { createSshLab, type SshdInstance, type SshLab } from '../../helpers/sshd'
import { keyHost, tempDir, testCipher, testPool } from './ssh-fixtures'

const run = promisify(execFile)

describe('authentication', () => {
  let lab: SshLab
  let sshd: SshdInstance
  let pamSshd: SshdInstance
  let agentPid: number | undefined
  const cleanups: (() => Promise<void>)[] = []

  beforeAll(async () => {
    lab = await createSshLab()
    sshd = await lab.startSshd({ name: 'auth', address: '127.0.0.5' })
    pamSshd = await lab.startSshd({ name: 'pam', address: '127.0.0.6', usePam: true, config: { PasswordAuthentication: 'no' } })
  })
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup()
    if (agentPid !== undefined) process.kill(agentPid, 'SIGTERM')
    await lab?.close()
  })

  function pool(trusted: SshdInstance, options: Parameters<typeof testPool>[1] = {}) {
    const setup = testPool([trusted], options)
    cleanups.push(() => setup.pool.close())
    return setup.pool
  }

  it('logs in with a key held by a real ssh-agent', async () => {
    const socket = join(tempDir(), 'agent.sock')
    const { stdout } = await run('ssh-agent', ['-s', '-a', socket])
    agentPid = Number(/SSH_AGENT_PID=(\d+)/.exec(stdout)?.[1])
    const agentKey = await lab.generateClientKey({ name: 'agent-key', authorize: true })
    await run('ssh-add', [agentKey.privateKeyPath], { env: { ...process.env, SSH_AUTH_SOCK: socket } })
    const p = pool(sshd, { auth: { agentSocket: socket, homeDir: tempDir() } })
    p.setHost({ name: 'hv-agent', address: sshd.address, port: sshd.port, user: lab.keyUser.name })
    expect((await p.exec('hv-agent', ['id', '-un'])).stdout.toString()).toBe(`${lab.keyUser.name}\n`)
    expect(sshd.log()).toContain(`Accepted publickey for ${lab.keyUser.name} from 127.0.0.1`)
    expect(sshd.log()).toContain(agentKey.sha256)
  })

  it('asks for the passphrase of an encrypted key once, and keeps the key across reconnects', async () => {
    const key = await lab.generateClientKey({ name: 'encrypted', passphrase: 'correct horse battery', authorize: true })
    const asked: { keyPath: string; attempt: number; host: string }[] = []
    const p = pool(sshd, {
      auth: {
        agentSocket: null,
        homeDir: tempDir(),
        askPassphrase: async (request) => {
          asked.push(request)
          return 'correct horse battery'
        }
      },
      backoff: { initialDelayMs: 60_000 }
    })
    p.setHost(keyHost(lab, sshd, 'hv-enc', { identityFile: key.privateKeyPath }))
    expect((await p.exec('hv-enc', ['echo', 'in'])).stdout.toString()).toBe('in\n')
    expect(asked).toEqual([{ host: 'hv-enc', keyPath: key.privateKeyPath, attempt: 1 }])
    sshd.killSessions()
    await expect(p.exec('hv-enc', ['sleep', '5'])).rejects.toMatchObject({ kind: 'connection-lost' })
    await p.reconnect('hv-enc')
    expect((await p.exec('hv-enc', ['echo', 'back'])).stdout.toString()).toBe('back\n')
    expect(asked).toHaveLength(1)
    expect(p.stats('hv-enc').connectionsOpened).toBe(2)
  })

  it('fails clearly after three wrong passphrases', async () => {
    const key = await lab.generateClientKey({ name: 'encrypted-2', passphrase: 'right one', authorize: true })
    const attempts: number[] = []
    const p = pool(sshd, {
      auth: {
        agentSocket: null,
        homeDir: tempDir(),
        askPassphrase: async (request) => {
          attempts.push(request.attempt)
          return 'wrong one'
        }
      }
    })
    p.setHost(keyHost(lab, sshd, 'hv-wrongpass', { identityFile: key.privateKeyPath }))
    const error = (await p.exec('hv-wrongpass', ['true']).catch((e: unknown) => e)) as SshError
    expect(error.kind).toBe('auth-failed')
    expect(error.message).toContain(`hv-wrongpass: authentication failed for ${lab.keyUser.name}@127.0.0.5:${sshd.port}`)
    expect(error.message).toContain(`wrong passphrase for key file ${key.privateKeyPath} (3 attempts)`)
    expect(attempts).toEqual([1, 2, 3])
  })

  it('logs in with a password kept encrypted in the secret store', async () => {
    const store = new EncryptedFileSecretStore(join(tempDir(), 'secrets.json'), testCipher())
    await store.set('host:hv-pw', lab.passwordUser.password)
    const p = pool(sshd, { auth: { agentSocket: null, homeDir: tempDir(), secretStore: store } })
    p.setHost({ name: 'hv-pw', address: sshd.address, port: sshd.port, user: lab.passwordUser.name, passwordSecretRef: 'host:hv-pw' })
    expect((await p.exec('hv-pw', ['id', '-un'])).stdout.toString()).toBe(`${lab.passwordUser.name}\n`)
    expect(sshd.log()).toContain(`Accepted password for ${lab.passwordUser.name}`)
  })

  it('reports a wrong password and a wrong key as auth-failed, naming the host', async () => {
    const store = new EncryptedFileSecretStore(join(tempDir(), 'secrets.json'), testCipher())
    await store.set('bad', 'not-the-password')
    const p = pool(sshd, { auth: { agentSocket: null, homeDir: tempDir(), secretStore: store } })
    p.setHost({ name: 'hv-badpw', address: sshd.address, port: sshd.port, user: lab.passwordUser.name, passwordSecretRef: 'bad' })
    const badPassword = (await p.exec('hv-badpw', ['true']).catch((e: unknown) => e)) as SshError
    expect(badPassword).toMatchObject({ kind: 'auth-failed', host: 'hv-badpw' })
    expect(badPassword.message).toBe(`hv-badpw: authentication failed for ${lab.passwordUser.name}@127.0.0.5:${sshd.port} — tried password`)

    const stranger = await lab.generateClientKey({ name: 'not-authorized' })
    p.setHost(keyHost(lab, sshd, 'hv-badkey', { identityFile: stranger.privateKeyPath }))
    const badKey = (await p.exec('hv-badkey', ['true']).catch((e: unknown) => e)) as SshError
    expect(badKey).toMatchObject({ kind: 'auth-failed', host: 'hv-badkey' })
    expect(badKey.message).toContain(`tried key ${stranger.privateKeyPath}`)
    // A failed login is remembered: no new connection until reconnect() is asked for.
    const connections = sshd.connectionCount()
    await expect(p.exec('hv-badkey', ['true'])).rejects.toMatchObject({ kind: 'auth-failed' })
    expect(sshd.connectionCount()).toBe(connections)
  })

  it('answers keyboard-interactive (PAM) through the callback, or with the stored password', async () => {
    const prompts: string[] = []
    const asking = pool(pamSshd, {
      auth: {
        agentSocket: null,
        homeDir: tempDir(),
        keyboardInteractive: async (request) => {
          prompts.push(...request.prompts.map((p) => `${p.prompt}|${p.echo}`))
          return request.prompts.map(() => lab.passwordUser.password)
        }
      }
    })
    asking.setHost({ name: 'mail-01', address: pamSshd.address, port: pamSshd.port, user: lab.passwordUser.name })
    expect((await asking.exec('mail-01', ['id', '-un'])).stdout.toString()).toBe(`${lab.passwordUser.name}\n`)
    expect(prompts).toEqual(['Password: |false'])

    const store = new EncryptedFileSecretStore(join(tempDir(), 'secrets.json'), testCipher())
    await store.set('mail', lab.passwordUser.password)
    const stored = pool(pamSshd, { auth: { agentSocket: null, homeDir: tempDir(), secretStore: store } })
    stored.setHost({ name: 'mail-02', address: pamSshd.address, port: pamSshd.port, user: lab.passwordUser.name, passwordSecretRef: 'mail' })
    expect((await stored.exec('mail-02', ['id', '-un'])).stdout.toString()).toBe(`${lab.passwordUser.name}\n`)
    expect(pamSshd.log()).toContain(`Accepted keyboard-interactive/pam for ${lab.passwordUser.name}`)
  })
})
