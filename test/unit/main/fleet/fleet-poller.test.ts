// The poller against real commands: the system batch and virsh run for real on this machine
// (virsh on libvirt's test driver), Gluster answers come from captured real outputs per node.
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { FleetPoller, type CommandRunner, type CommandResult } from '../../../../src/main/fleet/fleet-poller'
import { fleetProbes, systemProbes, type FleetProbeName } from '../../../../src/main/fleet/host-probes'
import { shellQuote } from '../../../../src/main/ssh/quote'
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

    // Later polls ask hv-02, which answered last, first: hv-01 is not tried again before it.
    state.calls.length = 0
    nowMs += 60_000
    await poller.pollDue()
    const glusterCalls = state.calls.filter((c) => c.includes('gluster'))
    expect(glusterCalls.length).toBeGreaterThan(0)
    expect(glusterCalls.every((c) => c.startsWith('hv-02:')), glusterCalls.join('\n')).toBe(true)
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

/** This machine's real answer to every probe (virsh on libvirt's test driver), taken once. */
async function realAnswers(): Promise<Map<FleetProbeName, CommandResult>> {
  const names = Object.keys(fleetProbes) as FleetProbeName[]
  return new Map(await Promise.all(names.map(async (name) => [name, await localShell(shellQuote(fleetProbes[name].argv))] as const)))
}

/** A runner with probe sessions: records each request and answers from `answers`, or with what `override` says. */
function sessionRunner(answers: Map<FleetProbeName, CommandResult>, requests: string[][], override: (name: FleetProbeName) => CommandResult | Error | undefined = () => undefined): CommandRunner {
  return {
    run: () => Promise.reject(new Error('one-off run() was not expected for host probes')),
    async probe(_host, names) {
      requests.push([...names])
      return new Map(names.map((name) => [name, override(name) ?? (answers.get(name) as CommandResult)]))
    }
  }
}

