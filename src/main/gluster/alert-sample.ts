// Turns one Gluster facts sample from the poller into the alert reducer's sample. Heal counts
// come on their own slower schedule: they join a sample only when they are new, so one heal
// summary is never counted twice in the backlog trend.
import { alertSampleVolume, type GlusterAlertSample } from '../../shared/domain/gluster-alerts'
import type { GlusterVolumeStatus } from '../../shared/domain/gluster-health'
import type { GlusterFacts } from '../../shared/fleet'

/** The status entry of one volume rebuilt from the facts; undefined when status did not list it. */
export function volumeStatusFromFacts(facts: GlusterFacts, volume: string): GlusterVolumeStatus | undefined {
  const bricks = facts.bricks.filter((brick) => brick.volume === volume)
  const daemons = facts.daemons.filter((daemon) => daemon.volume === volume)
  if (bricks.length === 0 && daemons.length === 0) return undefined
  return {
    name: volume,
    bricks: bricks.map((brick) => ({
      host: brick.host,
      path: brick.path,
      online: brick.online,
      pid: brick.pid,
      port: brick.port,
      sizeTotalBytes: brick.sizeTotalBytes,
      sizeFreeBytes: brick.sizeFreeBytes,
      inodesTotal: brick.inodesTotal,
      inodesFree: brick.inodesFree
    })),
    daemons: daemons.map((daemon) => ({ name: daemon.name, host: daemon.host, online: daemon.online, pid: daemon.pid }))
  }
}

/**
 * The sample for facts observed at `atMs`. `healSeenAtMs` is the time of the heal summary already
 * taken in (null for none): an older or equal one is left out as "not observed this time".
 */
export function alertSampleFromFacts(facts: GlusterFacts, atMs: number, healSeenAtMs: number | null): GlusterAlertSample {
  const freshHeal = facts.heal !== null && (healSeenAtMs === null || facts.heal.atMs > healSeenAtMs) ? facts.heal : null
  return {
    atMs,
    volumes: facts.volumeInfo.map((info) => alertSampleVolume(info, volumeStatusFromFacts(facts, info.name))),
    ...(freshHeal
      ? {
          heal: freshHeal.volumes.map(({ volume }) => ({
            volume,
            bricks: freshHeal.bricks.filter((brick) => brick.volume === volume).map(({ host, path, pending, splitBrain }) => ({ host, path, pending, splitBrain }))
          }))
        }
      : {}),
    ...(facts.peers ? { peers: facts.peers.map(({ uuid, hostname, connected }) => ({ uuid, hostname, connected })) } : {})
  }
}
