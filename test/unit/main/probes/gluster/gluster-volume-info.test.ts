import { describe, expect, it } from 'vitest'
import { parseVolumeInfo, volumeInfoCommand } from '../../../../../src/main/probes/gluster/gluster-volume-info'
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

describe('volumeInfoCommand', () => {
  it('asks for every volume or one, in XML', () => {
    expect(volumeInfoCommand()).toEqual(['gluster', '--xml', 'volume', 'info'])
    expect(volumeInfoCommand('vmstore')).toEqual(['gluster', '--xml', 'volume', 'info', 'vmstore'])
  })
})

describe('parseVolumeInfo on real captures', () => {
  it('reads the replica-3 lab volume', () => {
    const { volumes } = parseVolumeInfo(glusterFixture('volume-info.healthy.xml'))
    expect(volumes).toHaveLength(1)
    const [vol0] = volumes
    expect(vol0).toMatchObject({
      name: 'vol0',
      id: '6feced6f-6021-46de-b094-3eb3a804400a',
      type: 'replicate',
      typeStr: 'Replicate',
      status: 'started',
      statusStr: 'Started',
      brickCount: 3,
      distCount: 1,
      replicaCount: 3,
      arbiterCount: 0,
      disperseCount: 0,
      redundancyCount: 0
    })
    expect(vol0?.bricks).toEqual([1, 2, 3].map((n) => ({
      host: `127.1.1.${n}`,
      path: `/tmp/lab/run/gluster/bricks/n${n}/vol0`,
      isArbiter: false,
      hostUuid: ['d66a5aab-a274-40b4-afdd-013d2a8b21ba', '37f15235-ac75-44d4-8760-f4c94176fc33', 'e5506319-c449-4fb8-9262-7f9bbc5eae64'][n - 1]
    })))
    expect(vol0?.options).toContainEqual({ name: 'cluster.granular-entry-heal', value: 'on' })
    expect(vol0?.options).toHaveLength(5)
  })

  it('reads the same layout in every captured state (info does not see brick or node failures)', () => {
    const healthy = parseVolumeInfo(glusterFixture('volume-info.healthy.xml'))
    expect(parseVolumeInfo(glusterFixture('volume-info.brick-down.xml'))).toEqual(healthy)
    expect(parseVolumeInfo(glusterFixture('volume-info.node-down.xml'))).toEqual(healthy)
  })

  it('normalises arbiter, disperse, distributed and plain distribute volumes', () => {
    const { volumes } = parseVolumeInfo(glusterFixture('topologies/volume-info.topologies.xml'))
    const byName = Object.fromEntries(volumes.map((volume) => [volume.name, volume]))
    expect(volumes.map((volume) => volume.name)).toEqual(['arb', 'ddisp', 'disp', 'dist', 'drep'])
    expect(byName.arb).toMatchObject({ type: 'arbiter', typeStr: 'Replicate', replicaCount: 3, arbiterCount: 1, distCount: 1 })
    expect(byName.arb?.bricks.map((brick) => brick.isArbiter)).toEqual([false, false, true])
    expect(byName.disp).toMatchObject({ type: 'disperse', disperseCount: 3, redundancyCount: 1, brickCount: 3, distCount: 1 })
    expect(byName.ddisp).toMatchObject({ type: 'distributed-disperse', typeStr: 'Distributed-Disperse', brickCount: 6, distCount: 2 })
    expect(byName.drep).toMatchObject({ type: 'distributed-replicate', replicaCount: 2, brickCount: 4, distCount: 2 })
    expect(byName.dist).toMatchObject({ type: 'distribute', status: 'created', statusStr: 'Created', replicaCount: 1, distCount: 2 })
    expect(byName.drep?.bricks.map((brick) => brick.path.split('/').pop())).toEqual(['r1', 'r2', 'r3', 'r4'])
  })

  it('turns a failed command into GlusterOpError with gluster\'s own message', () => {
    const error = parseError(() => parseVolumeInfo(glusterFixture('topologies/volume-info.missing-volume.xml')))
    expect(error).toBeInstanceOf(GlusterOpError)
    expect(error).toMatchObject({ tool: 'gluster-volume-info', opRet: -1, opErrno: 30806, opErrstr: 'Volume does not exist' })
    expect(error.message).toContain('Volume does not exist')
  })
})

