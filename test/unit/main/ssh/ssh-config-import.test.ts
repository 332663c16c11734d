import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { importSshConfig, SshConfigImportError } from '../../../../src/main/ssh/ssh-config-import'
import { tempDir } from './temp-dir'

function home(files: Record<string, string>): string {
  const dir = tempDir('rackside-sshconfig-')
  for (const [path, text] of Object.entries(files)) {
    const full = join(dir, path)
    mkdirSync(join(full, '..'), { recursive: true })
    writeFileSync(full, text)
  }
  return dir
}

describe('importSshConfig', () => {
  it('resolves HostName, User, Port, IdentityFile and ProxyJump per alias, with wildcard defaults', async () => {
    const homeDir = home({
      '.ssh/config': [
        'Host bastion',
        '  HostName 203.0.113.10',
        '  User jump',
        '',
        'Host hv-01 hv-02',
        '  HostName %h.dc1.example',
        '  Port 2222',
        '  IdentityFile ~/.ssh/id_hv',
        '  ProxyJump bastion',
        '',
        'Host mail',
        '  hostname=10.0.0.25',
        '  identityfile %d/keys/%r-%h',
        '',
        'Host *',
        '  User admin',
        '  IdentityFile ~/.ssh/id_default'
      ].join('\n')
    })
    const { hosts, notes } = await importSshConfig({ homeDir, localUser: 'me' })
    expect(hosts).toEqual([
      { name: 'bastion', address: '203.0.113.10', port: 22, user: 'jump', identityFile: join(homeDir, '.ssh/id_default') },
      { name: 'hv-01', address: 'hv-01.dc1.example', port: 2222, user: 'admin', identityFile: join(homeDir, '.ssh/id_hv'), proxyJump: 'bastion' },
      { name: 'hv-02', address: 'hv-02.dc1.example', port: 2222, user: 'admin', identityFile: join(homeDir, '.ssh/id_hv'), proxyJump: 'bastion' },
      { name: 'mail', address: '10.0.0.25', port: 22, user: 'admin', identityFile: join(homeDir, 'keys/admin-10.0.0.25') }
    ])
    expect(notes.filter((n) => n.host === '*')).toHaveLength(1)
    expect(notes.find((n) => n.host === '*')?.message).toMatch(/wildcard-only Host entry skipped/)
    expect(notes.find((n) => n.host === 'hv-01')?.message).toMatch(/only the first of 2 IdentityFile/)
  })

  it('follows Include relative to ~/.ssh with globs, and notes what it skipped', async () => {
    const homeDir = home({
      '.ssh/config': ['Include conf.d/*.conf missing.conf', 'Host web-* !web-test', '  User www', 'Host db1 db-*', '  Port 5022', '  ProxyCommand nc %h %p'].join('\n'),
      '.ssh/conf.d/a.conf': 'Host gl-01\n  HostName 10.1.0.1\n  User root\n',
      '.ssh/conf.d/b.conf': 'Host gl-02\n  HostName 10.1.0.2\n  Port 24007\n',
      '.ssh/conf.d/ignored.txt': 'Host nope\n'
    })
    const { hosts, notes } = await importSshConfig({ homeDir, localUser: 'me' })
    expect(hosts).toEqual([
      { name: 'gl-01', address: '10.1.0.1', port: 22, user: 'root' },
      { name: 'gl-02', address: '10.1.0.2', port: 24007, user: 'me' },
      { name: 'db1', address: 'db1', port: 5022, user: 'me' }
    ])
    const messages = notes.map((n) => `${n.host ?? '-'}: ${n.message}`)
    expect(messages).toContain('-: Include missing.conf matched no files')
    expect(messages).toContain('web-* !web-test: wildcard-only Host entry skipped (its settings still apply to the imported hosts)')
    expect(messages).toContain('db-*: wildcard or negated pattern skipped')
    expect(messages).toContain('db1: ProxyCommand is not supported; use ProxyJump (imported without it)')
  })

  it('keeps the enclosing Host block after an Include inside it, and never loops', async () => {
    const homeDir = home({
      '.ssh/config': ['Host hv-09', '  Include extra', '  User ops', 'Include config'].join('\n'),
      '.ssh/extra': 'Port 2200\nHost other\n  HostName 10.9.9.9\n'
    })
    const { hosts, notes } = await importSshConfig({ homeDir, localUser: 'me' })
    expect(hosts).toEqual([
      { name: 'hv-09', address: 'hv-09', port: 2200, user: 'ops' },
      { name: 'other', address: '10.9.9.9', port: 22, user: 'me' }
    ])
    expect(notes.some((n) => /already included/.test(n.message))).toBe(true)
  })

  it('rejects a bad port per host and fails clearly when the config is missing', async () => {
    const homeDir = home({ '.ssh/config': 'Host bad\n  Port 99999\nHost good\n' })
    const { hosts, notes } = await importSshConfig({ homeDir, localUser: 'me' })
    expect(hosts.map((h) => h.name)).toEqual(['good'])
    expect(notes).toContainEqual(expect.objectContaining({ host: 'bad', message: 'Port "99999" is not a valid port; host skipped' }))
    await expect(importSshConfig({ homeDir: home({}) })).rejects.toThrow(SshConfigImportError)
  })
})
