import { ParseError } from '../parse-error'
import type { VirshField } from './virsh-output'
import { readVirshFields, requireField, virshCommand } from './virsh-output'

const TOOL = 'virsh dominfo'

export function virshDominfoCommand(domain: string, connectUri?: string): string[] {
  return virshCommand(['dominfo', '--domain', domain], connectUri)
}

export interface VirshDominfo {
  /** Null when the domain is not running. */
  id: number | null
  name: string
  uuid: string
  osType: string | null
  state: string
  vcpus: number
  /** Absent while the domain is shut off. */
  cpuTimeSeconds?: number
  /** Null when virsh prints "no limit". */
  maxMemoryKiB: number | null
  usedMemoryKiB: number
  persistent: boolean
  autostart: boolean
  managedSave: boolean | null
}

// Several security drivers print one block each.
const REPEATABLE = new Set(['Security model', 'Security DOI', 'Security label'])

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

function fail(field: VirshField, detail: string): never {
  throw new ParseError(TOOL, detail, field.line.lineNumber, field.line.text)
}

function whole(field: VirshField, label: string): number {
  if (!/^\d{1,20}$/.test(field.value)) fail(field, `${label} is not a whole number`)
  return Number(field.value)
}

function kib(field: VirshField, label: string): number {
  const match = /^(\d{1,20}) KiB$/.exec(field.value)
  if (match === null) fail(field, `${label} is not "N KiB"`)
  return Number(match[1])
}

function yesNo(field: VirshField, label: string, yes: string, no: string): boolean {
  if (field.value === yes) return true
  if (field.value === no) return false
  return fail(field, `${label} is neither ${yes} nor ${no}`)
}

export function parseVirshDominfo(text: string): VirshDominfo {
  const fields = readVirshFields(TOOL, text, REPEATABLE)
  const field = (label: string): VirshField => requireField(TOOL, fields, label)
  const id = field('Id')
  const uuid = field('UUID')
  if (!UUID.test(uuid.value)) fail(uuid, 'UUID is malformed')
  const name = field('Name')
  if (name.value === '') fail(name, 'Name is empty')
  const state = field('State')
  if (!/^[a-z][a-z ]*$/.test(state.value)) fail(state, 'State is unreadable')
  const maxMemory = field('Max memory')
  const cpuTime = fields.get('CPU time')
  const managedSave = fields.get('Managed save')
  const osType = fields.get('OS Type')
  const result: VirshDominfo = {
    id: id.value === '-' ? null : whole(id, 'Id'),
    name: name.value,
    uuid: uuid.value,
    osType: osType === undefined || osType.value === '' ? null : osType.value,
    state: state.value,
    vcpus: whole(field('CPU(s)'), 'CPU(s)'),
    maxMemoryKiB: maxMemory.value === 'no limit' ? null : kib(maxMemory, 'Max memory'),
    usedMemoryKiB: kib(field('Used memory'), 'Used memory'),
    persistent: yesNo(field('Persistent'), 'Persistent', 'yes', 'no'),
    autostart: yesNo(field('Autostart'), 'Autostart', 'enable', 'disable'),
    managedSave: managedSave === undefined ? null : yesNo(managedSave, 'Managed save', 'yes', 'no')
  }
  if (cpuTime !== undefined) {
    const seconds = /^(\d{1,20}(?:\.\d{1,9})?)s$/.exec(cpuTime.value)
    if (seconds === null) fail(cpuTime, 'CPU time is not "N.Ns"')
    result.cpuTimeSeconds = Number(seconds[1])
  }
  return result
}
