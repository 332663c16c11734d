import { describe, expect, it } from 'vitest'
import { FleetError } from '../../../../src/main/sim/fleet-model'
import { parseProcStat, cpuPercent } from '../../../../src/main/probes/linux'
import { NOON_MS, demoSite, manualClock, run, testFleet } from './sim-test-kit'

describe('fleet model', () => {
  it('builds the demo site: 8 hosts, 13 VMs on their planned hypervisors, hv-05 spare', () => {
    const fleet = testFleet({ clock: manualClock() })
    expect(fleet.hosts.map((h) => h.name)).toEqual(['mail-01', 'hvx-01', 'hvx-02', 'hv-01', 'hv-02', 'hv-03', 'hv-04', 'hv-05'])
    const locations = fleet.vmLocations()
    expect(locations.size).toBe(13)
    expect(locations.get('web-01')).toBe('hvx-01')
    expect(locations.get('git-01')).toBe('hv-04')
    expect([...locations.values()]).not.toContain('hv-05')
    expect(fleet.host('hv-01')?.hardware).toMatchObject({ cpus: 4, mhz: 2400, sockets: 1 })
    expect(fleet.host('hvx-01')?.hardware).toMatchObject({ cpus: 16, mhz: 3500, sockets: 2, coresPerSocket: 4, threadsPerCore: 2 })
  })

  it('grows to 500 hosts with generated Atom hypervisors of about ten VMs each', () => {
    const fleet = testFleet({ clock: manualClock(), hosts: 500 })
    expect(fleet.hosts).toHaveLength(500)
    const generated = fleet.hosts.filter((h) => h.generated)
    expect(generated[0]?.name).toBe('hv-06')
    expect(generated[generated.length - 1]?.name).toBe('hv-497')
    expect(new Set(fleet.hosts.map((h) => h.name)).size).toBe(500)
    const vms = generated.reduce((n, h) => n + (h.hypervisor?.list().length ?? 0), 0)
    expect(vms / generated.length).toBeGreaterThan(9)
    expect(vms / generated.length).toBeLessThan(11)
    expect(fleet.gluster?.nodes).toHaveLength(497)
  })

  it('takes the first N site hosts when asked for fewer', () => {
    const fleet = testFleet({ clock: manualClock(), hosts: 3 })
    expect(fleet.hosts.map((h) => h.name)).toEqual(['mail-01', 'hvx-01', 'hvx-02'])
    expect(fleet.gluster).toBeNull()
  })

  it('is deterministic for a seed and differs between seeds', async () => {
    const a = testFleet({ clock: manualClock(), seed: 'one' })
    const b = testFleet({ clock: manualClock(), seed: 'one' })
    const c = testFleet({ clock: manualClock(), seed: 'two' })
    const stat = async (f: typeof a) => (await run(f, 'hvx-01', 'virsh dominfo web-01')).stdout
    expect(await stat(a)).toBe(await stat(b))
    expect(await stat(a)).not.toBe(await stat(c))
  })

  it('gives a hypervisor more CPU work at 14:00 than at 03:00', async () => {
    const busyPercent = async (atMs: number) => {
      const clock = manualClock(atMs)
      const fleet = testFleet({ clock })
      const first = parseProcStat((await run(fleet, 'hvx-01', 'cat /proc/stat')).stdout)
      clock.advance(60_000)
      const second = parseProcStat((await run(fleet, 'hvx-01', 'cat /proc/stat')).stdout)
      const cpu = cpuPercent(first, second)
      if (!cpu) throw new Error('no CPU time passed')
      return 100 - cpu.idlePercent - cpu.iowaitPercent
    }
    const afternoon = await busyPercent(NOON_MS + 2 * 3_600_000)
    const night = await busyPercent(NOON_MS - 9 * 3_600_000)
    expect(afternoon).toBeGreaterThan(night + 15)
  })

  it('keeps /proc/stat counters monotonic while VMs move in and out', async () => {
    const clock = manualClock()
    const fleet = testFleet({ clock })
    let previous = parseProcStat((await run(fleet, 'hv-05', 'cat /proc/stat')).stdout)
    const moves: [string, string, string][] = [
      ['web-01', 'hvx-01', 'hv-05'],
      ['dns-01', 'hv-01', 'hv-05'],
      ['vpn-01', 'hv-03', 'hv-05'],
      ['web-01', 'hv-05', 'hvx-02']
    ]
    for (const [vm, source, target] of moves) {
      const started = fleet.migrations.start({ vm, source, target, persistent: true, undefineSource: true }, clock.now())
      expect(started.ok).toBe(true)
      clock.advance(4_000)
      const next = parseProcStat((await run(fleet, 'hv-05', 'cat /proc/stat')).stdout)
      const [a, b] = [previous.total, next.total]
      for (const key of Object.keys(a) as (keyof typeof a)[]) expect(b[key] ?? 0).toBeGreaterThanOrEqual(a[key] ?? 0)
      previous = next
    }
  })

  it('injects failures by name and says clearly what it cannot find', () => {
    const fleet = testFleet({ clock: manualClock() })
    const events: string[] = []
    fleet.on('reachability', (name: string, mode: string) => events.push(`${name}:${mode}`))
    fleet.cutHost('hv-02', 'hang')
    fleet.restoreHost('hv-02')
    fleet.slowHost('hv-03', 1500)
    expect(events).toEqual(['hv-02:hang', 'hv-02:up'])
    expect(fleet.host('hv-03')?.slowMs).toBe(1500)
    expect(() => fleet.cutHost('nope')).toThrow(new FleetError('not-found', 'no demo host named nope'))
    expect(() => fleet.setMailScenario('brute-force', 'hv-01')).toThrow('hv-01 is not a mail server')
    expect(() => fleet.killBrick('hvx-01')).toThrow('no brick of vmstore on hvx-01')
    expect(() => fleet.slowHost('hv-01', -5)).toThrow('delay must be 0 or more milliseconds')
    const status = fleet.status()
    expect(status.hosts.find((h) => h.name === 'hv-03')?.slowMs).toBe(1500)
    expect(status.mailScenario).toEqual([{ host: 'mail-01', scenario: 'normal' }])
  })

  it('keeps the site untouched (the model copies what it needs)', () => {
    const site = demoSite()
    const before = JSON.stringify(site)
    testFleet({ clock: manualClock(), site, hosts: 20 })
    expect(JSON.stringify(site)).toBe(before)
  })
})
