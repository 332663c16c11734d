import { describe, expect, it } from 'vitest'
import { parseHealSummary } from '../../../../src/main/probes/gluster/gluster-heal-summary'
import { parsePeerStatus } from '../../../../src/main/probes/gluster/gluster-peer-status'
import { parseVolumeInfo } from '../../../../src/main/probes/gluster/gluster-volume-info'
import { parseVolumeStatus } from '../../../../src/main/probes/gluster/gluster-volume-status'
import {
  assessVolume,
  assessVolumes,
  type GlusterStatusBrick,
  type GlusterVolumeInfo,
  type GlusterVolumeStatus,
  type GlusterVolumeType
} from '../../../../src/shared/domain/gluster-health'
import { glusterFixture } from '../../main/probes/gluster/fixture'

const brick1 = '127.1.1.1:/tmp/lab/run/gluster/bricks/n1/vol0'
const brick2 = '127.1.1.2:/tmp/lab/run/gluster/bricks/n2/vol0'
const brick3 = '127.1.1.3:/tmp/lab/run/gluster/bricks/n3/vol0'

function labState(state: 'healthy' | 'brick-down' | 'node-down') {
  const info = parseVolumeInfo(glusterFixture(`volume-info.${state}.xml`)).volumes[0]
  if (info === undefined) throw new Error('fixture without volume')
  return {
    info,
    status: parseVolumeStatus(glusterFixture(`volume-status-detail.${state}.xml`)).volumes[0],
    heal: parseHealSummary(glusterFixture(`volume-heal-info-summary.${state}.xml`)),
    peers: parsePeerStatus(glusterFixture(`peer-status.${state}.xml`))
  }
}

describe('assessVolume on the captured lab cluster', () => {
  it('calls the healthy replica-3 volume UP with nothing to report', () => {
    const { info, status, heal, peers } = labState('healthy')
    const assessment = assessVolume(info, status, { heal, peers })
    expect(assessment).toMatchObject({ name: 'vol0', health: 'UP', reasons: [] })
    expect(assessment.subvolumes).toHaveLength(1)
    expect(assessment.subvolumes[0]).toMatchObject({ index: 0, state: 'up' })
    expect(assessment.subvolumes[0]?.bricks.map((brick) => brick.online)).toEqual([true, true, true])
  })

  it('calls the volume with one killed brick PARTIAL and names the brick and the pending heals', () => {
    const { info, status, heal, peers } = labState('brick-down')
    const assessment = assessVolume(info, status, { heal, peers })
    expect(assessment.health).toBe('PARTIAL')
    expect(assessment.subvolumes[0]?.state).toBe('partial')
    expect(assessment.reasons).toEqual([
      `brick ${brick2} offline`,
      'subvolume vol0-replicate-0 partial: 2 of 3 bricks up',
      `brick ${brick1}: 13 heal entries pending`,
      `brick ${brick3}: 13 heal entries pending`
    ])
  })

  it('counts the brick of the node whose glusterd is gone as not up, and names the disconnected peer', () => {
    const { info, status, heal, peers } = labState('node-down')
    expect(status?.bricks.map((brick) => brick.host)).toEqual(['127.1.1.1', '127.1.1.2'])
    const assessment = assessVolume(info, status, { heal, peers })
    expect(assessment.health).toBe('PARTIAL')
    expect(assessment.subvolumes[0]?.bricks.map((brick) => [brick.host, brick.online])).toEqual([
      ['127.1.1.1', true],
      ['127.1.1.2', true],
      ['127.1.1.3', false]
    ])
    expect(assessment.reasons).toEqual([
      `brick ${brick3} offline (not listed by volume status: glusterd on 127.1.1.3 unreachable?)`,
      'subvolume vol0-replicate-0 partial: 2 of 3 bricks up',
      'peer 127.1.1.3 disconnected'
    ])
  })

  it('reads the real multi-volume capture: arbiter and disperse keep going, drep lost a replica set', () => {
    const info = parseVolumeInfo(glusterFixture('topologies/volume-info.topologies.xml'))
    const status = parseVolumeStatus(glusterFixture('topologies/volume-status-all-detail.topologies-bricks-down.xml'))
    const health = Object.fromEntries(assessVolumes(info, status).map((volume) => [volume.name, volume]))
    expect(Object.fromEntries(Object.entries(health).map(([name, volume]) => [name, volume.health]))).toEqual({
      arb: 'PARTIAL',
      ddisp: 'UP',
      disp: 'PARTIAL',
      dist: 'DOWN',
      drep: 'DEGRADED'
    })
    expect(health.drep?.subvolumes.map((subvolume) => subvolume.state)).toEqual(['down', 'up'])
    expect(health.drep?.reasons).toContain('subvolume drep-replicate-0 down: 0 of 2 bricks up')
    expect(health.disp?.reasons).toContain('subvolume disp-disperse-0 partial: 2 of 3 bricks up')
    expect(health.arb?.subvolumes[0]?.bricks.find((brick) => brick.isArbiter)).toMatchObject({ online: false })
    expect(health.dist?.reasons).toEqual(['volume dist not started (status: created)'])
    const healthy = parseVolumeStatus(glusterFixture('topologies/volume-status-all-detail.topologies.xml'))
    expect(assessVolumes(info, healthy).map((volume) => volume.health)).toEqual(['UP', 'UP', 'UP', 'DOWN', 'UP'])
  })
})

