// One time-series plot of the Mail view, drawn by recharts: lines or stacked areas over a fixed
// time span and y-axis, round clock ticks, an optional reference line, a legend that tells series
// apart by dash as well as colour, and recharts' tooltip for the sample under the pointer. Kept
// cheap at 1 Hz (measured by `npm run bench -- mail`): no animation, rows thinned to the plot's
// width, gaps as null rows, tick labels as plain SVG text with the ticks given (recharts computes
// no nice ticks), the tooltip mounted only while the chart is inspected, and each chart's
// redraw queued into a browser task of its own (commit-queue.ts).
import { memo, useMemo, useState } from 'react'
import { Area, AreaChart, type BaseTickContentProps, CartesianGrid, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts'
import { timeTicks, valueTicks } from './chart-scale'
import { useQueuedValue } from './commit-queue'
import type { ChartRow } from './mail-series'
import { clockTime, formatNumber } from './mail-words'
import { plotRows } from './plot-rows'
import { useElementWidth } from './use-element-width'

export interface SeriesSpec {
  key: string
  label: string
  color: string
  dash?: string
}

export interface TimeChartProps {
  unit: string
  rows: readonly ChartRow[]
  series: readonly SeriesSpec[]
  kind: 'line' | 'area'
  fromMs: number
  toMs: number
  top: number
  reference: { value: number; label: string } | null
  /** Rows further apart than this are not joined. */
  gapMs: number
}

const HEIGHT_PX = 150
const MARGIN = { top: 6, right: 10, bottom: 0, left: 0 }
const Y_AXIS_WIDTH_PX = 48
const TICK_FONT_PX = 11
/**
 * Pixels per plotted point at most. Finer than that a line shows no more, and every point costs
 * recharts on every redraw (2 px → 3 px cut the Mail view's busy time by a sixth once the live
 * window was full).
 */
const PX_PER_POINT = 3

function Legend({ series }: { series: readonly SeriesSpec[] }) {
  return (
    <ul className="time-chart__legend">
      {series.map((s) => (
        <li key={s.key}>
          <svg width="18" height="8" aria-hidden="true">
            <line x1="0" x2="18" y1="4" y2="4" stroke={s.color} strokeWidth="2" strokeDasharray={s.dash} />
          </svg>
          {s.label}
        </li>
      ))}
    </ul>
  )
}

interface PlotInput {
  rows: ChartRow[]
  fromMs: number
  toMs: number
  top: number
}

interface PlotProps extends PlotInput {
  unit: string
  series: readonly SeriesSpec[]
  kind: 'line' | 'area'
  reference: { value: number; label: string } | null
  widthPx: number
  /** The pointer is on the chart or the keyboard focus in it: the tooltip is mounted. */
  inspected: boolean
}

/**
 * A tick label as one plain SVG text: recharts' own Text measures and wraps words on every redraw.
 * Position, anchor, colour (the axis stroke) and class come from recharts.
 */
function tickLabel(format: (value: number) => string, dy: string) {
  return function TickLabel({ x, y, textAnchor, fill, className, payload }: BaseTickContentProps) {
    return (
      <text x={x} y={y} dy={dy} textAnchor={textAnchor} fontSize={TICK_FONT_PX} fill={fill} className={className}>
        {format(Number(payload.value))}
      </text>
    )
  }
}
const X_TICK_FINE = tickLabel((v) => clockTime(v, true), '0.71em')
const X_TICK_COARSE = tickLabel((v) => clockTime(v, false), '0.71em')
const Y_TICK = tickLabel((v) => formatNumber(v), '0.355em')

/** The recharts part, the expensive one: memoized, so it redraws only when its input changes. */
const Plot = memo(function Plot({ unit, rows, series, kind, fromMs, toMs, top, reference, widthPx, inspected }: PlotProps) {
  const coarse = toMs - fromMs > 10 * 60_000
  // Round local clock steps: the offset puts an hour tick on the hour of the viewer's clock.
  const xTicks = useMemo(() => timeTicks(fromMs, toMs, 5, -new Date(toMs).getTimezoneOffset() * 60_000), [fromMs, toMs])
  const yTicks = useMemo(() => valueTicks(top), [top])
  const axes = [
    <CartesianGrid key="grid" strokeDasharray="2 4" vertical={false} stroke="#8a929e55" />,
    <XAxis key="x" dataKey="atMs" type="number" domain={[fromMs, toMs]} allowDataOverflow ticks={xTicks} niceTicks="none" interval={0} tick={coarse ? X_TICK_COARSE : X_TICK_FINE} fontSize={TICK_FONT_PX} stroke="#8a929e" />,
    <YAxis key="y" domain={[0, top]} allowDataOverflow ticks={yTicks} niceTicks="none" interval={0} width={Y_AXIS_WIDTH_PX} tick={Y_TICK} fontSize={TICK_FONT_PX} stroke="#8a929e" />,
    inspected ? <Tooltip key="tip" isAnimationActive={false} labelFormatter={(v) => clockTime(Number(v))} formatter={(v) => (typeof v === 'number' ? `${formatNumber(v, 2)} ${unit}` : '—')} /> : null,
    reference === null ? null : <ReferenceLine key="ref" y={reference.value} stroke="#c62834" strokeDasharray="4 4" ifOverflow="hidden" label={{ value: reference.label, position: 'insideTopRight', fontSize: 11, fill: '#c62834' }} />
  ]
  const size = { width: widthPx, height: HEIGHT_PX, margin: MARGIN }
  return kind === 'line' ? (
    <LineChart data={rows} {...size}>
      {axes}
      {series.map((s) => (
        <Line key={s.key} dataKey={s.key} name={s.label} stroke={s.color} strokeWidth={1.6} {...(s.dash === undefined ? {} : { strokeDasharray: s.dash })} dot={false} activeDot={false} isAnimationActive={false} type="linear" />
      ))}
    </LineChart>
  ) : (
    <AreaChart data={rows} {...size}>
      {axes}
      {series.map((s) => (
        <Area key={s.key} dataKey={s.key} name={s.label} stackId="stack" stroke={s.color} fill={s.color} fillOpacity={0.35} {...(s.dash === undefined ? {} : { strokeDasharray: s.dash })} dot={false} activeDot={false} isAnimationActive={false} type="linear" />
      ))}
    </AreaChart>
  )
})

export const TimeChart = memo(function TimeChart({ unit, rows, series, kind, fromMs, toMs, top, reference, gapMs }: TimeChartProps) {
  const [boxRef, widthPx] = useElementWidth<HTMLDivElement>()
  // recharts' tooltip costs every redraw: it is mounted only while someone inspects the chart,
  // with the pointer or with the keyboard (recharts moves it with the arrow keys).
  const [pointerOver, setPointerOver] = useState(false)
  const [focused, setFocused] = useState(false)
  const maxPoints = Math.max(2, Math.floor((widthPx - Y_AXIS_WIDTH_PX) / PX_PER_POINT))
  const keys = useMemo(() => series.map((s) => s.key), [series])
  const input = useMemo<PlotInput>(() => ({ rows: plotRows(rows, keys, gapMs, maxPoints), fromMs, toMs, top }), [rows, keys, gapMs, maxPoints, fromMs, toMs, top])
  const shown = useQueuedValue(input)
  // The newest sample drawn, for tests and benchmarks that watch the redraws.
  const newestMs = shown.rows.length === 0 ? 0 : (shown.rows[shown.rows.length - 1] as ChartRow).atMs
  return (
    <div className="time-chart" data-newest-ms={newestMs}>
      <div ref={boxRef} className="time-chart__box" onPointerEnter={() => setPointerOver(true)} onPointerLeave={() => setPointerOver(false)} onFocus={() => setFocused(true)} onBlur={() => setFocused(false)}>
        {widthPx > 0 && <Plot unit={unit} series={series} kind={kind} reference={reference} widthPx={widthPx} inspected={pointerOver || focused} {...shown} />}
      </div>
      <Legend series={series} />
    </div>
  )
})
