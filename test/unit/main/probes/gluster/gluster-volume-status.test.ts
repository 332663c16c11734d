import { describe, expect, it } from 'vitest'
import { parseVolumeStatus, volumeStatusDetailCommand } from '../../../../../src/main/probes/gluster/gluster-volume-status'
import { GlusterOpError } from '../../../../../src/main/probes/gluster/gluster-xml'
import { ParseError } from '../../../../../src/main/probes/parse-error'
import { glusterFixture } from './fixture'

const parseError = (fn: () => unknown): ParseError => {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(ParseError)
    return error as ParseError
  }
  throw new Error('expected a ParseError')
}

const brickPath = (n: number): string => `/tmp/lab/run/gluster/bricks/n${n}/vol0`

describe('volumeStatusDetailCommand', () => {
  it('asks for all volumes unless one is named', () => {
    expect(volumeStatusDetailCommand()).toEqual(['gluster', '--xml', 'volume', 'status', 'all', 'detail'])
    expect(volumeStatusDetailCommand('vmstore')).toEqual(['gluster', '--xml', 'volume', 'status', 'vmstore', 'detail'])
  })
})

describe('parseVolumeStatus on real captures', () => {
  it('reads every brick of the healthy volume with its fill levels', () => {
    const { volumes } = parseVolumeStatus(glusterFixture('volume-status-detail.healthy.xml'))
    expect(volumes.map((volume) => volume.name)).toEqual(['vol0'])
    const [vol0] = volumes
    expect(vol0?.daemons).toEqual([])
    expect(vol0?.bricks[1]).toEqual({
      host: '127.1.1.2',
      path: brickPath(2),
      online: true,
      pid: 12902,
      port: 60589,
      sizeTotalBytes: 270553174016,
      sizeFreeBytes: 245189259264,
      inodesTotal: 16777216,
      inodesFree: 16366466,
      peerId: '37f15235-ac75-44d4-8760-f4c94176fc33',
      device: '/dev/vda',
      fsName: 'ext4'
    })
    expect(vol0?.bricks.map((brick) => [brick.host, brick.online, brick.pid, brick.port])).toEqual([
      ['127.1.1.1', true, 12854, 58738],
      ['127.1.1.2', true, 12902, 60589],
      ['127.1.1.3', true, 12901, 55576]
    ])
  })

  it('shows the killed brick offline, with pid -1 and port N/A as null', () => {
    for (const file of ['volume-status-detail.brick-down.xml', 'volume-status-all-detail.brick-down.xml', 'volume-status.brick-down.xml']) {
      const bricks = parseVolumeStatus(glusterFixture(file)).volumes[0]?.bricks ?? []
      expect(bricks.map((brick) => brick.online), file).toEqual([true, false, true])
      expect(bricks[1], file).toMatchObject({ host: '127.1.1.2', path: brickPath(2), pid: null, port: null })
    }
    // the offline brick's filesystem is still measured by its node's glusterd
    expect(parseVolumeStatus(glusterFixture('volume-status-detail.brick-down.xml')).volumes[0]?.bricks[1]?.sizeTotalBytes).toBe(270553174016)
  })

  it('lacks the bricks and daemons of the node whose glusterd is down', () => {
    const detail = parseVolumeStatus(glusterFixture('volume-status-detail.node-down.xml')).volumes[0]
    expect(detail?.bricks.map((brick) => brick.host)).toEqual(['127.1.1.1', '127.1.1.2'])
    expect(detail?.bricks.every((brick) => brick.online)).toBe(true)
    expect(detail?.bricks[1]).toMatchObject({ pid: 14568, port: 57193 })
    const plain = parseVolumeStatus(glusterFixture('volume-status.node-down.xml')).volumes[0]
    expect(plain?.daemons.map((daemon) => daemon.host)).toEqual(['localhost', '127.1.1.2'])
  })

  it('separates the Self-heal Daemon rows from the bricks, and leaves sizes null without detail', () => {
    const vol0 = parseVolumeStatus(glusterFixture('volume-status.healthy.xml')).volumes[0]
    expect(vol0?.bricks).toHaveLength(3)
    expect(vol0?.bricks[0]).toMatchObject({ pid: 12854, port: 58738, sizeTotalBytes: null, sizeFreeBytes: null, inodesTotal: null, inodesFree: null })
    expect(vol0?.daemons).toEqual([
      { name: 'Self-heal Daemon', host: 'localhost', online: true, pid: 12871, peerId: 'd66a5aab-a274-40b4-afdd-013d2a8b21ba' },
      { name: 'Self-heal Daemon', host: '127.1.1.2', online: true, pid: 12936, peerId: '37f15235-ac75-44d4-8760-f4c94176fc33' },
      { name: 'Self-heal Daemon', host: '127.1.1.3', online: true, pid: 12939, peerId: 'e5506319-c449-4fb8-9262-7f9bbc5eae64' }
    ])
  })

  it('reads three bricks on one node as three bricks', () => {
    const single = parseVolumeStatus(glusterFixture('single-node-replica3.volume-status-detail.xml')).volumes[0]
    expect(single?.name).toBe('single3')
    expect(single?.bricks.map((brick) => `${brick.host}:${brick.path}`)).toEqual([1, 2, 3].map((n) => `127.1.1.1:/tmp/lab/run/gluster-single/bricks/b${n}`))
  })

  it('reads every started volume of `status all`, each with its own offline bricks', () => {
    const { volumes } = parseVolumeStatus(glusterFixture('topologies/volume-status-all-detail.topologies-bricks-down.xml'))
    expect(volumes.map((volume) => volume.name)).toEqual(['arb', 'ddisp', 'disp', 'drep'])
    const offline = volumes.map((volume) => [volume.name, volume.bricks.filter((brick) => !brick.online).map((brick) => brick.path.split('/').pop())])
    expect(offline).toEqual([['arb', ['arb3']], ['ddisp', []], ['disp', ['d2']], ['drep', ['r1', 'r2']]])
    const withDaemons = parseVolumeStatus(glusterFixture('topologies/volume-status-all.topologies.xml')).volumes
    expect(withDaemons.map((volume) => volume.daemons.map((daemon) => daemon.name))).toEqual([['Self-heal Daemon'], ['Self-heal Daemon'], ['Self-heal Daemon'], ['Self-heal Daemon']])
  })

  it('turns "not started" and "does not exist" into GlusterOpError', () => {
    const stopped = parseError(() => parseVolumeStatus(glusterFixture('topologies/volume-status-detail.stopped.xml')))
    expect(stopped).toBeInstanceOf(GlusterOpError)
    expect(stopped).toMatchObject({ opErrno: 30800, opErrstr: 'Volume dist is not started' })
    expect(parseError(() => parseVolumeStatus(glusterFixture('topologies/volume-status-detail.missing-volume.xml'))).message).toBe(
      'gluster-volume-status: gluster reported an error (opRet -1, opErrno 30800): Volume vmstore does not exist'
    )
  })
})

