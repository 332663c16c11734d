// The grid of live charts of one mail host. Each chart has a fixed time span and a y-axis that
// moves only in nice steps, says its unit and the age of its newest fact, and greys out when that
// fact stopped arriving. Gaps stay gaps: a missing reading is never drawn as zero.
import { useMemo, useState, type ReactNode } from 'react'
import { CHARTED_DOVECOT_SERVICES, MAIL_PROTOCOLS, POSTFIX_QUEUES, type MailAction, type MailFact, type MailHistoryRange, type MailReport, type MailSample } from '../../../../shared/api-parts/mail-api'
import { formatAge } from '../../ui/format'
import { steadyTop } from './chart-scale'
import { connectionRows, cpuRows, latestFact, loadRows, loginRows, processRows, psiRows, queueRows, RANGE_SPAN_MS, rowsMax, type ChartRow } from './mail-series'
import { formatNumber } from './mail-words'
import { TimeChart, type SeriesSpec } from './time-chart'

// Mid-tone colours readable on light and dark panels; dashes tell lines apart without colour.
const PALETTE = ['#3b82c4', '#d0782a', '#4a9a5b', '#b0457a', '#7a68c2', '#8a8f2a', '#3d9aa0']
const DASHES = [undefined, '6 3', '2 3', '8 3 2 3', '1 2', '10 4', '4 4']
const spec = (key: string, label: string, index: number): SeriesSpec => ({ key, label, color: PALETTE[index % PALETTE.length] as string, ...(DASHES[index] === undefined ? {} : { dash: DASHES[index] }) })

// Series that never change, built once so the memoized plots see the same arrays every render.
const LOAD_SERIES = [spec('load1', 'load 1 min', 0), spec('blocked', 'blocked (vmstat b)', 1)]
const CPU_SERIES = [spec('user', 'user', 0), spec('system', 'system', 1), spec('iowait', 'iowait', 2)]
const PSI_SERIES = [spec('cpu', 'cpu', 0), spec('io', 'io', 1), spec('memory', 'memory', 2)]
const CONNECTION_SERIES = MAIL_PROTOCOLS.map((p, i) => spec(p, p, i))
const LOGIN_SERIES = [spec('logins', 'logins', 0), spec('failures', 'auth failures', 3)]
const QUEUE_SERIES = POSTFIX_QUEUES.map((q, i) => spec(q, q, i))
const PROCESS_LIMIT_LINE = { value: 100, label: 'process_limit' }

/** The axis top kept across renders (React's "state from the previous render" pattern). */
function useSteadyTop(observedMax: number, floor: number): number {
  const [top, setTop] = useState(() => steadyTop(null, observedMax, floor))
  const next = steadyTop(top, observedMax, floor)
  if (next !== top) setTop(next)
  return next
}

interface ChartFrame {
  fromMs: number
  toMs: number
  nowMs: number
  measuredAtMs(fact: MailFact): number | null
  staleAfterMs(fact: MailFact): number
  /** Samples further apart than this are drawn with a gap between them. */
  gapMs: number
}

interface ChartCardProps {
  title: string
  unit: string
  rows: ChartRow[]
  series: SeriesSpec[]
  kind: 'line' | 'area'
  /** The time axis and the freshness of each fact, shared by every chart of the grid. */
  frame: ChartFrame
  /** A fixed top (percentages), or a floor for a steady top that follows the data. */
  top: { fixed: number } | { floor: number }
  reference?: { value: number; label: string } | null
  summary: string
  fact: MailFact
  children?: ReactNode
}

