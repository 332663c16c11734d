// Where host passwords live. Web mode keeps them in memory only; the desktop app persists them
// encrypted by the OS keychain (Electron safeStorage, injected so this module never loads electron).
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'

export interface SecretStore {
  get(key: string): Promise<string | undefined>
  set(key: string, value: string): Promise<void>
  /** True when something was removed. */
  delete(key: string): Promise<boolean>
}

/** The shape of Electron's safeStorage that we rely on. */
export interface StringCipher {
  isEncryptionAvailable(): boolean
  encryptString(plainText: string): Buffer
  decryptString(encrypted: Buffer): string
  /** safeStorage.getSelectedStorageBackend() on Linux, e.g. 'gnome_libsecret', 'kwallet5', 'basic_text'. */
  backend?: string
}

export interface SecretStoreWarning {
  kind: 'weak-secret-encryption'
  message: string
}

export class SecretStoreError extends Error {
  override name = 'SecretStoreError'
  constructor(
    readonly kind: 'encryption-unavailable' | 'secret-file-corrupt' | 'secret-undecryptable',
    message: string
  ) {
    super(message)
  }
}

export class MemorySecretStore implements SecretStore {
  private readonly values = new Map<string, string>()

  async get(key: string): Promise<string | undefined> {
    return this.values.get(key)
  }

  async set(key: string, value: string): Promise<void> {
    this.values.set(key, value)
  }

  async delete(key: string): Promise<boolean> {
    return this.values.delete(key)
  }
}

interface SecretFile {
  version: 1
  /** key -> base64 ciphertext */
  secrets: Record<string, string>
}

async function readSecretFile(path: string): Promise<SecretFile> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, secrets: {} }
    throw error
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    throw new SecretStoreError('secret-file-corrupt', `${path} is not valid JSON (${(error as Error).message}); saved passwords cannot be read`)
  }
  const file = parsed as Partial<SecretFile>
  if (file.version !== 1 || typeof file.secrets !== 'object' || file.secrets === null || Object.values(file.secrets).some((v) => typeof v !== 'string'))
    throw new SecretStoreError('secret-file-corrupt', `${path} is not a Rackside secrets file (version 1)`)
  return { version: 1, secrets: file.secrets }
}

/** Persists only ciphertext, in a JSON file of mode 0600 in the data folder. */
export class EncryptedFileSecretStore implements SecretStore {
  // Writes are serialized so two concurrent set() calls cannot lose each other's update.
  private queue: Promise<unknown> = Promise.resolve()

  constructor(
    readonly filePath: string,
    private readonly cipher: StringCipher
  ) {}

  async get(key: string): Promise<string | undefined> {
    const encoded = (await readSecretFile(this.filePath)).secrets[key]
    if (encoded === undefined) return undefined
    try {
      return this.cipher.decryptString(Buffer.from(encoded, 'base64'))
    } catch (error) {
      throw new SecretStoreError('secret-undecryptable', `the saved secret "${key}" cannot be decrypted (${(error as Error).message}); enter it again`)
    }
  }

  set(key: string, value: string): Promise<void> {
    return this.update((file) => {
      file.secrets[key] = this.cipher.encryptString(value).toString('base64')
      return undefined
    })
  }

  delete(key: string): Promise<boolean> {
    return this.update((file) => {
      if (!(key in file.secrets)) return false
      delete file.secrets[key]
      return true
    })
  }

  private update<T>(change: (file: SecretFile) => T): Promise<T> {
    const next = this.queue.then(async () => {
      const file = await readSecretFile(this.filePath)
      const result = change(file)
      await mkdir(dirname(this.filePath), { recursive: true, mode: 0o700 })
      const temporary = `${this.filePath}.tmp-${process.pid}`
      await writeFile(temporary, JSON.stringify(file, null, 2), { mode: 0o600 })
      await rename(temporary, this.filePath)
      return result
    })
    this.queue = next.catch(() => undefined)
    return next
  }
}

/**
 * Opens the persistent store, refusing to run without encryption (a password is never written in
 * plain text) and warning when the "encryption" is Chromium's basic_text fallback.
 */
export function openEncryptedSecretStore(filePath: string, cipher: StringCipher): { store: SecretStore; warning?: SecretStoreWarning } {
  if (!cipher.isEncryptionAvailable())
    throw new SecretStoreError('encryption-unavailable', 'no OS keychain is available to encrypt saved passwords; Rackside will not store them (use ssh-agent or a key file)')
  const store = new EncryptedFileSecretStore(filePath, cipher)
  if (cipher.backend === 'basic_text')
    return {
      store,
      warning: {
        kind: 'weak-secret-encryption',
        message: 'saved passwords are only obfuscated (no keyring found: the basic_text backend); install gnome-keyring or kwallet, or prefer ssh-agent'
      }
    }
  return { store }
}
