// Rackside's Gluster pieces against the lab's real GlusterFS 10.3 (three nodes in network
// namespaces, replica-3 volume vmstore, FUSE-mounted with the VMs' disks on it), reached through
// the project's own SshPool with the lab's key and known_hosts: facts, a brick process killed
// for real, the alert it raises, the confirmed restart that brings it back, a heal, what-if.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { HostConnectionState } from '../../../src/shared/api'
import { whatIfHostsFail } from '../../../src/shared/domain/failure-impact'
import type { Site } from '../../../src/shared/model'
import { loadSiteYaml } from '../../../src/shared/site-yaml'
import { FleetPoller, type PolledHost } from '../../../src/main/fleet/fleet-poller'
import { ActionRunner } from '../../../src/main/gluster/action-runner'
import { AlertBook } from '../../../src/main/gluster/alert-book'
import { alertSampleFromFacts } from '../../../src/main/gluster/alert-sample'
import { scenarioContext } from '../../../src/main/gluster/scenario-context'
import { planStorageAction } from '../../../src/main/gluster/storage-actions'
import { HostKeyVerifier } from '../../../src/main/ssh/host-key-verifier'
import { SshPool } from '../../../src/main/ssh/ssh-pool'
import { AuditLog } from '../../../src/main/store/audit-log'
import { openDatabase } from '../../../src/main/store/database'
import { labHosts, labPaths, labSsh, labVmstoreMount, labVolume } from '../../lab/lab'
import { requireLab } from '../../lab/require-lab'

const NODES = ['hv-01', 'hv-02', 'hv-03'] as const
const BRICK_PATH = '/srv/gluster/vmstore/brick'
const address = (host: string): string => labHosts.find((h) => h.name === host)?.address ?? ''

/** The lab as an inventory: three Atom-like hypervisors, one per feed pattern, in one cabinet. */
function labSite(): Site {
  const yaml = `
site: { name: Rackside lab }
cabinets:
  - name: L01
    heightU: 46
    maxWeightKg: 1000
    coolingWatts: 3500
    contractWatts: 3000
    feeds:
      - { name: A, volts: 230, amps: 16, phases: 1, deratePercent: 80 }
      - { name: B, volts: 230, amps: 16, phases: 1, deratePercent: 80 }
models:
  - { name: Lab node, role: server, heightU: 1, fullDepth: false, watts: { nameplate: 100, typical: 30, idle: 20, peak: 60 }, weightKg: 5 }
devices:
${NODES.map((h, i) => `  - { name: ${h}, model: Lab node, cabinet: L01, positionU: ${40 - i}, face: front, feeds: [${i === 1 ? 'B' : 'A'}], host: ${h} }`).join('\n')}
hosts:
${NODES.map((h) => `  - { name: ${h}, address: ${address(h)}, port: 22, user: root, roles: [hypervisor, gluster] }`).join('\n')}
`
  const result = loadSiteYaml(yaml, 'lab-site.yaml')
  if (!result.ok) throw new Error(`lab site invalid: ${JSON.stringify(result.errors)}`)
  return result.site
}

