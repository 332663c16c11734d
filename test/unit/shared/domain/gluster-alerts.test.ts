import { describe, expect, it } from 'vitest'
import { parseHealSummary } from '../../../../src/main/probes/gluster/gluster-heal-summary'
import { parsePeerStatus } from '../../../../src/main/probes/gluster/gluster-peer-status'
import { parseVolumeInfo } from '../../../../src/main/probes/gluster/gluster-volume-info'
import { parseVolumeStatus } from '../../../../src/main/probes/gluster/gluster-volume-status'
import {
  alertSampleVolume,
  initialAlertState,
  updateAlerts,
  type AlertSampleBrick,
  type AlertSampleVolume,
  type GlusterAlertSample,
  type GlusterAlertState,
  type GlusterAlertUpdate
} from '../../../../src/shared/domain/gluster-alerts'
import { glusterFixture } from '../../main/probes/gluster/fixture'

/** Feeds samples one after another and keeps every update. */
function run(samples: GlusterAlertSample[], start: GlusterAlertState = initialAlertState): GlusterAlertUpdate[] {
  const updates: GlusterAlertUpdate[] = []
  let state = start
  for (const sample of samples) {
    const update = updateAlerts(state, sample)
    updates.push(update)
    state = update.state
  }
  return updates
}
const ids = (alerts: { id: string }[]): string[] => alerts.map((alert) => alert.id)
const at = (updates: GlusterAlertUpdate[], index: number): GlusterAlertUpdate => {
  const update = updates[index]
  if (update === undefined) throw new Error(`no update ${index}`)
  return update
}
const last = (updates: GlusterAlertUpdate[]): GlusterAlertUpdate => at(updates, updates.length - 1)

const path = '/data/glusterfs/vmstore/brick1/brick'
const TiB = 1024 ** 4
function brick(host: string, over: Partial<AlertSampleBrick> = {}): AlertSampleBrick {
  return { host, path, online: true, sizeTotalBytes: TiB, sizeFreeBytes: TiB / 2, inodesTotal: 1_000_000, inodesFree: 900_000, ...over }
}
const vmstore = (...bricks: AlertSampleBrick[]): AlertSampleVolume => ({ name: 'vmstore', started: true, bricks })
const healthyBricks = (): AlertSampleBrick[] => [brick('hv-01'), brick('hv-02'), brick('hv-03')]
const usedDisk = (percent: number): Partial<AlertSampleBrick> => ({ sizeTotalBytes: TiB, sizeFreeBytes: TiB * (1 - percent / 100) })
const heal = (pending: (number | null)[], splitBrain: (number | null)[] = [0, 0, 0]): GlusterAlertSample['heal'] => [
  {
    volume: 'vmstore',
    bricks: pending.map((count, i) => {
      const entries = splitBrain[i]
      return { host: `hv-0${i + 1}`, path, pending: count, splitBrain: entries === undefined ? 0 : entries }
    })
  }
]

describe('updateAlerts over the captured lab cluster: healthy → brick killed → node killed → healthy', () => {
  const info = parseVolumeInfo(glusterFixture('volume-info.healthy.xml')).volumes[0]
  if (info === undefined) throw new Error('fixture without volume')
  const sample = (state: 'healthy' | 'brick-down' | 'node-down', atMs: number): GlusterAlertSample => ({
    atMs,
    volumes: [alertSampleVolume(info, parseVolumeStatus(glusterFixture(`volume-status-detail.${state}.xml`)).volumes[0])],
    heal: [{ volume: 'vol0', bricks: parseHealSummary(glusterFixture(`volume-heal-info-summary.${state}.xml`)).bricks }],
    peers: parsePeerStatus(glusterFixture(`peer-status.${state}.xml`)).peers
  })
  const brick2 = '127.1.1.2:/tmp/lab/run/gluster/bricks/n2/vol0'
  const brick3 = '127.1.1.3:/tmp/lab/run/gluster/bricks/n3/vol0'
  const updates = run([sample('healthy', 1000), sample('brick-down', 2000), sample('node-down', 3000), sample('healthy', 4000)])

  it('raises nothing on the healthy cluster (its bricks are 9 % full)', () => {
    expect(at(updates, 0)).toMatchObject({ raised: [], cleared: [], updated: [] })
    expect(at(updates, 0).state.active).toEqual([])
  })

  it('raises the killed brick as a warning: its replica set keeps quorum', () => {
    expect(at(updates, 1).raised).toEqual([
      {
        id: `brick-offline:vol0:${brick2}`,
        kind: 'brick-offline',
        severity: 'warning',
        volume: 'vol0',
        brick: brick2,
        peer: null,
        message: `brick ${brick2} of vol0 offline: the volume runs without that copy`,
        raisedAtMs: 2000,
        severityChangedAtMs: null,
        clearedAtMs: null
      }
    ])
  })

  it('clears brick 2 once restarted, raises node 3 (missing from status) and its peer', () => {
    expect(ids(at(updates, 2).cleared)).toEqual([`brick-offline:vol0:${brick2}`])
    expect(at(updates, 2).cleared[0]).toMatchObject({ raisedAtMs: 2000, clearedAtMs: 3000 })
    expect(ids(at(updates, 2).raised)).toEqual([`brick-offline:vol0:${brick3}`, 'peer-disconnected:e5506319-c449-4fb8-9262-7f9bbc5eae64'])
    expect(at(updates, 2).raised[1]).toMatchObject({ severity: 'warning', peer: '127.1.1.3', message: 'peer 127.1.1.3 disconnected' })
  })

  it('clears everything when the cluster is healthy again', () => {
    expect(ids(last(updates).cleared)).toEqual([`brick-offline:vol0:${brick3}`, 'peer-disconnected:e5506319-c449-4fb8-9262-7f9bbc5eae64'])
    expect(last(updates).cleared.every((alert) => alert.clearedAtMs === 4000)).toBe(true)
    expect(last(updates).state.active).toEqual([])
  })
})

