// A host's connection state as glyph + word, with its age and the retry time when backing off.
import type { HostConnectionState } from '../../../shared/api'
import { formatAge } from './format'
import { HOST_STATUS_LOOK } from './host-status'

interface HostStateBadgeProps {
  state: HostConnectionState | undefined
  /** Pass a ticking clock (useNow) to show "since …"; without it only the word shows. */
  nowMs?: number
}

export function HostStateBadge({ state, nowMs }: HostStateBadgeProps) {
  if (state === undefined)
    return (
      <span className="state state--unknown">
        <span className="state__glyph" aria-hidden="true">
          ?
        </span>
        no state reported
      </span>
    )
  const look = HOST_STATUS_LOOK[state.status]
  return (
    <span className={`state state--${look.tone}`}>
      <span className="state__glyph" aria-hidden="true">
        {look.glyph}
      </span>
      {look.word}
      {nowMs !== undefined && (
        <span className="state__age">
          {' '}
          · since {formatAge(state.sinceMs, nowMs)}
          {state.status === 'backoff' && state.retryAtMs !== undefined && <> · next try {formatAge(state.retryAtMs, nowMs)}</>}
        </span>
      )}
    </span>
  )
}
