// One mail host on the Mail view: diagnosis on top, the live charts, then the tables, and the
// action dialog their buttons open. Watching starts when the panel shows and ends when it goes.
import { useCallback, useDeferredValue, useReducer } from 'react'
import type { MailAction, MailSample } from '../../../../shared/api-parts/mail-api'
import { useAppStore } from '../../store/app-store'
import { HostStateBadge } from '../../ui/host-state-badge'
import { DiagnosisPanel } from './diagnosis-panel'
import { actionFlow, idleFlow } from './mail-action-flow'
import { MailActionDialog } from './mail-action-dialog'
import { MailCharts } from './mail-charts'
import { useMailStore } from './mail-store'
import { MailTables } from './mail-tables'
import { useMailHistory } from './use-mail-history'
import { useMailWatch } from './use-mail-watch'

const NO_SAMPLES: MailSample[] = []

export function MailHostPanel({ host, nowMs }: { host: string; nowMs: number }) {
  const windowSeconds = useMailStore((s) => s.windowSeconds)
  const setWindowSeconds = useMailStore((s) => s.setWindowSeconds)
  const range = useMailStore((s) => s.range)
  const live = useMailStore((s) => s.live[host])
  const history = useMailStore((s) => s.history[host])
  const hostState = useAppStore((s) => s.hostStates[host])
  const api = useAppStore((s) => s.api)
  useMailWatch(host, windowSeconds)
  useMailHistory(host, range)
  const [flow, dispatch] = useReducer(actionFlow, idleFlow)

  // Charts render the samples as a transition: React slices the redraw of seven charts into short
  // tasks instead of one long one per second, and the headers and dialogs stay responsive.
  const liveSamples = useDeferredValue(live?.samples ?? NO_SAMPLES)
  const samples = range === 'live' ? liveSamples : history?.range === range ? (history.data?.samples ?? NO_SAMPLES) : NO_SAMPLES
  const latest = liveSamples[liveSamples.length - 1] ?? null
  const report = live?.report ?? null

  const ask = useCallback(
    (action: MailAction) => {
      dispatch({ type: 'ask', action })
      if (api === null) return dispatch({ type: 'error', message: 'not connected to the Rackside service' })
      api.call('mail.planAction', action).then(
        (plan) => dispatch({ type: 'planned', plan }),
        (error: Error) => dispatch({ type: 'error', message: error.message })
      )
    },
    [api]
  )
  const confirm = () => {
    if (flow.kind !== 'confirming' || api === null) return
    dispatch({ type: 'confirm', atMs: Date.now() })
    api.call('mail.runAction', { confirmed: true, action: flow.action }).then(
      (result) => dispatch({ type: 'finished', result }),
      (error: Error) => dispatch({ type: 'error', message: error.message })
    )
  }

  return (
    <section className="mail-host" aria-label={`${host} mail load`} data-host={host} data-samples-received={live?.samplesReceived ?? 0} data-last-sample-ms={latest?.atMs ?? 0}>
      <header className="mail-host__head">
        <h2>{host}</h2>
        <HostStateBadge state={hostState} nowMs={nowMs} />
        <span className="muted small">
          {latest === null ? 'no sample yet' : `sampled every ${Math.round((report?.sampleIntervalMs ?? 1000) / 1000)} s, newest ${nowMs - latest.atMs < 2_000 ? 'just now' : `${Math.round((nowMs - latest.atMs) / 1000)} s ago`}`}
        </span>
      </header>
      {live?.error != null && (
        <div role="alert" className="alert alert--over">
          Cannot watch {host}: {live.error}
        </div>
      )}
      <DiagnosisPanel host={host} report={report} windowSeconds={windowSeconds} nowMs={nowMs} onWindow={setWindowSeconds} onAction={ask} />
      {range !== 'live' && history?.error != null && (
        <div role="alert" className="alert alert--over">
          Could not read the {range === '1h' ? 'last hour' : 'last 24 h'} of {host}: {history.error}
        </div>
      )}
      {range !== 'live' && history?.range === range && history.data !== null && history.data.samples.length === 0 && (
        <p className="muted small">No history rows yet for this range: Rackside writes one row every 10 s while it runs.</p>
      )}
      <MailCharts
        host={host}
        samples={samples}
        latest={latest}
        liveSamples={liveSamples}
        report={report}
        range={range}
        historyToMs={range !== 'live' && history?.range === range ? (history.data?.toMs ?? null) : null}
        historyResolutionMs={range !== 'live' && history?.range === range ? (history.data?.resolutionMs ?? null) : null}
        nowMs={nowMs}
        onAction={ask}
      />
      <MailTables host={host} report={report} nowMs={nowMs} onAction={ask} />
      <MailActionDialog flow={flow} nowMs={nowMs} onConfirm={confirm} onClose={() => dispatch({ type: 'close' })} />
    </section>
  )
}
