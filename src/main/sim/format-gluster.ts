// `gluster --xml` output of GlusterFS 10.3 for the demo volume, element for element as the
// captured fixtures show it (including their quirks), plus the few plain-text forms an admin
// would type in the terminal.
import type { FleetModel } from './fleet-model'
import { REPLICA_COUNT, VOLUME_NAME, type Brick, type GlusterModel } from './gluster-model'

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cliOutput>\n'
const OK = '  <opRet>0</opRet>\n  <opErrno>0</opErrno>\n  <opErrstr/>\n'

const OPTIONS: [string, string][] = [
  ['cluster.granular-entry-heal', 'on'],
  ['storage.fips-mode-rchecksum', 'on'],
  ['transport.address-family', 'inet'],
  ['nfs.disable', 'on'],
  ['performance.client-io-threads', 'off'],
  ['network.remote-dio', 'enable'],
  ['performance.strict-o-direct', 'on'],
  ['cluster.quorum-type', 'auto']
]

function brickName(brick: Brick): string {
  return `${brick.host}:${brick.path}`
}

function volumeShape(g: GlusterModel): { replica: number; dist: number; type: number; typeStr: string } {
  const replica = Math.min(REPLICA_COUNT, g.nodes.length)
  const dist = g.replicaSets
  if (replica <= 1) return { replica: 1, dist, type: 0, typeStr: 'Distribute' }
  return dist > 1 ? { replica, dist, type: 7, typeStr: 'Distributed-Replicate' } : { replica, dist: 1, type: 2, typeStr: 'Replicate' }
}

export function volumeInfoXml(g: GlusterModel): string {
  const shape = volumeShape(g)
  const bricks = g.bricks
    .map((b) => {
      const uuid = g.node(b.host)?.uuid ?? ''
      return `          <brick uuid="${uuid}">${brickName(b)}<name>${brickName(b)}</name><hostUuid>${uuid}</hostUuid><isArbiter>0</isArbiter></brick>\n`
    })
    .join('')
  const options = OPTIONS.map(([name, value]) => `          <option>\n            <name>${name}</name>\n            <value>${value}</value>\n          </option>\n`).join('')
  return (
    XML_HEAD +
    OK +
    '  <volInfo>\n    <volumes>\n      <volume>\n' +
    `        <name>${VOLUME_NAME}</name>\n` +
    `        <id>${g.volumeId}</id>\n` +
    '        <status>1</status>\n        <statusStr>Started</statusStr>\n        <snapshotCount>0</snapshotCount>\n' +
    `        <brickCount>${g.bricks.length}</brickCount>\n` +
    `        <distCount>${shape.dist}</distCount>\n` +
    `        <replicaCount>${shape.replica}</replicaCount>\n` +
    '        <arbiterCount>0</arbiterCount>\n        <disperseCount>0</disperseCount>\n        <redundancyCount>0</redundancyCount>\n' +
    `        <type>${shape.type}</type>\n` +
    `        <typeStr>${shape.typeStr}</typeStr>\n` +
    '        <transport>0</transport>\n' +
    `        <bricks>\n${bricks}        </bricks>\n` +
    `        <optCount>${OPTIONS.length}</optCount>\n` +
    `        <options>\n${options}        </options>\n` +
    '      </volume>\n      <count>1</count>\n    </volumes>\n  </volInfo>\n</cliOutput>\n'
  )
}

export function volumeMissingInfoXml(): string {
  return `${XML_HEAD}  <opRet>-1</opRet>\n  <opErrno>30806</opErrno>\n  <opErrstr>Volume does not exist</opErrstr>\n  <volInfo>\n    <volumes>\n      <count>0</count>\n    </volumes>\n  </volInfo>\n</cliOutput>\n`
}

export function volumeMissingStatusXml(volume: string): string {
  return `${XML_HEAD}  <opRet>-1</opRet>\n  <opErrno>30800</opErrno>\n  <opErrstr>Volume ${volume} does not exist</opErrstr>\n  <cliOp>volStatus</cliOp>\n  <output>Volume ${volume} does not exist</output>\n</cliOutput>\n`
}

function statusNode(hostname: string, path: string, peerid: string, online: boolean, port: string, pid: number, detail: string): string {
  return (
    '        <node>\n' +
    `          <hostname>${hostname}</hostname>\n` +
    `          <path>${path}</path>\n` +
    `          <peerid>${peerid}</peerid>\n` +
    `          <status>${online ? 1 : 0}</status>\n` +
    `          <port>${port}</port>\n` +
    `          <ports>\n            <tcp>${port}</tcp>\n            <rdma>N/A</rdma>\n          </ports>\n` +
    `          <pid>${pid}</pid>\n` +
    detail +
    '        </node>\n'
  )
}

