import { describe, expect, it } from 'vitest'
import { manualClock, run, testFleet } from './sim-test-kit'

function placement(fleet: ReturnType<typeof testFleet>, vm: string): { host: string; state: string; id: number | null }[] {
  fleet.now()
  return fleet.hosts.flatMap((h) => {
    const d = h.hypervisor?.get(vm)
    return d ? [{ host: h.name, state: d.state, id: d.id }] : []
  })
}

describe('live migration model', () => {
  it('takes time in proportion to memory, then runs the VM on the target and removes it from the source', () => {
    const clock = manualClock()
    const fleet = testFleet({ clock })
    const started = fleet.migrations.start({ vm: 'web-01', source: 'hvx-01', target: 'hv-05', persistent: true, undefineSource: true }, clock.now())
    if (!started.ok) throw new Error(started.error)
    const m = started.migration
    // 8 GiB at the default 1 s/GiB plus 300 ms setup.
    expect(m.setupMs + m.transferMs).toBe(300 + 8000)

    clock.advance(4_000)
    fleet.now()
    expect(m.status).toBe('running')
    expect(placement(fleet, 'web-01')).toEqual([
      { host: 'hvx-01', state: 'running', id: 1 },
      { host: 'hv-05', state: 'paused', id: 1 }
    ])
    const halfway = fleet.migrations.progress(m, clock.now())
    expect(halfway.fraction).toBeGreaterThan(0.4)
    expect(halfway.fraction).toBeLessThan(0.5)
    expect(halfway.remainingBytes).toBeLessThan(halfway.totalBytes)

    clock.advance(5_000)
    expect(fleet.vmLocations().get('web-01')).toBe('hv-05')
    expect(m.status).toBe('completed')
    expect(m.endMs).toBe(m.startMs + 8300)
    expect(placement(fleet, 'web-01')).toEqual([{ host: 'hv-05', state: 'running', id: 1 }])
    const moved = fleet.host('hv-05')?.hypervisor?.get('web-01')
    expect(moved?.persistent).toBe(true)
    expect(moved?.completedJob?.operation).toBe('Incoming migration')
  })

  it('moves a 1 GiB VM eight times faster than an 8 GiB one', () => {
    const clock = manualClock()
    const fleet = testFleet({ clock })
    const small = fleet.migrations.start({ vm: 'dns-01', source: 'hv-01', target: 'hv-05', persistent: true, undefineSource: true }, clock.now())
    const big = fleet.migrations.start({ vm: 'db-01', source: 'hvx-01', target: 'hvx-02', persistent: true, undefineSource: true }, clock.now())
    if (!small.ok || !big.ok) throw new Error('migration refused')
    expect(big.migration.transferMs / small.migration.transferMs).toBe(8)
  })

  it('honours --bandwidth when it is slower than the demo link', () => {
    const clock = manualClock()
    const fleet = testFleet({ clock })
    const started = fleet.migrations.start({ vm: 'dns-01', source: 'hv-01', target: 'hv-05', persistent: true, undefineSource: true, bandwidthMiBps: 256 }, clock.now())
    if (!started.ok) throw new Error(started.error)
    expect(started.migration.transferMs).toBe(4000)
  })

  it('leaves the VM running on the source when the job is aborted', () => {
    const clock = manualClock()
    const fleet = testFleet({ clock })
    const started = fleet.migrations.start({ vm: 'app-01', source: 'hvx-01', target: 'hv-04', persistent: true, undefineSource: true }, clock.now())
    if (!started.ok) throw new Error(started.error)
    clock.advance(1_500)
    expect(fleet.migrations.abort('app-01', 'hvx-01', clock.now())).toBe(true)
    expect(started.migration.status).toBe('cancelled')
    expect(started.migration.error).toBe('operation aborted: migration out job: canceled by client')
    clock.advance(60_000)
    expect(fleet.vmLocations().get('app-01')).toBe('hvx-01')
    expect(placement(fleet, 'app-01')).toEqual([{ host: 'hvx-01', state: 'running', id: 4 }])
    expect(fleet.host('hvx-01')?.hypervisor?.get('app-01')?.completedJob?.status).toBe('cancelled')
    expect(fleet.migrations.abort('app-01', 'hvx-01', clock.now())).toBe(false)
  })

  it('fails as planned: a refusing target at once, a lost link midway', () => {
    const clock = manualClock()
    const fleet = testFleet({ clock })
    fleet.planMigrationFailure({ kind: 'target-refuses', target: 'hv-04' })
    const refused = fleet.migrations.start({ vm: 'vpn-01', source: 'hv-03', target: 'hv-04', persistent: true, undefineSource: true }, clock.now())
    expect(refused).toEqual({ ok: false, error: "internal error: unable to execute QEMU command 'migrate': Failed to connect to 'hv-04:49152': Connection refused" })
    expect(fleet.host('hv-04')?.hypervisor?.get('vpn-01')).toBeUndefined()

    fleet.planMigrationFailure({ kind: 'connection-lost', vm: 'cache-01', atFraction: 0.5 })
    const lost = fleet.migrations.start({ vm: 'cache-01', source: 'hv-03', target: 'hv-05', persistent: true, undefineSource: true }, clock.now())
    if (!lost.ok) throw new Error(lost.error)
    clock.advance(300 + 4096 * 0.4)
    fleet.now()
    expect(lost.migration.status).toBe('running')
    clock.advance(4096 * 0.2)
    fleet.now()
    expect(lost.migration.status).toBe('failed')
    expect(lost.migration.error).toBe('operation failed: migration out job: Unable to write to socket: Connection reset by peer')
    expect(fleet.vmLocations().get('cache-01')).toBe('hv-03')
    expect(fleet.host('hv-05')?.hypervisor?.get('cache-01')).toBeUndefined()
  })

  it('loses a running migration when its destination is cut off', () => {
    const clock = manualClock()
    const fleet = testFleet({ clock })
    const started = fleet.migrations.start({ vm: 'db-01', source: 'hvx-01', target: 'hvx-02', persistent: true, undefineSource: true }, clock.now())
    if (!started.ok) throw new Error(started.error)
    clock.advance(2_000)
    fleet.cutHost('hvx-02')
    expect(started.migration.status).toBe('failed')
    expect(started.migration.error).toBe('operation failed: migration out job: Unable to write to socket: Connection reset by peer')
    fleet.restoreHost('hvx-02')
    clock.advance(30_000)
    expect(fleet.vmLocations().get('db-01')).toBe('hvx-01')
  })

  it('refuses what libvirt refuses: same host, missing domain, a second job, too little memory', () => {
    const clock = manualClock()
    const fleet = testFleet({ clock })
    const same = fleet.migrations.start({ vm: 'dns-01', source: 'hv-01', target: 'hv-01', persistent: true, undefineSource: true }, clock.now())
    expect(same.ok ? '' : same.error).toBe(`internal error: Attempt to migrate guest to the same host ${fleet.hostUuid('hv-01')}`)
    const missing = fleet.migrations.start({ vm: 'nope', source: 'hv-01', target: 'hv-02', persistent: true, undefineSource: true }, clock.now())
    expect(missing.ok ? '' : missing.error).toBe("failed to get domain 'nope'")
    expect(fleet.migrations.start({ vm: 'dns-01', source: 'hv-01', target: 'hv-02', persistent: true, undefineSource: true }, clock.now()).ok).toBe(true)
    const second = fleet.migrations.start({ vm: 'dns-01', source: 'hv-01', target: 'hv-03', persistent: true, undefineSource: true }, clock.now())
    expect(second.ok ? '' : second.error).toMatch(/cannot acquire state change lock/)
    // Two 8 GiB guests do not fit a 16 GiB Atom.
    expect(fleet.migrations.start({ vm: 'web-01', source: 'hvx-01', target: 'hv-05', persistent: true, undefineSource: true }, clock.now()).ok).toBe(true)
    const full = fleet.migrations.start({ vm: 'web-02', source: 'hvx-01', target: 'hv-05', persistent: true, undefineSource: true }, clock.now())
    expect(full.ok ? '' : full.error).toMatch(/Cannot allocate memory/)
  })

  it('keeps a shut-off definition on the source without --undefinesource and a transient guest without --persistent', () => {
    const clock = manualClock()
    const fleet = testFleet({ clock })
    const started = fleet.migrations.start({ vm: 'git-01', source: 'hv-04', target: 'hv-05', persistent: false, undefineSource: false }, clock.now())
    if (!started.ok) throw new Error(started.error)
    clock.advance(10_000)
    expect(placement(fleet, 'git-01')).toEqual([
      { host: 'hv-04', state: 'shut off', id: null },
      { host: 'hv-05', state: 'running', id: 1 }
    ])
    expect(fleet.host('hv-05')?.hypervisor?.get('git-01')?.persistent).toBe(false)
  })

  it('restarts the guest CPU counters on the destination and moves host load with the VM', async () => {
    const clock = manualClock()
    const fleet = testFleet({ clock })
    const before = await run(fleet, 'hvx-01', 'virsh domstats --raw web-01')
    const cpuBefore = Number(/cpu\.time=(\d+)/.exec(before.stdout)?.[1])
    const started = fleet.migrations.start({ vm: 'web-01', source: 'hvx-01', target: 'hv-05', persistent: true, undefineSource: true }, clock.now())
    if (!started.ok) throw new Error(started.error)
    clock.advance(20_000)
    const after = await run(fleet, 'hv-05', 'virsh domstats --raw web-01')
    const cpuAfter = Number(/cpu\.time=(\d+)/.exec(after.stdout)?.[1])
    expect(cpuAfter).toBeGreaterThan(0)
    expect(cpuAfter).toBeLessThan(cpuBefore)
    expect(fleet.host('hv-05')?.hypervisor?.guestCores(clock.now())).toBeGreaterThan(0.3)
  })
})
