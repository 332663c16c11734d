import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { expandHome, HostAuth } from '../../../../src/main/ssh/auth'
import { tempDir } from './temp-dir'

const host = { name: 'hv-01', address: '10.0.0.1', port: 22, user: 'root' }

describe('HostAuth', () => {
  it('expands ~ in paths', () => {
    expect(expandHome('~/.ssh/id_rsa', '/home/ops')).toBe('/home/ops/.ssh/id_rsa')
    expect(expandHome('~', '/home/ops')).toBe('/home/ops')
    expect(expandHome('/etc/key', '/home/ops')).toBe('/etc/key')
  })

  it('uses the configured key, else the default ~/.ssh/id_* files that exist, in OpenSSH order', () => {
    const homeDir = tempDir('rackside-auth-')
    mkdirSync(join(homeDir, '.ssh'))
    writeFileSync(join(homeDir, '.ssh', 'id_rsa'), 'x')
    writeFileSync(join(homeDir, '.ssh', 'id_ed25519'), 'x')
    expect(new HostAuth(host, { homeDir }).identityFiles()).toEqual([join(homeDir, '.ssh', 'id_ed25519'), join(homeDir, '.ssh', 'id_rsa')])
    expect(new HostAuth({ ...host, identityFile: '~/keys/hv' }, { homeDir }).identityFiles()).toEqual([join(homeDir, 'keys/hv')])
  })

  it('says plainly when it had nothing to try', async () => {
    const homeDir = tempDir('rackside-auth-')
    const attempt = new HostAuth(host, { homeDir, agentSocket: null }).attempt((work) => work())
    const methods: unknown[] = []
    await new Promise<void>((resolve) => {
      const next = (method: unknown) => {
        methods.push(method)
        if (method === false) resolve()
        else attempt.handler(['publickey', 'password'], false, next as never)
      }
      attempt.handler(null as never, false, next as never)
    })
    expect(methods).toEqual([{ type: 'none', username: 'root' }, false])
    expect(attempt.summary()).toBe('no usable credentials (no agent, key file or saved password)')
  })

  it('notes an unreadable key file and a key that is encrypted without a passphrase prompt', async () => {
    const homeDir = tempDir('rackside-auth-')
    const attempt = new HostAuth({ ...host, identityFile: join(homeDir, 'missing') }, { homeDir, agentSocket: null }).attempt((work) => work())
    await new Promise<void>((resolve) => {
      const next = (method: unknown) => (method === false ? resolve() : attempt.handler(['publickey'], false, next as never))
      attempt.handler(null as never, false, next as never)
    })
    expect(attempt.summary()).toBe(`no usable credentials (no agent, key file or saved password); cannot read key file ${join(homeDir, 'missing')} (ENOENT)`)
  })
})
