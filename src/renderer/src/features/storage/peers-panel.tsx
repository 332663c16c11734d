// The trusted pool as the answering node sees it: each peer with its connection state.
import type { GlusterFacts } from '../../../../shared/fleet'
import { formatAgo } from './storage-format'

export function PeersPanel({ facts, stale, nowMs }: { facts: GlusterFacts; stale: boolean; nowMs: number }) {
  return (
    <section className={`panel${stale ? ' is-stale' : ''}`} aria-label="Gluster peers">
      <header className="panel__head">
        <h2>Peers</h2>
        <span className="muted">as {facts.queriedHost} sees the pool</span>
      </header>
      {facts.peers === null ? (
        <p role="alert" className="alert alert--warn">
          Peer status failed{facts.peersError ? ` ${formatAgo(facts.peersError.atMs, nowMs)}: ${facts.peersError.message}` : ''} — peers are not shown.
        </p>
      ) : (
        <ul className="plain-list peer-list">
          <li className="state state--ok" data-peer={facts.queriedHost}>
            <span className="state__glyph" aria-hidden="true">
              ●
            </span>
            <span className="mono">{facts.queriedHost}</span> <span className="muted">this node answered the last poll</span>
          </li>
          {facts.peers.map((peer) => (
            <li key={peer.uuid || peer.hostname} className={`state state--${peer.connected ? 'ok' : 'down'}`} data-peer={peer.hostname}>
              <span className="state__glyph" aria-hidden="true">
                {peer.connected ? '●' : '✕'}
              </span>
              <span className="mono">{peer.hostname}</span> {peer.connected ? 'connected' : 'disconnected'}
              {peer.state !== null && <span className="muted"> · {peer.state}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
