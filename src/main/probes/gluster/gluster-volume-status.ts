// `gluster --xml volume status [VOL|all] detail`: which bricks run, their ports, pids and fill levels.
// The same parser reads the output without `detail` (the size fields are then null).
import type { GlusterDaemon, GlusterStatusBrick, GlusterVolumeStatus, GlusterVolumeStatusList } from '../../../shared/domain/gluster-health'
import { GlusterXml, type IntOptions, type XmlObject } from './gluster-xml'

const tool = 'gluster-volume-status'

export const volumeStatusDetailCommand = (volume?: string): string[] => ['gluster', '--xml', 'volume', 'status', volume ?? 'all', 'detail']

export interface VolumeStatusBrick extends GlusterStatusBrick {
  peerId: string | null
  device: string | null
  fsName: string | null
}

export interface VolumeStatusDaemon extends GlusterDaemon {
  peerId: string | null
}

export interface VolumeStatus extends GlusterVolumeStatus {
  bricks: VolumeStatusBrick[]
  daemons: VolumeStatusDaemon[]
}

export interface VolumeStatusList extends GlusterVolumeStatusList {
  volumes: VolumeStatus[]
}

const noValue: IntOptions = { nullTokens: ['N/A', ''] }
// pid -1 and port 0 are how gluster says "not running".
const noProcess: IntOptions = { nullTokens: ['N/A', ''], nullAtOrBelow: 0 }

export function parseVolumeStatus(text: string): VolumeStatusList {
  const { xml, payload } = GlusterXml.read(tool, text, 'volStatus', 'gluster --xml volume status all detail')
  const volumesNode = payload === '' ? undefined : xml.container(payload, 'volumes')
  if (volumesNode === undefined) throw xml.fail('<volStatus> has no <volumes>', '<volStatus>')
  const volumes = xml.list(volumesNode, 'volume').map((node) => parseVolume(xml, node))
  const names = new Set<string>()
  for (const volume of volumes) {
    if (names.has(volume.name)) throw xml.fail(`volume ${volume.name} is listed twice`, `<volName>${volume.name}</volName>`)
    names.add(volume.name)
  }
  return { volumes }
}

function parseVolume(xml: GlusterXml, node: XmlObject): VolumeStatus {
  const name = xml.requiredText(node, 'volName', 'a <volume>')
  const bricks: VolumeStatusBrick[] = []
  const daemons: VolumeStatusDaemon[] = []
  for (const row of xml.list(node, 'node')) {
    const hostname = xml.requiredText(row, 'hostname', `a <node> of volume ${name}`)
    const path = xml.requiredText(row, 'path', `node ${hostname} of volume ${name}`)
    const online = xml.flag(row, 'status')
    if (online === undefined) throw xml.fail(`volume ${name}: node ${hostname}:${path} has no <status>`, `<path>${path}</path>`)
    const pid = xml.int(row, 'pid', noProcess) ?? null
    const peerId = xml.text(row, 'peerid') || null
    // Daemon rows put their name in <hostname> and the host in <path>; only bricks have a path.
    if (!path.startsWith('/')) {
      daemons.push({ name: hostname, host: path, online, pid, peerId })
      continue
    }
    if (bricks.some((brick) => brick.host === hostname && brick.path === path)) {
      throw xml.fail(`volume ${name}: brick ${hostname}:${path} is listed twice`, `<path>${path}</path>`)
    }
    bricks.push({
      host: hostname,
      path,
      online,
      pid,
      port: brickPort(xml, row),
      sizeTotalBytes: size(xml, row, 'sizeTotal'),
      sizeFreeBytes: size(xml, row, 'sizeFree'),
      inodesTotal: size(xml, row, 'inodesTotal'),
      inodesFree: size(xml, row, 'inodesFree'),
      peerId,
      device: xml.text(row, 'device') || null,
      fsName: xml.text(row, 'fsName') || null
    })
  }
  return { name, bricks, daemons }
}

function brickPort(xml: GlusterXml, row: XmlObject): number | null {
  const port = xml.int(row, 'port', noProcess)
  if (port !== undefined) return port
  const ports = xml.container(row, 'ports')
  return ports === undefined || ports === '' ? null : (xml.int(ports, 'tcp', noProcess) ?? null)
}

function size(xml: GlusterXml, row: XmlObject, tag: string): number | null {
  const value = xml.int(row, tag, noValue)
  if (value !== undefined && value !== null && value < 0) throw xml.fail(`<${tag}> is negative: ${value}`, `<${tag}>${value}`)
  return value ?? null
}
