// The host CPU model libvirt names in `virsh capabilities` (/capabilities/host/cpu/model, e.g.
// 'Broadwell'): two hosts with the same name can take a host-passthrough guest from each other.
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { ParseError } from '../probes/parse-error'
import { rejectVirshError, virshCommand } from '../probes/libvirt/virsh-output'
import { toLines } from '../probes/linux/probe-text'

const TOOL = 'virsh capabilities'

export function virshCapabilitiesCommand(connectUri?: string): string[] {
  return virshCommand(['capabilities'], connectUri)
}

const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, trimValues: true, isArray: () => false })

function node(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null
}

/** The model name, or null when libvirt names none (the test driver, some emulated CPUs). */
export function parseHostCpuModel(xml: string): string | null {
  rejectVirshError(TOOL, toLines(xml))
  if (xml.trim() === '') throw new ParseError(TOOL, 'empty output')
  const valid = XMLValidator.validate(xml)
  if (valid !== true) throw new ParseError(TOOL, `not well-formed XML: ${valid.err.msg}`, valid.err.line)
  const capabilities = node(node(parser.parse(xml))?.['capabilities'])
  if (capabilities === null) throw new ParseError(TOOL, 'the root element is not <capabilities>')
  const host = node(capabilities['host'])
  if (host === null) throw new ParseError(TOOL, '<host> is missing')
  const model = node(host['cpu'])?.['model']
  if (model === undefined) return null
  // <model fallback='forbid'>Broadwell</model> parses to the text itself with attributes ignored.
  if (typeof model !== 'string') throw new ParseError(TOOL, '<host><cpu><model> holds no text')
  return model === '' ? null : model
}
