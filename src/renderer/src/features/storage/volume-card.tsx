// One volume: its type and shape, the verdict in words with the reasons under it, usable
// capacity and inodes, heal counts with their trend, the actions, and the bricks by set.
import type { HealTrend, StorageActionStatus } from '../../../../shared/api-parts/storage-api'
import { brickFullCriticalPercent, brickFullWarnPercent } from '../../../../shared/domain/gluster-health'
import type { Verdict } from '../../../../shared/domain/power'
import { Bar } from '../../ui/bar'
import { BricksTable } from './bricks-table'
import { HealSparkline } from './heal-sparkline'
import { HealthBadge } from './health-badge'
import { formatAgo, formatEntries, formatUsedOf, volumeShapeText } from './storage-format'
import type { Usage, VolumeView } from './volume-model'

function fillVerdict(usage: Usage): Verdict {
  const percent = usage.total > 0 ? (usage.used / usage.total) * 100 : 0
  return percent >= brickFullCriticalPercent ? 'over' : percent >= brickFullWarnPercent ? 'warn' : 'ok'
}

function UsageBar({ label, usage, kind }: { label: string; usage: Usage | null; kind: 'bytes' | 'inodes' }) {
  if (usage === null) return <p className="muted small">{label}: no brick reported its numbers</p>
  return (
    <Bar
      label={label}
      used={usage.used}
      limit={usage.total}
      valueText={`${formatUsedOf(usage.used, usage.total, kind)} used`}
      verdict={fillVerdict(usage)}
      warnFraction={brickFullWarnPercent / 100}
      {...(usage.unknownSets > 0 ? { note: `${usage.unknownSets} ${usage.unknownSets === 1 ? 'set' : 'sets'} gave no numbers and are left out` } : {})}
    />
  )
}

interface VolumeCardProps {
  volume: VolumeView
  /** The latest action on this volume, from this window or another. */
  lastAction: StorageActionStatus | undefined
  nowMs: number
  trend: HealTrend | null
  stale: boolean
  selected: boolean
  siteHostOf(brickHost: string): string | undefined
  onAction(action: 'restart-bricks' | 'start-heal', volume: string): void
  onSelect(volume: string): void
  onShowOnRacks(volume: string): void
  onWhatIf(host: string): void
}

export function VolumeCard({ volume, lastAction, nowMs, trend, stale, selected, siteHostOf, onAction, onSelect, onShowOnRacks, onWhatIf }: VolumeCardProps) {
  const samples = trend?.volumes.find((v) => v.volume === volume.name)?.samples ?? []
  const canHeal = volume.layout.status === 'started' && volume.layout.type !== 'distribute'
  return (
    <section
      className={`card volume-card${stale ? ' is-stale' : ''}${selected ? ' volume-card--selected' : ''}`}
      aria-label={`Volume ${volume.name}`}
      data-volume={volume.name}
      data-health={volume.health ?? 'unknown'}
    >
      <header className="card__head">
        <h3 className="card__title">
          <button type="button" className="volume-card__name" aria-pressed={selected} onClick={() => onSelect(volume.name)} title="Select: its bricks are highlighted on the Racks view">
            {volume.name}
          </button>
        </h3>
        <span className="volume-card__type" title={volume.layout.typeStr ?? undefined}>
          {volumeShapeText(volume.layout)} · {volume.layout.status}
        </span>
        <HealthBadge health={volume.health} />
        {stale && <span className="tag">stale</span>}
      </header>
      {volume.reasons.length > 0 && (
        <ul className="volume-card__reasons" aria-label={`Why ${volume.name} is ${volume.health ?? 'unknown'}`}>
          {volume.reasons.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
      )}
      <div className="volume-card__bars">
        <UsageBar label="Capacity (usable)" usage={volume.capacity} kind="bytes" />
        <UsageBar label="Inodes" usage={volume.inodes} kind="inodes" />
      </div>
      <dl className="capacity">
        <div>
          <dt>Heal pending</dt>
          <dd data-testid="heal-pending">{volume.healPending === null ? 'unknown' : formatEntries(volume.healPending)}</dd>
        </div>
        <div>
          <dt>Split-brain</dt>
          <dd className={volume.splitBrain ? 'error-text' : undefined}>
            {volume.splitBrain === null ? 'unknown' : formatEntries(volume.splitBrain)}
            {samples.some((sample) => (sample.splitBrain ?? 0) > 0) && <HealSparkline samples={samples} label={`split-brain entries on ${volume.name}`} pick={(sample) => sample.splitBrain} compact />}
          </dd>
        </div>
        <div>
          <dt>Trend</dt>
          <dd>
            <HealSparkline samples={samples} label={`heal entries pending on ${volume.name}`} />
          </dd>
        </div>
      </dl>
      <div className="volume-card__actions">
        <button
          type="button"
          className="btn"
          onClick={() => onAction('restart-bricks', volume.name)}
          disabled={volume.offlineBricks === 0}
          title={volume.offlineBricks === 0 ? 'every brick is online' : 'gluster volume start … force'}
        >
          Restart dead bricks{volume.offlineBricks > 0 ? ` (${volume.offlineBricks})` : ''}…
        </button>
        <button type="button" className="btn" onClick={() => onAction('start-heal', volume.name)} disabled={!canHeal} title={canHeal ? 'gluster volume heal …' : 'only a started replicated or dispersed volume heals'}>
          Start heal…
        </button>
        <button type="button" className="btn" onClick={() => onShowOnRacks(volume.name)}>
          Show bricks on Racks
        </button>
      </div>
      {lastAction !== undefined && (
        <p className={`small state state--${lastAction.phase === 'succeeded' ? 'ok' : lastAction.phase === 'failed' ? 'down' : 'busy'}`} data-testid="last-action">
          <span className="state__glyph" aria-hidden="true">
            {lastAction.phase === 'succeeded' ? '✓' : lastAction.phase === 'failed' ? '✕' : '◔'}
          </span>
          Last action: <code>{lastAction.command}</code> on {lastAction.host} {lastAction.phase === 'running' ? 'running' : lastAction.phase} {formatAgo(lastAction.finishedAtMs ?? lastAction.startedAtMs, nowMs)}
          {lastAction.phase === 'failed' && <> — {lastAction.message}</>}
        </p>
      )}
      <BricksTable volume={volume} trend={trend} siteHostOf={siteHostOf} onWhatIf={onWhatIf} />
    </section>
  )
}
