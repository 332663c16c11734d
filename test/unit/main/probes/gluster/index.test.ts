// Robustness of every gluster parser on every real XML capture: truncated at many lengths, mutated,
// or replaced by garbage, a parser either returns the public shape or throws ParseError naming its
// tool. Never another exception, never numbers that the input did not contain.
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { glusterParsers, type GlusterParserKind } from '../../../../../src/main/probes/gluster/index'
import { ParseError } from '../../../../../src/main/probes/parse-error'
import { glusterFixture, glusterXmlFixtures } from './fixture'

const count = z.number().int().nonnegative()
const nullableCount = count.nullable()
const volumeType = z.enum(['replicate', 'distributed-replicate', 'arbiter', 'disperse', 'distributed-disperse', 'distribute'])
const healBrick = z.object({ host: z.string().min(1), path: z.string().startsWith('/'), connected: z.boolean(), pending: nullableCount, splitBrain: nullableCount, possiblyHealing: nullableCount })
const peers = z.object({ peers: z.array(z.object({ uuid: z.string().min(1), hostname: z.string().min(1), connected: z.boolean(), state: z.string().nullable() })) })

// The public JSON format: these field names are what other tools read.
const shapes: Record<GlusterParserKind, z.ZodType> = {
  'gluster-volume-info': z.object({
    volumes: z.array(
      z.object({
        name: z.string().min(1),
        type: volumeType,
        typeStr: z.string().nullable(),
        status: z.enum(['created', 'started', 'stopped']),
        brickCount: count,
        replicaCount: count.min(1),
        arbiterCount: count,
        disperseCount: count,
        redundancyCount: count,
        bricks: z.array(z.object({ host: z.string().min(1), path: z.string().startsWith('/'), isArbiter: z.boolean() }))
      })
    )
  }),
  'gluster-volume-status': z.object({
    volumes: z.array(
      z.object({
        name: z.string().min(1),
        bricks: z.array(
          z.object({
            host: z.string().min(1),
            path: z.string().startsWith('/'),
            online: z.boolean(),
            pid: count.min(1).nullable(),
            port: count.min(1).nullable(),
            sizeTotalBytes: nullableCount,
            sizeFreeBytes: nullableCount,
            inodesTotal: nullableCount,
            inodesFree: nullableCount
          })
        ),
        daemons: z.array(z.object({ name: z.string().min(1), host: z.string().min(1), online: z.boolean(), pid: count.min(1).nullable() }))
      })
    )
  }),
  'gluster-heal-info': z.object({ bricks: z.array(healBrick) }),
  'gluster-heal-summary': z.object({ bricks: z.array(healBrick) }),
  'gluster-peer-status': peers,
  'gluster-pool-list': peers
}