// Worked examples on constructed topologies: bricks h1..hN:/bricks/v, `down` lists the hosts that are off.
function topology(type: GlusterVolumeType, counts: { bricks: number; replica?: number; arbiter?: number; disperse?: number; redundancy?: number }): GlusterVolumeInfo {
  const replicaCount = counts.replica ?? 1
  return {
    name: 'v',
    type,
    status: 'started',
    brickCount: counts.bricks,
    replicaCount,
    arbiterCount: counts.arbiter ?? 0,
    disperseCount: counts.disperse ?? 0,
    redundancyCount: counts.redundancy ?? 0,
    bricks: Array.from({ length: counts.bricks }, (_, i) => ({
      host: `h${i + 1}`,
      path: '/bricks/v',
      isArbiter: (counts.arbiter ?? 0) > 0 && i % replicaCount === replicaCount - 1
    }))
  }
}

function statusOf(info: GlusterVolumeInfo, down: number[], override: Partial<GlusterStatusBrick> = {}): GlusterVolumeStatus {
  return {
    name: info.name,
    bricks: info.bricks.map((brick, i) => ({
      host: brick.host,
      path: brick.path,
      online: !down.includes(i + 1),
      pid: down.includes(i + 1) ? null : 1000 + i,
      port: down.includes(i + 1) ? null : 49152 + i,
      sizeTotalBytes: 1000,
      sizeFreeBytes: 500,
      inodesTotal: 1000,
      inodesFree: 900,
      ...override
    })),
    daemons: []
  }
}

const healthOf = (info: GlusterVolumeInfo, down: number[]): string => assessVolume(info, statusOf(info, down)).health
const statesOf = (info: GlusterVolumeInfo, down: number[]): string[] => assessVolume(info, statusOf(info, down)).subvolumes.map((s) => s.state)

describe('assessVolume worked examples', () => {
  it('replica 3: one brick down is PARTIAL (2 >= ceil(3/2)), two down lose quorum: DOWN', () => {
    const replica3 = topology('replicate', { bricks: 3, replica: 3 })
    expect(healthOf(replica3, [])).toBe('UP')
    expect(healthOf(replica3, [2])).toBe('PARTIAL')
    expect(healthOf(replica3, [1, 3])).toBe('DOWN')
    expect(assessVolume(replica3, statusOf(replica3, [1, 3])).reasons).toEqual(['brick h1:/bricks/v offline', 'brick h3:/bricks/v offline', 'subvolume v-replicate-0 down: 1 of 3 bricks up'])
  })

  it('replica 2: the surviving brick keeps it PARTIAL (1 >= ceil(2/2))', () => {
    const replica2 = topology('replicate', { bricks: 2, replica: 2 })
    expect(healthOf(replica2, [1])).toBe('PARTIAL')
    expect(healthOf(replica2, [1, 2])).toBe('DOWN')
  })

  it('distributed-replicate 2 x 3: the worst subvolume decides', () => {
    const drep = topology('distributed-replicate', { bricks: 6, replica: 3 })
    expect(statesOf(drep, [2])).toEqual(['partial', 'up'])
    expect(healthOf(drep, [2])).toBe('PARTIAL')
    expect(healthOf(drep, [2, 5])).toBe('PARTIAL')
    expect(statesOf(drep, [1, 2])).toEqual(['down', 'up'])
    expect(healthOf(drep, [1, 2])).toBe('DEGRADED')
    expect(healthOf(drep, [1, 2, 4, 6])).toBe('DOWN')
    expect(assessVolume(drep, statusOf(drep, [1, 2])).subvolumes.map((s) => s.bricks.map((b) => b.host))).toEqual([
      ['h1', 'h2', 'h3'],
      ['h4', 'h5', 'h6']
    ])
  })

  it('arbiter (replica 3 arbiter 1): the arbiter counts as a brick for quorum', () => {
    const arbiter = topology('arbiter', { bricks: 3, replica: 3, arbiter: 1 })
    expect(healthOf(arbiter, [3])).toBe('PARTIAL')
    expect(healthOf(arbiter, [1])).toBe('PARTIAL')
    // one data brick and the arbiter: 1 < ceil(3/2)
    expect(healthOf(arbiter, [2, 3])).toBe('DOWN')
    expect(assessVolume(arbiter, statusOf(arbiter, [3])).subvolumes[0]?.bricks[2]).toEqual({ host: 'h3', path: '/bricks/v', isArbiter: true, online: false })
  })

  it('disperse 4 + 2: PARTIAL while at most 2 bricks are down', () => {
    const disperse = topology('disperse', { bricks: 6, disperse: 6, redundancy: 2 })
    expect(healthOf(disperse, [1])).toBe('PARTIAL')
    expect(healthOf(disperse, [1, 6])).toBe('PARTIAL')
    expect(healthOf(disperse, [1, 2, 6])).toBe('DOWN')
  })

  it('distributed-disperse 2 x (2 + 1): a set that lost two bricks is down, the volume DEGRADED', () => {
    const ddisp = topology('distributed-disperse', { bricks: 6, disperse: 3, redundancy: 1 })
    expect(statesOf(ddisp, [1, 4])).toEqual(['partial', 'partial'])
    expect(healthOf(ddisp, [1, 4])).toBe('PARTIAL')
    expect(statesOf(ddisp, [1, 2])).toEqual(['down', 'up'])
    expect(healthOf(ddisp, [1, 2])).toBe('DEGRADED')
    expect(assessVolume(ddisp, statusOf(ddisp, [1, 2])).reasons).toContain('subvolume v-disperse-0 down: 1 of 3 bricks up')
  })

  it('distribute: every brick is its own subvolume, so one down is DEGRADED', () => {
    const dist = topology('distribute', { bricks: 3 })
    expect(statesOf(dist, [2])).toEqual(['up', 'down', 'up'])
    expect(healthOf(dist, [2])).toBe('DEGRADED')
    expect(healthOf(dist, [1, 2, 3])).toBe('DOWN')
    expect(assessVolume(dist, statusOf(dist, [2])).reasons).toContain('subvolume v-client-1 down: 0 of 1 bricks up')
  })

  it('a stopped volume is DOWN for that reason alone', () => {
    const stopped = { ...topology('replicate', { bricks: 3, replica: 3 }), status: 'stopped' as const }
    expect(assessVolume(stopped, undefined)).toMatchObject({ health: 'DOWN', reasons: ['volume v not started (status: stopped)'] })
  })

  it('a started volume missing from status has every brick not up', () => {
    const replica3 = topology('replicate', { bricks: 3, replica: 3 })
    const assessment = assessVolume(replica3, undefined)
    expect(assessment.health).toBe('DOWN')
    expect(assessment.reasons[0]).toBe('brick h1:/bricks/v offline (not listed by volume status: glusterd on h1 unreachable?)')
  })
})

