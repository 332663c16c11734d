// Migrations under way and just ended, above the hosts: a progress bar with percent, data rate
// and ETA from domjobinfo, an Abort button (domjobabort), then the verified outcome; alarms stay
// until dismissed.
import { useState } from 'react'
import type { ApiClient } from '../../../../shared/api'
import type { MigrationRecord, MigrationStatus } from '../../../../shared/api-parts/vms-api'
import { formatBytes, formatDuration, formatEta, formatRate } from './vm-format'

const ACTIVE: ReadonlySet<MigrationStatus> = new Set(['running', 'aborting', 'verifying'])
const RECENT_MS = 5 * 60_000

export const STATUS_VIEW: Record<MigrationStatus, { glyph: string; tone: string; word: string }> = {
  running: { glyph: '⟳', tone: 'busy', word: 'running' },
  aborting: { glyph: '⟳', tone: 'busy', word: 'aborting' },
  verifying: { glyph: '⟳', tone: 'busy', word: 'verifying' },
  succeeded: { glyph: '✓', tone: 'ok', word: 'migrated' },
  failed: { glyph: '✕', tone: 'over', word: 'failed' },
  cancelled: { glyph: '■', tone: 'warn', word: 'aborted' },
  unknown: { glyph: '?', tone: 'over', word: 'unverified' }
}

export function isActiveMigration(record: MigrationRecord): boolean {
  return ACTIVE.has(record.status)
}

function ProgressCard({ record, nowMs, api }: { record: MigrationRecord; nowMs: number; api: ApiClient | null }) {
  const [abortError, setAbortError] = useState<string | null>(null)
  const p = record.progress
  const percent = p?.percent ?? null
  const parts = [
    percent === null ? 'starting…' : `${Math.floor(percent)} %`,
    p?.bandwidthBytesPerSecond == null ? 'rate unknown' : formatRate(p.bandwidthBytesPerSecond),
    formatEta(p?.etaSeconds ?? null),
    `elapsed ${formatDuration(nowMs - record.startedAtMs)}`
  ]
  if (p?.totalBytes != null && p.remainingBytes != null) parts.push(`${formatBytes(Math.max(0, p.totalBytes - p.remainingBytes))} of ${formatBytes(p.totalBytes)}`)
  return (
    <div className="vm-progress" data-migration={record.id} aria-label={`Migration of ${record.vm}`} role="group">
      <div className="vm-progress__head">
        <strong className="mono">{record.vm}</strong>: {record.from} → {record.to}{' '}
        <span className={`state state--${STATUS_VIEW[record.status].tone}`}>
          <span className="state__glyph" aria-hidden="true">
            {STATUS_VIEW[record.status].glyph}
          </span>
          {STATUS_VIEW[record.status].word}
        </span>
      </div>
      <div className="vm-progress__track" role="progressbar" aria-label={`${record.vm} migration progress`} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent ?? undefined} aria-valuetext={parts.join(', ')}>
        <div className="vm-progress__fill" style={{ width: `${percent ?? 0}%` }} />
      </div>
      <div className="vm-progress__text small">{parts.join(' · ')}</div>
      {record.progressError !== undefined && <div className="small error-text">{record.progressError}</div>}
      {record.message !== undefined && <div className="small error-text">{record.message}</div>}
      {abortError !== null && (
        <div role="alert" className="small error-text">
          Abort failed: {abortError}
        </div>
      )}
      <div>
        <button
          type="button"
          className="btn btn--danger"
          disabled={record.status !== 'running' || api === null}
          title={`virsh domjobabort on ${record.from}: the VM stays on ${record.from}`}
          onClick={() => {
            setAbortError(null)
            api?.call('vms.abort', { id: record.id }).catch((error: unknown) => setAbortError((error as Error).message))
          }}
        >
          Abort
        </button>
      </div>
    </div>
  )
}

export function MigrationActivity({ migrations, nowMs, api }: { migrations: readonly MigrationRecord[]; nowMs: number; api: ApiClient | null }) {
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(new Set())
  const dismiss = (id: string) => setDismissed((current) => new Set([...current, id]))
  const active = migrations.filter(isActiveMigration)
  const alarms = migrations.filter((m) => m.alarm !== undefined && !dismissed.has(m.id) && !isActiveMigration(m))
  const recent = migrations.filter((m) => !isActiveMigration(m) && m.alarm === undefined && m.endedAtMs !== null && nowMs - m.endedAtMs < RECENT_MS && !dismissed.has(m.id))
  if (active.length === 0 && alarms.length === 0 && recent.length === 0) return null
  return (
    <section className="vm-activity" aria-label="Migrations under way">
      {alarms.map((m) => (
        <div key={m.id} role="alert" className="alert alert--over vm-alarm">
          <strong>✕ ALARM — {m.vm}:</strong> {m.alarm}{' '}
          <button type="button" className="btn" onClick={() => dismiss(m.id)}>
            Dismiss
          </button>
        </div>
      ))}
      {active.map((m) => (
        <ProgressCard key={m.id} record={m} nowMs={nowMs} api={api} />
      ))}
      {recent.map((m) => {
        const view = STATUS_VIEW[m.status]
        return (
          <div key={m.id} className={`vm-result vm-result--${view.tone}`} role="status" data-migration-result={m.id} data-status={m.status}>
            <span className={`state state--${view.tone}`}>
              <span className="state__glyph" aria-hidden="true">
                {view.glyph}
              </span>
              <strong>
                {m.vm} {view.word}
              </strong>
            </span>{' '}
            {m.from} → {m.to}
            {m.durationMs !== null && ` in ${formatDuration(m.durationMs)}`}
            {m.downtimeMs !== undefined && ` (downtime ${m.downtimeMs} ms)`}: <span className="small">{m.message}</span>{' '}
            <button type="button" className="btn btn--icon" aria-label={`Dismiss the result of ${m.vm}`} onClick={() => dismiss(m.id)}>
              ✕
            </button>
          </div>
        )
      })}
    </section>
  )
}
