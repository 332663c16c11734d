import { describe, expect, it } from 'vitest'
import { parseHealSummary, parsePeerStatus, parseVolumeInfo, parseVolumeStatus } from '../../../../src/main/probes/gluster'
import { manualClock, run, testFleet } from './sim-test-kit'

async function pendingOn(fleet: ReturnType<typeof testFleet>, host: string): Promise<(number | null)[]> {
  const result = await run(fleet, host, 'gluster --xml volume heal vmstore info summary')
  return parseHealSummary(result.stdout).bricks.map((b) => b.totalEntries)
}

describe('gluster model', () => {
  it('lays vmstore out as 2 x 3 over the five Atom nodes', async () => {
    const fleet = testFleet({ clock: manualClock() })
    const info = parseVolumeInfo((await run(fleet, 'hv-03', 'gluster --xml volume info')).stdout)
    const volume = info.volumes[0]
    expect(volume?.name).toBe('vmstore')
    expect(volume?.typeStr).toBe('Distributed-Replicate')
    expect(volume?.replicaCount).toBe(3)
    expect(volume?.bricks.map((b) => `${b.host}:${b.path}`)).toEqual([
      'hv-01:/data/glusterfs/vmstore/brick1/brick',
      'hv-02:/data/glusterfs/vmstore/brick1/brick',
      'hv-03:/data/glusterfs/vmstore/brick1/brick',
      'hv-04:/data/glusterfs/vmstore/brick1/brick',
      'hv-05:/data/glusterfs/vmstore/brick1/brick',
      'hv-01:/data/glusterfs/vmstore/brick2/brick'
    ])
  })

  it('shows a killed brick offline, grows its heal backlog, and drains it after `volume start force`', async () => {
    const clock = manualClock()
    const fleet = testFleet({ clock })
    expect(await pendingOn(fleet, 'hv-01')).toEqual([0, 0, 0, 0, 0, 0])

    fleet.killBrick('hv-02')
    const status = parseVolumeStatus((await run(fleet, 'hv-01', 'gluster --xml volume status vmstore detail')).stdout)
    const killed = status.volumes[0]?.bricks.find((b) => b.host === 'hv-02')
    expect(killed).toMatchObject({ online: false, pid: null, port: null })

    clock.advance(5_000)
    const early = await pendingOn(fleet, 'hv-01')
    clock.advance(115_000)
    const later = await pendingOn(fleet, 'hv-01')
    // The killed brick answers nothing; its replica partners hold the growing list.
    expect(early[1]).toBeNull()
    expect(later[0]).toBeGreaterThan(early[0] ?? 0)
    expect(later[2]).toBe(later[0])
    expect(later[3]).toBe(0)

    const restart = await run(fleet, 'hv-04', 'gluster volume start vmstore force')
    expect(restart).toEqual({ stdout: 'volume start: vmstore: success\n', stderr: '', code: 0 })
    clock.advance(1_000)
    const healing = await pendingOn(fleet, 'hv-01')
    expect(healing[1]).toBe(0)
    expect(healing[0]).toBeGreaterThan(0)
    expect(healing[0]).toBeLessThanOrEqual(later[0] ?? 0)
    clock.advance(120_000)
    expect(await pendingOn(fleet, 'hv-01')).toEqual([0, 0, 0, 0, 0, 0])

    const back = parseVolumeStatus((await run(fleet, 'hv-01', 'gluster --xml volume status vmstore detail')).stdout)
    const restarted = back.volumes[0]?.bricks.find((b) => b.host === 'hv-02')
    expect(restarted?.online).toBe(true)
    expect(restarted?.pid).not.toBe(killed?.pid)
  })

  it('refuses a plain `volume start` of the started volume, as gluster does', async () => {
    const fleet = testFleet({ clock: manualClock() })
    expect(await run(fleet, 'hv-01', 'gluster volume start vmstore')).toEqual({
      stdout: '',
      stderr: 'volume start: vmstore: failed: Volume vmstore already started\n',
      code: 1
    })
  })

  it('drops a cut node from the peers and the status, and counts heal entries for it', async () => {
    const clock = manualClock()
    const fleet = testFleet({ clock })
    fleet.cutHost('hv-03')
    clock.advance(60_000)
    const peers = parsePeerStatus((await run(fleet, 'hv-01', 'gluster --xml peer status')).stdout)
    expect(peers.peers.find((p) => p.hostname === 'hv-03')?.connected).toBe(false)
    expect(peers.peers.find((p) => p.hostname === 'hv-02')?.connected).toBe(true)
    const status = parseVolumeStatus((await run(fleet, 'hv-01', 'gluster --xml volume status vmstore')).stdout)
    expect(status.volumes[0]?.bricks.map((b) => b.host)).not.toContain('hv-03')
    const pending = await pendingOn(fleet, 'hv-01')
    expect(pending[2]).toBeNull()
    expect(pending[0]).toBeGreaterThan(0)
    fleet.restoreHost('hv-03')
    clock.advance(300_000)
    expect(await pendingOn(fleet, 'hv-01')).toEqual([0, 0, 0, 0, 0, 0])
  })

  it('lets capacity shrink as the volume fills over time', async () => {
    const clock = manualClock()
    const fleet = testFleet({ clock })
    const free = async () => parseVolumeStatus((await run(fleet, 'hv-02', 'gluster --xml volume status vmstore detail')).stdout).volumes[0]?.bricks[0]?.sizeFreeBytes ?? 0
    const now = await free()
    clock.advance(7 * 86_400_000)
    expect(now - (await free())).toBeGreaterThan(7 * 1024 ** 3)
  })
})
