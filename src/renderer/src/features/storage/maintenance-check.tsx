// "Can this host go down for maintenance now?" for one host, on the live facts: safe, risky or
// unsafe with the reasons and what to do first. Self-contained, so the Hosts view can embed it.
import { useState } from 'react'
import type { MaintenanceCheckResult } from '../../../../shared/api-parts/storage-api'
import type { MaintenanceVerdict } from '../../../../shared/domain/failure-impact'
import { useAppStore } from '../../store/app-store'
import { formatAgo } from './storage-format'
import { useNow } from '../../ui/use-now'

const VERDICT_LOOK: Record<MaintenanceVerdict, { glyph: string; tone: string; word: string }> = {
  safe: { glyph: '✓', tone: 'ok', word: 'safe' },
  risky: { glyph: '▲', tone: 'warn', word: 'risky' },
  unsafe: { glyph: '✕', tone: 'down', word: 'unsafe' }
}

export function MaintenanceCheck({ host }: { host: string }) {
  const api = useAppStore((s) => s.api)
  const nowMs = useNow(5000)
  const [state, setState] = useState<{ host: string; result: MaintenanceCheckResult | null; error: string | null; busy: boolean }>({ host, result: null, error: null, busy: false })
  // A different host starts from a clean slate.
  const current = state.host === host ? state : { host, result: null, error: null, busy: false }

  const check = () => {
    if (api === null) return
    setState({ host, result: null, error: null, busy: true })
    api.call('storage.maintenanceCheck', { host }).then(
      (result) => setState({ host, result, error: null, busy: false }),
      (error: Error) => setState({ host, result: null, error: error.message, busy: false })
    )
  }

  const look = current.result ? VERDICT_LOOK[current.result.check.verdict] : null
  return (
    <div className="maintenance-check" aria-label={`Maintenance check for ${host}`} role="group">
      <button type="button" className="btn" onClick={check} disabled={current.busy || api === null}>
        {current.busy ? 'Checking…' : `Can ${host} go down for maintenance?`}
      </button>
      {current.error !== null && (
        <p role="alert" className="error-text">
          {current.error}
        </p>
      )}
      {current.result && look && (
        <div className="maintenance-check__result" data-verdict={current.result.check.verdict}>
          <p className={`state state--${look.tone}`}>
            <span className="state__glyph" aria-hidden="true">
              {look.glyph}
            </span>
            <strong>{look.word}</strong>&nbsp;to take {host} down now
          </p>
          <ul>
            {current.result.check.reasons.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
          <p className="muted small">
            {current.result.basis.glusterAtMs === null ? 'no Gluster facts' : `Gluster facts from ${formatAgo(current.result.basis.glusterAtMs, nowMs)}`}
            {current.result.basis.glusterStale && ' (stale)'}
            {current.result.basis.notes.length > 0 && ` · ${current.result.basis.notes.join(' · ')}`}
          </p>
        </div>
      )}
    </div>
  )
}
