// `npm run bench -- migrate [--rounds N] [--against lab|demo|auto]`: what Rackside adds to a live
// migration. The same VM goes back and forth between two hypervisors, alternately through
// Rackside (pre-checks, `virsh migrate` over the SSH pool, domjobinfo every second, verification
// with `virsh list --all` on both hosts, audit) and through its peers, bare `virsh migrate` run by
// OpenSSH's `ssh` as an admin would type it: once with a new connection each time, once over a warm
// shared connection (what remains is Rackside's own work). Against the lab when it is up (a real guest on real
// libvirt), else against the demo fleet (simulated migration time, real SSH); it says which.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import type { MigrationRecord } from '../src/shared/api-parts/vms-api'
import { launchDemoFleet } from '../src/main/fleet/demo-launcher'
import { createServices, type DemoFleetHandle, type Services } from '../src/main/services'
import { labPaths, labStatus } from '../test/lab/lab'
import { resourcesDir } from '../test/helpers/temp-services'
import { labAddressOf } from '../test/helpers/lab-web'
import { createLabGuest, guestStates, labServices, removeLabGuest } from '../test/integration/migration/lab-fleet'

interface Target {
  label: string
  vm: string
  hosts: [string, string]
  services: Services
  /** `ssh [options] HOST command…` as an admin would run it; `sshOptions` go before the host. */
  ssh(host: string, sshOptions: readonly string[], command: readonly string[]): string[]
  /** The destination URI of a migration to `to`. */
  destUri(to: string): string
  cleanup(): Promise<void>
}

const FINAL = new Set(['succeeded', 'failed', 'cancelled', 'unknown'])
const FLAGS = ['migrate', '--live', '--persistent', '--undefinesource', '--verbose']

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2
}

function runProcess(argv: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0] as string, argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stderr }))
  })
}