function ChartCard(props: ChartCardProps) {
  const { title, unit, rows, series, kind, frame, summary, fact, children } = props
  const { fromMs, toMs, nowMs } = frame
  const measuredAtMs = frame.measuredAtMs(fact)
  const staleAfterMs = frame.staleAfterMs(fact)
  const reference = props.reference ?? null
  const observed = useMemo(() => Math.max(rowsMax(rows, series.map((s) => s.key), kind === 'area'), reference?.value ?? 0), [rows, series, kind, reference])
  const steady = useSteadyTop(observed, 'floor' in props.top ? props.top.floor : 0)
  const top = 'fixed' in props.top ? props.top.fixed : steady
  const stale = measuredAtMs === null || nowMs - measuredAtMs > staleAfterMs
  return (
    <figure className={stale ? 'mail-chart mail-chart--stale' : 'mail-chart'} data-fact={fact} aria-label={`${title} (${unit})`}>
      <figcaption className="mail-chart__head">
        <span className="mail-chart__title">{title}</span> <span className="muted small">({unit})</span>
        <span className="mail-chart__age small">{measuredAtMs === null ? 'no reading yet' : `${stale ? 'stale: ' : ''}${formatAge(measuredAtMs, nowMs)}`}</span>
      </figcaption>
      <div className="mail-chart__summary small">{summary}</div>
      <TimeChart unit={unit} rows={rows} series={series} kind={kind} fromMs={fromMs} toMs={toMs} top={top} reference={reference} gapMs={frame.gapMs} />
      {children}
    </figure>
  )
}

interface MailChartsProps {
  host: string
  samples: MailSample[]
  /** The newest live sample, for the headers (current values and ages whatever the range). */
  latest: MailSample | null
  liveSamples: MailSample[]
  report: MailReport | null
  range: MailHistoryRange
  /** When the shown history was read and its spacing (ranges other than live). */
  historyToMs: number | null
  historyResolutionMs: number | null
  nowMs: number
  onAction(action: MailAction): void
}

const joinParts = (parts: string[]): string => (parts.length === 0 ? 'no reading' : parts.join(' · '))

