// Reads the `gluster --xml` envelope (<cliOutput> with opRet/opErrno/opErrstr) and gives the
// parsers strict accessors that throw ParseError naming the tool and, where it can, the line.
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { ParseError } from '../parse-error'

export type XmlValue = string | XmlObject | XmlValue[]
export interface XmlObject {
  [key: string]: XmlValue
}

/** gluster answered, but with a failure (opRet != 0): its own message, not empty data. */
export class GlusterOpError extends ParseError {
  override name = 'GlusterOpError'
  constructor(
    tool: string,
    readonly opRet: number,
    readonly opErrno: number | null,
    readonly opErrstr: string
  ) {
    super(tool, `gluster reported an error (opRet ${opRet}${opErrno === null ? '' : `, opErrno ${opErrno}`}): ${opErrstr === '' ? 'no error text' : opErrstr}`)
  }
}

const xmlParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  // Values stay strings: every number is checked by GlusterXml.int, never coerced silently.
  parseTagValue: false,
  parseAttributeValue: false,
  htmlEntities: false
})

const hasOwn = (object: object, key: string): boolean => Object.prototype.hasOwnProperty.call(object, key)

function isObject(value: XmlValue | undefined): value is XmlObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export interface IntOptions {
  /** Tokens gluster prints for "no value" ("N/A", "-"); they read as null. */
  nullTokens?: readonly string[]
  /** Numbers at or below this read as null too (pid -1, port 0). */
  nullAtOrBelow?: number
}

/** One tool's XML output, kept whole so errors can point at the offending line. */
export class GlusterXml {
  private constructor(
    readonly tool: string,
    private readonly source: string,
    readonly root: XmlObject
  ) {}

  /**
   * Checks well-formedness, the <cliOutput> root and opRet, then returns the reader and the
   * payload element (e.g. <volInfo>).
   */
  static read(tool: string, text: string, payloadTag: string, command: string): { xml: GlusterXml; payload: XmlObject | '' } {
    if (text.trim() === '') throw new ParseError(tool, 'empty output')
    const valid = XMLValidator.validate(text)
    if (valid !== true) {
      const line = text.split('\n')[valid.err.line - 1]
      throw new ParseError(tool, `not well-formed XML (${valid.err.msg})`, valid.err.line, line)
    }
    let document: XmlValue
    try {
      document = xmlParser.parse(text) as XmlValue
    } catch (error) {
      throw new ParseError(tool, `unreadable XML (${error instanceof Error ? error.message : String(error)})`)
    }
    if (!isObject(document)) throw new ParseError(tool, 'unreadable XML')
    const elements = Object.keys(document).filter((key) => !key.startsWith('?'))
    if (elements.length !== 1 || elements[0] !== 'cliOutput') {
      throw new ParseError(tool, `expected one <cliOutput> element, found ${elements.length === 0 ? 'none' : elements.map((name) => `<${name}>`).join(', ')} (is this the output of '${command}'?)`)
    }
    const root = document.cliOutput
    if (!isObject(root)) throw new ParseError(tool, `empty <cliOutput> (is this the output of '${command}'?)`)
    const xml = new GlusterXml(tool, text, root)
    xml.checkOpRet()
    const payload = xml.one(root, payloadTag)
    if (payload === undefined) throw xml.fail(`no <${payloadTag}> element (is this the output of '${command}'?)`)
    if (payload !== '' && !isObject(payload)) throw xml.fail(`<${payloadTag}> holds text instead of elements`, `<${payloadTag}>`)
    return { xml, payload }
  }

  private checkOpRet(): void {
    // Some versions omit the envelope fields on success; a present non-zero opRet always wins.
    const opRet = this.int(this.root, 'opRet')
    if (opRet === null || opRet === undefined || opRet === 0) return
    const opErrno = this.int(this.root, 'opErrno', { nullTokens: [''] }) ?? null
    const message = this.text(this.root, 'opErrstr') || this.text(this.root, 'output') || ''
    throw new GlusterOpError(this.tool, opRet, opErrno, message)
  }

  /** A ParseError pointing at the first line that contains `near`, when given and found. */
  fail(detail: string, near?: string): ParseError {
    if (near !== undefined && near !== '') {
      const at = this.source.indexOf(near)
      if (at >= 0) {
        const lineNumber = this.source.slice(0, at).split('\n').length
        return new ParseError(this.tool, detail, lineNumber, this.source.split('\n')[lineNumber - 1])
      }
    }
    return new ParseError(this.tool, detail)
  }

