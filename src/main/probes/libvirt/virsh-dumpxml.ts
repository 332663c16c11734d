import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { ParseError } from '../parse-error'
import { ownValue, toLines } from '../linux/probe-text'
import { rejectVirshError, virshCommand } from './virsh-output'

const TOOL = 'virsh dumpxml'

export function virshDumpxmlCommand(domain: string, connectUri?: string): string[] {
  return virshCommand(['dumpxml', '--domain', domain], connectUri)
}

export interface DomainCpu {
  /** 'custom' when the element has no mode, as libvirt defaults it. */
  mode: string
  model: string | null
}

export interface DomainDisk {
  /** 'disk', 'cdrom', 'floppy', 'lun'. */
  device: string
  /** 'file', 'block', 'network', 'volume', 'dir'. */
  type: string
  target: string | null
  /** A path, `pool/volume`, or for network disks a URL such as gluster://hv-01:24007/vmstore/web-01.qcow2; null for an empty drive. */
  source: string | null
  /** Image format from <driver type>: 'qcow2', 'raw'. */
  driverType: string | null
}

export interface DomainXml {
  /** Hypervisor type: 'kvm', 'qemu', 'test'. */
  type: string
  /** Null for a domain that is not running. */
  id: number | null
  name: string
  uuid: string
  memoryKiB: number
  currentMemoryKiB: number
  /** Maximum vCPUs; vcpusCurrent is what the guest has now. */
  vcpus: number
  vcpusCurrent: number
  cpu: DomainCpu | null
  disks: DomainDisk[]
}

type XmlNode = { [key: string]: unknown }

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  alwaysCreateTextNode: true,
  trimValues: true
})

// libvirt's unit names (docs: formatdomain.html#memory-allocation), as multiples of a byte.
const UNIT_BYTES: Record<string, number> = {
  b: 1,
  bytes: 1,
  KB: 1000,
  k: 1024,
  KiB: 1024,
  MB: 1000 ** 2,
  M: 1024 ** 2,
  MiB: 1024 ** 2,
  GB: 1000 ** 3,
  G: 1024 ** 3,
  GiB: 1024 ** 3,
  TB: 1000 ** 4,
  T: 1024 ** 4,
  TiB: 1024 ** 4
}

function isNode(value: unknown): value is XmlNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function asArray(value: unknown): XmlNode[] {
  const items = Array.isArray(value) ? value : value === undefined ? [] : [value]
  return items.filter(isNode)
}

/** The single child element `name`; a repeated one is a malformed domain. */
function child(node: XmlNode, name: string): XmlNode | null {
  const value = node[name]
  if (value === undefined) return null
  if (Array.isArray(value)) throw new ParseError(TOOL, `<${name}> appears more than once`)
  return isNode(value) ? value : null
}

function text(node: XmlNode | null): string | null {
  if (node === null) return null
  const value = node['#text']
  return typeof value === 'string' && value !== '' ? value : null
}

function attr(node: XmlNode | null, name: string): string | null {
  if (node === null) return null
  const value = node[`@_${name}`]
  return typeof value === 'string' ? value : null
}

function requireText(node: XmlNode, name: string): string {
  const value = text(child(node, name))
  if (value === null) throw new ParseError(TOOL, `<${name}> is missing or empty`)
  return value
}

function wholeNumber(raw: string, what: string): number {
  if (!/^\d{1,20}$/.test(raw)) throw new ParseError(TOOL, `${what} is not a whole number (${JSON.stringify(raw)})`)
  return Number(raw)
}

function memoryKiB(node: XmlNode | null, what: string): number | null {
  if (node === null) return null
  const raw = text(node)
  if (raw === null) throw new ParseError(TOOL, `<${what}> is empty`)
  const unit = attr(node, 'unit') ?? 'KiB'
  const factor = ownValue(UNIT_BYTES, unit)
  if (factor === undefined) throw new ParseError(TOOL, `<${what}> has an unknown unit ${JSON.stringify(unit)}`)
  return Math.round((wholeNumber(raw, `<${what}>`) * factor) / 1024)
}

function networkSourceUrl(source: XmlNode): string | null {
  const protocol = attr(source, 'protocol')
  const name = attr(source, 'name')
  if (protocol === null || name === null) return null
  const host = asArray(source['host'])[0] ?? null
  const transport = attr(host, 'transport')
  const scheme = transport === null || transport === 'tcp' ? protocol : `${protocol}+${transport}`
  if (transport === 'unix') return `${scheme}:///${name}?socket=${attr(host, 'socket') ?? ''}`
  const hostName = attr(host, 'name') ?? ''
  const port = attr(host, 'port')
  const authority = hostName.includes(':') ? `[${hostName}]` : hostName
  return `${scheme}://${authority}${port === null ? '' : `:${port}`}/${name}`
}