describe('parseVolumeInfo across versions', () => {
  const healthy = glusterFixture('volume-info.healthy.xml')

  it('derives the arbiter brick when isArbiter is not printed', () => {
    const old = glusterFixture('topologies/volume-info.topologies.xml').replace(/<isArbiter>\d<\/isArbiter>/g, '')
    const arb = parseVolumeInfo(old).volumes.find((volume) => volume.name === 'arb')
    expect(arb?.bricks.map((brick) => brick.isArbiter)).toEqual([false, false, true])
  })

  it('reads a version without arbiter/disperse counts, statusStr or brickCount', () => {
    const old = healthy
      .replace(/\s*<(arbiterCount|disperseCount|redundancyCount|statusStr|brickCount)>[^<]*<\/\1>/g, '')
    const [vol0] = parseVolumeInfo(old).volumes
    expect(vol0).toMatchObject({ type: 'replicate', status: 'started', statusStr: null, brickCount: 3, arbiterCount: 0, disperseCount: 0 })
  })

  it('takes the brick name from the element text when <name> is absent', () => {
    const old = healthy.replace(/<name>127[^<]*<\/name>/g, '')
    expect(parseVolumeInfo(old).volumes[0]?.bricks[1]).toMatchObject({ host: '127.1.1.2', path: '/tmp/lab/run/gluster/bricks/n2/vol0' })
  })

  it('reads an output with no volumes', () => {
    const empty = healthy.replace(/<volumes>[\s\S]*<\/volumes>/, '<volumes><count>0</count></volumes>')
    expect(parseVolumeInfo(empty)).toEqual({ volumes: [] })
  })
})

describe('parseVolumeInfo on garbage', () => {
  const healthy = glusterFixture('volume-info.healthy.xml')

  it('names the line of a count that is not a number', () => {
    const error = parseError(() => parseVolumeInfo(healthy.replace('<replicaCount>3</replicaCount>', '<replicaCount>abc</replicaCount>')))
    expect(error.tool).toBe('gluster-volume-info')
    expect(error.lineNumber).toBe(16)
    expect(error.line).toBe("        <replicaCount>abc</replicaCount>")
    expect(error.message).toContain('replicaCount')
  })

  it('refuses a brick list that disagrees with brickCount', () => {
    const extra = healthy.replace(/(\s*<brick uuid[^\n]*n3\/vol0<\/name>[^\n]*)/, '$1$1')
    expect(parseError(() => parseVolumeInfo(extra)).message).toContain('brickCount> says 3 but 4 bricks')
  })

  it('refuses a replicate volume without replicaCount, and bricks that do not form whole sets', () => {
    expect(parseError(() => parseVolumeInfo(healthy.replace('<replicaCount>3</replicaCount>', ''))).message).toContain('without <replicaCount>')
    expect(parseError(() => parseVolumeInfo(healthy.replace('<replicaCount>3</replicaCount>', '<replicaCount>2</replicaCount>'))).message).toContain('do not split into sets of 2')
  })

  it('refuses a brick name that is not host:/path', () => {
    const bad = healthy.replaceAll('127.1.1.2:/tmp/lab/run/gluster/bricks/n2/vol0', 'nonsense')
    const error = parseError(() => parseVolumeInfo(bad))
    expect(error.message).toContain('"nonsense" is not host:/path')
    expect(error.lineNumber).toBe(25)
  })

  it('refuses an unknown volume status and a truncated document', () => {
    expect(parseError(() => parseVolumeInfo(healthy.replace('<statusStr>Started</statusStr>', '<statusStr>Melting</statusStr>').replace('<status>1</status>', '<status>7</status>'))).message).toContain('unknown status "Melting"')
    const truncated = parseError(() => parseVolumeInfo(healthy.slice(0, 1000)))
    expect(truncated.message).toContain('not well-formed XML')
    expect(truncated.lineNumber).toBeGreaterThan(0)
  })

  it('says what it expected when handed another command\'s output', () => {
    expect(parseError(() => parseVolumeInfo(glusterFixture('peer-status.healthy.xml'))).message).toBe(
      "gluster-volume-info: no <volInfo> element (is this the output of 'gluster --xml volume info'?)"
    )
  })
})
