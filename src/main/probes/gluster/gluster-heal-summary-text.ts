// Plain `gluster volume heal VOL info summary` (no --xml), as admins paste it; same shape as the XML parser.
import { ParseError } from '../parse-error'
import type { HealSummary, HealSummaryBrick } from './gluster-heal-summary'

const tool = 'gluster-heal-summary-text'

export const healSummaryTextCommand = (volume: string): string[] => ['gluster', 'volume', 'heal', volume, 'info', 'summary']

const countFields = {
  'Total Number of entries': 'totalEntries',
  'Number of entries in heal pending': 'pending',
  'Number of entries in split-brain': 'splitBrain',
  'Number of entries possibly healing': 'possiblyHealing'
} as const

export function parseHealSummaryText(text: string): HealSummary {
  const lines = text.split('\n')
  const bricks: HealSummaryBrick[] = []
  let current: HealSummaryBrick | undefined
  lines.forEach((rawLine, index) => {
    const line = rawLine.trimEnd()
    const lineNumber = index + 1
    if (line.trim() === '') return
    const brick = /^Brick (.+?):(\/.*)$/.exec(line)
    if (brick !== null) {
      current = { host: brick[1] ?? '', path: brick[2] ?? '', connected: false, status: null, pending: null, splitBrain: null, possiblyHealing: null, totalEntries: null }
      bricks.push(current)
      return
    }
    const field = /^([^:]+): (.*)$/.exec(line)
    if (field === null || current === undefined) throw new ParseError(tool, current === undefined ? 'expected a "Brick host:/path" line' : 'unexpected line', lineNumber, rawLine)
    const [, key = '', value = ''] = field
    if (key === 'Status') {
      current.status = value
      current.connected = value === 'Connected'
      return
    }
    const target = Object.prototype.hasOwnProperty.call(countFields, key) ? countFields[key as keyof typeof countFields] : undefined
    if (target === undefined) throw new ParseError(tool, `unknown field ${JSON.stringify(key)}`, lineNumber, rawLine)
    if (value === '-') return
    if (!/^\d+$/.test(value)) throw new ParseError(tool, `${key} is not a count`, lineNumber, rawLine)
    current[target] = Number(value)
  })
  if (bricks.length === 0) throw new ParseError(tool, text.trim() === '' ? 'empty output' : 'no "Brick host:/path" line')
  for (const brick of bricks) {
    // An unreachable brick's numbers, if any, were not taken from it.
    if (!brick.connected) Object.assign(brick, { pending: null, splitBrain: null, possiblyHealing: null, totalEntries: null })
  }
  return { bricks }
}
