// A volume's bricks grouped by replica / disperse set: where each lives, whether its process
// runs (pid, port), its fill in bytes and inodes, and its heal counts.
import type { HealTrend } from '../../../../shared/api-parts/storage-api'
import { formatPercent } from '../../ui/format'
import { formatBytes, formatEntries, formatUsedOf } from './storage-format'
import { HealSparkline } from './heal-sparkline'
import type { VolumeView } from './volume-model'

const SET_STATE = { up: { glyph: '✓', tone: 'ok', word: 'all up' }, partial: { glyph: '▲', tone: 'warn', word: 'partial' }, down: { glyph: '✕', tone: 'down', word: 'down' } } as const

function fill(total: number | null, free: number | null, kind: 'bytes' | 'inodes'): string {
  if (total === null || free === null || total <= 0) return '—'
  return `${formatUsedOf(total - free, total, kind)} (${formatPercent((total - free) / total)})`
}

interface BricksTableProps {
  volume: VolumeView
  trend: HealTrend | null
  /** The inventory host behind a brick host, when the inventory has it: offers the what-if check. */
  siteHostOf(brickHost: string): string | undefined
  onWhatIf(host: string): void
}

export function BricksTable({ volume, trend, siteHostOf, onWhatIf }: BricksTableProps) {
  return (
    <div className="table-wrap">
      <table className="grid grid--compact bricks-table" aria-label={`Bricks of ${volume.name}`}>
        <thead>
          <tr>
            <th scope="col">Host</th>
            <th scope="col">Brick path</th>
            <th scope="col">State</th>
            <th scope="col" className="num">
              PID
            </th>
            <th scope="col" className="num">
              Port
            </th>
            <th scope="col" className="num">
              Used of size
            </th>
            <th scope="col" className="num">
              Free
            </th>
            <th scope="col" className="num">
              Inodes used
            </th>
            <th scope="col" className="num">
              Heal pending
            </th>
            <th scope="col" className="num">
              Split-brain
            </th>
            <th scope="col">
              <span className="visually-hidden">Checks</span>
            </th>
          </tr>
        </thead>
        {volume.sets.map((set) => {
          const up = set.bricks.filter((b) => b.online).length
          const look = SET_STATE[set.state]
          return (
            <tbody key={set.name} data-set={set.name}>
              <tr className="bricks-table__set">
                <th scope="rowgroup" colSpan={11}>
                  {set.name}{' '}
                  <span className={`state state--${look.tone}`}>
                    <span className="state__glyph" aria-hidden="true">
                      {look.glyph}
                    </span>
                    {look.word}: {up} of {set.bricks.length} bricks up
                  </span>
                </th>
              </tr>
              {set.bricks.map((brick) => {
                const id = `${brick.host}:${brick.path}`
                const siteHost = siteHostOf(brick.host)
                const samples = trend?.bricks.find((b) => b.volume === volume.name && b.brick === id)?.samples ?? []
                return (
                  <tr key={id} data-brick={id} data-online={brick.online ? 'true' : 'false'} className={brick.online ? undefined : 'bricks-table__row--down'}>
                    <th scope="row" className="nowrap">
                      {brick.host}
                    </th>
                    <td className="mono">
                      {brick.path}
                      {brick.isArbiter && <span className="tag"> arbiter</span>}
                    </td>
                    <td>
                      <span className={`state state--${brick.online ? 'ok' : 'down'}`} data-testid="brick-state">
                        <span className="state__glyph" aria-hidden="true">
                          {brick.online ? '●' : '✕'}
                        </span>
                        {brick.online ? 'online' : brick.missingFromStatus ? 'offline (not in status)' : 'offline'}
                      </span>
                    </td>
                    <td className="num mono">{brick.pid ?? '—'}</td>
                    <td className="num mono">{brick.port ?? '—'}</td>
                    <td className="num">{fill(brick.sizeTotalBytes, brick.sizeFreeBytes, 'bytes')}</td>
                    <td className="num">{brick.sizeFreeBytes === null ? '—' : formatBytes(brick.sizeFreeBytes)}</td>
                    <td className="num">{fill(brick.inodesTotal, brick.inodesFree, 'inodes')}</td>
                    <td className="num bricks-table__heal">
                      {brick.healPending === null ? <span title="this brick gave no count in the last heal summary">—</span> : formatEntries(brick.healPending)}
                      {samples.length > 1 && <HealSparkline samples={samples} label={`heal entries pending on ${id}`} compact />}
                    </td>
                    <td className="num">{brick.splitBrain === null ? '—' : formatEntries(brick.splitBrain)}</td>
                    <td>
                      {siteHost !== undefined && (
                        <button
                          type="button"
                          className="btn btn--small nowrap"
                          onClick={() => onWhatIf(siteHost)}
                          aria-label={`What if ${siteHost} fails?`}
                          title={`What happens to the volumes and VMs if ${siteHost} fails`}
                        >
                          What if it fails?
                        </button>
                      )}
                    </td>
                  </tr>
                )
              })}
            </tbody>
          )
        })}
      </table>
    </div>
  )
}
