// ProxyJump to a host that only a jump host can reach: a network namespace "behind" hv-01, joined
// to hv-01's namespace by its own veth pair and routed nowhere else, with a real sshd. Rackside
// must fail to reach it directly (unreachable) and reach it through hv-01 — from the CLI and from
// the app's own fleet — and see the hidden host's own hostname.
import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { memoryIo } from '../../../src/main/cli/cli-io'
import { PROBE_EXIT, runProbeCommand, type ProbeFacts } from '../../../src/main/cli/probe-command'
import type { Services } from '../../../src/main/services'
import type { FleetSnapshot } from '../../../src/shared/fleet'
import { labHostYaml } from '../../helpers/lab-web'
import { connectedServices, tempDir } from '../../helpers/temp-services'
import { labPaths, labRun } from '../../lab/lab'
import { requireLab } from '../../lab/require-lab'

const NAMESPACE = 'rackside-behind'
const HIDDEN_HOSTNAME = 'behind-01'
const HIDDEN_ADDRESS = '10.201.0.2'
const HV01_SIDE_ADDRESS = '10.201.0.1'
const HV01_ADDRESS = '10.200.0.11'

async function sh(script: string): Promise<string> {
  const result = await labRun('bash', ['-euo', 'pipefail', '-c', script])
  if (result.exitCode !== 0) throw new Error(`${script}\n→ exit ${result.exitCode}: ${result.stderr}`)
  return result.stdout
}

async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

describe('ProxyJump to a lab host reachable only through hv-01', () => {
  requireLab()
  const dir = tempDir('rackside-proxy-jump-')
  const knownHosts = join(dir.path, 'known_hosts')
  let sshd: ChildProcess | undefined
  let services: Services | undefined

  const removeNamespace = () =>
    sh(`ip -n hv-01 link del rs-behind0 2>/dev/null || true; ip netns del ${NAMESPACE} 2>/dev/null || true`)

  beforeAll(async () => {
    await removeNamespace()
    // The link exists only between hv-01's namespace and the hidden one: the root namespace (where
    // Rackside runs) has no route to 10.201.0.0/30.
    await sh(`
      ip netns add ${NAMESPACE}
      ip link add rs-behind0 type veth peer name rs-behind1
      ip link set rs-behind0 netns hv-01
      ip link set rs-behind1 netns ${NAMESPACE} name eth0
      ip -n hv-01 addr add ${HV01_SIDE_ADDRESS}/30 dev rs-behind0
      ip -n hv-01 link set rs-behind0 up
      ip -n ${NAMESPACE} addr add ${HIDDEN_ADDRESS}/30 dev eth0
      ip -n ${NAMESPACE} link set eth0 up
      ip -n ${NAMESPACE} link set lo up
      ssh-keygen -q -t ed25519 -N '' -f ${dir.path}/host_key
      mkdir -p /run/sshd
    `)
    writeFileSync(join(dir.path, 'authorized_keys'), readFileSync(labPaths().publicKey))
    writeFileSync(
      join(dir.path, 'sshd_config'),
      [
        'Port 22',
        `ListenAddress ${HIDDEN_ADDRESS}`,
        `HostKey ${dir.path}/host_key`,
        `PidFile ${dir.path}/sshd.pid`,
        `AuthorizedKeysFile ${dir.path}/authorized_keys`,
        // The temp folder is not root-only the way ~/.ssh is.
        'StrictModes no',
        'UsePAM no',
        'PermitRootLogin prohibit-password',
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        ''
      ].join('\n')
    )
    const hostKey = readFileSync(join(dir.path, 'host_key.pub'), 'utf8').trim().split(/\s+/)
    writeFileSync(knownHosts, `${readFileSync(labPaths().knownHosts, 'utf8').trimEnd()}\n${HIDDEN_ADDRESS} ${hostKey[0]} ${hostKey[1]}\n`)
    // Its own UTS namespace too, so the hostname it reports proves which machine answered.
    sshd = spawn('ip', ['netns', 'exec', NAMESPACE, 'unshare', '--uts', 'sh', '-c', `hostname ${HIDDEN_HOSTNAME} && exec /usr/sbin/sshd -D -f ${dir.path}/sshd_config -E ${dir.path}/sshd.log`], {
      stdio: 'ignore'
    })
    // Ready when hv-01 can reach its port.
    const deadline = Date.now() + 15_000
    while ((await labRun('ip', ['netns', 'exec', 'hv-01', 'bash', '-c', `exec 3<>/dev/tcp/${HIDDEN_ADDRESS}/22`])).exitCode !== 0) {
      if (Date.now() > deadline) throw new Error(`the hidden sshd did not listen: ${readFileSync(join(dir.path, 'sshd.log'), 'utf8')}`)
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }, 60_000)

  afterAll(async () => {
    await services?.close()
    sshd?.kill('SIGTERM')
    await removeNamespace()
    dir.remove()
  })

  async function probe(args: string[]) {
    const io = memoryIo()
    const code = await runProbeCommand([...args, '-i', labPaths().privateKey, '--known-hosts', knownHosts, '--json'], io, {
      homeDir: dir.path,
      agentSocket: null,
      readyTimeoutMs: 5_000
    })
    return { code, out: io.out, err: io.err }
  }

  it('cannot be reached directly: `rackside probe` exits 6 (unreachable) with one line', async () => {
    const direct = await probe([`root@${HIDDEN_ADDRESS}`])
    expect(direct.code).toBe(PROBE_EXIT.unreachable)
    expect(direct.out).toBe('')
    expect(direct.err.trimEnd().split('\n')).toHaveLength(1)
  })

  it('is reached with -J through hv-01, and the facts are the hidden host’s', async () => {
    const jumped = await probe([`root@${HIDDEN_ADDRESS}`, '-J', `root@${HV01_ADDRESS}`])
    expect(jumped.err).toBe('')
    expect(jumped.code).toBe(0)
    const facts = JSON.parse(jumped.out) as ProbeFacts
    expect(facts.hostname).toBe(HIDDEN_HOSTNAME)
    expect(facts.hostKey.sha256).toMatch(/^SHA256:/)
  })

  it('the app’s fleet polls it through hv-01 when the inventory says ProxyJump: hv-01', async () => {
    services = await connectedServices(join(dir.path, 'data'), { knownHosts, homeDir: dir.path, version: '0.0.0-lab' })
    const yaml = [
      'site: { name: Lab behind a jump host }',
      'hosts:',
      labHostYaml('hv-01', ['hypervisor']),
      `  - { name: ${HIDDEN_HOSTNAME}, address: ${HIDDEN_ADDRESS}, port: 22, user: root, roles: [], identityFile: ${JSON.stringify(labPaths().privateKey)}, proxyJump: hv-01 }`,
      ''
    ].join('\n')
    const imported = await services.handlers['inventory.importYaml']({ text: yaml, fileName: 'behind.yaml' })
    expect(imported.ok).toBe(true)
    const fleet = services
    let snapshot: FleetSnapshot = { hosts: {} }
    const hostname = await until(
      'facts from the hidden host',
      async () => {
        snapshot = (await fleet.handlers['fleet.snapshot']({})) as FleetSnapshot
        return snapshot.hosts[HIDDEN_HOSTNAME]?.system?.value?.hostname ?? undefined
      },
      30_000
    )
    expect(hostname).toBe(HIDDEN_HOSTNAME)
    expect(snapshot.hosts['hv-01']?.system?.value?.hostname).toBe('hv-01')
  }, 60_000)
})
