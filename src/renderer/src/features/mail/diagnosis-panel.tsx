// The diagnosis on top of a mail host: each cause named with its evidence numbers and the actions
// it suggests (with buttons where Rackside can do them), "no cause found" in words otherwise, and
// any input that is not delivering, so a quiet rule is never mistaken for a healthy sign.
import type { MailAction, MailReport } from '../../../../shared/api-parts/mail-api'
import type { MailCause } from '../../../../shared/domain/mail-diagnosis'
import { formatAge } from '../../ui/format'
import { CAUSE_TITLE, SEVERITY_LOOK, SOURCE_LOOK, SOURCE_TITLE, WINDOW_CHOICES, windowLabel } from './mail-words'

interface Props {
  host: string
  report: MailReport | null
  windowSeconds: number
  nowMs: number
  onWindow(seconds: number): void
  onAction(action: MailAction): void
}

function CauseCard({ host, cause, onAction }: { host: string; cause: MailCause; onAction(action: MailAction): void }) {
  const look = SEVERITY_LOOK[cause.severity]
  const bannable = cause.cause === 'brute-force' || cause.cause === 'userip-limit'
  return (
    <article className={`mail-cause mail-cause--${look.tone}`} data-cause={cause.cause} aria-label={`${CAUSE_TITLE[cause.cause]} (${look.word})`}>
      <h3 className="mail-cause__title">
        <span className={`state state--${look.tone}`}>
          <span className="state__glyph" aria-hidden="true">
            {look.glyph}
          </span>
          {look.word}
        </span>{' '}
        {CAUSE_TITLE[cause.cause]} <code className="muted small">{cause.cause}</code>
      </h3>
      <ul className="mail-cause__evidence">
        {cause.evidence.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      <h4 className="mail-cause__sub">Suggested actions</h4>
      <ol className="mail-cause__actions">
        {cause.suggestedActions.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ol>
      {bannable && cause.topSources.length > 0 && (
        <div className="mail-cause__buttons">
          {cause.topSources.slice(0, 5).map((source) => (
            <button key={source.ip} type="button" className="btn" onClick={() => onAction({ action: 'ban-ip', host, ip: source.ip })}>
              Ban {source.ip} ({source.count})…
            </button>
          ))}
        </div>
      )}
      {cause.cause === 'queue-growth' && (
        <div className="mail-cause__buttons">
          <button type="button" className="btn" onClick={() => onAction({ action: 'flush-queue', host })}>
            Flush the queue (postqueue -f)…
          </button>
        </div>
      )}
    </article>
  )
}

export function DiagnosisPanel({ host, report, windowSeconds, nowMs, onWindow, onAction }: Props) {
  const problems = report?.sources.filter((source) => source.state !== 'ok') ?? []
  return (
    <section className="panel mail-diagnosis" aria-label={`Diagnosis of ${host}`}>
      <header className="panel__head">
        <h2>Diagnosis</h2>
        <span className="muted small">
          {report === null ? 'waiting for the first report…' : `log of the last ${windowLabel(report.windowSeconds)}, updated ${formatAge(report.atMs, nowMs)}`}
        </span>
        <label className="mail-window small">
          Window{' '}
          <select value={windowSeconds} onChange={(event) => onWindow(Number(event.target.value))} aria-label="Diagnosis window">
            {WINDOW_CHOICES.map((choice) => (
              <option key={choice.seconds} value={choice.seconds}>
                {choice.label}
              </option>
            ))}
          </select>
        </label>
      </header>
      {report !== null && report.diagnosis.causes.length === 0 && (
        <p className="mail-nocause" data-cause="none">
          <span className="state state--ok">
            <span className="state__glyph" aria-hidden="true">
              ✓
            </span>
            No cause found
          </span>{' '}
          — none of the rules (brute force, POP3 storm, process limit, I/O-bound, user+IP limit, queue growth) fires on the last {windowLabel(report.windowSeconds)}.
        </p>
      )}
      {report?.diagnosis.causes.map((cause) => <CauseCard key={cause.cause} host={host} cause={cause} onAction={onAction} />)}
      {report !== null && report.diagnosis.notes.length > 0 && (
        <ul className="mail-notes small muted" aria-label="Diagnosis notes">
          {report.diagnosis.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
      {problems.length > 0 && (
        <ul className="mail-sources small" aria-label="Inputs not delivering">
          {problems.map((source) => {
            const look = SOURCE_LOOK[source.state]
            return (
              <li key={source.name} className={`state state--${look.tone}`}>
                <span className="state__glyph" aria-hidden="true">
                  {look.glyph}
                </span>
                <span>
                  {SOURCE_TITLE[source.name]} {look.word}
                  {source.retryAtMs !== undefined && source.state === 'restarting' ? ` (next try ${formatAge(source.retryAtMs, nowMs)})` : ''}
                  {source.error !== undefined ? `: ${source.error}` : ''} <code className="muted">{source.command}</code>
                </span>
              </li>
            )
          })}
        </ul>
      )}
    </section>
  )
}
