// "What if" on the demo fleet's live facts: the poller's snapshot, the demo site, mounts read off
// the VMs' disks — fed to the failure-impact rules as the storage service does.
import { describe, expect, it } from 'vitest'
import { scenarioContext } from '../../../../src/main/gluster/scenario-context'
import { maintenanceCheck, whatIfHostsFail } from '../../../../src/shared/domain/failure-impact'
import { demoSite } from '../sim/sim-test-kit'
import { simGluster } from './sim-gluster'

const VMSTORE = '/var/lib/libvirt/images/vmstore'

describe('scenarioContext', () => {
  it('finds the vmstore mount from the VMs’ disks and the VMs that lose hypervisor or storage', async () => {
    const { poller, clock } = await simGluster()
    const snapshot = poller.snapshot()
    const { input, basis } = scenarioContext(demoSite(), snapshot, [], clock.now())
    expect(basis.mounts).toEqual([{ volume: 'vmstore', mountPath: VMSTORE, source: 'vm-disks', disks: expect.any(Number) }])
    expect(basis.glusterAtMs).toBe(snapshot.gluster?.atMs)
    expect(basis.glusterStale).toBe(false)
    expect(basis.notes).toEqual([])

    const onHv01 = snapshot.hosts['hv-01']?.vms?.value?.map((vm) => vm.name) ?? []
    const onHv02 = snapshot.hosts['hv-02']?.vms?.value?.map((vm) => vm.name) ?? []
    expect(onHv01.length + onHv02.length).toBeGreaterThan(0)
    const impact = whatIfHostsFail({ ...input, failed: { hosts: ['hv-01', 'hv-02'] } })
    // hv-01 holds a brick of both replica sets, hv-02 one of the first: set 0 keeps 1 of 3.
    expect(impact.volumes).toEqual([expect.objectContaining({ name: 'vmstore', before: 'UP', after: 'DEGRADED' })])
    expect(impact.vmsLosingHypervisor.map((v) => v.vm).sort()).toEqual([...onHv01, ...onHv02].sort())
    // Every VM's disk is on the distributed volume: each may sit on the set that went down, hvx-01's too.
    const atRisk = impact.vmsLosingStorage.map((loss) => loss.vm)
    expect(atRisk).toContain('web-01')
    expect(impact.vmsLosingStorage.every((loss) => loss.certainty === 'possible' && loss.volume === 'vmstore')).toBe(true)
  })

  it('takes a feed of a cabinet: feed A of R02 powers three of the five nodes and the volume goes down', async () => {
    const { poller, clock } = await simGluster()
    const { input } = scenarioContext(demoSite(), poller.snapshot(), [], clock.now())
    const impact = whatIfHostsFail({ ...input, failed: { feeds: [{ cabinet: 'R02', feed: 'A' }] } })
    expect(impact.failedHosts).toEqual(['hv-01', 'hv-03', 'hv-05'])
    expect(impact.volumes[0]).toMatchObject({ before: 'UP', after: 'DOWN' })
    expect(impact.vmsLosingStorage.some((loss) => loss.vm === 'web-01' && loss.certainty === 'certain')).toBe(true)
  })

  it('judges maintenance on the live state: a host is unsafe to take down while a partner brick is dead', async () => {
    const { poller, fleet, clock, step } = await simGluster()
    const site = demoSite()
    expect(maintenanceCheck('hv-03', scenarioContext(site, poller.snapshot(), [], clock.now()).input).verdict).toBe('risky')
    fleet.killBrick('hv-02', '/data/glusterfs/vmstore/brick1/brick')
    await step(10_000)
    const check = maintenanceCheck('hv-03', scenarioContext(site, poller.snapshot(), [], clock.now()).input)
    expect(check.verdict).toBe('unsafe')
    expect(check.reasons[0]).toMatch(/^vmstore would be DEGRADED \(now PARTIAL\): 1 of 3 bricks up in vmstore-replicate-0/)
  })

  it('says what it could not take into account: no facts yet, no VM lists, no mount', () => {
    const site = demoSite()
    const { input, basis } = scenarioContext(site, { hosts: {} }, [], 0)
    expect(input.volumesInfo).toEqual([])
    expect(basis.notes[0]).toBe('no Gluster facts yet: volumes are left out of this answer')
    expect(basis.notes).toContain('no VM list from hv-01 yet: its VMs are not counted')
    expect(basis.glusterStale).toBe(false)
  })

  it('uses a configured mount over the derived one', async () => {
    const { poller, clock } = await simGluster()
    const { basis } = scenarioContext(demoSite(), poller.snapshot(), [{ volume: 'vmstore', mountPath: '/mnt/other' }], clock.now())
    expect(basis.mounts).toEqual([{ volume: 'vmstore', mountPath: '/mnt/other', source: 'setting' }])
    expect(basis.notes).toEqual(['no VM disk lies under /mnt/other, the mount set for vmstore: check the path if VMs keep their disks on it'])
  })
})
