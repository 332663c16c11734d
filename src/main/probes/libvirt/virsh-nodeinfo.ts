import { ParseError } from '../parse-error'
import type { VirshField } from './virsh-output'
import { readVirshFields, requireField, virshCommand } from './virsh-output'

const TOOL = 'virsh nodeinfo'

export function virshNodeinfoCommand(connectUri?: string): string[] {
  return virshCommand(['nodeinfo'], connectUri)
}

export interface VirshNodeinfo {
  /** The architecture name libvirt reports (x86_64, i686, aarch64). */
  cpuModel: string
  cpus: number
  mhz: number
  sockets: number
  coresPerSocket: number
  threadsPerCore: number
  numaCells: number
  memoryKiB: number
}

function number(field: VirshField, label: string, unit?: string): number {
  const match = new RegExp(`^(\\d{1,20})${unit === undefined ? '' : ` ${unit}`}$`).exec(field.value)
  if (match === null) throw new ParseError(TOOL, `${label} is not ${unit === undefined ? 'a whole number' : `"N ${unit}"`}`, field.line.lineNumber, field.line.text)
  return Number(match[1])
}

export function parseVirshNodeinfo(text: string): VirshNodeinfo {
  const fields = readVirshFields(TOOL, text)
  const field = (label: string): VirshField => requireField(TOOL, fields, label)
  const model = field('CPU model')
  if (model.value === '') throw new ParseError(TOOL, 'CPU model is empty', model.line.lineNumber, model.line.text)
  return {
    cpuModel: model.value,
    cpus: number(field('CPU(s)'), 'CPU(s)'),
    mhz: number(field('CPU frequency'), 'CPU frequency', 'MHz'),
    sockets: number(field('CPU socket(s)'), 'CPU socket(s)'),
    coresPerSocket: number(field('Core(s) per socket'), 'Core(s) per socket'),
    threadsPerCore: number(field('Thread(s) per core'), 'Thread(s) per core'),
    numaCells: number(field('NUMA cell(s)'), 'NUMA cell(s)'),
    memoryKiB: number(field('Memory size'), 'Memory size', 'KiB')
  }
}