describe('alertSampleVolume on the captured topologies with bricks killed', () => {
  const infos = parseVolumeInfo(glusterFixture('topologies/volume-info.topologies.xml')).volumes
  const statuses = parseVolumeStatus(glusterFixture('topologies/volume-status-all-detail.topologies-bricks-down.xml')).volumes
  const volumes = infos.map((info) => alertSampleVolume(info, statuses.find((status) => status.name === info.name)))

  it('makes an offline brick critical where its set lost quorum, and leaves the never-started volume alone', () => {
    const { raised } = updateAlerts(initialAlertState, { atMs: 1, volumes })
    const capture = '127.1.9.1:/tmp/rackside-gluster-capture/bricks'
    expect(raised.map((alert) => [alert.id, alert.severity])).toEqual([
      [`brick-offline:arb:${capture}/arb3`, 'warning'],
      [`brick-offline:disp:${capture}/d2`, 'warning'],
      [`brick-offline:drep:${capture}/r1`, 'critical'],
      [`brick-offline:drep:${capture}/r2`, 'critical']
    ])
    expect(raised[2]?.message).toBe(`brick ${capture}/r1 of drep offline: its subvolume lost quorum, its data is unavailable`)
  })

  it('gives a volume without status no bricks, so its alerts are kept rather than judged', () => {
    expect(volumes.find((volume) => volume.name === 'dist')).toEqual({ name: 'dist', started: false, bricks: null })
  })
})

describe('an alert over time', () => {
  const down = { atMs: 0, volumes: [vmstore(brick('hv-01'), brick('hv-02', { online: false }), brick('hv-03'))] }
  const up = { atMs: 0, volumes: [vmstore(...healthyBricks())] }
  const id = `brick-offline:vmstore:hv-02:${path}`

  it('is raised once, persists without being raised again, clears, and is raised anew', () => {
    const updates = run([
      { ...down, atMs: 10 },
      { ...down, atMs: 20 },
      { ...up, atMs: 30 },
      { ...down, atMs: 40 }
    ])
    expect(updates.map((update) => [ids(update.raised), ids(update.cleared)])).toEqual([
      [[id], []],
      [[], []],
      [[], [id]],
      [[id], []]
    ])
    expect(at(updates, 1).state.active[0]?.raisedAtMs).toBe(10)
    expect(at(updates, 2).cleared[0]).toMatchObject({ raisedAtMs: 10, clearedAtMs: 30 })
    expect(at(updates, 3).raised[0]).toMatchObject({ raisedAtMs: 40, clearedAtMs: null })
  })

  it('is kept when the sample did not observe it: no volumes section, or status missing for the volume', () => {
    const updates = run([
      { ...down, atMs: 10 },
      { atMs: 20 },
      { atMs: 30, volumes: [{ name: 'vmstore', started: true, bricks: null }] }
    ])
    expect(ids(at(updates, 1).state.active)).toEqual([id])
    expect(ids(last(updates).state.active)).toEqual([id])
    expect(updates.flatMap((update) => update.cleared)).toEqual([])
  })

  it('clears when its volume or its brick is gone, or the volume was stopped on purpose', () => {
    expect(ids(run([{ ...down, atMs: 10 }, { atMs: 20, volumes: [] }])[1]?.cleared ?? [])).toEqual([id])
    expect(ids(run([{ ...down, atMs: 10 }, { atMs: 20, volumes: [vmstore(brick('hv-01'), brick('hv-03'))] }])[1]?.cleared ?? [])).toEqual([id])
    const stopped = { name: 'vmstore', started: false, bricks: healthyBricks().map((b) => ({ ...b, online: false })) }
    expect(ids(run([{ ...down, atMs: 10 }, { atMs: 20, volumes: [stopped] }])[1]?.cleared ?? [])).toEqual([id])
  })

  it('ignores a sample that is not newer than the last one', () => {
    const [first, late] = run([
      { ...down, atMs: 20 },
      { ...up, atMs: 20 }
    ])
    expect(late).toMatchObject({ ignored: 'out-of-order', raised: [], cleared: [] })
    expect(late?.state).toBe(first?.state)
  })
})

