import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { HostKeyVerifier } from '../../../../src/main/ssh/host-key-verifier'
import { SshError } from '../../../../src/main/ssh/ssh-error'
import { parseHostSpec, SSH_POOL_DEFAULTS, SshPool } from '../../../../src/main/ssh/ssh-pool'
import { tempDir } from './temp-dir'

describe('parseHostSpec', () => {
  it('reads [user@]host[:port], including bracketed IPv6', () => {
    expect(parseHostSpec('hv-01')).toEqual({ address: 'hv-01' })
    expect(parseHostSpec('root@10.0.0.1:2222')).toEqual({ user: 'root', address: '10.0.0.1', port: 2222 })
    expect(parseHostSpec('ops@[fd00::1]:22')).toEqual({ user: 'ops', address: 'fd00::1', port: 22 })
    expect(parseHostSpec('a@b@c')).toBeUndefined()
    expect(parseHostSpec('host:0')).toBeUndefined()
    expect(parseHostSpec('host:70000')).toBeUndefined()
    expect(parseHostSpec('')).toBeUndefined()
  })
})

describe('SSH_POOL_DEFAULTS', () => {
  it('stay below sshd MaxSessions 10 and report a frozen host down within 35 s', () => {
    expect(SSH_POOL_DEFAULTS.maxChannelsPerHost).toBe(8)
    expect(SSH_POOL_DEFAULTS.maxOutputBytes).toBe(16 * 1024 * 1024)
    expect(SSH_POOL_DEFAULTS.keepaliveIntervalMs * SSH_POOL_DEFAULTS.keepaliveCountMax).toBeLessThanOrEqual(35_000)
  })
})

describe('SshPool without a network', () => {
  const pool = () => new SshPool({ verifier: new HostKeyVerifier({ readOnlyPaths: [], ownPath: join(tempDir('rackside-pool-'), 'kh') }) })

  it('names unknown hosts and bad argv in typed errors', async () => {
    const p = pool()
    await expect(p.exec('ghost', ['true'])).rejects.toEqual(new SshError('unreachable', 'ghost', 'ghost: no such host is configured'))
    p.setHost({ name: 'hv-01', address: '127.0.0.1', port: 1, user: 'x' })
    await expect(p.exec('hv-01', [])).rejects.toMatchObject({ kind: 'command-failed', message: 'hv-01: cannot build a command from an empty argv' })
    expect(p.stats('hv-01')).toEqual({ state: 'idle', connectionsOpened: 0, openChannels: 0, peakOpenChannels: 0, queued: 0, execsStarted: 0, probeMode: 'none', probeSessionsStarted: 0, probeRequests: 0 })
    await expect(p.probe('hv-01', ['loadavg'])).rejects.toMatchObject({ kind: 'command-failed', message: 'hv-01: this connection pool has no probe table' })
  })

  it('refuses work once closed', async () => {
    const p = pool()
    p.setHost({ name: 'hv-01', address: '127.0.0.1', port: 1, user: 'x' })
    await p.close()
    await expect(p.exec('hv-01', ['true'])).rejects.toMatchObject({ kind: 'connection-lost', message: 'hv-01: the connection pool is closed' })
  })

  it('rejects a ProxyJump that is neither a host nor [user@]host[:port]', async () => {
    const p = pool()
    p.setHost({ name: 'inner', address: '127.0.0.1', port: 1, user: 'x', proxyJump: 'bad jump!' })
    await expect(p.exec('inner', ['true'])).rejects.toMatchObject({ kind: 'unreachable', message: 'inner: ProxyJump "bad jump!" is not [user@]host[:port] or a known host' })
    await p.close()
  })
})
