// Reading a site YAML file: YAML syntax, the zod schemas, unknown fields, then the cross-site
// rules. Every error names the line and the field, so a hand-edited file can be fixed from the
// message alone. No I/O here: the CLI and the store's import both hand in the text.
import { LineCounter, isNode, parseDocument, type Document } from 'yaml'
import { z } from 'zod'
import { checkSite } from './domain/site-rules'
import { SiteSchema, type Site } from './model'

export interface SiteFileError {
  file: string
  /** 1-based line in the file, null when no line can be blamed (an empty file). */
  line: number | null
  /** The field, as `devices[3].positionU`; empty for the document as a whole. */
  path: string
  message: string
}

export type SiteYamlResult = { ok: true; site: Site } | { ok: false; errors: SiteFileError[] }

type DocPath = (string | number)[]

/** `['devices', 3, 'positionU']` -> `devices[3].positionU` */
export function formatSitePath(path: readonly (string | number)[]): string {
  return path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : text === '' ? key : `${text}.${key}`), '')
}

/** One line for a terminal: `site.yaml:23: devices[3].positionU: U46–U47 is outside R01 (46U)`. */
export function formatSiteError(error: SiteFileError): string {
  const where = error.line === null ? error.file : `${error.file}:${error.line}`
  return error.path === '' ? `${where}: ${error.message}` : `${where}: ${error.path}: ${error.message}`
}

// The nearest node that exists along the path: a missing field is blamed on the mapping that lacks it.
function lineOf(doc: Document, lineCounter: LineCounter, path: DocPath): number | null {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true)
    if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line
  }
  return null
}

function valueAt(value: unknown, path: DocPath): unknown {
  return path.reduce<unknown>((node, key) => (isRecord(node) || Array.isArray(node) ? (node as Record<string | number, unknown>)[key] : undefined), value)
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

// The schemas strip unknown keys; in a hand-written file an unknown key is usually a typo
// (`contractWats`) that would silently drop a limit, so it is an error here.
function unknownFields(schema: z.ZodType, value: unknown, path: DocPath): { path: DocPath; message: string }[] {
  if (schema instanceof z.ZodDefault || schema instanceof z.ZodOptional) return unknownFields(schema.unwrap() as z.ZodType, value, path)
  if (schema instanceof z.ZodArray && Array.isArray(value))
    return value.flatMap((item, index) => unknownFields(schema.element as z.ZodType, item, [...path, index]))
  if (schema instanceof z.ZodObject && isRecord(value)) {
    const shape = schema.shape as Record<string, z.ZodType>
    const known = Object.keys(shape)
    return Object.entries(value).flatMap(([key, item]) => {
      const field = shape[key]
      if (field === undefined) return [{ path: [...path, key], message: `unknown field (expected one of: ${known.join(', ')})` }]
      return unknownFields(field, item, [...path, key])
    })
  }
  return []
}

// yaml's messages end with "at line N, column M:" and a code excerpt; the line is reported apart.
function firstLine(message: string): string {
  const head = message.split('\n')[0] ?? message
  return head.replace(/ at line \d+, column \d+:?$/, '')
}

export function loadSiteYaml(text: string, fileName: string): SiteYamlResult {
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { lineCounter, prettyErrors: true })
  if (doc.errors.length > 0)
    return {
      ok: false,
      errors: doc.errors.map((e) => ({ file: fileName, line: e.linePos?.[0].line ?? null, path: '', message: firstLine(e.message) }))
    }
  if (doc.contents === null) return { ok: false, errors: [{ file: fileName, line: null, path: '', message: 'the site file is empty' }] }

  const raw: unknown = doc.toJS()
  const toError = (path: DocPath, message: string): SiteFileError => ({ file: fileName, line: lineOf(doc, lineCounter, path), path: formatSitePath(path), message })
  const parsed = SiteSchema.safeParse(raw)
  const errors: SiteFileError[] = unknownFields(SiteSchema, raw, []).map((u) => toError(u.path, u.message))
  if (!parsed.success)
    for (const issue of parsed.error.issues) {
      const path = issue.path.filter((key): key is string | number => typeof key !== 'symbol')
      // zod words a missing field as "received undefined"; say what is missing instead.
      const missing = issue.code === 'invalid_type' && path.length > 0 && valueAt(raw, path) === undefined
      errors.push(toError(path, missing ? `missing field (expected ${issue.expected})` : issue.message))
    }
  if (!parsed.success || errors.length > 0) return { ok: false, errors: errors.sort(byLine) }

  const issues = checkSite(parsed.data)
  if (issues.length > 0) return { ok: false, errors: issues.map((i) => toError(i.path, i.message)).sort(byLine) }
  return { ok: true, site: parsed.data }
}

function byLine(a: SiteFileError, b: SiteFileError): number {
  return (a.line ?? 0) - (b.line ?? 0)
}
