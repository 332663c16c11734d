import { describe, expect, it } from 'vitest'
import { domjobabortCommand, domjobinfoCommand, migrateCommand, type MigrationCommandResult } from '../../../../src/shared/domain/migration-command'

const target = { host: 'hv-02', address: '10.200.0.12' }
const PREFIX = ['env', 'LC_ALL=C', 'virsh', 'migrate', '--live', '--persistent', '--undefinesource', '--verbose']

function argv(result: MigrationCommandResult): string[] {
  if (!result.ok) throw new Error(`expected an argv, got ${result.error.kind}: ${result.error.message}`)
  return result.argv
}

describe('migrateCommand', () => {
  it('builds the live, persistent, undefine-source migration to qemu+ssh by default', () => {
    expect(argv(migrateCommand('web-01', target))).toEqual([...PREFIX, '--domain', 'web-01', '--desturi', 'qemu+ssh://10.200.0.12/system'])
  })

  it('matches the command of the successful lab migration (qemu+tcp with --migrateuri)', () => {
    // Lab capture: virsh migrate --live ... lab-vm2 qemu+tcp://10.200.0.12/system --migrateuri tcp://10.200.0.12
    expect(argv(migrateCommand('lab-vm2', target, { uriTemplate: 'qemu+tcp://{address}/system', migrateUri: 'tcp://{address}' }))).toEqual([
      ...PREFIX,
      '--domain',
      'lab-vm2',
      '--desturi',
      'qemu+tcp://10.200.0.12/system',
      '--migrateuri',
      'tcp://10.200.0.12'
    ])
  })

  it('adds every option in a fixed order', () => {
    const options = { uriTemplate: 'qemu+ssh://root@{host}/system', p2p: true, tunnelled: true, autoConverge: true, copyStorageAll: true, timeoutSeconds: 300, bandwidthMiBps: 100, connectUri: 'qemu:///system' }
    expect(argv(migrateCommand('web-01', target, options))).toEqual([
      'env',
      'LC_ALL=C',
      'virsh',
      '-c',
      'qemu:///system',
      'migrate',
      '--live',
      '--persistent',
      '--undefinesource',
      '--verbose',
      '--p2p',
      '--tunnelled',
      '--auto-converge',
      '--copy-storage-all',
      '--domain',
      'web-01',
      '--desturi',
      'qemu+ssh://root@hv-02/system',
      '--timeout',
      '300',
      '--bandwidth',
      '100'
    ])
  })

  it('keeps names with quotes, semicolons, spaces and leading dashes as single argv elements', () => {
    for (const name of ["it's; rm -rf /", 'a b', '--help', '$(reboot)']) {
      const result = argv(migrateCommand(name, target))
      expect(result[result.indexOf('--domain') + 1]).toBe(name)
      expect(result).toHaveLength(PREFIX.length + 4)
    }
  })

  it('brackets an IPv6 address in the URIs', () => {
    const result = argv(migrateCommand('web-01', { host: 'hv-02', address: 'fd00::12' }, { uriTemplate: 'qemu+tcp://{address}/system', migrateUri: 'tcp://{address}:49152' }))
    expect(result.slice(-4)).toEqual(['--desturi', 'qemu+tcp://[fd00::12]/system', '--migrateuri', 'tcp://[fd00::12]:49152'])
  })

  it('refuses what virsh refuses: --tunnelled without --p2p, --migrateuri with --tunnelled', () => {
    expect(migrateCommand('web-01', target, { uriTemplate: 'qemu+ssh://{address}/system', tunnelled: true })).toEqual({
      ok: false,
      error: { kind: 'option-conflict', message: 'a tunnelled migration needs --p2p: libvirt refuses --tunnelled without it' }
    })
    expect(migrateCommand('web-01', target, { uriTemplate: 'qemu+ssh://{address}/system', p2p: true, tunnelled: true, migrateUri: 'tcp://{address}' })).toEqual({
      ok: false,
      error: { kind: 'option-conflict', message: 'a tunnelled migration cannot take --migrateuri: its stream goes through the libvirt connection' }
    })
    // --p2p alone takes a migration URI.
    expect(migrateCommand('web-01', target, { uriTemplate: 'qemu+ssh://{address}/system', p2p: true, migrateUri: 'tcp://{address}' }).ok).toBe(true)
  })

  it('refuses bad numbers, templates, addresses and names', () => {
    const kind = (result: MigrationCommandResult) => (result.ok ? 'ok' : result.error.kind)
    const ssh = { uriTemplate: 'qemu+ssh://{address}/system' }
    expect(kind(migrateCommand('web-01', target, { ...ssh, timeoutSeconds: 0 }))).toBe('bad-option')
    expect(kind(migrateCommand('web-01', target, { ...ssh, bandwidthMiBps: 1.5 }))).toBe('bad-option')
    expect(kind(migrateCommand('web-01', target, { uriTemplate: 'qemu+ssh://hv-02/system' }))).toBe('bad-template')
    expect(kind(migrateCommand('web-01', target, { uriTemplate: 'qemu:///system#{address}' }))).toBe('bad-template')
    expect(kind(migrateCommand('web-01', target, { ...ssh, migrateUri: 'rdma://{address}' }))).toBe('bad-template')
    expect(kind(migrateCommand('web-01', { host: 'hv-02', address: '-oProxyCommand=x' }))).toBe('bad-address')
    expect(kind(migrateCommand('web-01', { host: 'hv-02', address: 'hv 02' }))).toBe('bad-address')
    expect(kind(migrateCommand('', target))).toBe('bad-domain')
    expect(migrateCommand('web-01', target, { ...ssh, timeoutSeconds: -5 })).toEqual({ ok: false, error: { kind: 'bad-option', message: 'timeout (s) must be a whole number above 0, not -5' } })
  })
})

describe('domjobinfoCommand and domjobabortCommand', () => {
  it('watch and abort the job on the source', () => {
    expect(argv(domjobinfoCommand('web-01'))).toEqual(['env', 'LC_ALL=C', 'virsh', 'domjobinfo', '--domain', 'web-01'])
    expect(argv(domjobinfoCommand('web-01', { completed: true, connectUri: 'qemu+tcp://10.200.0.12/system' }))).toEqual([
      'env',
      'LC_ALL=C',
      'virsh',
      '-c',
      'qemu+tcp://10.200.0.12/system',
      'domjobinfo',
      '--domain',
      'web-01',
      '--completed'
    ])
    expect(argv(domjobabortCommand("it's; x"))).toEqual(['env', 'LC_ALL=C', 'virsh', 'domjobabort', '--domain', "it's; x"])
    expect(domjobabortCommand('').ok).toBe(false)
  })
})
