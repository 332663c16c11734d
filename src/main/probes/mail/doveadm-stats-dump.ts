import { ParseError } from '../parse-error'
import { nonBlankLines, ownValue, rejectBinary } from '../linux/probe-text'

const TOOL = 'doveadm stats dump'

export const doveadmStatsDumpCommand = ['doveadm', 'stats', 'dump'] as const

/** One metric field's distribution since the stats process started (durations are in microseconds). */
export interface StatsMetric {
  metricName: string
  field: string
  count: number
  sum: number
  min: number
  max: number
  avg: number
  median: number
  stddev: number
  percentile95: number
}

export interface DoveadmStatsDump {
  metrics: StatsMetric[]
}

const COLUMNS: Record<string, keyof StatsMetric> = {
  metric_name: 'metricName',
  field: 'field',
  count: 'count',
  sum: 'sum',
  min: 'min',
  max: 'max',
  avg: 'avg',
  median: 'median',
  stddev: 'stddev',
  '%95': 'percentile95'
}

/**
 * Tab-separated: `metric_name field count sum min max avg median stddev %95`. A header alone
 * (no metric configured) is an empty list.
 */
export function parseDoveadmStatsDump(text: string): DoveadmStatsDump {
  const lines = nonBlankLines(text)
  rejectBinary(TOOL, lines)
  const [header, ...rows] = lines
  if (header === undefined) throw new ParseError(TOOL, 'empty output')
  const names = header.text.split('\t')
  const columns = names.map((name) => ownValue(COLUMNS, name.trim()))
  for (const required of Object.values(COLUMNS)) {
    if (!columns.includes(required)) throw new ParseError(TOOL, `the header lacks the column for ${required}`, header.lineNumber, header.text)
  }
  const metrics = rows.map((line): StatsMetric => {
    const fields = line.text.split('\t')
    if (fields.length !== names.length) throw new ParseError(TOOL, `expected ${names.length} tab-separated columns, found ${fields.length}`, line.lineNumber, line.text)
    const metric: Partial<Record<keyof StatsMetric, string | number>> = {}
    columns.forEach((column, index) => {
      if (column === undefined) return
      const value = (fields[index] as string).trim()
      if (column === 'metricName' || column === 'field') {
        if (!/^[A-Za-z0-9_.-]+$/.test(value)) throw new ParseError(TOOL, `unreadable ${column} ${JSON.stringify(value)}`, line.lineNumber, line.text)
        metric[column] = value
      } else {
        if (!/^-?\d{1,20}(\.\d{1,20})?$/.test(value)) throw new ParseError(TOOL, `${names[index]} is not a number`, line.lineNumber, line.text)
        metric[column] = Number(value)
      }
    })
    return metric as StatsMetric
  })
  return { metrics }
}
