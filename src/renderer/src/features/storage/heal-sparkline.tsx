// A heal backlog's last samples as a small line, with the numbers and the direction in words.
import type { HealTrendSample } from '../../../../shared/api-parts/storage-api'
import { sparklinePoints, trendDirection, trendText } from './heal-trend-shape'

const WIDTH = 90
const COMPACT_WIDTH = 48
const HEIGHT = 18
const ARROW = { rising: '↑ rising', falling: '↓ draining', steady: '→ steady', unknown: '' } as const

interface HealSparklineProps {
  samples: readonly HealTrendSample[]
  label: string
  pick?: (s: HealTrendSample) => number | null
  /** Line and arrow only, the numbers in the tooltip: for table cells. */
  compact?: boolean
}

export function HealSparkline({ samples, label, pick, compact = false }: HealSparklineProps) {
  const text = trendText(samples, pick)
  const direction = trendDirection(samples, pick)
  const width = compact ? COMPACT_WIDTH : WIDTH
  return (
    <span className={`sparkline sparkline--${direction}`} title={compact ? text : undefined}>
      {samples.length > 1 && (
        <svg width={width} height={HEIGHT} viewBox={`-1 -1 ${width + 2} ${HEIGHT + 2}`} role="img" aria-label={`${label}: ${text}`}>
          <polyline points={sparklinePoints(samples, width, HEIGHT, pick)} fill="none" stroke="currentColor" strokeWidth="1.5" />
        </svg>
      )}
      {direction !== 'unknown' && <span className="sparkline__dir">{ARROW[direction]}</span>}
      {!compact && <span className="sparkline__text muted small">{text}</span>}
    </span>
  )
}