export function MailCharts({ host, samples, latest, liveSamples, report, range, historyToMs, historyResolutionMs, nowMs, onAction }: MailChartsProps) {
  const span = RANGE_SPAN_MS[range]
  // The axis ends at the newest sample (live) or at the history read, so it moves once per
  // sample rather than with the clock: plots redraw when their data changes, not twice a second.
  const toMs = range === 'live' ? (latest?.atMs ?? historyToMs ?? nowMs) : (historyToMs ?? nowMs)
  const fromMs = toMs - span
  const intervalMs = range === 'live' ? (report?.sampleIntervalMs ?? 1_000) : 10_000
  // A fact counts as stale once three of its intervals passed, and never under 5 s (as the
  // service judges it); the queue is read every 10 s.
  const staleAfter = (fact: MailFact) => Math.max(3 * (fact === 'queue' ? 10_000 : intervalMs), 5_000)
  const rows = useMemo(
    () => ({ load: loadRows(samples), cpu: cpuRows(samples), psi: psiRows(samples), connections: connectionRows(samples), processes: processRows(samples), logins: loginRows(samples), queue: queueRows(samples) }),
    [samples]
  )
  const at = (fact: MailFact) => latestFact(liveSamples, fact)
  // A missed sample or two is jitter; more than that is a hole the chart should show.
  const frame: ChartFrame = { fromMs, toMs, nowMs, measuredAtMs: at, staleAfterMs: staleAfter, gapMs: Math.max(3 * (range === 'live' ? intervalMs : (historyResolutionMs ?? intervalMs)), 5_000) }
  const cores = latest?.load?.cores ?? [...samples].reverse().find((s) => s.load !== null)?.load?.cores ?? null
  const processSummary = latest?.processes?.filter((p) => p.service === 'imap' || p.service === 'pop3' || p.count / Math.max(1, p.limit) >= 0.5).map((p) => `${p.service} ${formatNumber(p.count, 0)}/${p.limit}`) ?? []
  const reasons = report?.breakdown.deferralReasons ?? []
  const coresLine = useMemo(() => (cores === null ? null : { value: cores, label: `${cores} cores` }), [cores])
  const latestProcesses = latest?.processes ?? null
  const processSeries = useMemo(
    () =>
      CHARTED_DOVECOT_SERVICES.map((service, i) => {
        const entry = latestProcesses?.find((p) => p.service === service)
        return spec(service, entry === undefined ? service : `${service} (${formatNumber(entry.count, 0)}/${entry.limit})`, i)
      }),
    [latestProcesses]
  )

  return (
    <section className="mail-charts" aria-label={`Charts of ${host}`}>
      <ChartCard
        frame={frame}
        title="Load average vs cores"
        unit="tasks"
        fact="load"
        kind="line"
        rows={rows.load}
        series={LOAD_SERIES}
        top={{ floor: cores ?? 1 }}
        reference={coresLine}
        summary={latest?.load ? `load ${formatNumber(latest.load.load1, 2)} on ${latest.load.cores} cores (${formatNumber(latest.load.load1 / latest.load.cores, 2)} per core)` : 'no reading'}
      />
      <ChartCard
        frame={frame}
        title="CPU"
        unit="% of all cores"
        fact="cpu"
        kind="area"
        rows={rows.cpu}
        series={CPU_SERIES}
        top={{ fixed: 100 }}
        summary={latest?.cpu ? `user ${formatNumber(latest.cpu.userPercent, 0)} % · system ${formatNumber(latest.cpu.systemPercent, 0)} % · iowait ${formatNumber(latest.cpu.iowaitPercent, 0)} %` : 'no reading'}
      />
      <ChartCard
        frame={frame}
        title="Pressure stall (PSI some, avg10)"
        unit="% of time"
        fact="psi"
        kind="line"
        rows={rows.psi}
        series={PSI_SERIES}
        top={{ floor: 10 }}
        summary={latest?.psi ? joinParts((['cpu', 'io', 'memory'] as const).map((r) => `${r} ${latest.psi?.[`${r}Percent`] === null ? 'n/a' : `${formatNumber(latest.psi?.[`${r}Percent`] ?? 0, 1)} %`}`)) : 'no reading'}
      />
      <ChartCard
        frame={frame}
        title="Connections by protocol"
        unit="connections"
        fact="connections"
        kind="area"
        rows={rows.connections}
        series={CONNECTION_SERIES}
        top={{ floor: 10 }}
        summary={latest?.connections ? joinParts(MAIL_PROTOCOLS.map((p) => `${p} ${latest.connections?.[p] ?? 0}`)) : 'no reading'}
      />
      <ChartCard
        frame={frame}
        title="Dovecot processes vs process_limit"
        unit="% of process_limit"
        fact="processes"
        kind="line"
        rows={rows.processes}
        series={processSeries}
        top={{ fixed: 100 }}
        reference={PROCESS_LIMIT_LINE}
        summary={latest?.processes ? joinParts(processSummary) : 'no reading'}
      />
      <ChartCard
        frame={frame}
        title="Logins and auth failures"
        unit="per minute"
        fact="logins"
        kind="line"
        rows={rows.logins}
        series={LOGIN_SERIES}
        top={{ floor: 10 }}
        summary={latest?.logins ? `${formatNumber(latest.logins.loginsPerMinute, 1)} logins/min · ${formatNumber(latest.logins.authFailuresPerMinute, 1)} auth failures/min (last 60 s of log)` : 'no reading: the mail log is not streaming yet'}
      />
      <ChartCard
        frame={frame}
        title="Postfix queue by queue"
        unit="messages"
        fact="queue"
        kind="area"
        rows={rows.queue}
        series={QUEUE_SERIES}
        top={{ floor: 10 }}
        summary={latest?.queue ? joinParts(POSTFIX_QUEUES.filter((q) => q !== 'maildrop' || (latest.queue?.maildrop ?? 0) > 0).map((q) => `${q} ${formatNumber(latest.queue?.[q] ?? 0, 0)}`)) : 'no reading'}
      >
        <div className="mail-chart__foot small">
          {reasons.length === 0 ? (
            <span className="muted">No deferral reasons in the queue.</span>
          ) : (
            <ul className="mail-reasons" aria-label="Deferral reasons">
              {reasons.map((r) => (
                <li key={r.reason}>
                  <strong>{r.recipients}</strong> {r.recipients === 1 ? 'recipient' : 'recipients'}: {r.reason}
                </li>
              ))}
            </ul>
          )}
          <button type="button" className="btn" onClick={() => onAction({ action: 'flush-queue', host })}>
            Flush queue…
          </button>
        </div>
      </ChartCard>
    </section>
  )
}