  /** The single child element `tag`, or undefined; a repeated element is garbage, not a choice. */
  one(parent: XmlObject, tag: string): XmlValue | undefined {
    if (!hasOwn(parent, tag)) return undefined
    const value = parent[tag]
    if (Array.isArray(value)) throw this.fail(`<${tag}> appears ${value.length} times where one is expected`, `<${tag}`)
    return value
  }

  /** Child elements `tag` that may repeat: always a list. An empty container (`<bricks/>`) reads as ''. */
  list(parent: XmlObject | '', tag: string): XmlObject[] {
    if (parent === '' || !hasOwn(parent, tag)) return []
    const value = parent[tag]
    const items = Array.isArray(value) ? value : [value]
    return items.map((item) => {
      if (isObject(item)) return item
      throw this.fail(`<${tag}> holds ${typeof item === 'string' ? `text ${JSON.stringify(item)}` : 'a list'} instead of elements`, `<${tag}>${typeof item === 'string' ? item : ''}`)
    })
  }

  /** Texts of child elements `tag` that may repeat (`<hostnames><hostname>…`). */
  texts(parent: XmlObject, tag: string): string[] {
    if (!hasOwn(parent, tag)) return []
    const value = parent[tag]
    const items = Array.isArray(value) ? value : [value]
    return items.map((item) => {
      if (typeof item === 'string') return item
      throw this.fail(`<${tag}> holds elements where text is expected`, `<${tag}`)
    })
  }

  /** A container element that may be empty (`<bricks/>`): '' when empty, undefined when absent. */
  container(parent: XmlObject, tag: string): XmlObject | '' | undefined {
    const value = this.one(parent, tag)
    if (value === undefined || value === '' || isObject(value)) return value
    throw this.fail(`<${tag}> holds text instead of elements`, `<${tag}>`)
  }

  /** Text of child `tag` (trimmed), or of the element itself when `tag` is '#text'; undefined when absent. */
  text(parent: XmlObject, tag: string): string | undefined {
    const value = tag === '#text' ? parent['#text'] : this.one(parent, tag)
    if (value === undefined) return undefined
    if (typeof value === 'string') return value
    if (isObject(value) && hasOwn(value, '#text') && typeof value['#text'] === 'string') return value['#text']
    throw this.fail(`<${tag}> holds elements where text is expected`, `<${tag}`)
  }

  requiredText(parent: XmlObject, tag: string, where: string): string {
    const value = this.text(parent, tag)
    if (value === undefined || value === '') throw this.fail(`${where} has no <${tag}>`)
    return value
  }

  /** Integer child `tag`: undefined when absent, null for a "no value" token, ParseError for anything else. */
  int(parent: XmlObject, tag: string, options: IntOptions = {}): number | null | undefined {
    const raw = this.text(parent, tag)
    if (raw === undefined) return undefined
    if (options.nullTokens?.includes(raw)) return null
    if (!/^-?\d{1,20}$/.test(raw)) throw this.fail(`<${tag}> is not a number: ${JSON.stringify(raw.length > 40 ? `${raw.slice(0, 40)}…` : raw)}`, `<${tag}>${raw}`)
    const value = Number(raw)
    if (options.nullAtOrBelow !== undefined && value <= options.nullAtOrBelow) return null
    return value
  }

  /** Integer that must be present (a missing count is garbage, not zero). */
  requiredInt(parent: XmlObject, tag: string, where: string, options: IntOptions = {}): number | null {
    const value = this.int(parent, tag, options)
    if (value === undefined) throw this.fail(`${where} has no <${tag}>`)
    return value
  }

  /** gluster's 0/1 flags. */
  flag(parent: XmlObject, tag: string): boolean | undefined {
    const raw = this.text(parent, tag)
    if (raw === undefined) return undefined
    if (raw === '1') return true
    if (raw === '0') return false
    throw this.fail(`<${tag}> should be 0 or 1, not ${JSON.stringify(raw.slice(0, 40))}`, `<${tag}>${raw}`)
  }

  /** Splits gluster's "host:/path" brick name; hosts may hold ':' (IPv6), paths always start with '/'. */
  brickName(name: string): { host: string; path: string } {
    const at = name.indexOf(':/')
    if (at <= 0) throw this.fail(`brick name ${JSON.stringify(name.slice(0, 80))} is not host:/path`, name)
    return { host: name.slice(0, at), path: name.slice(at + 1) }
  }
}