async function waitUntil(what: string, condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/** Waits until the poller lists the VM on `host` only, so Rackside's pre-checks see where it is. */
function settled(services: Services, vm: string, host: string): Promise<void> {
  const listedOn = () =>
    Object.entries(services.fleet?.snapshot().hosts ?? {})
      .filter(([, facts]) => facts.vms?.value?.some((d) => d.name === vm))
      .map(([name]) => name)
  return waitUntil(`${vm} listed on ${host} only`, () => JSON.stringify(listedOn()) === JSON.stringify([host]), 30_000)
}

async function viaRackside(target: Target, from: string, to: string, records: MigrationRecord[]): Promise<number> {
  const started = performance.now()
  const record = await target.services.handlers['vms.migrate']({ vm: target.vm, from, to, confirmed: true })
  let final: MigrationRecord | undefined
  await waitUntil(`${target.vm} migrated by Rackside`, () => {
    final = [...records].reverse().find((r) => r.id === record.id && FINAL.has(r.status))
    return final !== undefined
  }, 600_000)
  const elapsedMs = performance.now() - started
  if (final?.status !== 'succeeded') throw new Error(`Rackside migration ${from} → ${to} ended ${final?.status}: ${final?.alarm ?? final?.message ?? ''}`)
  return elapsedMs
}

async function viaSsh(target: Target, from: string, to: string, sshOptions: readonly string[]): Promise<number> {
  const started = performance.now()
  const result = await runProcess(target.ssh(from, sshOptions, ['virsh', ...FLAGS, target.vm, target.destUri(to)]))
  const elapsedMs = performance.now() - started
  if (result.code !== 0) throw new Error(`bare virsh migrate ${from} → ${to} exited ${result.code}: ${result.stderr.trim()}`)
  return elapsedMs
}

async function labTarget(dataDir: string, virt: 'kvm' | 'qemu'): Promise<Target> {
  const vm = 'rs-bench'
  await removeLabGuest(vm)
  await createLabGuest(vm, 'hv-01', virt)
  const services = await labServices(dataDir, 1_000)
  const paths = labPaths()
  return {
    label: `the lab (${virt}, real libvirt/QEMU, 64 MiB guest on the Gluster volume)`,
    vm,
    hosts: ['hv-01', 'hv-02'],
    services,
    ssh: (host, sshOptions, command) => ['ssh', '-F', paths.sshConfig, ...sshOptions, host, ...command],
    destUri: (to) => `qemu+ssh://${labAddressOf(to as 'hv-01')}/system`,
    cleanup: async () => {
      await services.close()
      const states = await guestStates(vm)
      await removeLabGuest(vm)
      if (Object.keys(states).length !== 1) console.warn(`warning: ${vm} was defined on ${JSON.stringify(states)} at the end`)
    }
  }
}

async function demoTarget(dataDir: string): Promise<Target> {
  let demo: DemoFleetHandle | null = null
  const services = await createServices({
    dataDir,
    resourcesDir,
    version: '0.0.0-bench',
    secretStoreKind: 'memory',
    connectFleet: true,
    fleet: { poller: { intervals: { vmsMs: 1_000 } } },
    launchDemoFleet: async (site, dir) => (demo = await launchDemoFleet(site, dir))
  })
  const handle = demo as DemoFleetHandle | null
  if (handle === null) throw new Error('the demo fleet did not start')
  const knownHosts = join(dataDir, 'bench_known_hosts')
  writeFileSync(knownHosts, [...handle.endpoints.values()].map((e) => `${e.knownHostsLine}\n`).join(''))
  const vm = 'dns-01'
  return {
    label: 'the demo fleet (real SSH to the simulator on 127.0.0.1; migration time simulated at 1 s per GiB, 1 GiB guest)',
    vm,
    hosts: ['hv-01', 'hv-02'],
    services,
    ssh: (host, sshOptions, command) => {
      const endpoint = handle.endpoints.get(host)
      if (endpoint === undefined) throw new Error(`no demo endpoint for ${host}`)
      return ['ssh', '-p', String(endpoint.port), '-i', endpoint.identityFile, '-o', 'IdentitiesOnly=yes', '-o', `UserKnownHostsFile=${knownHosts}`, '-o', 'GlobalKnownHostsFile=/dev/null', '-o', 'StrictHostKeyChecking=yes', '-o', 'BatchMode=yes', ...sshOptions, `rackside@${endpoint.address}`, ...command]
    },
    destUri: (to) => `qemu+ssh://${to}.demo/system`,
    cleanup: () => services.close()
  }
}

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { rounds: { type: 'string' }, against: { type: 'string' } }, strict: true })
  const rounds = Number(values.rounds ?? '5')
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds takes a whole number of at least 1, not ${values.rounds}`)
  const against = values.against ?? 'auto'
  if (!['lab', 'demo', 'auto'].includes(against)) throw new Error(`--against takes lab, demo or auto, not ${against}`)
  const lab = await labStatus()
  if (against === 'lab' && !lab.up) throw new Error('the lab is not up: sudo test/lab/lab-up.sh')
  const useLab = against === 'lab' || (against === 'auto' && lab.up)

  const dataDir = mkdtempSync(join(tmpdir(), 'rackside-bench-migrate-'))
  const target = useLab ? await labTarget(dataDir, lab.virtType ?? 'qemu') : await demoTarget(dataDir)
  const records: MigrationRecord[] = []
  target.services.events.attach((topic, payload) => {
    if (topic === 'vms.migration') records.push(payload as MigrationRecord)
  })
  const [a, b] = target.hosts
  try {
    await settled(target.services, target.vm, a)
    await target.services.handlers['vms.refresh']({})
    console.log(`migrate: ${target.vm} between ${a} and ${b}, ${rounds} round(s), against ${target.label}`)
    console.log('Rackside = pre-checks + virsh migrate over the SSH pool + domjobinfo each second + verification on both hosts + audit;')
    console.log('peers    = ssh HOST virsh migrate … (OpenSSH, a new connection each time), and the same over a warm shared connection (ControlMaster).\n')
    // A second peer with OpenSSH connection sharing, warmed up: virsh over an already open
    // connection, as Rackside's pool has one — what is left is Rackside's own work.
    const mux = ['-o', 'ControlMaster=auto', '-o', `ControlPath=${join(dataDir, 'cm-%C')}`, '-o', 'ControlPersist=600']
    for (const host of [a, b]) {
      const warm = await runProcess(target.ssh(host, mux, ['true']))
      if (warm.code !== 0) throw new Error(`could not open a shared ssh connection to ${host}: ${warm.stderr.trim()}`)
    }
    console.log('round   Rackside a→b   Rackside b→a   ssh+virsh a→b   ssh+virsh b→a   mux ssh a→b   mux ssh b→a')
    const rackside: number[] = []
    const bare: number[] = []
    const muxed: number[] = []
    const overheads: number[] = []
    const muxOverheads: number[] = []
    for (let round = 1; round <= rounds; round++) {
      const row: Record<string, number> = {}
      const tools: [string, string, () => Promise<number>, string][][] = [
        [
          ['r', 'ab', () => viaRackside(target, a, b, records), b],
          ['r', 'ba', () => viaRackside(target, b, a, records), a]
        ],
        [
          ['s', 'ab', () => viaSsh(target, a, b, []), b],
          ['s', 'ba', () => viaSsh(target, b, a, []), a]
        ],
        [
          ['m', 'ab', () => viaSsh(target, a, b, mux), b],
          ['m', 'ba', () => viaSsh(target, b, a, mux), a]
        ]
      ]
      // Rotate which tool goes first, so drift in the hosts' speed spreads over all three.
      const order = [...tools.slice(round % 3), ...tools.slice(0, round % 3)]
      for (const [tool, direction, step, landsOn] of order.flat()) {
        row[`${tool}-${direction}`] = await step()
        await settled(target.services, target.vm, landsOn)
      }
      const get = (key: string) => row[key] ?? 0
      rackside.push(get('r-ab'), get('r-ba'))
      bare.push(get('s-ab'), get('s-ba'))
      muxed.push(get('m-ab'), get('m-ba'))
      for (const d of ['ab', 'ba']) {
        overheads.push((get(`r-${d}`) - get(`s-${d}`)) / get(`s-${d}`))
        muxOverheads.push((get(`r-${d}`) - get(`m-${d}`)) / get(`m-${d}`))
      }
      const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`.padStart(14)
      console.log(`${String(round).padStart(5)}  ${s(get('r-ab'))} ${s(get('r-ba'))}  ${s(get('s-ab'))}  ${s(get('s-ba'))}  ${s(get('m-ab'))}  ${s(get('m-ba'))}`)
    }
    for (const host of [a, b]) await runProcess(target.ssh(host, [...mux, '-O', 'exit'], []))
    const pct = (ratio: number) => `${ratio >= 0 ? '+' : ''}${(ratio * 100).toFixed(1)} %`
    const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`
    console.log(`\nmedian migration: Rackside ${sec(median(rackside))}, ssh+virsh ${sec(median(bare))}, ssh+virsh over a shared connection ${sec(median(muxed))}`)
    console.log(`median overhead of Rackside (per direction and round): vs ssh+virsh ${pct(median(overheads))}, vs ssh+virsh over a shared connection ${pct(median(muxOverheads))}`)
  } finally {
    await target.cleanup()
    rmSync(dataDir, { recursive: true, force: true })
  }
}