describe('FleetPoller probe requests', () => {
  it("sends a host's due probes as one request: everything first, then the 5-second ones, the slow ones every minute", async () => {
    const answers = await realAnswers()
    const requests: string[][] = []
    let nowMs = 3_000_000
    // libvirt's test driver reports no vCPU stats; a real hypervisor does.
    const vcpus = { exitCode: 0, stdout: "Domain: 'test'\n  vcpu.current=2\n  vcpu.maximum=2\n\n", stderr: '' }
    const poller = new FleetPoller({ runner: sessionRunner(answers, requests, (name) => (name === 'vcpus' ? vcpus : undefined)), now: () => nowMs })
    poller.setHosts([{ name: 'hv-01', roles: ['hypervisor'] }])
    await poller.pollDue()
    expect(requests).toEqual([[...systemProbes, 'domstats', 'nodeinfo', 'vcpus']])
    for (let i = 0; i < 11; i++) {
      nowMs += 5_000
      await poller.pollDue()
    }
    expect(requests.slice(1)).toEqual(Array.from({ length: 11 }, () => [...systemProbes, 'domstats']))
    nowMs += 5_000
    await poller.pollDue()
    expect(requests.at(-1)).toEqual([...systemProbes, 'domstats', 'nodeinfo', 'vcpus'])
    const facts = poller.snapshot().hosts['hv-01']
    expect(facts?.system?.value?.hostname).toBe(answers.get('hostname')?.stdout.trim())
    expect(facts?.node?.value?.cpus).toBe(16)
    expect(facts?.vms?.value?.map((vm) => [vm.name, vm.vcpus])).toEqual([['test', 2]])
  })

  it('keeps the facts whose probes answered when another probe of the request failed, and backs off only that one', async () => {
    const answers = await realAnswers()
    const requests: string[][] = []
    let nowMs = 4_000_000
    let libvirtDown = true
    const override = (name: FleetProbeName) =>
      !libvirtDown || !['domstats', 'nodeinfo', 'vcpus'].includes(name)
        ? undefined
        : name === 'domstats'
          ? new Error('hv-01: probes hostname, …, domstats did not answer within 15 s')
          : { exitCode: 1, stdout: '\n', stderr: "error: failed to connect to the hypervisor\nerror: Failed to connect socket to '/var/run/libvirt/libvirt-sock': No such file or directory\n" }
    const poller = new FleetPoller({ runner: sessionRunner(answers, requests, override), now: () => nowMs })
    poller.setHosts([{ name: 'hv-01', roles: ['hypervisor'] }])
    await poller.pollDue()
    const facts = poller.snapshot().hosts['hv-01']
    expect(facts?.system?.value?.hostname).toEqual(expect.any(String))
    expect(facts?.system?.error).toBeUndefined()
    expect(facts?.vms).toMatchObject({ value: null, error: { message: 'hv-01: probes hostname, …, domstats did not answer within 15 s' } })
    expect(facts?.node?.error?.message).toBe("hv-01: env 'LC_ALL=C' virsh nodeinfo exited 1: error: Failed to connect socket to '/var/run/libvirt/libvirt-sock': No such file or directory")
    // The VM probe waits out its back-off (10 s); the system probes go on every 5 s meanwhile.
    nowMs += 5_000
    await poller.pollDue()
    expect(requests.at(-1)).toEqual([...systemProbes])
    libvirtDown = false
    nowMs += 5_000
    await poller.pollDue()
    expect(requests.at(-1)).toEqual([...systemProbes, 'domstats'])
    expect(poller.snapshot().hosts['hv-01']?.vms?.value?.map((vm) => vm.name)).toEqual(['test'])
  })

  it('fills vCPU counts from the slow probe, and brings it forward for a VM that arrived since', async () => {
    const answers = await realAnswers()
    const requests: string[][] = []
    let nowMs = 5_000_000
    let domains = ['web-01']
    const domstats = () => ({ exitCode: 0, stderr: '', stdout: domains.map((name) => `Domain: '${name}'\n  state.state=1\n  state.reason=1\n  cpu.time=1000\n  balloon.current=1024\n  balloon.maximum=2048\n\n`).join('') })
    const vcpus = () => ({ exitCode: 0, stderr: '', stdout: domains.map((name, i) => `Domain: '${name}'\n  vcpu.current=${i + 2}\n  vcpu.maximum=8\n\n`).join('') })
    const poller = new FleetPoller({ runner: sessionRunner(answers, requests, (name) => (name === 'domstats' ? domstats() : name === 'vcpus' ? vcpus() : undefined)), now: () => nowMs })
    poller.setHosts([{ name: 'hv-01', roles: ['hypervisor'] }])
    await poller.pollDue()
    expect(poller.snapshot().hosts['hv-01']?.vms?.value?.map((vm) => [vm.name, vm.vcpus, vm.memoryKiB])).toEqual([['web-01', 2, 1024]])
    // db-01 migrates in: the next request shows it without a count and asks for the counts again at once.
    domains = ['web-01', 'db-01']
    nowMs += 5_000
    await poller.pollDue()
    expect(poller.snapshot().hosts['hv-01']?.vms?.value?.map((vm) => [vm.name, vm.vcpus])).toEqual([['web-01', 2], ['db-01', null]])
    await poller.pollDue()
    expect(requests.at(-1)).toEqual(['nodeinfo', 'vcpus'])
    nowMs += 5_000
    await poller.pollDue()
    expect(poller.snapshot().hosts['hv-01']?.vms?.value?.map((vm) => [vm.name, vm.vcpus])).toEqual([['web-01', 2], ['db-01', 3]])
    expect(requests.at(-1)).toEqual([...systemProbes, 'domstats'])
  })
})

describe('FleetPoller scheduling', () => {
  it('keeps every host on schedule when there is more due work than slots: no host is starved', async () => {
    // This machine's real answers, served to every host.
    const answers = await realAnswers()
    const polls = new Map<string, number>()
    const runner: CommandRunner = {
      run: () => Promise.reject(new Error('not used')),
      async probe(host, names) {
        polls.set(host, (polls.get(host) ?? 0) + 1)
        await new Promise((resolve) => setTimeout(resolve, 5))
        return new Map(names.map((name) => [name, answers.get(name) as CommandResult]))
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
