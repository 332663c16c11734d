import { describe, expect, it } from 'vitest'
import { hostKeyAlgorithmOrder, keyTypeOfBlob, sha256Fingerprint } from '../../../../src/main/ssh/ssh-key-blob'
import { blobOf, ECDSA, ED25519, RSA } from './ssh-test-keys'

describe('ssh key blobs', () => {
  it('prints SHA256 fingerprints exactly as ssh-keygen -l does', () => {
    for (const key of [ED25519, ECDSA, RSA]) expect(sha256Fingerprint(blobOf(key.line))).toBe(key.sha256)
  })

  it('reads the key type from the blob and refuses malformed blobs', () => {
    expect(keyTypeOfBlob(blobOf(ED25519.line))).toBe('ssh-ed25519')
    expect(keyTypeOfBlob(blobOf(ECDSA.line))).toBe('ecdsa-sha2-nistp256')
    expect(keyTypeOfBlob(blobOf(RSA.line))).toBe('ssh-rsa')
    expect(keyTypeOfBlob(Buffer.from([0, 0, 0, 200, 1]))).toBeUndefined()
    expect(keyTypeOfBlob(Buffer.alloc(2))).toBeUndefined()
  })

  it('offers the algorithms of known key types first', () => {
    expect(hostKeyAlgorithmOrder(['ssh-rsa']).slice(0, 3)).toEqual(['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'])
    expect(hostKeyAlgorithmOrder(['ecdsa-sha2-nistp256'])[0]).toBe('ecdsa-sha2-nistp256')
    const order = hostKeyAlgorithmOrder(['ecdsa-sha2-nistp256', 'sk-unsupported@openssh.com'])
    expect(order).toHaveLength(7)
    expect(new Set(order).size).toBe(7)
  })
})
