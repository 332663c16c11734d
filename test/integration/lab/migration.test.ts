/**
 * Live migration between lab hypervisors with plain virsh over the lab network, no Rackside code:
 * when a Rackside migration test fails, this one says whether the lab itself can migrate.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { labHosts, labSsh, labSshText, labVmstoreMount } from '../../lab/lab'
import type { LabHostName } from '../../lab/lab'
import { requireLab } from '../../lab/require-lab'

const migrateFlags = 'virsh migrate --live --persistent --undefinesource --verbose'

function addressOf(host: LabHostName): string {
  const h = labHosts.find((x) => x.name === host)
  if (!h) throw new Error(`no lab host ${host}`)
  return h.address
}

async function runningDomains(host: LabHostName): Promise<string[]> {
  const out = await labSshText(host, 'virsh list --name')
  return out.split('\n').map((l) => l.trim()).filter((l) => l !== '')
}

async function allDomains(host: LabHostName): Promise<string[]> {
  const out = await labSshText(host, 'virsh list --all --name')
  return out.split('\n').map((l) => l.trim()).filter((l) => l !== '')
}

async function hostOf(vm: string): Promise<LabHostName[]> {
  const found: LabHostName[] = []
  for (const h of ['hv-01', 'hv-02', 'hv-03'] as const) {
    if ((await allDomains(h)).includes(vm)) found.push(h)
  }
  return found
}

describe('live migration between lab hypervisors (plain virsh)', () => {
  const lab = requireLab()

  beforeAll(async () => {
    if (!lab.available) return
    // An earlier failed run may have left a guest elsewhere; the tests start from vm1 and vm2 on hv-01.
    for (const vm of ['vm1', 'vm2']) {
      const where = await hostOf(vm)
      expect(where, `${vm} defined on exactly one hypervisor`).toHaveLength(1)
      const from = where[0]
      if (from && from !== 'hv-01') {
        await labSshText(from, `${migrateFlags} ${vm} qemu+ssh://${addressOf('hv-01')}/system`)
      }
    }
  })

  it('keeps the guests disks on the Gluster FUSE mount (shared storage)', async () => {
    const disks = await labSshText('hv-01', 'virsh domblklist vm1 --details')
    expect(disks).toContain(`${labVmstoreMount}/vm1.qcow2`)
    const mounts = await labSshText('hv-01', 'cat /proc/mounts')
    expect(mounts).toMatch(new RegExp(` ${labVmstoreMount} fuse\\.glusterfs `))
  })

  it('migrates vm1 hv-01 -> hv-02 over qemu+ssh, then it runs only on hv-02, persistent', async () => {
    const r = await labSsh('hv-01', `${migrateFlags} vm1 qemu+ssh://${addressOf('hv-02')}/system`)
    expect(r.stderr, r.stderr).not.toMatch(/error/i)
    expect(r.exitCode).toBe(0)
    expect(r.stdout + r.stderr).toContain('Migration: [100 %]')

    expect(await allDomains('hv-01')).not.toContain('vm1')
    expect(await runningDomains('hv-02')).toContain('vm1')
    expect(await labSshText('hv-02', 'virsh dominfo vm1')).toMatch(/Persistent:\s+yes/)
    expect(await labSshText('hv-02', 'virsh domjobinfo --completed vm1')).toMatch(/Operation:\s+Incoming migration/)

    const back = await labSsh('hv-02', `${migrateFlags} vm1 qemu+ssh://${addressOf('hv-01')}/system`)
    expect(back.exitCode, back.stderr).toBe(0)
    expect(await runningDomains('hv-01')).toContain('vm1')
    expect(await allDomains('hv-02')).not.toContain('vm1')
  })

  it('migrates vm2 hv-01 -> hv-03 over qemu+tcp with --migrateuri tcp://IP and back', async () => {
    const ip3 = addressOf('hv-03')
    const r = await labSsh('hv-01', `${migrateFlags} vm2 qemu+tcp://${ip3}/system --migrateuri tcp://${ip3}`)
    expect(r.exitCode, r.stderr).toBe(0)
    expect(await runningDomains('hv-03')).toContain('vm2')
    expect(await allDomains('hv-01')).not.toContain('vm2')

    const ip1 = addressOf('hv-01')
    const back = await labSsh('hv-03', `${migrateFlags} vm2 qemu+tcp://${ip1}/system --migrateuri tcp://${ip1}`)
    expect(back.exitCode, back.stderr).toBe(0)
    expect(await runningDomains('hv-01')).toContain('vm2')
    expect(await allDomains('hv-03')).not.toContain('vm2')
  })
})