/**
 * `gluster --xml volume status VOL [detail]` as seen from `localHost`: bricks of unreachable
 * nodes are left out, killed bricks show status 0, port N/A, pid -1; without `detail` the
 * self-heal daemons and an empty task list follow the bricks.
 */
export function volumeStatusXml(fleet: FleetModel, g: GlusterModel, localHost: string, detail: boolean, nowMs: number): string {
  const reachable = (host: string) => fleet.host(host)?.reachability === 'up'
  const nodes: string[] = []
  for (const brick of g.bricks) {
    if (!reachable(brick.host)) continue
    const online = g.isOnline(brick)
    const port = online ? String(brick.port) : 'N/A'
    let extra = ''
    if (detail) {
      const fs = g.brickFilesystem(brick, nowMs)
      extra =
        `          <sizeTotal>${fs.sizeTotal}</sizeTotal>\n` +
        `          <sizeFree>${fs.sizeFree}</sizeFree>\n` +
        '          <device>/dev/sdb1</device>\n' +
        '          <blockSize>4096</blockSize>\n' +
        '          <mntOptions>rw,noatime,attr2,inode64,logbufs=8,logbsize=32k,noquota</mntOptions>\n' +
        '          <fsName>xfs</fsName>\n' +
        `          <inodesTotal>${fs.inodesTotal}</inodesTotal>\n` +
        `          <inodesFree>${fs.inodesFree}</inodesFree>\n`
    }
    nodes.push(statusNode(brick.host, brick.path, g.node(brick.host)?.uuid ?? '', online, port, online ? brick.pid : -1, extra))
  }
  if (!detail) {
    const shds = [...g.nodes].sort((a, b) => (a.host === localHost ? -1 : b.host === localHost ? 1 : 0))
    for (const node of shds) {
      if (!reachable(node.host)) continue
      nodes.push(statusNode('Self-heal Daemon', node.host === localHost ? 'localhost' : node.host, node.uuid, true, 'N/A', node.shdPid, ''))
    }
  }
  return (
    XML_HEAD +
    OK +
    '  <volStatus>\n    <volumes>\n      <volume>\n' +
    `        <volName>${VOLUME_NAME}</volName>\n` +
    `        <nodeCount>${nodes.length}</nodeCount>\n` +
    nodes.join('') +
    (detail ? '' : '        <tasks/>\n') +
    '      </volume>\n    </volumes>\n  </volStatus>\n</cliOutput>\n'
  )
}

const HEAL_TAIL = '  <opRet>0</opRet>\n  <opErrno>0</opErrno>\n  <opErrstr/>\n</cliOutput>\n'

/** `gluster --xml volume heal VOL info [summary]`. */
export function healInfoXml(g: GlusterModel, summary: boolean, nowMs: number): string {
  const bricks = g.bricks
    .map((brick) => {
      const head = `      <brick hostUuid="${g.isOnline(brick) ? (g.node(brick.host)?.uuid ?? '') : '-'}">\n        <name>${brickName(brick)}</name>\n`
      if (!g.isOnline(brick)) {
        return summary
          ? `${head}        <status>Failed to process entries completely. (Transport endpoint is not connected)totalNumberOfEntries0</status>\n      </brick>\n`
          : `${head}        <status>Transport endpoint is not connected</status>\n        <numberOfEntries>-</numberOfEntries>\n      </brick>\n`
      }
      const entries = g.healEntries(brick, nowMs)
      if (summary) {
        return (
          head +
          '        <status>Connected</status>\n' +
          `        <totalNumberOfEntries>${entries.length}</totalNumberOfEntries>\n` +
          `        <numberOfEntriesInHealPending>${entries.length}</numberOfEntriesInHealPending>\n` +
          '        <numberOfEntriesInSplitBrain>0</numberOfEntriesInSplitBrain>\n' +
          '        <numberOfEntriesPossiblyHealing>0</numberOfEntriesPossiblyHealing>\n' +
          '      </brick>\n'
        )
      }
      const files = entries.map((e) => `        <file gfid="${e.gfid}">${e.path}</file>\n`).join('')
      return `${head}${files}        <status>Connected</status>\n        <numberOfEntries>${entries.length}</numberOfEntries>\n      </brick>\n`
    })
    .join('')
  return `${XML_HEAD}  <healInfo>\n    <bricks>\n${bricks}    </bricks>\n  </healInfo>\n${HEAL_TAIL}`
}

