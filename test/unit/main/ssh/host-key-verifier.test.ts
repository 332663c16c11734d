import { readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import { HostKeyVerifier } from '../../../../src/main/ssh/host-key-verifier'
import { blobOf, ECDSA, ED25519, HASHED_BY_OPENSSH, RSA } from './ssh-test-keys'
import { tempDir } from './temp-dir'

const keyPart = (line: string) => line.split(' ').slice(0, 2).join(' ')

describe('HostKeyVerifier', () => {
  let dir: string
  let userFile: string
  let ownFile: string
  beforeEach(() => {
    dir = tempDir('rackside-kh-')
    userFile = join(dir, 'user_known_hosts')
    ownFile = join(dir, 'data', 'known_hosts')
  })
  const verifier = (hashNewEntries = false) => new HostKeyVerifier({ readOnlyPaths: [userFile], ownPath: ownFile, hashNewEntries })

  it('treats missing files as empty and reports an unknown key with its fingerprint', async () => {
    const check = await verifier().check('10.0.0.5', 22, blobOf(ED25519.line))
    expect(check).toEqual({ kind: 'unknown', host: '10.0.0.5', port: 22, keyType: 'ssh-ed25519', sha256: ED25519.sha256, otherKeyTypes: [] })
  })

  it('finds keys in the user file, including hashed entries', async () => {
    writeFileSync(userFile, `${HASHED_BY_OPENSSH}\n`)
    const check = await verifier().check('hv-01.example', 2222, blobOf(ED25519.line))
    expect(check).toMatchObject({ kind: 'known', sha256: ED25519.sha256, source: { file: userFile, lineNumber: 1 } })
  })

  it('calls a different key of the same type a change, listing the expected fingerprints', async () => {
    writeFileSync(userFile, `hv-01 ${keyPart(ED25519.line)}\n`)
    const other = Buffer.from(blobOf(ED25519.line))
    other.writeUInt8(other.readUInt8(other.length - 1) ^ 1, other.length - 1)
    const check = await verifier().check('hv-01', 22, other)
    expect(check.kind).toBe('changed')
    if (check.kind !== 'changed') return
    expect(check.expected).toEqual([ED25519.sha256])
    expect(check.got).not.toBe(ED25519.sha256)
    expect(check.sources).toEqual([{ file: userFile, lineNumber: 1 }])
  })

  it('calls a key of a new type unknown, naming the types already known (as OpenSSH does)', async () => {
    writeFileSync(userFile, `hv-01 ${keyPart(ED25519.line)}\n`)
    const check = await verifier().check('hv-01', 22, blobOf(ECDSA.line))
    expect(check).toMatchObject({ kind: 'unknown', otherKeyTypes: ['ssh-ed25519'] })
    expect(await verifier().knownKeyTypes('hv-01', 22)).toEqual(['ssh-ed25519'])
  })

  it('refuses @revoked keys even when they are also listed as known, and ignores @cert-authority', async () => {
    writeFileSync(userFile, [`hv-01 ${keyPart(RSA.line)}`, `@revoked * ${keyPart(RSA.line)}`, `@cert-authority hv-02 ${keyPart(ECDSA.line)}`].join('\n'))
    expect(await verifier().check('hv-01', 22, blobOf(RSA.line))).toMatchObject({ kind: 'revoked', source: { lineNumber: 2 } })
    expect(await verifier().check('hv-02', 22, blobOf(ECDSA.line))).toMatchObject({ kind: 'unknown', otherKeyTypes: [] })
  })

  it('saves accepted keys to its own file only, mode 0600, and finds them next time', async () => {
    writeFileSync(userFile, `other ${keyPart(RSA.line)}`)
    const line = await verifier().save('10.0.0.5', 2222, blobOf(ECDSA.line))
    expect(line).toBe(`[10.0.0.5]:2222 ${ECDSA.line}`)
    expect(readFileSync(ownFile, 'utf8')).toBe(`${line}\n`)
    expect(statSync(ownFile).mode & 0o777).toBe(0o600)
    expect(readFileSync(userFile, 'utf8')).toBe(`other ${keyPart(RSA.line)}`)
    expect(await verifier().check('10.0.0.5', 2222, blobOf(ECDSA.line))).toMatchObject({ kind: 'known', source: { file: ownFile } })
  })

  it('can save hashed lines, and forget a host in its own file', async () => {
    await verifier(true).save('10.0.0.5', 22, blobOf(ED25519.line))
    await verifier(true).save('10.0.0.6', 22, blobOf(ED25519.line))
    expect(readFileSync(ownFile, 'utf8')).not.toContain('10.0.0.5')
    expect(await verifier().check('10.0.0.5', 22, blobOf(ED25519.line))).toMatchObject({ kind: 'known' })
    expect(await verifier().forget('10.0.0.5', 22)).toBe(1)
    expect(await verifier().check('10.0.0.5', 22, blobOf(ED25519.line))).toMatchObject({ kind: 'unknown' })
    expect(await verifier().check('10.0.0.6', 22, blobOf(ED25519.line))).toMatchObject({ kind: 'known' })
  })

  it('surfaces unreadable files instead of treating them as empty', async () => {
    const blocked = new HostKeyVerifier({ readOnlyPaths: [dir], ownPath: ownFile })
    await expect(blocked.check('hv-01', 22, blobOf(ED25519.line))).rejects.toThrow(/EISDIR/)
  })
})