describe('brick fill alerts', () => {
  const disk = (percent: number, atMs: number): GlusterAlertSample => ({ atMs, volumes: [vmstore(brick('hv-01', usedDisk(percent)), brick('hv-02'), brick('hv-03'))] })
  const id = `brick-disk-full:vmstore:hv-01:${path}`

  it('warns at 89 %, escalates at 94 % as an update of the same alert, and falls back with a margin', () => {
    const updates = run([disk(88.9, 1), disk(89.5, 2), disk(91, 3), disk(95, 4), disk(93.5, 5), disk(92, 6), disk(88.5, 7), disk(87.9, 8)])
    expect(at(updates, 0).state.active).toEqual([])
    expect(at(updates, 1).raised).toMatchObject([
      { id, severity: 'warning', raisedAtMs: 2, message: `brick hv-01:${path} of vmstore 89.5 % full (916.5 of 1024.0 GiB used; warning at 89 %)` }
    ])
    // Same condition, new numbers: not raised again, the message follows.
    expect(at(updates, 2)).toMatchObject({ raised: [], updated: [] })
    expect(at(updates, 2).state.active[0]?.message).toContain('91.0 % full')
    // Escalation: listed in `updated`, same id and raisedAtMs, never in `raised`.
    expect(at(updates, 3).raised).toEqual([])
    expect(at(updates, 3).updated).toMatchObject([{ id, severity: 'critical', raisedAtMs: 2, severityChangedAtMs: 4 }])
    expect(at(updates, 3).updated[0]?.message).toBe(`brick hv-01:${path} of vmstore 95.0 % full (972.8 of 1024.0 GiB used; critical at 94 %)`)
    // 93.5 % is within the 1-point margin: still critical, no flapping.
    expect(at(updates, 4)).toMatchObject({ updated: [], cleared: [] })
    expect(at(updates, 4).state.active[0]?.severity).toBe('critical')
    expect(at(updates, 5).updated).toMatchObject([{ id, severity: 'warning', severityChangedAtMs: 6 }])
    expect(at(updates, 6)).toMatchObject({ updated: [], cleared: [] })
    expect(at(updates, 7).cleared).toMatchObject([{ id, raisedAtMs: 2, clearedAtMs: 8 }])
  })

  it('raises straight at critical for a brick found past 94 %', () => {
    expect(run([disk(96, 1)])[0]?.raised).toMatchObject([{ id, severity: 'critical', severityChangedAtMs: null }])
  })

  it('keeps the fill alert of a brick that went offline and reports no sizes', () => {
    const offline = { atMs: 3, volumes: [vmstore(brick('hv-01', { online: false, sizeTotalBytes: null, sizeFreeBytes: null }), brick('hv-02'), brick('hv-03'))] }
    const updates = run([disk(95, 1), offline])
    expect(last(updates).cleared).toEqual([])
    expect(ids(last(updates).state.active)).toEqual([id, `brick-offline:vmstore:hv-01:${path}`])
  })

  it('watches inodes the same way, with counts in the message', () => {
    const inodes = (free: number, atMs: number): GlusterAlertSample => ({
      atMs,
      volumes: [vmstore(brick('hv-01'), brick('hv-02', { inodesTotal: 1_000_000, inodesFree: free }), brick('hv-03'))]
    })
    const updates = run([inodes(100_000, 1), inodes(50_000, 2), inodes(200_000, 3)])
    const inodeId = `brick-inodes-full:vmstore:hv-02:${path}`
    expect(at(updates, 0).raised).toMatchObject([
      { id: inodeId, severity: 'warning', message: `brick hv-02:${path} of vmstore: 90.0 % of inodes used (900000 of 1000000; warning at 89 %)` }
    ])
    expect(at(updates, 1).updated).toMatchObject([{ id: inodeId, severity: 'critical' }])
    expect(ids(at(updates, 2).cleared)).toEqual([inodeId])
  })
})