export function healInfoMissingXml(volume: string): string {
  return `${XML_HEAD}  <healInfo>\n    <bricks/>\n  </healInfo>\n  <opRet>-1</opRet>\n  <opErrno>107</opErrno>\n  <opErrstr>${volume}: Not able to fetch volfile from glusterd</opErrstr>\n</cliOutput>\n`
}

/** `gluster --xml peer status` (others only) or `pool list` (others, then localhost). */
export function peerStatusXml(fleet: FleetModel, g: GlusterModel, localHost: string, pool: boolean): string {
  const peers = g.nodes
    .filter((n) => n.host !== localHost)
    .map((n) => {
      const connected = fleet.host(n.host)?.reachability === 'up' ? 1 : 0
      return (
        '    <peer>\n' +
        `      <uuid>${n.uuid}</uuid>\n` +
        `      <hostname>${n.host}</hostname>\n` +
        `      <hostnames>\n        <hostname>${n.host}</hostname>\n      </hostnames>\n` +
        `      <connected>${connected}</connected>\n` +
        '      <state>3</state>\n      <stateStr>Peer in Cluster</stateStr>\n' +
        '    </peer>\n'
      )
    })
  if (pool) {
    const self = g.node(localHost)
    if (self) peers.push(`    <peer>\n      <uuid>${self.uuid}</uuid>\n      <hostname>localhost</hostname>\n      <connected>1</connected>\n    </peer>\n`)
  }
  return `${XML_HEAD}${OK}${peers.length > 0 ? `  <peerStatus>\n${peers.join('')}  </peerStatus>\n` : '  <peerStatus/>\n'}</cliOutput>\n`
}

export function volumeInfoText(g: GlusterModel): string {
  const shape = volumeShape(g)
  return (
    '\n' +
    `Volume Name: ${VOLUME_NAME}\n` +
    `Type: ${shape.typeStr}\n` +
    `Volume ID: ${g.volumeId}\n` +
    'Status: Started\n' +
    'Snapshot Count: 0\n' +
    `Number of Bricks: ${shape.dist} x ${shape.replica} = ${g.bricks.length}\n` +
    'Transport-type: tcp\n' +
    'Bricks:\n' +
    g.bricks.map((b, i) => `Brick${i + 1}: ${brickName(b)}\n`).join('') +
    'Options Reconfigured:\n' +
    OPTIONS.map(([name, value]) => `${name}: ${value}\n`).join('')
  )
}

export function peerStatusText(fleet: FleetModel, g: GlusterModel, localHost: string): string {
  const peers = g.nodes.filter((n) => n.host !== localHost)
  return (
    `Number of Peers: ${peers.length}\n` +
    peers.map((n) => `\nHostname: ${n.host}\nUuid: ${n.uuid}\nState: Peer in Cluster (${fleet.host(n.host)?.reachability === 'up' ? 'Connected' : 'Disconnected'})\n`).join('')
  )
}

export function poolListText(fleet: FleetModel, g: GlusterModel, localHost: string): string {
  const rows = g.nodes.filter((n) => n.host !== localHost).map((n) => `${n.uuid}\t${n.host}\t${fleet.host(n.host)?.reachability === 'up' ? 'Connected' : 'Disconnected'} \n`)
  const self = g.node(localHost)
  return `UUID\t\t\t\t\tHostname \tState\n${rows.join('')}${self ? `${self.uuid}\tlocalhost\tConnected \n` : ''}`
}

export function healInfoText(g: GlusterModel, summary: boolean, nowMs: number): string {
  return g.bricks
    .map((brick) => {
      const online = g.isOnline(brick)
      const entries = online ? g.healEntries(brick, nowMs) : []
      const count = online ? String(entries.length) : '-'
      const status = online ? 'Connected' : 'Transport endpoint is not connected'
      if (summary) {
        const zero = online ? '0' : '-'
        return `Brick ${brickName(brick)}\nStatus: ${status}\nTotal Number of entries: ${count}\nNumber of entries in heal pending: ${count}\nNumber of entries in split-brain: ${zero}\nNumber of entries possibly healing: ${zero}\n\n`
      }
      return `Brick ${brickName(brick)}\n${entries.map((e) => `${e.path} \n`).join('')}Status: ${status}\nNumber of entries: ${count}\n\n`
    })
    .join('')
}
