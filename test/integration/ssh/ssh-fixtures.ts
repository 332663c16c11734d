// Small builders shared by the SSH integration tests: temp known_hosts files that already trust
// an sshd instance, pools wired to them, and host configs for the lab's users.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll } from 'vitest'
import { HostKeyVerifier } from '../../../src/main/ssh/host-key-verifier'
import type { StringCipher } from '../../../src/main/ssh/secret-store'
import type { SshHostConfig } from '../../../src/main/ssh/ssh-host-config'
import { SshPool, type ConnectionState, type SshPoolOptions } from '../../../src/main/ssh/ssh-pool'
import type { SshdInstance, SshLab } from '../../helpers/sshd'

const madeDirs: string[] = []

// Registered once per test file that imports this module.
afterAll(() => {
  for (const dir of madeDirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/** A temp folder removed after the test file's tests. */
export function tempDir(prefix = 'rackside-ssh-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  madeDirs.push(dir)
  return dir
}

/** A known_hosts file trusting every host key of the given instances. */
export function trustingKnownHosts(instances: SshdInstance[]): string {
  const path = join(tempDir(), 'known_hosts')
  writeFileSync(path, instances.flatMap((sshd) => sshd.hostKeys.map((key) => sshd.knownHostsLine(key.type))).join('\n') + '\n', { mode: 0o600 })
  return path
}

export function keyHost(lab: SshLab, sshd: SshdInstance, name: string, extra: Partial<SshHostConfig> = {}): SshHostConfig {
  return { name, address: sshd.address, port: sshd.port, user: lab.keyUser.name, identityFile: lab.keyUser.privateKeyPath, ...extra }
}

export interface TestPool {
  pool: SshPool
  states: ConnectionState[]
  knownHostsPath: string
}

/** A pool trusting `trusted`, with no agent and no user known_hosts, recording state events. */
export function testPool(trusted: SshdInstance[], options: Partial<SshPoolOptions> = {}): TestPool {
  const knownHostsPath = trustingKnownHosts(trusted)
  const pool = new SshPool({
    verifier: new HostKeyVerifier({ readOnlyPaths: [], ownPath: knownHostsPath }),
    auth: { agentSocket: null, homeDir: tempDir('rackside-home-') },
    ...options
  })
  const states: ConnectionState[] = []
  pool.onState((state) => states.push(state))
  return { pool, states, knownHostsPath }
}

export async function within<T>(ms: number, promise: Promise<T>): Promise<{ value?: T; error?: unknown; elapsedMs: number }> {
  const started = Date.now()
  let timer: NodeJS.Timeout | undefined
  const guard = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`still pending after ${ms} ms`)), ms)
  })
  try {
    const value = await Promise.race([promise, guard])
    return { value, elapsedMs: Date.now() - started }
  } catch (error) {
    return { error, elapsedMs: Date.now() - started }
  } finally {
    clearTimeout(timer)
  }
}

/** A real cipher (AES-256-GCM) in Electron safeStorage's shape, standing in for the OS keychain. */
export function testCipher(): StringCipher {
  const key = randomBytes(32)
  return {
    backend: 'gnome_libsecret',
    isEncryptionAvailable: () => true,
    encryptString(plainText) {
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', key, iv)
      const body = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()])
      return Buffer.concat([iv, cipher.getAuthTag(), body])
    },
    decryptString(encrypted) {
      const decipher = createDecipheriv('aes-256-gcm', key, encrypted.subarray(0, 12))
      decipher.setAuthTag(encrypted.subarray(12, 28))
      return Buffer.concat([decipher.update(encrypted.subarray(28)), decipher.final()]).toString('utf8')
    }
  }
}
