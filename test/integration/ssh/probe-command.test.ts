// `rackside probe` against real sshd: the facts it prints and its exit-code contract.
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CliUsageError, memoryIo } from '../../../src/main/cli/cli-io'
import { parseProbeOutput, PROBE_EXIT, runProbeCommand, type ProbeFacts } from '../../../src/main/cli/probe-command'
import { ParseError } from '../../../src/main/probes/parse-error'
import { createSshLab, type SshdInstance, type SshLab } from '../../helpers/sshd'
import { tempDir } from './ssh-fixtures'

describe('rackside probe', () => {
  let lab: SshLab
  let sshd: SshdInstance
  let jump: SshdInstance
  const environment = () => ({ homeDir: tempDir('rackside-home-'), agentSocket: null, readyTimeoutMs: 3000 })

  beforeAll(async () => {
    lab = await createSshLab()
    sshd = await lab.startSshd({ name: 'probe', address: '127.0.0.15' })
    jump = await lab.startSshd({ name: 'probe-jump', address: '127.0.0.16' })
  })
  afterAll(async () => {
    await lab?.close()
  })

  const target = () => `${lab.keyUser.name}@127.0.0.15:${sshd.port}`

  async function probe(args: string[]) {
    const io = memoryIo()
    const code = await runProbeCommand(args, io, environment())
    return { code, out: io.out, err: io.err }
  }

  it('exits 3 on an unknown host key without --accept-new, saving nothing', async () => {
    const knownHosts = join(tempDir(), 'known_hosts')
    const { code, out, err } = await probe([target(), '-i', lab.keyUser.privateKeyPath, '--known-hosts', knownHosts, '--json'])
    expect(code).toBe(PROBE_EXIT.hostKeyUnknown)
    expect(out).toBe('')
    expect(err.trimEnd().split('\n')).toHaveLength(1)
    expect(err).toContain(sshd.hostKeys[0]?.sha256)
    expect(err).toContain('--accept-new')
    expect(existsSync(knownHosts)).toBe(false)
  })

  it('with --accept-new prints the facts, saves the key, and next time needs no flag', async () => {
    const knownHosts = join(tempDir(), 'known_hosts')
    const first = await probe([target(), '-i', lab.keyUser.privateKeyPath, '--known-hosts', knownHosts, '--accept-new', '--json'])
    expect(first.err).toBe('')
    expect(first.code).toBe(0)
    const facts = JSON.parse(first.out) as ProbeFacts
    const meminfo = readFileSync('/proc/meminfo', 'utf8')
    expect(facts).toMatchObject({
      host: `127.0.0.15:${sshd.port}`,
      hostname: hostname(),
      memTotalKiB: Number(/^MemTotal:\s+(\d+) kB$/m.exec(meminfo)?.[1]),
      hostKey: { type: 'ssh-ed25519', sha256: sshd.hostKeys[0]?.sha256 }
    })
    expect(Object.keys(facts).sort()).toEqual(['cpuCount', 'host', 'hostKey', 'hostname', 'loadavg', 'memAvailableKiB', 'memTotalKiB', 'uptimeSeconds'])
    expect(facts.loadavg).toHaveLength(3)
    expect(facts.cpuCount).toBeGreaterThanOrEqual(1)
    expect(facts.memAvailableKiB).toBeGreaterThan(0)
    expect(facts.uptimeSeconds).toBeGreaterThan(0)
    expect(readFileSync(knownHosts, 'utf8')).toBe(`${sshd.knownHostsLine()}\n`)

    const second = await probe([target(), '-i', lab.keyUser.privateKeyPath, '--known-hosts', knownHosts])
    expect(second.code).toBe(0)
    expect(second.out).toContain(`host key    ssh-ed25519 ${sshd.hostKeys[0]?.sha256}`)
  })

  it('exits 4 on a changed or revoked host key', async () => {
    const knownHosts = join(tempDir(), 'known_hosts')
    const old = await lab.generateClientKey({ name: 'old-probe-host-key' })
    writeFileSync(knownHosts, `[127.0.0.15]:${sshd.port} ${old.publicKeyLine.split(' ').slice(0, 2).join(' ')}\n`)
    const changed = await probe([target(), '-i', lab.keyUser.privateKeyPath, '--known-hosts', knownHosts, '--accept-new'])
    expect(changed.code).toBe(PROBE_EXIT.hostKeyChangedOrRevoked)
    expect(changed.err).toBe(
      `rackside probe: 127.0.0.15:${sshd.port}: host key changed — expected ${old.sha256}, got ${sshd.hostKeys[0]?.sha256}; if the host was reinstalled, check the new key on its console, then forget the old one (Hosts → Forget saved key)\n`
    )
    writeFileSync(knownHosts, `@revoked * ${sshd.hostKeys[0]?.publicKeyLine}\n`)
    const revoked = await probe([target(), '-i', lab.keyUser.privateKeyPath, '--known-hosts', knownHosts, '--accept-new'])
    expect(revoked.code).toBe(PROBE_EXIT.hostKeyChangedOrRevoked)
    expect(revoked.err).toMatch(/is marked @revoked/)
  })

  it('exits 5 when the key is not accepted by the host', async () => {
    const stranger = await lab.generateClientKey({ name: 'probe-stranger' })
    const { code, err } = await probe([target(), '-i', stranger.privateKeyPath, '--known-hosts', join(tempDir(), 'kh'), '--accept-new'])
    expect(code).toBe(PROBE_EXIT.authFailed)
    expect(err).toBe(`rackside probe: 127.0.0.15:${sshd.port}: authentication failed for ${target()} — tried key ${stranger.privateKeyPath}\n`)
  })

  it('exits 6 on a closed port', async () => {
    const { code, err } = await probe([`${lab.keyUser.name}@127.0.0.17:1`, '-i', lab.keyUser.privateKeyPath, '--known-hosts', join(tempDir(), 'kh')])
    expect(code).toBe(PROBE_EXIT.unreachable)
    expect(err).toBe('rackside probe: 127.0.0.17:1: cannot reach 127.0.0.17:1 (ECONNREFUSED)\n')
  })

  it('goes through a jump host with -J', async () => {
    const knownHosts = join(tempDir(), 'known_hosts')
    const { code, out, err } = await probe([
      target(),
      '-i',
      lab.keyUser.privateKeyPath,
      '-J',
      `${lab.keyUser.name}@127.0.0.16:${jump.port}`,
      '--known-hosts',
      knownHosts,
      '--accept-new',
      '--json'
    ])
    expect(err).toBe('')
    expect(code).toBe(0)
    expect((JSON.parse(out) as ProbeFacts).hostKey.sha256).toBe(sshd.hostKeys[0]?.sha256)
    // Both the jump host's key and the target's were accepted and saved.
    expect(readFileSync(knownHosts, 'utf8').trim().split('\n').sort()).toEqual([jump.knownHostsLine(), sshd.knownHostsLine()].sort())
  })

  it('refuses a bad command line and unparseable output clearly', async () => {
    await expect(runProbeCommand([], memoryIo())).rejects.toThrow(CliUsageError)
    await expect(runProbeCommand(['user@host:99999'], memoryIo())).rejects.toThrow(/is not \[user@\]host\[:port\]/)
    expect(() => parseProbeOutput('h', 'hv-01\n0.1 0.2 0.3 1/2 3\nnot-a-number\nMemTotal: 1 kB\n1.0 2.0\n', { type: 't', sha256: 's' })).toThrow(ParseError)
  })
})