function diskSource(type: string, source: XmlNode | null): string | null {
  if (source === null) return null
  switch (type) {
    case 'file':
      return attr(source, 'file')
    case 'block':
      return attr(source, 'dev')
    case 'dir':
      return attr(source, 'dir')
    case 'volume': {
      const pool = attr(source, 'pool')
      const volume = attr(source, 'volume')
      return pool === null || volume === null ? null : `${pool}/${volume}`
    }
    case 'network':
      return networkSourceUrl(source)
    default:
      return attr(source, 'file') ?? attr(source, 'dev')
  }
}

function parseDisk(disk: XmlNode): DomainDisk {
  const type = attr(disk, 'type')
  if (type === null) throw new ParseError(TOOL, '<disk> lacks its type attribute')
  return {
    device: attr(disk, 'device') ?? 'disk',
    type,
    target: attr(child(disk, 'target'), 'dev'),
    source: diskSource(type, child(disk, 'source')),
    driverType: attr(child(disk, 'driver'), 'type')
  }
}

function unclosedNames(list: string): string {
  try {
    const names: unknown = JSON.parse(list)
    if (Array.isArray(names) && names.length > 0) return names.map((name) => `<${String(name)}>`).join(' in ')
  } catch {
    // The list is only decoration for the message; the error stands without it.
  }
  return 'an element'
}

/** The domain XML; the document must be complete (a cut-off dump is refused, not half read). */
export function parseVirshDumpxml(xml: string): DomainXml {
  const lines = toLines(xml)
  rejectVirshError(TOOL, lines)
  if (xml.trim() === '') throw new ParseError(TOOL, 'empty output')
  const valid = XMLValidator.validate(xml)
  if (valid !== true) {
    // The validator reports unclosed elements as "Invalid '[\"domain\",\"devices\"]' found." at line 1.
    const unclosed = /^Invalid '(\[.*\])' found\.?$/s.exec(valid.err.msg)
    if (unclosed !== null) {
      const last = lines[lines.length - 1]
      const names = unclosedNames(unclosed[1] as string)
      throw new ParseError(TOOL, `the document ends before ${names} is closed (truncated output?)`, last?.lineNumber, last?.text)
    }
    const lineNumber = valid.err.line
    throw new ParseError(TOOL, `not well-formed XML: ${valid.err.msg}`, lineNumber, lines[lineNumber - 1]?.text)
  }
  let document: unknown
  try {
    document = parser.parse(xml)
  } catch (error) {
    throw new ParseError(TOOL, `not well-formed XML: ${error instanceof Error ? error.message : String(error)}`)
  }
  if (!isNode(document)) throw new ParseError(TOOL, 'no XML document')
  const domain = document['domain']
  if (!isNode(domain)) throw new ParseError(TOOL, 'the root element is not <domain>')
  const uuid = requireText(domain, 'uuid')
  if (!/^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(uuid)) throw new ParseError(TOOL, `malformed uuid ${JSON.stringify(uuid)}`)
  const memory = memoryKiB(child(domain, 'memory'), 'memory')
  if (memory === null) throw new ParseError(TOOL, '<memory> is missing')
  const vcpu = child(domain, 'vcpu')
  const vcpus = wholeNumber(requireText(domain, 'vcpu'), '<vcpu>')
  const currentVcpus = attr(vcpu, 'current')
  const id = attr(domain, 'id')
  const cpu = child(domain, 'cpu')
  const devices = child(domain, 'devices')
  return {
    type: attr(domain, 'type') ?? 'unknown',
    id: id === null ? null : wholeNumber(id, 'domain id'),
    name: requireText(domain, 'name'),
    uuid,
    memoryKiB: memory,
    currentMemoryKiB: memoryKiB(child(domain, 'currentMemory'), 'currentMemory') ?? memory,
    vcpus,
    vcpusCurrent: currentVcpus === null ? vcpus : wholeNumber(currentVcpus, 'vcpu current'),
    cpu: cpu === null ? null : { mode: attr(cpu, 'mode') ?? 'custom', model: text(child(cpu, 'model')) },
    disks: devices === null ? [] : asArray(devices['disk']).map(parseDisk)
  }
}
