// `gluster --xml volume info`: layout of every volume (type, counts, bricks in subvolume order).
import type { GlusterInfoBrick, GlusterVolumeInfo, GlusterVolumeInfoList, GlusterVolumeState, GlusterVolumeType } from '../../../shared/domain/gluster-health'
import { GlusterXml, type XmlObject } from './gluster-xml'

const tool = 'gluster-volume-info'

export const volumeInfoCommand = (volume?: string): string[] => ['gluster', '--xml', 'volume', 'info', ...(volume === undefined ? [] : [volume])]

export interface VolumeInfoBrick extends GlusterInfoBrick {
  hostUuid: string | null
}

export interface VolumeInfo extends GlusterVolumeInfo {
  id: string | null
  /** gluster's own words ("Distributed-Replicate"), null when the output had none. */
  typeStr: string | null
  statusStr: string | null
  /** Number of subvolumes (distribute count). */
  distCount: number
  bricks: VolumeInfoBrick[]
  options: { name: string; value: string }[]
}

export interface VolumeInfoList extends GlusterVolumeInfoList {
  volumes: VolumeInfo[]
}

const statesByWord: Record<string, GlusterVolumeState> = { created: 'created', started: 'started', stopped: 'stopped' }
// glusterd's GLUSTERD_STATUS_* numbering, for outputs that lack statusStr.
const statesByNumber: Record<string, GlusterVolumeState> = { '0': 'created', '1': 'started', '2': 'stopped' }

export function parseVolumeInfo(text: string): VolumeInfoList {
  const { xml, payload } = GlusterXml.read(tool, text, 'volInfo', 'gluster --xml volume info')
  const volumesNode = payload === '' ? undefined : xml.container(payload, 'volumes')
  if (volumesNode === undefined) throw xml.fail('<volInfo> has no <volumes>', '<volInfo>')
  const volumes = xml.list(volumesNode, 'volume').map((node) => parseVolume(xml, node))
  const count = volumesNode === '' ? undefined : xml.int(volumesNode, 'count')
  if (count !== undefined && count !== volumes.length) throw xml.fail(`<count> says ${count} volumes but ${volumes.length} are listed`, `<count>${count}`)
  const names = new Set<string>()
  for (const volume of volumes) {
    if (names.has(volume.name)) throw xml.fail(`volume ${volume.name} is listed twice`, `<name>${volume.name}</name>`)
    names.add(volume.name)
  }
  return { volumes }
}

function parseVolume(xml: GlusterXml, node: XmlObject): VolumeInfo {
  const name = xml.requiredText(node, 'name', 'a <volume>')
  const near = `<name>${name}</name>`
  const count = (tag: string): number | undefined => {
    const value = xml.int(node, tag)
    if (value === null || (value !== undefined && value < 0)) throw xml.fail(`volume ${name}: <${tag}> must be a count`, `<${tag}>`)
    return value
  }
  const typeStr = xml.text(node, 'typeStr') ?? null
  const statusStr = xml.text(node, 'statusStr') ?? null
  const status = statesByWord[(statusStr ?? '').toLowerCase()] ?? statesByNumber[xml.text(node, 'status') ?? '']
  if (status === undefined) throw xml.fail(`volume ${name}: unknown status ${JSON.stringify(statusStr ?? xml.text(node, 'status') ?? 'none')}`, near)

  // Counts a version does not print belong to features it does not have (arbiter, disperse): 0 is true there.
  const arbiterCount = count('arbiterCount') ?? 0
  const disperseCount = count('disperseCount') ?? 0
  const redundancyCount = count('redundancyCount') ?? 0
  let replicaCount = count('replicaCount')
  if (replicaCount === undefined) {
    if (/replicate/i.test(typeStr ?? '')) throw xml.fail(`volume ${name}: ${typeStr} volume without <replicaCount>`, near)
    replicaCount = 1
  }
  if (replicaCount === 0) replicaCount = 1

  const bricksNode = xml.container(node, 'bricks')
  const listed = xml.list(bricksNode ?? '', 'brick')
  const brickCount = count('brickCount') ?? listed.length
  if (brickCount !== listed.length) throw xml.fail(`volume ${name}: <brickCount> says ${brickCount} but ${listed.length} bricks are listed`, `<brickCount>${brickCount}`)

  const setSize = disperseCount > 0 ? disperseCount : replicaCount
  if (brickCount % setSize !== 0) throw xml.fail(`volume ${name}: ${brickCount} bricks do not split into sets of ${setSize}`, near)
  if (disperseCount > 0 && redundancyCount >= disperseCount) throw xml.fail(`volume ${name}: redundancy ${redundancyCount} of a disperse set of ${disperseCount}`, near)

  const bricks = listed.map((brick, index): VolumeInfoBrick => {
    const brickName = xml.text(brick, 'name') || xml.text(brick, '#text')
    if (brickName === undefined || brickName === '') throw xml.fail(`volume ${name}: brick ${index + 1} has no name`, near)
    const isArbiter = xml.flag(brick, 'isArbiter')
    return {
      ...xml.brickName(brickName),
      // Before isArbiter was printed, the arbiter was always the last brick of its replica set.
      isArbiter: isArbiter ?? (arbiterCount > 0 && index % replicaCount === replicaCount - 1),
      hostUuid: xml.text(brick, 'hostUuid') || stringAttribute(brick, '@_uuid')
    }
  })

  return {
    name,
    id: xml.text(node, 'id') || null,
    type: volumeType(brickCount, replicaCount, arbiterCount, disperseCount),
    typeStr,
    status,
    statusStr,
    brickCount,
    distCount: brickCount === 0 ? 0 : brickCount / setSize,
    replicaCount,
    arbiterCount,
    disperseCount,
    redundancyCount,
    bricks,
    options: parseOptions(xml, node)
  }
}

function volumeType(brickCount: number, replicaCount: number, arbiterCount: number, disperseCount: number): GlusterVolumeType {
  if (arbiterCount > 0) return 'arbiter'
  if (disperseCount > 0) return brickCount > disperseCount ? 'distributed-disperse' : 'disperse'
  if (replicaCount > 1) return brickCount > replicaCount ? 'distributed-replicate' : 'replicate'
  return 'distribute'
}

function parseOptions(xml: GlusterXml, node: XmlObject): { name: string; value: string }[] {
  const options = xml.container(node, 'options')
  return xml.list(options ?? '', 'option').map((option) => ({
    name: xml.requiredText(option, 'name', 'an <option>'),
    value: xml.text(option, 'value') ?? ''
  }))
}

function stringAttribute(node: XmlObject, key: string): string | null {
  const value = Object.prototype.hasOwnProperty.call(node, key) ? node[key] : undefined
  return typeof value === 'string' && value !== '' ? value : null
}
