import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { toolError } from '../../../../src/main/migration/host-exec'
import { jobProgress } from '../../../../src/main/migration/job-progress'
import { parseVirshDomjobinfo } from '../../../../src/main/probes/libvirt'
import { manualClock, run, testFleet } from '../sim/sim-test-kit'

const libvirt = (name: string) => readFileSync(join(__dirname, '..', '..', '..', 'fixtures', 'libvirt', name), 'utf8')

describe('jobProgress', () => {
  it('has no progress when no job runs, or once it completed', () => {
    expect(jobProgress(parseVirshDomjobinfo(libvirt('qemu.virsh-domjobinfo-lab-vm2.txt')), 1)).toBeNull()
    expect(jobProgress(parseVirshDomjobinfo(libvirt('qemu.virsh-domjobinfo-completed-after-migration.txt')), 1)).toBeNull()
  })

  it('gives percent, rate and ETA of a running migration as the demo hypervisor reports it', async () => {
    const clock = manualClock()
    const fleet = testFleet({ clock, migrationSecondsPerGiB: 10 })
    const migration = fleet.migrations.start({ vm: 'web-01', source: 'hvx-01', target: 'hvx-02', persistent: true, undefineSource: true }, clock.now())
    expect(migration.ok).toBe(true)
    // 300 ms setup, then 8 GiB at 10 s/GiB: 40 s in, the transfer is half done.
    clock.advance(40_300)
    const out = await run(fleet, 'hvx-01', 'virsh domjobinfo web-01')
    const progress = jobProgress(parseVirshDomjobinfo(out.stdout), 7)
    expect(progress).not.toBeNull()
    expect(progress?.atMs).toBe(7)
    expect(progress?.percent).toBeCloseTo(50, 0)
    expect(progress?.bandwidthBytesPerSecond).toBeGreaterThan(0)
    // ETA = what is left at the reported rate.
    expect(progress?.etaSeconds).toBeCloseTo((progress?.remainingBytes ?? 0) / (progress?.bandwidthBytesPerSecond ?? 1), 6)
    expect(progress?.elapsedMs).toBe(40_300)
  })
})

describe('toolError', () => {
  it('finds virsh’s error even right after a --verbose progress mark on the same line', () => {
    expect(toolError({ exitCode: 1, stdout: '\n', stderr: '\rMigration: [ 12 %]\rMigration: [ 49 %]error: operation failed: migration out job: Unable to write to socket\n' })).toBe(
      'operation failed: migration out job: Unable to write to socket'
    )
    expect(toolError({ exitCode: 1, stdout: '', stderr: readFileSync(join(__dirname, '..', '..', '..', 'fixtures', 'libvirt', 'virsh-migrate-live-test-verbose.txt'), 'utf8') })).toBe(
      'Cannot recv data: Host key verification failed.: Connection reset by peer'
    )
    expect(toolError({ exitCode: 127, stdout: '', stderr: 'sh: 1: virsh: not found\n' })).toBe('sh: 1: virsh: not found')
    expect(toolError({ exitCode: null, stdout: '', stderr: '' })).toBe('exit status none (killed by a signal)')
  })
})
