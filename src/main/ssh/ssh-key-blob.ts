// Facts about a public key in SSH wire format (the blob a server presents and known_hosts stores).
import { createHash } from 'node:crypto'

/** `SHA256:` + unpadded base64, exactly as OpenSSH prints fingerprints. */
export function sha256Fingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`
}

/** The key type named inside the blob (its first SSH string), or undefined if the blob is malformed. */
export function keyTypeOfBlob(blob: Buffer): string | undefined {
  if (blob.length < 4) return undefined
  const length = blob.readUInt32BE(0)
  if (length === 0 || length > 64 || 4 + length > blob.length) return undefined
  const type = blob.subarray(4, 4 + length).toString('latin1')
  return /^[\x21-\x7e]+$/.test(type) ? type : undefined
}

// ssh2's default host key algorithms, in its default order.
const HOST_KEY_ALGORITHMS = ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] as const
export type HostKeyAlgorithm = (typeof HOST_KEY_ALGORITHMS)[number]

/**
 * Host key algorithms to offer, those for already known key types first: as in OpenSSH, a server
 * with several host keys then shows the one we can check instead of one we have never seen.
 */
export function hostKeyAlgorithmOrder(knownKeyTypes: readonly string[]): HostKeyAlgorithm[] {
  const preferred = knownKeyTypes.flatMap((type) => (type === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [type]))
  const first = HOST_KEY_ALGORITHMS.filter((algorithm) => preferred.includes(algorithm))
  first.sort((a, b) => preferred.indexOf(a) - preferred.indexOf(b))
  return [...first, ...HOST_KEY_ALGORITHMS.filter((algorithm) => !first.includes(algorithm))]
}
