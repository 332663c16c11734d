// Every fleet probe through a probe session and as a one-off exec, on the demo fleet and on a real
// sshd (virsh there on libvirt's test driver): both answers must read, with the same parser, to
// the same fields. The demo fleet serves sessions from its command router, so this is also what
// keeps the sim's session answers in the real tools' formats.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { utils } from 'ssh2'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fleetProbes, type FleetProbeName } from '../../../src/main/fleet/host-probes'
import { parseHostname, parseLoadavg, parseMeminfo, parseNproc, parseProcStat, parseProcUptime } from '../../../src/main/probes/linux'
import { parseVirshDomstats, parseVirshNodeinfo } from '../../../src/main/probes/libvirt'
import { startDemoFleet, type DemoFleet } from '../../../src/main/sim/demo-fleet'
import { HostKeyVerifier } from '../../../src/main/ssh/host-key-verifier'
import type { ProbeAnswer, ProbeOutcome } from '../../../src/main/ssh/probe-session'
import { SshError } from '../../../src/main/ssh/ssh-error'
import { SshPool } from '../../../src/main/ssh/ssh-pool'
import { createSshLab, type SshdInstance, type SshLab } from '../../helpers/sshd'
import { demoSite } from '../../unit/main/sim/sim-test-kit'

const parsers: Record<FleetProbeName, (text: string) => unknown> = {
  hostname: parseHostname,
  loadavg: parseLoadavg,
  nproc: parseNproc,
  meminfo: parseMeminfo,
  uptime: parseProcUptime,
  stat: parseProcStat,
  domstats: parseVirshDomstats,
  nodeinfo: parseVirshNodeinfo,
  vcpus: parseVirshDomstats
}
const names = Object.keys(parsers) as FleetProbeName[]

/** A value's structure: which fields exist and their types, array lengths kept, numbers not compared. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shape)
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, shape(v)]))
  return value === null ? 'null' : typeof value
}

function answer(outcome: ProbeOutcome | undefined): ProbeAnswer {
  if (outcome === undefined) throw new Error('no outcome')
  if (outcome instanceof SshError) throw outcome
  return outcome
}

async function compareAllProbes(pool: SshPool, host: string): Promise<void> {
  const session = await pool.probe(host, names, { timeoutMs: 20_000 })
  for (const name of names) {
    const viaSession = answer(session.get(name))
    const viaExec = await pool.exec(host, fleetProbes[name].argv, { timeoutMs: 20_000 })
    expect({ name, exitCode: viaSession.exitCode, stderr: viaSession.stderr.toString() }).toEqual({ name, exitCode: viaExec.exitCode, stderr: viaExec.stderr.toString() })
    expect(viaSession.exitCode).toBe(0)
    const parse = parsers[name]
    const fromSession = parse(viaSession.stdout.toString())
    const fromExec = parse(viaExec.stdout.toString())
    expect({ name, fields: shape(fromSession) }).toEqual({ name, fields: shape(fromExec) })
    // What does not move between two reads must be equal, not just shaped alike.
    if (name === 'hostname' || name === 'nproc' || name === 'nodeinfo') expect(fromSession).toEqual(fromExec)
    if (name === 'vcpus') {
      const counts = (text: string) => parseVirshDomstats(text).domains.map((d) => [d.name, d.vcpuCurrent, d.vcpuMaximum])
      expect(counts(viaSession.stdout.toString())).toEqual(counts(viaExec.stdout.toString()))
    }
  }
  expect(pool.stats(host)).toMatchObject({ probeMode: 'session', probeSessionsStarted: 1 })
}

describe('fleet probes through a session and as one-off execs', () => {
  let work: string
  let demo: DemoFleet
  let demoPool: SshPool
  let lab: SshLab
  let sshd: SshdInstance
  let labPool: SshPool

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'rackside-probe-sessions-'))
    demo = await startDemoFleet({ site: demoSite(), basePort: 0, keyDir: join(work, 'host-keys') })
    const knownHosts = join(work, 'known_hosts')
    await writeFile(knownHosts, demo.hosts.map((h) => `[${h.address}]:${h.port} ${h.hostPublicKey}\n`).join(''))
    const clientKey = join(work, 'client_ed25519')
    await writeFile(clientKey, utils.generateKeyPairSync('ed25519').private, { mode: 0o600 })
    demoPool = new SshPool({ verifier: new HostKeyVerifier({ readOnlyPaths: [knownHosts], ownPath: join(work, 'own_known_hosts') }), auth: { agentSocket: null, homeDir: work }, probes: fleetProbes })
    for (const h of demo.hosts) demoPool.setHost({ name: h.name, address: h.address, port: h.port, user: 'rackside', identityFile: clientKey })

    lab = await createSshLab()
    sshd = await lab.startSshd({ name: 'probe-parsers', address: '127.0.0.35', config: { SetEnv: 'LIBVIRT_DEFAULT_URI=test:///default' } })
    const labKnownHosts = join(work, 'lab_known_hosts')
    await writeFile(labKnownHosts, `${sshd.knownHostsLine()}\n`)
    labPool = new SshPool({ verifier: new HostKeyVerifier({ readOnlyPaths: [], ownPath: labKnownHosts }), auth: { agentSocket: null, homeDir: work }, probes: fleetProbes })
    labPool.setHost({ name: 'real', address: sshd.address, port: sshd.port, user: lab.keyUser.name, identityFile: lab.keyUser.privateKeyPath })
  })
  afterAll(async () => {
    await demoPool?.close()
    await labPool?.close()
    await demo?.stop()
    await lab?.close()
    if (work) await rm(work, { recursive: true, force: true })
  })

  it('on a demo hypervisor (hvx-01) and a demo Gluster Atom (hv-03)', async () => {
    await compareAllProbes(demoPool, 'hvx-01')
    await compareAllProbes(demoPool, 'hv-03')
    const vms = parseVirshDomstats(answer((await demoPool.probe('hvx-01', ['domstats'])).get('domstats')).stdout.toString())
    expect(vms.domains.map((d) => [d.name, d.stateName, d.vcpuCurrent, d.cpuTimeNs !== null, d.balloonCurrentKiB !== null, d.blocks.length > 0])).toEqual([
      ['web-01', 'running', null, true, true, true],
      ['web-02', 'running', null, true, true, true],
      ['db-01', 'running', null, true, true, true],
      ['app-01', 'running', null, true, true, true]
    ])
  })

  it('on the demo mail server, whose missing virsh is an answer (exit 127), not a broken session', async () => {
    const outcomes = await demoPool.probe('mail-01', ['hostname', 'domstats', 'loadavg'])
    expect(answer(outcomes.get('hostname')).stdout.toString()).toBe('mail-01\n')
    expect(answer(outcomes.get('domstats'))).toEqual({ exitCode: 127, stdout: Buffer.alloc(0), stderr: Buffer.from('sh: 1: virsh: not found\n') })
    const viaExec = await demoPool.exec('mail-01', fleetProbes.domstats.argv)
    expect(viaExec).toMatchObject({ exitCode: 127, stderr: Buffer.from('sh: 1: virsh: not found\n') })
    expect(parseLoadavg(answer(outcomes.get('loadavg')).stdout.toString()).load1).toEqual(expect.any(Number))
  })

  it('on a real sshd with a /bin/sh login shell', async () => {
    await compareAllProbes(labPool, 'real')
  })
})
