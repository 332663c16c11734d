// Devices from a NetBox device CSV export (the bulk-import field names, or the table export's
// column titles) placed into a site. Pure: the caller reads the file and saves the result. A row
// that cannot be placed as it is (unknown device type or rack, unracked, colliding) is reported
// with its reason and left out; nothing is guessed.
import { findCollision } from './domain/rack-units'
import type { Face, Site } from './model'

export interface NetboxUnplacedRow {
  /** The file line the row starts on (the header is line 1). */
  row: number
  /** The device name as written (may be empty). */
  name: string
  reason: string
}

export interface NetboxImportResult {
  /** The input site with the placed devices appended (a new object; the input is not changed). */
  site: Site
  /** Names of the devices placed, in file order. */
  placed: string[]
  unplaced: NetboxUnplacedRow[]
}

export type NetboxCsvErrorKind = 'malformed-csv' | 'missing-columns' | 'empty-file'

/** The file as a whole cannot be read as a NetBox device export. */
export class NetboxCsvError extends Error {
  override name = 'NetboxCsvError'
  constructor(
    readonly kind: NetboxCsvErrorKind,
    message: string,
    readonly line?: number
  ) {
    super(message)
  }
}

interface CsvRecord {
  line: number
  fields: string[]
}

/**
 * RFC 4180 records: comma-separated, fields optionally in double quotes (a doubled quote inside
 * is a quote; commas and line breaks inside quotes are data), CRLF or LF line ends.
 */
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = []
  const input = text.startsWith('\uFEFF') ? text.slice(1) : text
  let fields: string[] = []
  let field = ''
  let quoted = false
  let fieldWasQuoted = false
  let line = 1
  let recordLine = 1
  let quoteLine = 1
  const endField = () => {
    fields.push(fieldWasQuoted ? field : field.trim())
    field = ''
    fieldWasQuoted = false
  }
  const endRecord = () => {
    endField()
    if (!(fields.length === 1 && fields[0] === '')) records.push({ line: recordLine, fields })
    fields = []
  }
  for (let i = 0; i < input.length; i++) {
    const ch = input[i] as string
    if (quoted) {
      if (ch === '"') {
        if (input[i + 1] === '"') {
          field += '"'
          i++
        } else quoted = false
      } else {
        if (ch === '\n') line++
        field += ch
      }
      continue
    }
    // A quote opens a quoted field only at its start; inside an unquoted field (19" rails) it is data.
    if (ch === '"' && field.trim() === '' && !fieldWasQuoted) {
      field = ''
      quoted = true
      fieldWasQuoted = true
      quoteLine = line
    } else if (ch === ',') endField()
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && input[i + 1] === '\n') i++
      endRecord()
      line++
      recordLine = line
    } else if (fieldWasQuoted) {
      if (ch.trim() !== '') throw new NetboxCsvError('malformed-csv', `line ${line}: text after a closing quote`, line)
    } else field += ch
  }
  if (quoted) throw new NetboxCsvError('malformed-csv', `line ${quoteLine}: a quoted field is never closed`, quoteLine)
  endRecord()
  return records
}

type Column = 'name' | 'device_type' | 'rack' | 'position' | 'face'

// The bulk-import field names and the titles NetBox's table export writes for the same columns.
const HEADER_ALIASES: Record<string, Column> = {
  name: 'name',
  device_type: 'device_type',
  type: 'device_type',
  device_type_model: 'device_type',
  model: 'device_type',
  rack: 'rack',
  position: 'position',
  position_u: 'position',
  face: 'face',
  rack_face: 'face'
}

function columnFor(header: string): Column | undefined {
  const key = header
    .trim()
    .toLowerCase()
    .replace(/[()]/g, '')
    .replace(/[\s.-]+/g, '_')
    .replace(/_+$/, '')
  return HEADER_ALIASES[key]
}

const FACE_WORDS: Record<string, Face> = { front: 'front', rear: 'rear' }

function listSome(names: readonly string[]): string {
  if (names.length === 0) return 'none'
  return names.length <= 5 ? names.join(', ') : `${names.slice(0, 5).join(', ')} and ${names.length - 5} more`
}

