// The demo's GlusterFS volume `vmstore`: replica-3 sets over the Atom nodes (distributed-
// replicate once there are more than three), bricks that can be killed and restarted, and a
// heal backlog that grows while a brick is away and drains after it comes back. Entries are
// derived from outage windows and the clock, so nothing ticks in the background.
import { intHash, uuidHash, unitHash } from './seeded-random'

export const VOLUME_NAME = 'vmstore'
export const REPLICA_COUNT = 3

export interface GlusterNode {
  host: string
  uuid: string
  shdPid: number
}

interface Outage {
  downMs: number
  upMs: number | null
}

export interface Brick {
  /** Position in the volume's brick list (0-based). */
  index: number
  host: string
  path: string
  replicaSet: number
  pid: number
  port: number
  killed: boolean
  restarts: number
  outages: Outage[]
}

export interface HealEntry {
  path: string
  gfid: string
}

/** A file stored on the volume that can need healing. */
interface VolumeFile extends HealEntry {
  kind: 'image' | 'dir' | 'log'
  replicaSet: number
  /** Seconds into an outage after which the file has been written without the absent brick. */
  dirtyAfterS: number
}

export interface VolumeImage {
  /** Path inside the volume, e.g. `/web-01.qcow2`. */
  path: string
  allocationBytes: number
}

const BRICK_FS_BYTES = 998_986_268_672
const BRICK_INODES = 97_675_264
const GROWTH_BYTES_PER_DAY = 1.2 * 1024 ** 3
const LOG_INTERVAL_S = 20
const FIRST_LOG_S = 7

export class GlusterModel {
  readonly volumeId: string
  readonly nodes: GlusterNode[]
  readonly bricks: Brick[]
  readonly replicaSets: number
  private readonly images: VolumeFile[]
  private readonly dirs: VolumeFile[]
  private readonly imageBytesBySet = new Map<number, number>()

  constructor(
    nodeHosts: readonly string[],
    images: readonly VolumeImage[],
    private readonly seed: string,
    private readonly startMs: number,
    private readonly reachable: (host: string) => boolean
  ) {
    this.volumeId = uuidHash(seed, 'volume', VOLUME_NAME)
    this.nodes = nodeHosts.map((host) => ({ host, uuid: uuidHash(seed, 'peer', host), shdPid: intHash(3000, 60000, seed, 'shd', host) }))
    const replica = Math.min(REPLICA_COUNT, nodeHosts.length)
    // Round-robin: set k uses nodes 3k, 3k+1, 3k+2 (mod n), so every node carries a brick and
    // no set holds two bricks of one node.
    this.replicaSets = replica === 0 ? 0 : Math.ceil(nodeHosts.length / replica)
    const perNode = new Map<string, number>()
    this.bricks = []
    for (let set = 0; set < this.replicaSets; set++) {
      for (let r = 0; r < replica; r++) {
        const host = nodeHosts[(set * replica + r) % nodeHosts.length] ?? ''
        const ordinal = (perNode.get(host) ?? 0) + 1
        perNode.set(host, ordinal)
        this.bricks.push({
          index: this.bricks.length,
          host,
          path: `/data/glusterfs/${VOLUME_NAME}/brick${ordinal}/brick`,
          replicaSet: set,
          pid: intHash(2000, 60000, seed, 'brick-pid', host, ordinal),
          port: 49151 + ordinal,
          killed: false,
          restarts: 0,
          outages: []
        })
      }
    }
    this.images = images.map((image) => ({
      path: image.path,
      gfid: uuidHash(seed, 'gfid', image.path),
      kind: 'image',
      replicaSet: this.setOf(image.path),
      dirtyAfterS: 1 + 14 * unitHash(seed, 'dirty', image.path)
    }))
    this.dirs = [
      { path: '/', gfid: '00000000-0000-0000-0000-000000000001', kind: 'dir', replicaSet: -1, dirtyAfterS: FIRST_LOG_S },
      { path: '/backup-logs', gfid: uuidHash(seed, 'gfid', '/backup-logs'), kind: 'dir', replicaSet: -1, dirtyAfterS: FIRST_LOG_S }
    ]
    for (const image of images) {
      const set = this.setOf(image.path)
      this.imageBytesBySet.set(set, (this.imageBytesBySet.get(set) ?? 0) + image.allocationBytes)
    }
  }

  node(host: string): GlusterNode | undefined {
    return this.nodes.find((n) => n.host === host)
  }

  bricksOn(host: string): Brick[] {
    return this.bricks.filter((b) => b.host === host)
  }

  isOnline(brick: Brick): boolean {
    return !brick.killed && this.reachable(brick.host)
  }

  /** Kills a brick process (glusterfsd). Returns the brick, or an error message. */
  killBrick(host: string, nowMs: number, brickPath?: string): Brick | string {
    const brick = this.bricks.find((b) => b.host === host && (brickPath === undefined || b.path === brickPath))
    if (!brick) return `no brick of ${VOLUME_NAME} on ${host}${brickPath ? ` at ${brickPath}` : ''}`
    if (brick.killed) return brick
    const wasOnline = this.isOnline(brick)
    brick.killed = true
    if (wasOnline) brick.outages.push({ downMs: nowMs, upMs: null })
    return brick
  }

