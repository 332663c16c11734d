import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { EncryptedFileSecretStore, MemorySecretStore, openEncryptedSecretStore, SecretStoreError, type StringCipher } from '../../../../src/main/ssh/secret-store'
import { tempDir } from './temp-dir'

/** A real cipher (AES-256-GCM) in safeStorage's shape, standing in for the OS keychain. */
function testCipher(backend = 'gnome_libsecret'): StringCipher {
  const key = randomBytes(32)
  return {
    backend,
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

function everyFileUnder(dir: string): Buffer[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => readFileSync(join(entry.parentPath, entry.name)))
}

describe('MemorySecretStore', () => {
  it('gets, sets and deletes', async () => {
    const store = new MemorySecretStore()
    expect(await store.get('hv-01')).toBeUndefined()
    await store.set('hv-01', 'pw')
    expect(await store.get('hv-01')).toBe('pw')
    expect(await store.delete('hv-01')).toBe(true)
    expect(await store.delete('hv-01')).toBe(false)
  })
})

describe('EncryptedFileSecretStore', () => {
  it('persists only ciphertext: no plaintext bytes of the password anywhere in the data folder', async () => {
    const dataDir = tempDir('rackside-secrets-')
    const cipher = testCipher()
    const password = 'Tr0ub4dor&3-hv01-root'
    const { store, warning } = openEncryptedSecretStore(join(dataDir, 'secrets.json'), cipher)
    expect(warning).toBeUndefined()
    await store.set('host:hv-01', password)
    await store.set('host:hv-02', 'another-one')

    const reopened = new EncryptedFileSecretStore(join(dataDir, 'secrets.json'), cipher)
    expect(await reopened.get('host:hv-01')).toBe(password)
    expect(statSync(join(dataDir, 'secrets.json')).mode & 0o777).toBe(0o600)

    const files = everyFileUnder(dataDir)
    expect(files.length).toBeGreaterThan(0)
    const forms = [Buffer.from(password, 'utf8'), Buffer.from(password, 'utf16le'), Buffer.from(Buffer.from(password).toString('base64')), Buffer.from(Buffer.from(password).toString('hex'))]
    for (const content of files) for (const form of forms) expect(content.includes(form)).toBe(false)
    // The middle of the password alone must not appear either (no partial plaintext).
    for (const content of files) expect(content.includes(Buffer.from(password.slice(4, 12)))).toBe(false)
  })

  it('serializes concurrent writes and deletes', async () => {
    const dataDir = tempDir('rackside-secrets-')
    const store = new EncryptedFileSecretStore(join(dataDir, 'secrets.json'), testCipher())
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.set(`k${i}`, `v${i}`)))
    for (let i = 0; i < 20; i += 1) expect(await store.get(`k${i}`)).toBe(`v${i}`)
    expect(await store.delete('k3')).toBe(true)
    expect(await store.get('k3')).toBeUndefined()
  })

  it('warns when the backend is basic_text and refuses when no encryption exists', () => {
    const dataDir = tempDir('rackside-secrets-')
    expect(openEncryptedSecretStore(join(dataDir, 's.json'), testCipher('basic_text')).warning?.kind).toBe('weak-secret-encryption')
    const none = { ...testCipher(), isEncryptionAvailable: () => false }
    expect(() => openEncryptedSecretStore(join(dataDir, 's.json'), none)).toThrow(SecretStoreError)
  })

  it('reports a corrupt file or a secret encrypted by another keychain as errors, not as missing', async () => {
    const dataDir = tempDir('rackside-secrets-')
    const path = join(dataDir, 'secrets.json')
    writeFileSync(path, '{not json')
    await expect(new EncryptedFileSecretStore(path, testCipher()).get('x')).rejects.toMatchObject({ kind: 'secret-file-corrupt' })
    await new EncryptedFileSecretStore(path + '2', testCipher()).set('x', 'y')
    await expect(new EncryptedFileSecretStore(path + '2', testCipher()).get('x')).rejects.toMatchObject({ kind: 'secret-undecryptable' })
  })
})
