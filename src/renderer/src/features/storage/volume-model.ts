// What the Storage view shows per volume, built from the Gluster facts alone: layout, verdict,
// usable capacity and inodes, heal counts, and the bricks grouped by replica / disperse set.
// Pure, so it is tested without a browser.
import type { GlusterHealth } from '../../../../shared/domain/gluster-health'
import type { GlusterBrickFacts, GlusterFacts, GlusterVolumeLayout } from '../../../../shared/fleet'

export interface BrickRow {
  host: string
  path: string
  isArbiter: boolean
  online: boolean
  pid: number | null
  port: number | null
  sizeTotalBytes: number | null
  sizeFreeBytes: number | null
  inodesTotal: number | null
  inodesFree: number | null
  /** From the last heal summary; null when that brick gave no count or there is none yet. */
  healPending: number | null
  splitBrain: number | null
  /** volume status did not list the brick (its glusterd did not answer). */
  missingFromStatus: boolean
}

export interface SetView {
  /** Gluster's own name, as logs and volfiles use it (vmstore-replicate-0). */
  name: string
  state: 'up' | 'partial' | 'down'
  bricks: BrickRow[]
}

/** Used against total in the unit of its kind; `unknownSets` counts sets no brick gave numbers for. */
export interface Usage {
  used: number
  total: number
  unknownSets: number
}

export interface VolumeView {
  name: string
  layout: GlusterVolumeLayout
  health: GlusterHealth | null
  reasons: string[]
  capacity: Usage | null
  inodes: Usage | null
  healPending: number | null
  splitBrain: number | null
  offlineBricks: number
  sets: SetView[]
}

const setName = (layout: GlusterVolumeLayout, index: number): string =>
  layout.disperseCount > 0 ? `${layout.name}-disperse-${index}` : layout.replicaCount > 1 ? `${layout.name}-replicate-${index}` : `${layout.name}-client-${index}`

const setSize = (layout: GlusterVolumeLayout): number => (layout.disperseCount > 0 ? layout.disperseCount : Math.max(1, layout.replicaCount))

/**
 * Usable space of one set: a replica set holds one copy (its smallest data brick bounds it, its
 * fullest brick shows the use); a disperse set spreads data over its data bricks; a plain brick is itself.
 */
function setUsage(layout: GlusterVolumeLayout, bricks: BrickRow[], pick: (brick: BrickRow) => { total: number | null; free: number | null }): { used: number; total: number } | null {
  const data = bricks.filter((brick) => !brick.isArbiter)
  const known = data.map(pick).filter((n): n is { total: number; free: number } => n.total !== null && n.free !== null && n.total > 0)
  if (known.length === 0) return null
  const total = Math.min(...known.map((n) => n.total))
  const used = Math.max(...known.map((n) => n.total - n.free))
  const factor = layout.disperseCount > 0 ? layout.disperseCount - layout.redundancyCount : 1
  return { used: used * factor, total: total * factor }
}

function volumeUsage(layout: GlusterVolumeLayout, sets: SetView[], pick: (brick: BrickRow) => { total: number | null; free: number | null }): Usage | null {
  let used = 0
  let total = 0
  let unknownSets = 0
  for (const set of sets) {
    const usage = setUsage(layout, set.bricks, pick)
    if (usage === null) unknownSets++
    else {
      used += usage.used
      total += usage.total
    }
  }
  return unknownSets === sets.length ? null : { used, total, unknownSets }
}

const brickKey = (volume: string, brick: { host: string; path: string }): string => `${volume}|${brick.host}:${brick.path}`

export function volumeViews(facts: GlusterFacts): VolumeView[] {
  const statusBricks = new Map<string, GlusterBrickFacts>(facts.bricks.map((brick) => [brickKey(brick.volume, brick), brick]))
  const healBricks = new Map((facts.heal?.bricks ?? []).map((brick) => [brickKey(brick.volume, brick), brick]))
  return facts.volumeInfo.map((layout) => {
    const assessment = facts.volumes.find((volume) => volume.name === layout.name)
    const rows: BrickRow[] = layout.bricks.map((brick) => {
      const seen = statusBricks.get(brickKey(layout.name, brick))
      const heal = healBricks.get(brickKey(layout.name, brick))
      return {
        host: brick.host,
        path: brick.path,
        isArbiter: brick.isArbiter,
        online: layout.status === 'started' && (seen?.online ?? false),
        pid: seen?.pid ?? null,
        port: seen?.port ?? null,
        sizeTotalBytes: seen?.sizeTotalBytes ?? null,
        sizeFreeBytes: seen?.sizeFreeBytes ?? null,
        inodesTotal: seen?.inodesTotal ?? null,
        inodesFree: seen?.inodesFree ?? null,
        healPending: heal?.pending ?? null,
        splitBrain: heal?.splitBrain ?? null,
        missingFromStatus: layout.status === 'started' && seen === undefined
      }
    })
    const size = setSize(layout)
    const sets: SetView[] = []
    for (let start = 0, index = 0; start < rows.length; start += size, index++) {
      const members = rows.slice(start, start + size)
      const state = assessment?.subvolumes.find((subvolume) => subvolume.index === index)?.state ?? (members.every((b) => b.online) ? 'up' : 'down')
      sets.push({ name: setName(layout, index), state, bricks: members })
    }
    const totals = facts.heal?.volumes.find((volume) => volume.volume === layout.name)
    return {
      name: layout.name,
      layout,
      // A stopped volume has no status entry: its verdict comes from the assessment when there is one.
      health: assessment?.health ?? (layout.status === 'started' ? null : 'DOWN'),
      reasons: assessment?.reasons ?? (layout.status === 'started' ? [`volume status did not list ${layout.name}`] : [`volume ${layout.name} not started (status: ${layout.status})`]),
      capacity: volumeUsage(layout, sets, (b) => ({ total: b.sizeTotalBytes, free: b.sizeFreeBytes })),
      inodes: volumeUsage(layout, sets, (b) => ({ total: b.inodesTotal, free: b.inodesFree })),
      healPending: totals?.pending ?? null,
      splitBrain: totals?.splitBrain ?? null,
      offlineBricks: layout.status === 'started' ? rows.filter((row) => !row.online).length : 0,
      sets
    }
  })
}