describe('parseVolumeStatus across versions and on garbage', () => {
  const detail = glusterFixture('volume-status-detail.healthy.xml')

  it('reads null for inode and size fields a version does not print', () => {
    const old = detail.replace(/\s*<inodes(Total|Free)>\d+<\/inodes\1>/g, '').replace(/\s*<sizeFree>\d+<\/sizeFree>/g, '')
    const brick = parseVolumeStatus(old).volumes[0]?.bricks[0]
    expect(brick).toMatchObject({ sizeTotalBytes: 270553174016, sizeFreeBytes: null, inodesTotal: null, inodesFree: null })
  })

  it('falls back to <ports><tcp> when <port> is missing', () => {
    const old = detail.replace(/\s*<port>\d+<\/port>/g, '')
    expect(parseVolumeStatus(old).volumes[0]?.bricks.map((brick) => brick.port)).toEqual([58738, 60589, 55576])
  })

  it('names the line of a pid that is not a number', () => {
    const error = parseError(() => parseVolumeStatus(detail.replace('<pid>12902</pid>', '<pid>abc</pid>')))
    expect(error).toMatchObject({ tool: 'gluster-volume-status', lineNumber: 41, line: '          <pid>abc</pid>' })
  })

  it('refuses a status flag that is not 0/1, a negative size and a duplicated brick', () => {
    expect(parseError(() => parseVolumeStatus(detail.replace('<status>1</status>', '<status>yes</status>'))).message).toContain('<status> should be 0 or 1')
    expect(parseError(() => parseVolumeStatus(detail.replace('<sizeFree>245191094272</sizeFree>', '<sizeFree>-5</sizeFree>'))).message).toContain('<sizeFree> is negative')
    const node = /\s*<node>[\s\S]*?<\/node>/.exec(detail)?.[0] ?? ''
    expect(parseError(() => parseVolumeStatus(detail.replace(node, node + node))).message).toContain('brick 127.1.1.1:/tmp/lab/run/gluster/bricks/n1/vol0 is listed twice')
  })

  it('refuses a brick row without status rather than guessing', () => {
    expect(parseError(() => parseVolumeStatus(detail.replace('<status>0</status>', '').replace('<status>1</status>', ''))).message).toContain('has no <status>')
  })
})