  /** `gluster volume start VOL force`: restarts every killed brick on a reachable node. */
  startForce(nowMs: number): Brick[] {
    const restarted: Brick[] = []
    for (const brick of this.bricks) {
      if (!brick.killed || !this.reachable(brick.host)) continue
      brick.killed = false
      brick.restarts++
      brick.pid = intHash(2000, 60000, this.seed, 'brick-pid', brick.host, brick.path, brick.restarts)
      brick.port = 49152 + ((brick.port - 49152 + 1) % 100)
      this.closeOutage(brick, nowMs)
      restarted.push(brick)
    }
    return restarted
  }

  /** A node dropped off or came back: its bricks go away or return with it. */
  reachabilityChanged(host: string, reachable: boolean, nowMs: number): void {
    for (const brick of this.bricksOn(host)) {
      if (brick.killed) continue
      if (reachable) this.closeOutage(brick, nowMs)
      else if (!this.openOutage(brick)) brick.outages.push({ downMs: nowMs, upMs: null })
    }
  }

  /** Entries a brick reports in `heal info`: what it holds that its absent or healing partners lack. */
  healEntries(brick: Brick, nowMs: number): HealEntry[] {
    const seen = new Map<string, HealEntry>()
    for (const partner of this.bricks) {
      if (partner.replicaSet !== brick.replicaSet || partner.index === brick.index) continue
      for (const entry of this.pendingFor(partner, nowMs)) if (!seen.has(entry.path)) seen.set(entry.path, entry)
    }
    return [...seen.values()]
  }

  /** Bytes used on the bricks of a replica set: the VM images plus slow growth since the demo started. */
  usedBytes(replicaSet: number, nowMs: number): number {
    const images = this.imageBytesBySet.get(replicaSet) ?? 0
    const growth = (GROWTH_BYTES_PER_DAY * Math.max(0, nowMs - this.startMs)) / 86_400_000
    return Math.round(images + 3.1e9 + growth)
  }

  brickFilesystem(brick: Brick, nowMs: number): { sizeTotal: number; sizeFree: number; inodesTotal: number; inodesFree: number } {
    const used = this.usedBytes(brick.replicaSet, nowMs)
    const files = this.images.filter((f) => f.replicaSet === brick.replicaSet).length
    const logs = Math.floor(Math.max(0, nowMs - this.startMs) / 3_600_000)
    const sizeFree = Math.max(0, BRICK_FS_BYTES - used)
    return { sizeTotal: BRICK_FS_BYTES, sizeFree: sizeFree - (sizeFree % 4096), inodesTotal: BRICK_INODES, inodesFree: BRICK_INODES - 1800 - files * 2 - logs }
  }

  private setOf(path: string): number {
    return this.replicaSets <= 1 ? 0 : intHash(0, this.replicaSets - 1, this.seed, 'dht', path)
  }

  private openOutage(brick: Brick): Outage | undefined {
    const last = brick.outages[brick.outages.length - 1]
    return last && last.upMs === null ? last : undefined
  }

  private closeOutage(brick: Brick, nowMs: number): void {
    const open = this.openOutage(brick)
    if (open) open.upMs = nowMs
  }

  /** Files written while `brick` was away and not yet healed onto it. */
  pendingFor(brick: Brick, nowMs: number): HealEntry[] {
    const pending = new Map<string, HealEntry>()
    for (const outage of brick.outages) {
      if (outage.downMs > nowMs) continue
      const awayS = (Math.min(nowMs, outage.upMs ?? nowMs) - outage.downMs) / 1000
      const dirty = this.dirtyFiles(brick.replicaSet, outage.downMs, awayS)
      if (outage.upMs !== null && nowMs > outage.upMs) {
        // The self-heal daemon works through the list in order; images take longer the
        // longer the brick was away (more changed blocks to copy).
        const outageS = (outage.upMs - outage.downMs) / 1000
        let healedUntilS = 0
        const sinceUpS = (nowMs - outage.upMs) / 1000
        for (const file of dirty) {
          healedUntilS += file.kind === 'image' ? Math.min(20, 0.5 + 0.02 * outageS) : 0.2
          if (healedUntilS > sinceUpS) pending.set(file.path, file)
        }
      } else {
        for (const file of dirty) pending.set(file.path, file)
      }
    }
    return [...pending.values()]
  }

  private dirtyFiles(replicaSet: number, downMs: number, awayS: number): VolumeFile[] {
    const images = this.images.filter((f) => f.replicaSet === replicaSet && f.dirtyAfterS <= awayS)
    const dirs = this.dirs.filter((d) => d.dirtyAfterS <= awayS)
    const logs: VolumeFile[] = []
    for (let n = 0; FIRST_LOG_S + n * LOG_INTERVAL_S <= awayS && n < 5000; n++) {
      const stamp = new Date(downMs + (FIRST_LOG_S + n * LOG_INTERVAL_S) * 1000).toISOString().replace(/[-:]/g, '').slice(0, 15)
      const path = `/backup-logs/backup-${stamp}.log`
      if (this.setOf(path) !== replicaSet) continue
      logs.push({ path, gfid: uuidHash(this.seed, 'gfid', path), kind: 'log', replicaSet, dirtyAfterS: FIRST_LOG_S + n * LOG_INTERVAL_S })
    }
    return [...images, ...dirs, ...logs]
  }
}