function kindOf(file: string): GlusterParserKind {
  const name = file.replace(/^topologies\//, '').replace(/^single-node-replica3\./, '')
  if (name.startsWith('volume-info')) return 'gluster-volume-info'
  if (name.startsWith('volume-status')) return 'gluster-volume-status'
  if (name.startsWith('volume-heal-info-summary')) return 'gluster-heal-summary'
  if (name.startsWith('volume-heal-info')) return 'gluster-heal-info'
  if (name.startsWith('peer-status')) return 'gluster-peer-status'
  if (name.startsWith('pool-list')) return 'gluster-pool-list'
  throw new Error(`no parser for fixture ${file}`)
}

function numbersIn(value: unknown): number[] {
  if (typeof value === 'number') return [value]
  if (Array.isArray(value)) return value.flatMap(numbersIn)
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(numbersIn)
  return []
}

// Counts the parser works out itself (not read from an element), checked against the brick list instead.
const derivedKeys = new Set(['distCount'])
function readNumbers(value: unknown): number[] {
  if (Array.isArray(value)) return value.flatMap(readNumbers)
  if (typeof value === 'object' && value !== null) return Object.entries(value).flatMap(([key, item]) => (derivedKeys.has(key) ? [] : typeof item === 'number' ? [item] : readNumbers(item)))
  return []
}

/** Runs one parser; returns 'parsed' or 'refused', failing the test on anything else. */
function outcome(kind: GlusterParserKind, text: string, label: string): 'parsed' | 'refused' {
  let result: unknown
  try {
    result = glusterParsers[kind](text)
  } catch (error) {
    // plain checks, not expect(): this runs tens of thousands of times
    if (!(error instanceof ParseError)) throw new Error(`${label}: ${kind} threw ${String(error)} instead of ParseError`, { cause: error })
    if (error.tool !== kind || !error.message.startsWith(`${kind}: `) || error.message.includes('\n')) {
      throw new Error(`${label}: ParseError should name ${kind} on one line: ${JSON.stringify(error.message)}`, { cause: error })
    }
    return 'refused'
  }
  const checked = shapes[kind].safeParse(result)
  if (!checked.success) throw new Error(`${label}: ${kind} returned a wrong shape: ${checked.error.message}`)
  if (!numbersIn(result).every(Number.isFinite)) throw new Error(`${label}: ${kind} returned NaN or Infinity`)
  // Every number must be one gluster printed: an invented 0 for a missing or broken field fails here.
  for (const number of readNumbers(result)) {
    if (!new RegExp(`>\\s*${number}\\s*<`).test(text)) throw new Error(`${label}: ${kind} returned ${number}, which the input does not contain`)
  }
  return 'parsed'
}

const fixtures = glusterXmlFixtures()

describe('gluster parser robustness', () => {
  it('covers every XML capture (shared ones and the extra topologies)', () => {
    expect(fixtures.length).toBe(39)
    for (const file of fixtures) kindOf(file)
  })

  it('parses or cleanly refuses every capture in full', () => {
    const refusals = fixtures.filter((file) => outcome(kindOf(file), glusterFixture(file), file) === 'refused')
    // exactly the captures where gluster itself reported a failure
    expect(refusals).toEqual([
      'topologies/volume-heal-info-summary.no-glusterd-socket.xml',
      'topologies/volume-heal-info.no-glusterd-socket.xml',
      'topologies/volume-info.missing-volume.xml',
      'topologies/volume-status-detail.missing-volume.xml',
      'topologies/volume-status-detail.stopped.xml'
    ])
  })

  it('refuses every truncation of every capture', () => {
    for (const file of fixtures) {
      const kind = kindOf(file)
      const text = glusterFixture(file)
      // every length near the start and the end, and a sample in between to stay fast
      const step = Math.max(1, Math.ceil(text.length / 400))
      const lengths = new Set<number>()
      for (let length = 0; length < text.length; length += step) lengths.add(length)
      for (let length = Math.max(0, text.length - 80); length < text.length; length += 1) lengths.add(length)
      for (let length = 0; length < Math.min(80, text.length); length += 1) lengths.add(length)
      for (const length of lengths) {
        const prefix = text.slice(0, length)
        const result = outcome(kind, prefix, `${file}[0,${length})`)
        // only the loss of trailing whitespace leaves a complete document
        if (prefix.trim() !== text.trim()) expect(result, `${file} cut at ${length}`).toBe('refused')
      }
    }
  })

  it('refuses a number replaced by letters, or parses without it when the field is unused', () => {
    let refused = 0
    for (const file of fixtures) {
      const text = glusterFixture(file)
      for (const match of text.matchAll(/>(-?\d+)</g)) {
        const at = match.index + 1
        const mutated = `${text.slice(0, at)}abc${text.slice(at + (match[1] ?? '').length)}`
        if (outcome(kindOf(file), mutated, `${file}: number at ${at} -> abc`) === 'refused') refused += 1
      }
    }
    expect(refused).toBeGreaterThan(300)
  })

  it('refuses every capture with any one closing tag deleted', () => {
    for (const file of fixtures) {
      const text = glusterFixture(file)
      for (const match of text.matchAll(/<\/[A-Za-z]+>/g)) {
        const mutated = text.slice(0, match.index) + text.slice(match.index + match[0].length)
        expect(outcome(kindOf(file), mutated, `${file}: deleted ${match[0]} at ${match.index}`)).toBe('refused')
      }
    }
  })

  it('parses or refuses every capture with any one element duplicated', () => {
    let parsed = 0
    let refused = 0
    for (const file of fixtures) {
      const text = glusterFixture(file)
      // gluster never nests an element in one of the same name, so the next closing tag ends it
      // the large multi-volume captures repeat the same rows: every third element is enough there
      const stride = text.length > 5000 ? 3 : 1
      for (const [index, open] of [...text.matchAll(/<(\w+)(?: [^>]*)?>/g)].entries()) {
        if (index % stride !== 0) continue
        const close = `</${open[1]}>`
        const end = text.indexOf(close, open.index) + close.length
        if (end < close.length) continue
        const element = text.slice(open.index, end)
        const mutated = text.slice(0, end) + element + text.slice(end)
        if (outcome(kindOf(file), mutated, `${file}: duplicated <${open[1]}> at ${open.index}`) === 'parsed') parsed += 1
        else refused += 1
      }
    }
    // both happen: a repeated <blockSize> is harmless, a repeated <opRet> or brick is not
    expect(parsed).toBeGreaterThan(0)
    expect(refused).toBeGreaterThan(0)
  })

  it('refuses garbage of every kind with a ParseError naming the tool', () => {
    let seed = 42
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed / 2 ** 31
    }
    const binary = Buffer.from(Array.from({ length: 4096 }, () => Math.floor(random() * 256))).toString('latin1')
    const garbage: Record<string, string> = {
      empty: '',
      whitespace: ' \n\t\n',
      binary,
      'binary after a valid start': `<?xml version="1.0"?>\n<cliOutput>${binary}`,
      html: '<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>\n',
      'html, not well-formed': '<html><body><p>Login<br></body></html>',
      json: '{"volumes":[{"name":"vol0","bricks":[]}]}',
      'plain text output': glusterFixture('volume-status-detail.brick-down.txt'),
      'ssh banner before the XML': `Welcome to hv-02\n${glusterFixture('volume-info.healthy.xml')}`,
      'empty envelope': '<cliOutput/>',
      'envelope without payload': '<cliOutput><opRet>0</opRet><opErrno>0</opErrno><opErrstr/></cliOutput>',
      'two roots': `${glusterFixture('peer-status.healthy.xml')}<cliOutput/>`,
      'prototype keys': '<cliOutput><opRet>0</opRet><__proto__><polluted>1</polluted></__proto__></cliOutput>',
      'deep nesting': `<cliOutput>${'<a>'.repeat(50_000)}${'</a>'.repeat(50_000)}</cliOutput>`,
      'gluster busy': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cliOutput>\n  <opRet>-1</opRet>\n  <opErrno>30802</opErrno>\n  <opErrstr>Another transaction is in progress for vol0. Please try again after some time.</opErrstr>\n</cliOutput>\n'
    }
    for (const kind of Object.keys(glusterParsers) as GlusterParserKind[]) {
      for (const [label, text] of Object.entries(garbage)) expect(outcome(kind, text, `${kind} on ${label}`), `${kind} on ${label}`).toBe('refused')
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('reports gluster\'s own error text when opRet is not zero', () => {
    const busy = '<cliOutput><opRet>-1</opRet><opErrno>30802</opErrno><opErrstr>Another transaction is in progress for vol0. Please try again after some time.</opErrstr></cliOutput>'
    expect(() => glusterParsers['gluster-volume-status'](busy)).toThrow(
      'gluster-volume-status: gluster reported an error (opRet -1, opErrno 30802): Another transaction is in progress for vol0. Please try again after some time.'
    )
  })

  it('refuses another command\'s output instead of reading it as empty', () => {
    const sameFormat = new Set(['gluster-peer-status|gluster-pool-list', 'gluster-pool-list|gluster-peer-status'])
    const samples = ['volume-info.healthy.xml', 'volume-status-detail.healthy.xml', 'volume-heal-info.brick-down.xml', 'volume-heal-info-summary.brick-down.xml', 'peer-status.healthy.xml', 'pool-list.healthy.xml']
    for (const sample of samples) {
      for (const kind of Object.keys(glusterParsers) as GlusterParserKind[]) {
        if (kind === kindOf(sample) || sameFormat.has(`${kind}|${kindOf(sample)}`)) continue
        expect(outcome(kind, glusterFixture(sample), `${kind} on ${sample}`), `${kind} on ${sample}`).toBe('refused')
      }
    }
  })
})
