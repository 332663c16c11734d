// The CPU headroom check between unlike hypervisors, worked through by hand. On the test site a
// Xeon (16 CPUs, score 32) CPU does the work of two Atom (4 CPUs, score 4) CPUs.
import { describe, expect, it } from 'vitest'
import { planMigration, type MigrationPlan } from '../../../../src/shared/domain/migration-checks'
import { VMSTORE, facts, hypervisor, testSite, vm, type VmInput } from './vm-placement-fixtures'

const scored = testSite({ scores: true })
const unscored = testSite()
const options = { sharedMountPrefixes: [VMSTORE] }

function headroom(plan: MigrationPlan) {
  const found = plan.checks.find((c) => c.id === 'cpu-headroom')
  if (found === undefined) throw new Error(`no cpu-headroom check in ${JSON.stringify(plan.checks)}`)
  return found
}

/** db-01 on Xeon hvx-01 (idle apart from it) moving to Atom hv-01 with `atomBusyPercent` of its 4 CPUs busy. */
function xeonToAtom(guest: Partial<VmInput>, atomBusyPercent: number, site = scored): MigrationPlan {
  const db01 = { name: 'db-01', vcpus: 4, memoryGiB: 4, ...guest }
  const hosts = {
    'hvx-01': hypervisor({ cpus: 16, memoryGiB: 128, busyPercent: 20, vms: [vm(db01)] }),
    'hv-01': hypervisor({ cpus: 4, memoryGiB: 16, busyPercent: atomBusyPercent })
  }
  return planMigration('db-01', 'hvx-01', 'hv-01', facts(hosts), site, options)
}

describe('cpu-headroom: can the target carry the VM’s measured CPU use, in its own CPUs?', () => {
  it('warns of a Xeon guest using 1.6 CPUs on an Atom with 1 of 4 busy: 1.6 × 2 = 3.2 more makes 4.2 of 4', () => {
    const plan = xeonToAtom({ cpuPercent: 160 }, 25)
    expect(headroom(plan)).toEqual({
      id: 'cpu-headroom',
      level: 'warn',
      message:
        "db-01 uses 1.6 CPUs of hvx-01 = 3.2 CPUs of hv-01, whose CPUs are slower (one does 50 % of the work of one on hvx-01, by the models' performance scores); hv-01 would have 4.2 CPUs of 4 busy (105 %): more than it has, so its guests would queue for CPU"
    })
    // CPU is shared, not reserved, and one sample is noisy: the admin may still go ahead (a plan would not).
    expect(plan.verdict).toBe('warn')
    expect(plan.command).toBeDefined()
  })

  it('counts core for core when the models have no score, as before: 1 + 1.6 = 2.6 of 4 passes', () => {
    const plan = xeonToAtom({ cpuPercent: 160 }, 25, unscored)
    expect(headroom(plan)).toEqual({ id: 'cpu-headroom', level: 'ok', message: 'db-01 uses 1.6 CPUs of hvx-01; hv-01 would have 2.6 CPUs of 4 busy (65 %)' })
  })

  it('warns from 80 % busy: 0.4 × 2 = 0.8 more on 2.4 busy makes 3.2 of 4', () => {
    const check = headroom(xeonToAtom({ cpuPercent: 40 }, 60))
    expect(check.level).toBe('warn')
    expect(check.message).toMatch(/hv-01 would have 3\.2 CPUs of 4 busy \(80 %\): little headroom left$/)
  })

  it('warns that a busy vCPU slows down on the slower CPU even when the host has room', () => {
    // 1 vCPU at 90 %: 1.8 Atom CPUs on 0.4 busy makes 2.2 of 4 (55 %), but the guest's thread runs at half speed.
    const check = headroom(xeonToAtom({ vcpus: 1, cpuPercent: 90 }, 10))
    expect(check).toEqual({
      id: 'cpu-headroom',
      level: 'warn',
      message:
        "db-01 uses 0.9 CPUs of hvx-01 = 1.8 CPUs of hv-01, whose CPUs are slower (one does 50 % of the work of one on hvx-01, by the models' performance scores); hv-01 would have 2.2 CPUs of 4 busy (55 %); each of its busy vCPUs would run at 50 % of its present speed"
    })
  })

  it('passes a quiet guest: 4 vCPUs at 10 % are 0.2 Atom CPUs', () => {
    expect(headroom(xeonToAtom({ cpuPercent: 10 }, 10)).level).toBe('ok')
  })

  it('halves the need the other way: an Atom guest using 3 CPUs needs 1.5 of a Xeon', () => {
    const hosts = {
      'hv-01': hypervisor({ cpus: 4, memoryGiB: 16, busyPercent: 80, vms: [vm({ name: 'batch-01', vcpus: 4, memoryGiB: 4, cpuPercent: 300 })] }),
      'hvx-01': hypervisor({ cpus: 16, memoryGiB: 128, busyPercent: 50 })
    }
    const check = headroom(planMigration('batch-01', 'hv-01', 'hvx-01', facts(hosts), scored, options))
    expect(check.level).toBe('ok')
    expect(check.message).toBe(
      "batch-01 uses 3 CPUs of hv-01 = 1.5 CPUs of hvx-01, whose CPUs are faster (one does 200 % of the work of one on hv-01, by the models' performance scores); hvx-01 would have 9.5 CPUs of 16 busy (59 %)"
    )
  })

  it('words an unmeasured VM as an assumption (its vCPUs counted fully busy)', () => {
    // 4 vCPUs assumed busy = 8 Atom CPUs: over, but only as far as the assumption goes.
    const check = headroom(xeonToAtom({ cpuPercent: null }, 10))
    expect(check.level).toBe('warn')
    expect(check.message).toMatch(/^db-01's CPU use is not measured yet, counted as its 4 vCPUs fully busy = 8 CPUs of hv-01/)
  })

  it('says it cannot check a target whose CPU load is unknown', () => {
    const hosts = {
      'hvx-01': hypervisor({ cpus: 16, memoryGiB: 128, vms: [vm({ name: 'db-01', cpuPercent: 50 })] }),
      // First sample of the host and no measured VM on it: no CPU load at all, and hv-03 has no model for a typical one.
      'hv-03': hypervisor({ cpus: 4, memoryGiB: 16, busyPercent: null, vms: [vm({ name: 'x', cpuPercent: null })] })
    }
    const check = headroom(planMigration('db-01', 'hvx-01', 'hv-03', facts(hosts), scored, options))
    expect(check).toEqual({ id: 'cpu-headroom', level: 'warn', message: 'CPU load of hv-03 is unknown: its CPU headroom is not checked' })
  })
})
