// A volume's heal backlog from per-brick counts. Each entry pending in a replica set shows on
// every brick that holds the good copy, so adding up bricks would count it two or three times:
// a set counts its largest brick, and the volume sums its sets.
import type { GlusterHealBrick, GlusterVolumeInfo } from '../../shared/domain/gluster-health'

export interface VolumeHealTotals {
  volume: string
  /** null when no brick of the volume gave a count. */
  pending: number | null
  splitBrain: number | null
}

function setSize(info: GlusterVolumeInfo): number {
  if (info.disperseCount > 0) return info.disperseCount
  return Math.max(1, info.replicaCount)
}

function sumOfSetMaxima(sets: (number | null)[][]): number | null {
  let total: number | null = null
  for (const counts of sets) {
    const known = counts.filter((count): count is number => count !== null)
    if (known.length === 0) continue
    total = (total ?? 0) + Math.max(...known)
  }
  return total
}

/** Totals for one volume from the heal bricks of any number of volumes (others are ignored). */
export function volumeHealTotals(info: GlusterVolumeInfo, bricks: readonly GlusterHealBrick[]): VolumeHealTotals {
  const byId = new Map(bricks.map((brick) => [`${brick.host}:${brick.path}`, brick]))
  const size = setSize(info)
  const pendingSets: (number | null)[][] = []
  const splitSets: (number | null)[][] = []
  for (let start = 0; start < info.bricks.length; start += size) {
    const members = info.bricks.slice(start, start + size).map((brick) => byId.get(`${brick.host}:${brick.path}`))
    pendingSets.push(members.map((brick) => brick?.pending ?? null))
    splitSets.push(members.map((brick) => brick?.splitBrain ?? null))
  }
  return { volume: info.name, pending: sumOfSetMaxima(pendingSets), splitBrain: sumOfSetMaxima(splitSets) }
}