/**
 * Places the devices of a NetBox device CSV into `site`, row by row (a later row that collides
 * with an earlier one is the one reported). Placed devices get no feeds: NetBox's CSV does not
 * say which PSU is on which feed, so the budget lists them as unpowered until someone sets them.
 * Throws NetboxCsvError when the file is not CSV or lacks the name, device_type, rack, position
 * or face columns.
 */
export function importNetboxDevicesCsv(site: Site, csvText: string): NetboxImportResult {
  const records = parseCsv(csvText)
  const header = records[0]
  if (header === undefined) throw new NetboxCsvError('empty-file', 'the file holds no CSV header (expected name, device_type, rack, position, face)')
  const index = new Map<Column, number>()
  header.fields.forEach((title, i) => {
    const column = columnFor(title)
    if (column !== undefined && !index.has(column)) index.set(column, i)
  })
  const required: Column[] = ['name', 'device_type', 'rack', 'position', 'face']
  const missing = required.filter((c) => !index.has(c))
  if (missing.length > 0)
    throw new NetboxCsvError(
      'missing-columns',
      `the header lacks ${missing.join(', ')} (found: ${header.fields.join(', ') || 'nothing'}); export devices from NetBox as CSV with these columns`,
      header.line
    )

  let devices = site.devices.slice()
  const placed: string[] = []
  const unplaced: NetboxUnplacedRow[] = []
  const modelNames = site.models.map((m) => m.name)
  const cabinetNames = site.cabinets.map((c) => c.name)

  for (const record of records.slice(1)) {
    const cell = (column: Column): string => record.fields[index.get(column) as number] ?? ''
    const name = cell('name')
    const refuse = (reason: string) => unplaced.push({ row: record.line, name, reason })
    if (name === '') {
      refuse('the device has no name (NetBox allows unnamed devices; Rackside needs one)')
      continue
    }
    const existing = devices.find((d) => d.name === name)
    if (existing !== undefined) {
      refuse(`a device named ${name} is already in the inventory (${existing.cabinet} U${existing.positionU} ${existing.face})`)
      continue
    }
    const typeName = cell('device_type')
    const model = site.models.find((m) => m.name === typeName) ?? site.models.find((m) => m.name.toLowerCase() === typeName.toLowerCase())
    if (model === undefined) {
      refuse(`device type "${typeName}" is not a model of this site (models: ${listSome(modelNames)})`)
      continue
    }
    const rackName = cell('rack')
    const positionText = cell('position')
    if (rackName === '' || positionText === '') {
      refuse(rackName === '' ? 'not in a rack in NetBox (no rack)' : `not racked in NetBox (no position in rack ${rackName})`)
      continue
    }
    const cabinet = site.cabinets.find((c) => c.name === rackName)
    if (cabinet === undefined) {
      refuse(`rack "${rackName}" is not a cabinet of this site (cabinets: ${listSome(cabinetNames)})`)
      continue
    }
    const position = Number(positionText)
    if (!Number.isFinite(position)) {
      refuse(`position "${positionText}" is not a number`)
      continue
    }
    if (!Number.isInteger(position)) {
      refuse(`position ${positionText} is a half unit; Rackside places devices on whole units`)
      continue
    }
    if (position < 1) {
      refuse(`position ${positionText} is below U1`)
      continue
    }
    const faceText = cell('face')
    const face = FACE_WORDS[faceText.toLowerCase()]
    if (face === undefined) {
      refuse(faceText === '' ? 'no rack face (front or rear)' : `rack face "${faceText}" is neither front nor rear`)
      continue
    }
    const candidate = { name, model: model.name }
    const problem = findCollision({ ...site, devices }, candidate, { cabinet: cabinet.name, positionU: position, face })
    if (problem !== null) {
      refuse(problem.reason)
      continue
    }
    devices = [...devices, { name, model: model.name, cabinet: cabinet.name, positionU: position, face, feeds: [] }]
    placed.push(name)
  }
  return { site: { ...site, devices }, placed, unplaced }
}
