// How a host's connection state reads on screen: a word, a glyph and a tone, so the state never
// rests on colour alone.
import type { HostConnectionState, HostConnectionStatus } from '../../../shared/api'

export type Tone = 'ok' | 'warn' | 'over' | 'down' | 'idle' | 'busy'

export interface StatusLook {
  word: string
  glyph: string
  tone: Tone
}

export const HOST_STATUS_LOOK: Record<HostConnectionStatus, StatusLook> = {
  connected: { word: 'connected', glyph: '●', tone: 'ok' },
  connecting: { word: 'connecting', glyph: '◔', tone: 'busy' },
  'awaiting-host-key': { word: 'awaiting host key', glyph: '◆', tone: 'warn' },
  backoff: { word: 'retrying', glyph: '▲', tone: 'warn' },
  down: { word: 'down', glyph: '✕', tone: 'down' },
  idle: { word: 'idle', glyph: '○', tone: 'idle' }
}

/** The order statuses are listed in summaries: the ones needing attention after 'connected'. */
export const HOST_STATUS_ORDER: readonly HostConnectionStatus[] = ['connected', 'connecting', 'awaiting-host-key', 'backoff', 'down', 'idle']

/**
 * "8 hosts: 0 connected, 8 idle". `connected` is always named; other states only when some host
 * is in them. Hosts of the site with no reported state are counted as "no state".
 */
export function hostSummary(hostNames: readonly string[], states: Readonly<Record<string, HostConnectionState>>): string {
  const counts = new Map<HostConnectionStatus, number>()
  let unknown = 0
  for (const name of hostNames) {
    const state = states[name]
    if (state === undefined) unknown++
    else counts.set(state.status, (counts.get(state.status) ?? 0) + 1)
  }
  const parts = HOST_STATUS_ORDER.filter((s) => s === 'connected' || (counts.get(s) ?? 0) > 0).map(
    (s) => `${counts.get(s) ?? 0} ${HOST_STATUS_LOOK[s].word}`
  )
  if (unknown > 0) parts.push(`${unknown} no state`)
  return `${hostNames.length} ${hostNames.length === 1 ? 'host' : 'hosts'}: ${parts.join(', ')}`
}
