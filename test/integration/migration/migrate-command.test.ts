// `rackside migrate` against the demo fleet, each run building the same services as `rackside web`
// on one data folder: a dry run, refusals, usage mistakes and a real migration, with exit codes.
import { afterAll, describe, expect, it } from 'vitest'
import { memoryIo } from '../../../src/main/cli/cli-io'
import { MIGRATE_EXIT, runMigrateCommand } from '../../../src/main/cli/migrate-command'
import { tempDir } from '../../helpers/temp-services'

describe('rackside migrate', () => {
  const dir = tempDir('rackside-migrate-cli-')
  afterAll(() => dir.remove())
  const run = async (...args: string[]) => {
    const io = memoryIo()
    const code = await runMigrateCommand([...args, '--data', dir.path], io)
    return { code, out: io.out, err: io.err }
  }

  it('prints the checks and the exact command on a dry run, and changes nothing', async () => {
    const { code, out, err } = await run('dns-01', '--to', 'hv-02', '--dry-run')
    expect(err).toBe('')
    expect(code).toBe(MIGRATE_EXIT.migrated)
    expect(out).toMatch(/^dns-01: hv-01 → hv-02\n/)
    expect(out).toMatch(/✓ ok {4}reachable {5}hv-01 and hv-02: libvirt answered/)
    expect(out).toContain("command on hv-01 (rackside@hv-01.demo:22):\n  env 'LC_ALL=C' virsh migrate --live --persistent --undefinesource --verbose --domain dns-01 --desturi qemu+ssh://hv-02.demo/system\n")
    expect(out).toMatch(/dry run: nothing was changed\n$/)
  })

  it('exits 3 when the pre-checks refuse, naming the reason', async () => {
    const wrongSource = await run('dns-01', '--from', 'hv-03', '--to', 'hv-02')
    expect(wrongSource.code).toBe(MIGRATE_EXIT.refused)
    expect(wrongSource.err).toBe('refused by the pre-checks: dns-01 is not on hv-03 (as of the last refresh)\n')
    const nowhere = await run('no-such-vm', '--to', 'hv-02')
    expect(nowhere.code).toBe(MIGRATE_EXIT.refused)
    expect(nowhere.err).toBe('rackside migrate: no-such-vm is on no hypervisor that answered; name its host with --from\n')
  })

  it('exits 2 on usage mistakes', async () => {
    expect((await run('dns-01', '--to', 'mail-01')).err).toMatch(/mail-01 is not a hypervisor of the site \(hypervisors: hvx-01, hvx-02, hv-01/)
    expect((await run('dns-01', '--to', 'mail-01')).code).toBe(MIGRATE_EXIT.usage)
    await expect(run('dns-01')).rejects.toThrow('--to HOST is required')
    await expect(run('--to', 'hv-02')).rejects.toThrow('name the VM to migrate')
  })

  it('migrates, printing progress, and reports the verified outcome as JSON', async () => {
    const { code, out } = await run('mail-relay-01', '--to', 'hv-05', '--json')
    expect(code).toBe(MIGRATE_EXIT.migrated)
    const result = JSON.parse(out) as { check: { plan: { verdict: string } }; migration: { status: string; verification: { verdict: string; hosts: unknown[] }; durationMs: number } }
    expect(result.check.plan.verdict).not.toBe('error')
    expect(result.migration.status).toBe('succeeded')
    expect(result.migration.verification.verdict).toBe('on-target')
    expect(result.migration.verification.hosts).toEqual([
      { host: 'hv-01', state: null },
      { host: 'hv-05', state: 'running' }
    ])
    expect(result.migration.durationMs).toBeGreaterThan(1_000)
  })
})