describe('heal alerts', () => {
  const healId = (host: string): string => `heal-backlog-growing:vmstore:${host}:${path}`
  const samples = (series: (number | null)[][]): GlusterAlertSample[] => series.map((pending, i) => ({ atMs: (i + 1) * 1000, heal: heal(pending) }))

  it('raises a backlog that grew three samples in a row, on the bricks where it grew', () => {
    const updates = run(samples([[5, null, 5], [9, null, 6], [14, null, 6], [20, null, 8]]))
    expect(updates.slice(0, 3).flatMap((update) => update.raised)).toEqual([])
    expect(last(updates).raised).toMatchObject([
      { id: healId('hv-01'), severity: 'warning', message: `heal backlog on brick hv-01:${path} of vmstore grew 3 samples in a row: 5 → 9 → 14 → 20 entries pending` }
    ])
  })

  it('does not raise a fluctuating backlog', () => {
    const updates = run(samples([[5], [9], [7], [12], [10], [14], [13]]))
    expect(updates.flatMap((update) => update.raised)).toEqual([])
  })

  it('counts only samples with a count: an unreachable brick neither breaks nor extends the streak', () => {
    const updates = run(samples([[5], [9], [null], [14], [20]]))
    expect(ids(last(updates).raised)).toEqual([healId('hv-01')])
    expect(last(updates).state.healPending).toEqual({ vmstore: { [`hv-01:${path}`]: [5, 9, 14, 20] } })
  })

  it('holds while the backlog does not shrink and clears when it drains', () => {
    const updates = run(samples([[5], [9], [14], [20], [31], [31], [25]]))
    expect(ids(at(updates, 3).raised)).toEqual([healId('hv-01')])
    expect(at(updates, 4)).toMatchObject({ raised: [], cleared: [] })
    expect(at(updates, 5).state.active[0]?.message).toBe(`heal backlog on brick hv-01:${path} of vmstore not shrinking: 14 → 20 → 31 → 31 entries pending`)
    expect(at(updates, 6).cleared).toMatchObject([{ id: healId('hv-01'), raisedAtMs: 4000, clearedAtMs: 7000 }])
  })

  it('keeps heal alerts and their history through samples without heal info', () => {
    const updates = run([...samples([[5], [9], [14], [20]]), { atMs: 5000, volumes: [vmstore(...healthyBricks())] }])
    expect(ids(last(updates).state.active)).toEqual([healId('hv-01')])
    expect(last(updates).state.healPending).toEqual({ vmstore: { [`hv-01:${path}`]: [5, 9, 14, 20] } })
  })

  it('forgets the history of a volume that is gone', () => {
    const updates = run([...samples([[5], [9], [14], [20]]), { atMs: 5000, volumes: [] }])
    expect(ids(last(updates).cleared)).toEqual([healId('hv-01')])
    expect(last(updates).state.healPending).toEqual({})
  })

  it('raises split-brain entries as critical at once, keeps them through a missing count, clears at 0', () => {
    const updates = run([
      { atMs: 1, heal: heal([0, 0, 0], [0, 2, 0]) },
      { atMs: 2, heal: heal([0, 0, 0], [0, null, 0]) },
      { atMs: 3, heal: heal([0, 0, 0], [0, 1, 0]) },
      { atMs: 4, heal: heal([0, 0, 0], [0, 0, 0]) }
    ])
    const id = `split-brain:vmstore:hv-02:${path}`
    expect(at(updates, 0).raised).toMatchObject([{ id, severity: 'critical', message: `brick hv-02:${path} of vmstore: 2 entries in split-brain` }])
    expect(at(updates, 1)).toMatchObject({ raised: [], cleared: [] })
    expect(at(updates, 2).state.active[0]?.message).toBe(`brick hv-02:${path} of vmstore: 1 entry in split-brain`)
    expect(ids(at(updates, 3).cleared)).toEqual([id])
  })
})

describe('peer alerts', () => {
  const peer = (connected: boolean) => ({ uuid: 'u-3', hostname: 'hv-03', connected })

  it('raises a disconnected peer, keeps it while peers are not observed, clears when connected or detached', () => {
    const updates = run([
      { atMs: 1, peers: [peer(false)] },
      { atMs: 2 },
      { atMs: 3, peers: [peer(true)] },
      { atMs: 4, peers: [peer(false)] },
      { atMs: 5, peers: [] }
    ])
    expect(updates.map((update) => [ids(update.raised), ids(update.cleared)])).toEqual([
      [['peer-disconnected:u-3'], []],
      [[], []],
      [[], ['peer-disconnected:u-3']],
      [['peer-disconnected:u-3'], []],
      [[], ['peer-disconnected:u-3']]
    ])
  })

  it('keys a peer by uuid, so a new hostname for the same peer is the same alert', () => {
    const updates = run([
      { atMs: 1, peers: [{ uuid: 'u-3', hostname: '10.200.0.13', connected: false }] },
      { atMs: 2, peers: [{ uuid: 'u-3', hostname: 'hv-03', connected: false }] }
    ])
    expect(at(updates, 1)).toMatchObject({ raised: [], cleared: [] })
    expect(at(updates, 1).state.active[0]).toMatchObject({ peer: 'hv-03', message: 'peer hv-03 disconnected', raisedAtMs: 1 })
  })
})
