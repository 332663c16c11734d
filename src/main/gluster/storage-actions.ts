// Gluster actions from the Storage view: restart dead bricks (`gluster volume start VOL force`)
// and start a heal (`gluster volume heal VOL`). The plan says exactly what runs where, from the
// live facts; running takes the host the confirm dialog showed and nothing else.
import type { HostConnectionState } from '../../shared/api'
import type { StorageActionKind, StorageActionPlan } from '../../shared/api-parts/storage-api'
import { brickHostsFromSite } from '../../shared/domain/failure-impact'
import { factFreshness, type Fact, type GlusterFacts, type GlusterVolumeLayout } from '../../shared/fleet'
import type { Site } from '../../shared/model'
import { shellQuote } from '../ssh/quote'

export type StorageActionErrorKind = 'no-gluster-facts' | 'unknown-volume' | 'no-reachable-gluster-host' | 'not-a-gluster-host' | 'not-replicated' | 'volume-not-started' | 'action-running' | 'no-fleet'

/** A refusal before anything runs, in words the user can act on. */
export class StorageActionError extends Error {
  override name = 'StorageActionError'
  constructor(
    readonly kind: StorageActionErrorKind,
    message: string
  ) {
    super(message)
  }
}

export function actionArgv(action: StorageActionKind, volume: string): string[] {
  return action === 'restart-bricks' ? ['gluster', 'volume', 'start', volume, 'force'] : ['gluster', 'volume', 'heal', volume]
}

/** Restarting bricks waits on glusterd spawning each brick; a heal launch returns at once. */
export const actionTimeoutMs: Record<StorageActionKind, number> = { 'restart-bricks': 90_000, 'start-heal': 30_000 }

export interface PlanContext {
  site: Site
  gluster: Fact<GlusterFacts> | undefined
  hostStates: readonly HostConnectionState[]
  nowMs: number
}

const STATE_WORDS: Record<HostConnectionState['status'], string> = {
  connected: 'connected',
  connecting: 'connecting',
  'awaiting-host-key': 'waiting on a host-key decision',
  backoff: 'retrying',
  down: 'down',
  idle: 'not connected yet'
}

function glusterHosts(site: Site): string[] {
  return site.hosts.filter((host) => host.roles.includes('gluster')).map((host) => host.name)
}

/** A connected Gluster node, preferring the one whose glusterd answered the last poll. */
export function chooseActionHost(site: Site, hostStates: readonly HostConnectionState[], preferred: string | null): string {
  const candidates = glusterHosts(site)
  if (candidates.length === 0) throw new StorageActionError('no-reachable-gluster-host', 'no host has the gluster role: give the Gluster nodes that role in Hosts or the site YAML')
  const state = new Map(hostStates.map((s) => [s.host, s]))
  const connected = candidates.filter((host) => state.get(host)?.status === 'connected')
  if (preferred !== null && connected.includes(preferred)) return preferred
  const chosen = connected[0]
  if (chosen !== undefined) return chosen
  const why = candidates.map((host) => {
    const s = state.get(host)
    return `${host} ${s ? STATE_WORDS[s.status] : 'has no connection state'}${s?.lastError ? ` (${s.lastError})` : ''}`
  })
  throw new StorageActionError('no-reachable-gluster-host', `no Gluster node is reachable, so nothing was run: ${why.join('; ')}. Check the nodes in Hosts, then try again.`)
}

function volumeOf(context: Pick<PlanContext, 'gluster'>, volume: string): { facts: GlusterFacts; layout: GlusterVolumeLayout } {
  const facts = context.gluster?.value ?? null
  if (facts === null) throw new StorageActionError('no-gluster-facts', `no Gluster facts yet: ${volume} cannot be checked before acting — wait for the first poll of the Gluster nodes`)
  const layout = facts.volumeInfo.find((v) => v.name === volume)
  if (layout === undefined) {
    const known = facts.volumeInfo.map((v) => v.name)
    throw new StorageActionError('unknown-volume', `no volume named ${volume} in the last volume info from ${facts.queriedHost}${known.length > 0 ? ` (it has ${known.join(', ')})` : ''}`)
  }
  return { facts, layout }
}

