// Persistent SSH host keys for the demo hosts: one ed25519 key per host, generated once and
// reused, so the fingerprints in the user's known_hosts stay valid from run to run.
import { createHash } from 'node:crypto'
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { utils } from 'ssh2'

export interface HostKey {
  /** OpenSSH-format private key, as ssh2's Server takes it. */
  privateKey: string
  /** `SHA256:…` as OpenSSH prints it (unpadded base64 of the public key blob's digest). */
  sha256Fingerprint: string
  /** `ssh-ed25519 AAAA…`, for known_hosts lines. */
  publicKey: string
}

export class HostKeyError extends Error {
  override name = 'HostKeyError'
  readonly kind = 'host-key-unreadable'
  constructor(
    readonly file: string,
    detail: string
  ) {
    super(`demo host key ${file} cannot be used: ${detail} (delete it to generate a new one; clients will then see a changed key)`)
  }
}

function publicParts(privateKey: string, file: string): { sha256Fingerprint: string; publicKey: string } {
  const parsed = utils.parseKey(privateKey)
  if (parsed instanceof Error) throw new HostKeyError(file, parsed.message)
  const key = Array.isArray(parsed) ? parsed[0] : parsed
  if (!key) throw new HostKeyError(file, 'no key in file')
  const blob = key.getPublicSSH()
  return { sha256Fingerprint: `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`, publicKey: `${key.type} ${blob.toString('base64')}` }
}

function keyFileName(hostName: string): string {
  // Host names are DNS-like already; anything else is encoded so it cannot escape the folder.
  return /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(hostName) ? `${hostName}.ed25519` : `${encodeURIComponent(hostName).replace(/%/g, '_')}.ed25519`
}

/**
 * ssh2 1.17's generator drops a leading zero byte of the ed25519 public key (about one key in
 * 300 then fails to parse), so a key is only kept once ssh2 itself can read it back.
 */
function generateKey(hostName: string): string {
  for (let attempt = 0; attempt < 20; attempt++) {
    const candidate = utils.generateKeyPairSync('ed25519', { comment: `rackside-demo@${hostName}` }).private
    if (!(utils.parseKey(candidate) instanceof Error)) return candidate
  }
  throw new HostKeyError(hostName, 'ssh2 could not generate a readable ed25519 key in 20 attempts')
}

/** Reads the host's key from `keyDir`, creating it (mode 0600) the first time. */
export async function loadOrCreateHostKey(keyDir: string, hostName: string): Promise<HostKey> {
  const file = join(keyDir, keyFileName(hostName))
  let privateKey: string
  try {
    privateKey = await readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new HostKeyError(file, (error as Error).message)
    await mkdir(keyDir, { recursive: true, mode: 0o700 })
    privateKey = generateKey(hostName)
    const temporary = `${file}.${process.pid}.tmp`
    await writeFile(temporary, privateKey, { mode: 0o600 })
    await rename(temporary, file)
  }
  return { privateKey, ...publicParts(privateKey, file) }
}