describe('Gluster on the lab through Rackside’s SSH pool', () => {
  requireLab()
  const site = labSite()
  let dir = ''
  let pool: SshPool
  let poller: FleetPoller
  let audit: AuditLog
  let closeDb = () => undefined as void

  /** Polls Gluster now (and whatever else is due) and returns the facts with their time. */
  const pollGluster = async () => {
    poller.requestGlusterRefresh()
    await poller.pollDue()
    const fact = poller.snapshot().gluster
    if (!fact?.value || fact.atMs === null) throw new Error(`no Gluster facts: ${fact?.error?.message ?? 'none yet'}`)
    return { ...fact, value: fact.value, atMs: fact.atMs }
  }
  const hostStates = (): HostConnectionState[] => NODES.map((host) => ({ host, status: pool.stats(host).state, sinceMs: 0 }) as HostConnectionState)
  const brickOf = (host: string) => poller.snapshot().gluster?.value?.bricks.find((b) => b.host === address(host) && b.path === BRICK_PATH)

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rackside-lab-gluster-'))
    pool = new SshPool({
      verifier: new HostKeyVerifier({ readOnlyPaths: [labPaths().knownHosts], ownPath: join(dir, 'known_hosts') }),
      auth: { agentSocket: null, homeDir: dir }
    })
    for (const host of NODES) pool.setHost({ name: host, address: address(host), port: 22, user: 'root', identityFile: labPaths().privateKey })
    poller = new FleetPoller({
      maxConcurrent: 32,
      runner: {
        run: async (host, command, { timeoutMs }) => {
          const result = await pool.execCommandLine(host, command, { timeoutMs })
          return { exitCode: result.exitCode, stdout: result.stdout.toString('utf8'), stderr: result.stderr.toString('utf8') }
        }
      }
    })
    poller.setHosts(NODES.map((name): PolledHost => ({ name, roles: ['hypervisor', 'gluster'] })))
    const { db } = openDatabase(join(dir, 'data'))
    closeDb = () => db.close()
    audit = new AuditLog(db)
    await poller.pollDue()
    await pollGluster()
  }, 120_000)

  afterAll(async () => {
    // Whatever happened above, every brick runs again for the next user of the lab.
    await labSsh('hv-01', `gluster --mode=script volume start ${labVolume} force`)
    await poller?.stop()
    await pool?.close()
    closeDb()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('reads the replica-3 volume, its running bricks, the peers and the heal counts', async () => {
    const fact = await pollGluster()
    const facts = fact.value
    expect(facts?.volumeInfo.map((v) => [v.name, v.type, v.status, v.replicaCount, v.brickCount])).toEqual([[labVolume, 'replicate', 'started', 3, 3]])
    expect(facts?.volumes[0]?.health).toBe('UP')
    expect(facts?.bricks.map((b) => b.host).sort()).toEqual(NODES.map(address).sort())
    for (const brick of facts?.bricks ?? []) {
      expect(brick).toMatchObject({ path: BRICK_PATH, online: true })
      expect(brick.pid).toBeGreaterThan(1)
      expect(brick.sizeTotalBytes).toBeGreaterThan(brick.sizeFreeBytes ?? Infinity)
    }
    expect(facts?.peers).toHaveLength(2)
    expect(facts?.peers?.every((p) => p.connected)).toBe(true)
    expect(facts?.heal?.volumes).toEqual([{ volume: labVolume, pending: expect.any(Number), splitBrain: 0 }])
  })

  it('answers what-if on the lab: losing two nodes takes the volume down and the VMs’ disks with it', async () => {
    const snapshot = poller.snapshot()
    const vms = snapshot.hosts['hv-01']?.vms?.value ?? []
    expect(vms.map((vm) => vm.name)).toEqual(expect.arrayContaining(['vm1', 'vm2']))
    const { input, basis } = scenarioContext(site, snapshot, [], Date.now())
    expect(basis.mounts).toEqual([{ volume: labVolume, mountPath: labVmstoreMount, source: 'vm-disks', disks: expect.any(Number) }])
    const one = whatIfHostsFail({ ...input, failed: { hosts: ['hv-02'] } })
    expect(one.volumes[0]).toMatchObject({ before: 'UP', after: 'PARTIAL', lostBricks: [{ host: address('hv-02'), path: BRICK_PATH, inventoryHost: 'hv-02' }] })
    expect(one.vmsLosingStorage).toEqual([])
    const feedA = whatIfHostsFail({ ...input, failed: { feeds: [{ cabinet: 'L01', feed: 'A' }] } })
    expect(feedA.failedHosts).toEqual(['hv-01', 'hv-03'])
    expect(feedA.volumes[0]?.after).toBe('DOWN')
    expect(feedA.vmsLosingStorage.filter((l) => l.certainty === 'certain').map((l) => l.vm)).toEqual(expect.arrayContaining(['vm1', 'vm2']))
  })

  it('launches a heal with gluster’s own answer', async () => {
    // Run on the healthy volume, before the brick test: right after `volume start … force` the
    // self-heal daemons take a few seconds to reconnect and gluster refuses a heal meanwhile.
    const plan = planStorageAction('start-heal', labVolume, { site, gluster: await pollGluster(), hostStates: hostStates(), nowMs: Date.now() })
    expect(plan.command).toBe(`gluster volume heal ${labVolume}`)
    const runner = new ActionRunner({ exec: (host, argv, options) => pool.exec(host, argv, options), audit, actor: 'lab-test', now: Date.now, newId: () => 'lab-2', publish: () => undefined })
    const result = await runner.run('start-heal', labVolume, plan.host)
    expect(result.phase, result.message).toBe('succeeded')
    expect(result.output).toContain(`Launching heal operation to perform index self heal on volume ${labVolume} has been successful`)
  })

  it('sees a killed brick process offline, raises the alert, restarts it with the confirmed command, and clears the alert', async () => {
    const book = new AlertBook()
    const before = await pollGluster()
    expect(book.take(alertSampleFromFacts(before.value, before.atMs, null))).toBeNull()

    const pid = brickOf('hv-02')?.pid
    expect(pid).toBeGreaterThan(1)
    const killed = await labSsh('hv-02', `kill -9 ${pid}`)
    expect(killed.exitCode, killed.stderr).toBe(0)

    let down = await pollGluster()
    for (let i = 0; i < 20 && brickOf('hv-02')?.online !== false; i++) {
      await new Promise((resolve) => setTimeout(resolve, 500))
      down = await pollGluster()
    }
    expect(brickOf('hv-02')).toMatchObject({ online: false, pid: null })
    expect(down.value.volumes[0]?.health).toBe('PARTIAL')
    const raised = book.take(alertSampleFromFacts(down.value, down.atMs, null))
    expect(raised?.raised.map((a) => [a.kind, a.brick])).toEqual([['brick-offline', `${address('hv-02')}:${BRICK_PATH}`]])

    const plan = planStorageAction('restart-bricks', labVolume, { site, gluster: down, hostStates: hostStates(), nowMs: Date.now() })
    expect(plan).toMatchObject({ command: `gluster volume start ${labVolume} force`, targets: [`${address('hv-02')}:${BRICK_PATH}`], warnings: [] })
    const runner = new ActionRunner({ exec: (host, argv, options) => pool.exec(host, argv, options), audit, actor: 'lab-test', now: Date.now, newId: () => 'lab-1', publish: () => undefined })
    const result = await runner.run(plan.action, plan.volume, plan.host)
    expect(result).toMatchObject({ phase: 'succeeded', exitCode: 0, message: `volume start: ${labVolume}: success` })

    let up = await pollGluster()
    for (let i = 0; i < 20 && brickOf('hv-02')?.online !== true; i++) {
      await new Promise((resolve) => setTimeout(resolve, 500))
      up = await pollGluster()
    }
    expect(brickOf('hv-02')?.online).toBe(true)
    expect(brickOf('hv-02')?.pid).not.toBe(pid)
    expect(up.value.volumes[0]?.health).toBe('UP')
    const cleared = book.take(alertSampleFromFacts(up.value, up.atMs, null))
    expect(cleared?.cleared.map((a) => a.kind)).toEqual(['brick-offline'])
    expect(audit.list(2).map((e) => [e.result, e.command, e.target])).toEqual([
      ['succeeded', `gluster volume start ${labVolume} force`, `${labVolume} via ${plan.host}`],
      ['started', `gluster volume start ${labVolume} force`, `${labVolume} via ${plan.host}`]
    ])
  })

})