const brickName = (brick: { host: string; path: string }): string => `${brick.host}:${brick.path}`

/** What must hold for the action to make sense, checked for the plan and again for the run. */
export function checkActionVolume(action: StorageActionKind, volume: string, context: Pick<PlanContext, 'gluster'>): { facts: GlusterFacts; layout: GlusterVolumeLayout } {
  const found = volumeOf(context, volume)
  const { layout } = found
  if (action === 'start-heal') {
    if (layout.status !== 'started') throw new StorageActionError('volume-not-started', `${volume} is ${layout.status}: a heal needs a started volume (restart it first)`)
    if (layout.type === 'distribute') throw new StorageActionError('not-replicated', `${volume} is a plain distribute volume: it keeps one copy of each file, so there is nothing to heal`)
  }
  return found
}

export function planStorageAction(action: StorageActionKind, volume: string, context: PlanContext): StorageActionPlan {
  const { facts, layout } = checkActionVolume(action, volume, context)
  const warnings: string[] = []
  if (factFreshness(context.gluster, context.nowMs) === 'stale') warnings.push('the Gluster facts are stale: what is shown below may no longer be true')
  const assessment = facts.volumes.find((v) => v.name === volume)
  const offline = (assessment?.subvolumes ?? []).flatMap((subvolume) => subvolume.bricks.filter((brick) => !brick.online))
  const argv = actionArgv(action, volume)
  const host = chooseActionHost(context.site, context.hostStates, facts.queriedHost)
  const base = { action, volume, host, argv, command: shellQuote(argv), factsAtMs: context.gluster?.atMs ?? null }

  if (action === 'restart-bricks') {
    if (layout.status !== 'started') warnings.push(`${volume} is ${layout.status}: \`volume start … force\` starts the whole volume, not just dead bricks`)
    else if (offline.length === 0) warnings.push(`volume status shows every brick of ${volume} online: there is nothing to restart`)
    const resolve = brickHostsFromSite(context.site)
    const states = new Map(context.hostStates.map((s) => [s.host, s.status]))
    const listed = new Set(facts.bricks.filter((brick) => brick.volume === volume).map(brickName))
    for (const brick of offline) {
      const siteHost = resolve(brick)
      const status = siteHost === undefined ? undefined : states.get(siteHost)
      if (status === 'down' || status === 'backoff')
        warnings.push(`brick ${brickName(brick)} is on ${siteHost}, which is ${STATE_WORDS[status]}: glusterd there cannot start it until the node is back`)
      // The brick process may well run: what is missing is the glusterd that would report and start it.
      else if (!listed.has(brickName(brick)))
        warnings.push(`brick ${brickName(brick)} is not listed by volume status: glusterd on ${siteHost ?? brick.host} did not answer, and this command cannot start a brick there — start glusterd on that node first`)
    }
    return {
      ...base,
      description: `glusterd restarts every brick process of ${volume} that is not running; running bricks and clients are not touched.`,
      targets: offline.map(brickName),
      warnings
    }
  }

  if (offline.length > 0) warnings.push(`${offline.length === 1 ? 'brick' : 'bricks'} ${offline.map(brickName).join(', ')} offline: the heal cannot finish until ${offline.length === 1 ? 'it is' : 'they are'} back`)
  const totals = facts.heal?.volumes.find((v) => v.volume === volume)
  const pendingText = totals?.pending === null || totals === undefined ? 'entries pending (count unknown)' : `${totals.pending} ${totals.pending === 1 ? 'entry' : 'entries'} pending`
  return {
    ...base,
    description: `the self-heal daemons of ${volume} start an index heal of the ${pendingText}; the command returns once the heal is launched.`,
    targets: (assessment?.subvolumes ?? []).map((subvolume) => `${volume}-${layout.disperseCount > 0 ? 'disperse' : 'replicate'}-${subvolume.index}`),
    warnings
  }
}

/** The host a run names must be a Gluster node of the site: the client picks among those, never anything else. */
export function checkActionHost(site: Site, host: string): void {
  if (!glusterHosts(site).includes(host)) throw new StorageActionError('not-a-gluster-host', `${host} is not a Gluster node of this site (hosts with the gluster role: ${glusterHosts(site).join(', ') || 'none'})`)
}
