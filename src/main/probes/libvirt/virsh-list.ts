import { ParseError } from '../parse-error'
import { parseWhole, rejectBinary, splitFields, toLines } from '../linux/probe-text'
import { rejectVirshError, virshCommand } from './virsh-output'

const TOOL = 'virsh list'

export function virshListCommand(connectUri?: string): string[] {
  return virshCommand(['list', '--all'], connectUri)
}

export interface VirshListDomain {
  /** Null when the domain is not running (virsh prints "-"). */
  id: number | null
  name: string
  /** As virsh words it: 'running', 'idle', 'paused', 'in shutdown', 'shut off', 'crashed', 'pmsuspended'. */
  state: string
}

export interface VirshList {
  domains: VirshListDomain[]
}

const MULTI_WORD_STATES = ['shut off', 'in shutdown', 'no state']

/**
 * ```
 *  Id   Name      State
 * --------------------------
 *  2    lab-vm2   running
 *  -    web-02    shut off
 * ```
 * A host with no domains prints only the two header lines: that is an empty list.
 */
export function parseVirshList(text: string): VirshList {
  const lines = toLines(text)
  rejectBinary(TOOL, lines)
  rejectVirshError(TOOL, lines)
  const content = lines.filter((line) => line.text.trim() !== '')
  const [header, rule, ...rows] = content
  if (header === undefined) throw new ParseError(TOOL, 'empty output')
  if (!/^\s*Id\s+Name\s+State\s*$/.test(header.text)) throw new ParseError(TOOL, 'expected the "Id Name State" header', header.lineNumber, header.text)
  if (rule === undefined) throw new ParseError(TOOL, 'the dashed line under the header is missing')
  if (!/^-+$/.test(rule.text.trim())) throw new ParseError(TOOL, 'expected a dashed line under the header', rule.lineNumber, rule.text)
  const domains = rows.map((line): VirshListDomain => {
    const fields = splitFields(line.text)
    const [id] = fields
    if (id === undefined || fields.length < 3) throw new ParseError(TOOL, 'expected "Id Name State"', line.lineNumber, line.text)
    const body = line.text.trim().slice(id.length).trim()
    const multiWord = MULTI_WORD_STATES.find((state) => body.endsWith(` ${state}`))
    const state = multiWord ?? (fields[fields.length - 1] as string)
    const name = body.slice(0, body.length - state.length).trim()
    if (name === '') throw new ParseError(TOOL, 'domain name is missing', line.lineNumber, line.text)
    if (!/^[a-z][a-z ]*$/.test(state)) throw new ParseError(TOOL, `unreadable state ${JSON.stringify(state)}`, line.lineNumber, line.text)
    return { id: id === '-' ? null : parseWhole(TOOL, id, line, 'Id'), name, state }
  })
  return { domains }
}
