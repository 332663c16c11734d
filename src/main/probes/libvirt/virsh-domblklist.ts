import { ParseError } from '../parse-error'
import { rejectBinary, toLines } from '../linux/probe-text'
import { rejectVirshError, virshCommand } from './virsh-output'

const TOOL = 'virsh domblklist'

export function virshDomblklistCommand(domain: string, connectUri?: string): string[] {
  return virshCommand(['domblklist', '--domain', domain, '--details'], connectUri)
}

export interface VirshBlockDevice {
  /** 'file', 'block', 'network', 'volume'...; null without --details. */
  type: string | null
  /** 'disk', 'cdrom', 'floppy', 'lun'; null without --details. */
  device: string | null
  target: string
  /** Null for an empty drive (virsh prints "-"). */
  source: string | null
}

export interface VirshDomblklist {
  disks: VirshBlockDevice[]
}

/**
 * ```
 *  Type   Device   Target   Source
 * ---------------------------------------------
 *  file   disk     vda      /guest/diskimage1
 * ```
 * Also the shorter form without --details (Target and Source only). The source is the rest of
 * the line, so paths with spaces survive.
 */
export function parseVirshDomblklist(text: string): VirshDomblklist {
  const lines = toLines(text).filter((line) => line.text.trim() !== '')
  rejectBinary(TOOL, lines)
  rejectVirshError(TOOL, lines)
  const [header, rule, ...rows] = lines
  if (header === undefined) throw new ParseError(TOOL, 'empty output')
  let details: boolean
  if (/^\s*Type\s+Device\s+Target\s+Source\s*$/.test(header.text)) details = true
  else if (/^\s*Target\s+Source\s*$/.test(header.text)) details = false
  else throw new ParseError(TOOL, 'expected the "Type Device Target Source" or "Target Source" header', header.lineNumber, header.text)
  if (rule === undefined) throw new ParseError(TOOL, 'the dashed line under the header is missing')
  if (!/^-+$/.test(rule.text.trim())) throw new ParseError(TOOL, 'expected a dashed line under the header', rule.lineNumber, rule.text)
  const row = details ? /^\s*(\S+)\s+(\S+)\s+(\S+)\s+(\S.*?)\s*$/ : /^\s*(\S+)\s+(\S.*?)\s*$/
  const disks = rows.map((line): VirshBlockDevice => {
    const match = row.exec(line.text)
    if (match === null) throw new ParseError(TOOL, `expected ${details ? 4 : 2} columns`, line.lineNumber, line.text)
    const [type, device, target, source] = details ? match.slice(1) : [null, null, match[1], match[2]]
    if (target === undefined || target === null || !/^[A-Za-z0-9_-]+$/.test(target)) throw new ParseError(TOOL, 'unreadable target device name', line.lineNumber, line.text)
    return { type: type ?? null, device: device ?? null, target, source: source === '-' || source === undefined || source === null ? null : source }
  })
  return { disks }
}
