// Forgetting a reinstalled host's saved key: only Rackside's own known_hosts changes, the user's
// file is left byte for byte and named with the command that would clean it, the call needs
// confirmed: true, and it is audited.
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Services } from '../../../src/main/services'
import { dispatchRequest } from '../../../src/main/transport/dispatch'
import { connectedServices, tempDir } from '../../helpers/temp-services'

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex')

/** A fresh ed25519 public key from ssh-keygen, as "type base64". */
function newPublicKey(dir: string, name: string): string {
  const path = join(dir, name)
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', name, '-f', path])
  return readFileSync(`${path}.pub`, 'utf8').split(' ').slice(0, 2).join(' ')
}

describe('hosts.forgetHostKey', () => {
  const dir = tempDir('rackside-forget-key-')
  const dataDir = join(dir.path, 'data')
  const userKnownHosts = join(dir.path, 'user_known_hosts')
  let services: Services
  let otherHostLine = ''

  beforeAll(async () => {
    const racksideSaved = newPublicKey(dir.path, 'rackside-saved')
    const userSaved = newPublicKey(dir.path, 'user-saved')
    otherHostLine = `[127.0.0.10]:2200 ${newPublicKey(dir.path, 'other-host')}`
    writeFileSync(userKnownHosts, `[127.0.0.9]:2222 ${userSaved}\n`)
    services = await connectedServices(dataDir, { knownHosts: userKnownHosts, homeDir: dir.path })
    const yaml = ['site: { name: Forget test }', 'hosts:', '  - { name: rebuilt, address: 127.0.0.9, port: 2222, user: root, roles: [] }', ''].join('\n')
    expect((await services.handlers['inventory.importYaml']({ text: yaml, fileName: 'forget.yaml' })).ok).toBe(true)
    writeFileSync(join(dataDir, 'known_hosts'), `${otherHostLine}\n[127.0.0.9]:2222 ${racksideSaved}\n`, { mode: 0o600 })
  })
  afterAll(async () => {
    await services?.close()
    dir.remove()
  })

  it('refuses a call without confirmed: true and changes nothing', async () => {
    const before = sha(join(dataDir, 'known_hosts'))
    const refused = await dispatchRequest(services.handlers, 'hosts.forgetHostKey', { name: 'rebuilt' })
    expect(refused).toMatchObject({ ok: false, error: { kind: 'invalid-arguments' } })
    expect(sha(join(dataDir, 'known_hosts'))).toBe(before)
  })

  it('removes the host’s line from Rackside’s file only, names the user’s file and the command for it, and audits', async () => {
    const userBefore = sha(userKnownHosts)
    const response = await dispatchRequest(services.handlers, 'hosts.forgetHostKey', { name: 'rebuilt', confirmed: true })
    expect(response).toEqual({
      ok: true,
      result: {
        address: '127.0.0.9',
        port: 2222,
        removed: 1,
        knownHostsPath: join(dataDir, 'known_hosts'),
        stillKnownIn: [userKnownHosts],
        removeCommand: "ssh-keygen -R '[127.0.0.9]:2222'"
      }
    })
    // The other host's key stays; the user's file is untouched.
    expect(readFileSync(join(dataDir, 'known_hosts'), 'utf8')).toBe(`${otherHostLine}\n`)
    expect(sha(userKnownHosts)).toBe(userBefore)
    const entry = services.audit.list(10).find((e) => e.action === 'host-key.forget')
    expect(entry).toMatchObject({ target: 'rebuilt (127.0.0.9:2222)', result: 'succeeded' })
    expect(entry?.detail).toBe(`removed 1 line(s) from ${join(dataDir, 'known_hosts')}; still in ${userKnownHosts}`)
  })

  it('says not-found for a host that is not in the inventory', async () => {
    expect(await dispatchRequest(services.handlers, 'hosts.forgetHostKey', { name: 'nope', confirmed: true })).toMatchObject({ ok: false, error: { kind: 'not-found' } })
  })
})
