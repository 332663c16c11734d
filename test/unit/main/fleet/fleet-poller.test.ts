// The poller against real commands: the system batch and virsh run for real on this machine
// (virsh on libvirt's test driver), Gluster answers come from captured real outputs per node.
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { FleetPoller, type CommandRunner, type CommandResult } from '../../../../src/main/fleet/fleet-poller'
import type { FleetDelta } from '../../../../src/shared/fleet'
import { factFreshness } from '../../../../src/shared/fleet'

const fixtures = join(__dirname, '..', '..', '..', 'fixtures', 'gluster')

function localShell(command: string): Promise<CommandResult> {
  return new Promise((resolve) => {
    execFile('sh', ['-c', command], { env: { ...process.env, LIBVIRT_DEFAULT_URI: 'test:///default' } }, (error, stdout, stderr) =>
      resolve({ exitCode: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr })
    )
  })
}

/** Gluster from captures of one cluster state; any other command runs in a real local shell. */
function runner(state: { gluster: 'healthy' | 'brick-down'; down: Set<string>; calls: string[] }): CommandRunner {
  return {
    async run(host, command) {
      state.calls.push(`${host}: ${command}`)
      if (state.down.has(host)) throw Object.assign(new Error(`${host}: connection refused`), { kind: 'unreachable' })
      const words = command.replace(/'/g, '').split(/\s+/)
      if (words[0] === 'gluster') {
        const file = words.includes('heal')
          ? `volume-heal-info-summary.${state.gluster}.xml`
          : words.includes('status')
            ? `volume-status-detail.${state.gluster}.xml`
            : words.includes('peer')
              ? `peer-status.${state.gluster}.xml`
              : `volume-info.${state.gluster}.xml`
        return { exitCode: 0, stdout: readFileSync(join(fixtures, file), 'utf8'), stderr: '' }
      }
      return localShell(command)
    }
  }
}

describe('FleetPoller', () => {
  it('collects system facts with CPU % from the second sample, VMs from virsh, and Gluster health', async () => {
    let nowMs = 1_000_000
    const deltas: FleetDelta[] = []
    const state = { gluster: 'healthy' as 'healthy' | 'brick-down', down: new Set<string>(), calls: [] as string[] }
    const poller = new FleetPoller({ runner: runner(state), now: () => nowMs, onDelta: (d) => deltas.push(d) })
    poller.setHosts([
      { name: 'hv-01', roles: ['hypervisor', 'gluster'] },
      { name: 'hv-02', roles: ['hypervisor', 'gluster'] }
    ])
    await poller.pollDue()
    await poller.pollDue() // heal summary waits for the first volume info
    const first = poller.snapshot()
    const system = first.hosts['hv-01']?.system?.value
    expect(system?.cpuCount).toBeGreaterThanOrEqual(1)
    expect(system?.memTotalKiB).toBeGreaterThan(1024 * 1024)
    expect(system?.cpuBusyPercent).toBeNull()
    expect(first.hosts['hv-01']?.vms?.value?.map((vm) => vm.name)).toEqual(['test'])
    expect(first.hosts['hv-01']?.node?.value?.cpus).toBe(16)
    expect(first.gluster?.value?.volumes.map((v) => v.health)).toEqual(['UP'])

    nowMs += 5_000
    await new Promise((resolve) => setTimeout(resolve, 50))
    state.gluster = 'brick-down'
    nowMs += 5_000
    await poller.pollDue()
    const second = poller.snapshot()
    expect(second.hosts['hv-01']?.system?.value?.cpuBusyPercent).toEqual(expect.any(Number))
    expect(second.gluster?.value?.volumes[0]).toMatchObject({ health: 'PARTIAL' })
    expect(second.gluster?.value?.bricks.filter((b) => !b.online)).toHaveLength(1)
    expect(deltas.some((d) => d.kind === 'gluster')).toBe(true)
  })

  it('fails Gluster queries over to the next node and keeps the last facts with the error when a host is down', async () => {
    let nowMs = 2_000_000
    const state = { gluster: 'healthy' as const, down: new Set<string>(), calls: [] as string[] }
    const poller = new FleetPoller({ runner: runner(state), now: () => nowMs })
    poller.setHosts([
      { name: 'hv-01', roles: ['gluster'] },
      { name: 'hv-02', roles: ['gluster'] }
    ])
    await poller.pollDue()
    const before = poller.snapshot().hosts['hv-01']?.system
    expect(before?.value).not.toBeNull()

    state.down.add('hv-01')
    state.calls.length = 0
    nowMs += 60_000
    await poller.pollDue()
    const after = poller.snapshot()
    // Gluster answered through hv-02.
    expect(after.gluster?.value?.queriedHost).toBe('hv-02')
    expect(after.gluster?.atMs).toBe(nowMs)
    // hv-01's system facts keep their old value and time, now with the error beside them.
    expect(after.hosts['hv-01']?.system).toMatchObject({ value: before?.value, atMs: before?.atMs, error: { message: 'hv-01: connection refused' } })
    expect(factFreshness(after.hosts['hv-01']?.system, nowMs)).toBe('stale')
    expect(factFreshness(after.hosts['hv-02']?.system, nowMs)).toBe('fresh')

    // Backing off: right after the failure hv-01 is not asked again.
    state.calls.length = 0
    nowMs += 5_000
    await poller.pollDue()
    expect(state.calls.filter((c) => c.startsWith('hv-01:'))).toEqual([])
  })

  it('drops the facts of a host that left the inventory', async () => {
    const deltas: FleetDelta[] = []
    const poller = new FleetPoller({ runner: runner({ gluster: 'healthy', down: new Set(), calls: [] }), onDelta: (d) => deltas.push(d) })
    poller.setHosts([{ name: 'web-01', roles: ['plain'] }])
    await poller.pollDue()
    poller.setHosts([])
    expect(poller.snapshot().hosts).toEqual({})
    expect(deltas.at(-1)).toEqual({ kind: 'host-removed', host: 'web-01' })
  })
})

describe('FleetPoller scheduling', () => {
  it('keeps every host on schedule when there is more due work than slots: no host is starved', async () => {
    // One real answer of this machine to the system batch, served to every host.
    const real = await localShell((await import('../../../../src/main/fleet/host-probes')).systemScript)
    const polls = new Map<string, number>()
    const runner: CommandRunner = {
      async run(host) {
        polls.set(host, (polls.get(host) ?? 0) + 1)
        await new Promise((resolve) => setTimeout(resolve, 5))
        return real
      }
    }
    const poller = new FleetPoller({ runner, maxConcurrent: 2, intervals: { systemMs: 300 }, tickMs: 1000 })
    const hosts = Array.from({ length: 40 }, (_, i) => ({ name: `h-${String(i).padStart(2, '0')}`, roles: ['plain' as const] }))
    poller.setHosts(hosts)
    poller.start()
    await new Promise((resolve) => setTimeout(resolve, 1500))
    await poller.stop()
    // 2 slots × ~5 ms per poll serve far more than 40 hosts every 300 ms, but only if freed slots
    // are refilled at once (the tick here is 1 s) and the longest-waiting hosts go first.
    const counts = hosts.map((h) => polls.get(h.name) ?? 0)
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(2)
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(2)
  })
})