describe('assessVolume reasons beyond brick state', () => {
  const replica3 = topology('replicate', { bricks: 3, replica: 3 })

  it('warns from 89 % and is critical from 94 %, for disk and for inodes', () => {
    const at = (freeBytes: number, inodesFree: number) =>
      assessVolume(replica3, statusOf(replica3, [], { sizeTotalBytes: 1000, sizeFreeBytes: freeBytes, inodesTotal: 1000, inodesFree })).reasons.filter((r) => r.startsWith('brick h1'))
    expect(at(111, 111)).toEqual([])
    expect(at(110, 1000)).toEqual(['brick h1:/bricks/v disk 89.0 % full (warning: >= 89 %)'])
    expect(at(61, 1000)).toEqual(['brick h1:/bricks/v disk 93.9 % full (warning: >= 89 %)'])
    expect(at(60, 50)).toEqual(['brick h1:/bricks/v disk 94.0 % full (critical: >= 94 %)', 'brick h1:/bricks/v inodes 95.0 % used (critical: >= 94 %)'])
    expect(assessVolume(replica3, statusOf(replica3, [], { inodesTotal: 0, inodesFree: 0, sizeTotalBytes: null })).reasons).toEqual([])
  })

  it('counts pending and split-brain entries per brick, and ignores bricks of other volumes', () => {
    const heal = {
      bricks: [
        { host: 'h1', path: '/bricks/v', connected: true, pending: 1, splitBrain: 2, possiblyHealing: 0 },
        { host: 'h2', path: '/bricks/v', connected: false, pending: null, splitBrain: null, possiblyHealing: null },
        { host: 'h9', path: '/bricks/other', connected: true, pending: 40, splitBrain: 40, possiblyHealing: 0 }
      ]
    }
    expect(assessVolume(replica3, statusOf(replica3, []), { heal }).reasons).toEqual([
      'brick h1:/bricks/v: 1 heal entry pending',
      'brick h1:/bricks/v: 2 entries in split-brain',
      'brick h2:/bricks/v not reachable for heal info'
    ])
  })

  it('names every disconnected peer', () => {
    const peers = { peers: [{ uuid: 'a', hostname: 'hv-02', connected: false, state: 'Peer in Cluster' }, { uuid: 'b', hostname: 'hv-03', connected: true, state: 'Peer in Cluster' }] }
    expect(assessVolume(replica3, statusOf(replica3, []), { peers })).toMatchObject({ health: 'UP', reasons: ['peer hv-02 disconnected'] })
  })
})

describe('assessVolumes', () => {
  it('leaves out started volumes the status output does not list', () => {
    const a = { ...topology('replicate', { bricks: 3, replica: 3 }), name: 'a' }
    const b = { ...a, name: 'b' }
    const c = { ...a, name: 'c', status: 'created' as const }
    const assessed = assessVolumes({ volumes: [a, b, c] }, { volumes: [{ ...statusOf(a, []), name: 'a' }] })
    expect(assessed.map((volume) => [volume.name, volume.health])).toEqual([
      ['a', 'UP'],
      ['c', 'DOWN']
    ])
  })
})
