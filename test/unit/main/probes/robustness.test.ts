import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ParseError } from '../../../../src/main/probes/parse-error'
import { libvirtParsers } from '../../../../src/main/probes/libvirt/index'
import { linuxParsers } from '../../../../src/main/probes/linux/index'
import { mailParsers } from '../../../../src/main/probes/mail/index'

/**
 * Every real capture of the Linux, libvirt and mail kinds, cut at (a sample of) every position and
 * damaged in the ways real transfers and wrong files damage output. Each variant must either parse
 * to a clean shape or throw a ParseError naming the tool: never another exception, never NaN.
 */

const fixture = (path: string): string => readFileSync(new URL(`../../../fixtures/${path}`, import.meta.url), 'utf8')

const parsers: Record<string, (text: string) => unknown> = { ...linuxParsers, ...libvirtParsers, ...mailParsers }

interface KindCase {
  kind: string
  /** The tool name a ParseError of this kind carries. */
  tool: string
  fixtures: string[]
}

const CASES: KindCase[] = [
  { kind: 'loadavg', tool: '/proc/loadavg', fixtures: ['linux/proc-loadavg.txt', 'mail/proc-loadavg.txt', 'ssh/openssh-loadavg.txt'] },
  { kind: 'meminfo', tool: '/proc/meminfo', fixtures: ['linux/proc-meminfo.txt'] },
  { kind: 'stat', tool: '/proc/stat', fixtures: ['linux/proc-stat.txt', 'linux/proc-stat.after-1s.txt'] },
  {
    kind: 'vmstat',
    tool: 'vmstat',
    fixtures: ['linux/vmstat-1-3.txt', 'linux/vmstat-1-9.tty-8-rows.txt', 'linux/vmstat-w-1-2.txt', 'linux/vmstat-a-1-2.txt', 'mail/vmstat-1-2.txt']
  },
  {
    kind: 'psi',
    tool: '/proc/pressure',
    fixtures: ['linux/proc-pressure-cpu.txt', 'linux/proc-pressure-io.txt', 'linux/proc-pressure-memory.txt', 'mail/proc-pressure-memory.txt', 'mail/proc-pressure-cpu-io.txt']
  },
  { kind: 'uptime', tool: '/proc/uptime', fixtures: ['linux/proc-uptime.txt'] },
  { kind: 'uptime-command', tool: 'uptime', fixtures: ['linux/uptime.txt', 'mail/uptime.txt'] },
  { kind: 'hostname', tool: 'hostname', fixtures: ['linux/hostname.txt'] },
  { kind: 'nproc', tool: 'nproc', fixtures: ['linux/nproc.txt', 'mail/nproc.txt'] },
  {
    kind: 'virsh-list',
    tool: 'virsh list',
    fixtures: [
      'libvirt/qemu.virsh-list-all.txt',
      'libvirt/virsh-list-all.txt',
      'libvirt/testdriver-custom-node.list-all.txt',
      'libvirt/testdriver-probe.list-all.txt',
      'libvirt/testdriver-empty.list-all.txt'
    ]
  },
  {
    kind: 'virsh-dominfo',
    tool: 'virsh dominfo',
    fixtures: [
      'libvirt/qemu.virsh-dominfo-lab-vm1.txt',
      'libvirt/virsh-dominfo-test.txt',
      'libvirt/testdriver-custom-node.dominfo-db-01.txt',
      'libvirt/testdriver-probe.dominfo-db-02.txt',
      'libvirt/testdriver-probe.dominfo-batch-03.txt',
      'libvirt/testdriver-probe.dominfo-missing.txt'
    ]
  },
  {
    kind: 'virsh-domstats',
    tool: 'virsh domstats',
    fixtures: [
      'libvirt/qemu.virsh-domstats-raw.txt',
      'libvirt/qemu.virsh-domstats.txt',
      'libvirt/virsh-domstats-raw.txt',
      'libvirt/virsh-domstats.txt',
      'libvirt/testdriver-probe.domstats-raw.txt',
      'libvirt/testdriver-empty.domstats-raw.txt'
    ]
  },
  {
    kind: 'virsh-nodeinfo',
    tool: 'virsh nodeinfo',
    fixtures: ['libvirt/qemu.virsh-nodeinfo.txt', 'libvirt/virsh-nodeinfo.txt', 'libvirt/testdriver-custom-node.nodeinfo.txt']
  },
  {
    kind: 'virsh-domjobinfo',
    tool: 'virsh domjobinfo',
    fixtures: ['libvirt/qemu.virsh-domjobinfo-completed-after-migration.txt', 'libvirt/qemu.virsh-domjobinfo-lab-vm2.txt', 'libvirt/virsh-domjobinfo-test.txt']
  },
  {
    kind: 'virsh-domblklist',
    tool: 'virsh domblklist',
    fixtures: [
      'libvirt/qemu.virsh-domblklist-lab-vm1.txt',
      'libvirt/virsh-domblklist-test.txt',
      'libvirt/virsh-domblklist-details-test.txt',
      'libvirt/testdriver-probe.domblklist-details-web-01.txt'
    ]
  },
  {
    kind: 'virsh-dumpxml',
    tool: 'virsh dumpxml',
    fixtures: [
      'libvirt/virsh-dumpxml-test.xml',
      'libvirt/virsh-dumpxml-test.head40.xml',
      'libvirt/qemu.virsh-dumpxml-lab-vm1.head40.xml',
      'libvirt/testdriver-probe.dumpxml-web-01.xml'
    ]
  },
  {
    kind: 'doveadm-who',
    tool: 'doveadm who',
    fixtures: ['mail/doveadm-who.txt', 'mail/doveadm-who-1.txt', 'mail/doveadm-who.after-logout.txt', 'mail/doveadm-who.limits.txt', 'mail/doveadm-who-1.limits.txt']
  },
  { kind: 'doveadm-service-status', tool: 'doveadm service status', fixtures: ['mail/doveadm-service-status.txt'] },
  { kind: 'doveadm-process-status', tool: 'doveadm process status', fixtures: ['mail/doveadm-process-status.txt'] },
  { kind: 'doveadm-penalty', tool: 'doveadm penalty', fixtures: ['mail/doveadm-penalty.txt', 'mail/doveadm-penalty.limits.txt'] },
  { kind: 'doveadm-stats-dump', tool: 'doveadm stats dump', fixtures: ['mail/doveadm-stats-dump.txt'] },
  {
    kind: 'ss',
    tool: 'ss',
    fixtures: [
      'mail/ss-established-143-110.txt',
      'linux/ss-established-H.txt',
      'linux/ss-established.txt',
      'linux/ss-established-p.txt',
      'linux/ss-tn-both-directions.txt',
      'linux/ss-established-none.txt'
    ]
  },
  { kind: 'postqueue-json', tool: 'postqueue -j', fixtures: ['mail/postqueue-j.jsonl'] },
  {
    kind: 'mail-log',
    tool: 'mail log',
    fixtures: [
      'mail/dovecot-log-tail.txt',
      'mail/dovecot-log-auth-failures.txt',
      'mail/postfix-log-tail.txt',
      'mail/dovecot-log.limits.txt',
      'mail/dovecot-syslog-iso.limits.txt',
      'mail/dovecot-syslog-traditional.limits.txt',
      'mail/dovecot-syslog-instance-name.limits.txt'
    ]
  }
]

const HTML_ERROR_PAGE = `<!DOCTYPE html>
<html>
<head><title>502 Bad Gateway</title></head>
<body>
<center><h1>502 Bad Gateway</h1></center>
<hr><center>nginx/1.22.1</center>
</body>
</html>
`

/** Deterministic bytes so a failure reproduces; decoded the way an SSH channel's UTF-8 text would be. */
function garbage(seed: number, length: number): string {
  const bytes = Buffer.alloc(length)
  let state = seed
  for (let index = 0; index < length; index += 1) {
    state = (state * 1103515245 + 12345) % 2147483648
    bytes[index] = state >> 16
  }
  return bytes.toString('utf8')
}

/** At most `limit` evenly spread items, so big captures stay within the time budget. */
function spread<T>(items: T[], limit: number): T[] {
  if (items.length <= limit) return items
  return Array.from({ length: limit }, (_, index) => items[Math.floor((index * items.length) / limit)] as T)
}

function cutPositions(text: string): number[] {
  const all = Array.from({ length: text.length + 1 }, (_, index) => index)
  if (text.length <= 2500) return all
  const lineEnds = [...text.matchAll(/\n/g)].flatMap((match) => [match.index, match.index + 1])
  return [...new Set([...spread(all, 600), ...spread(lineEnds, 400), text.length])]
}

function variants(text: string): { name: string; text: string }[] {
  const lines = text.split('\n')
  const numbers = [...text.matchAll(/\d+/g)]
  const found: { name: string; text: string }[] = [
    { name: 'empty input', text: '' },
    { name: 'HTML error page', text: HTML_ERROR_PAGE },
    { name: 'binary garbage', text: garbage(7, 512) },
    { name: 'binary garbage in the middle', text: `${text.slice(0, text.length >> 1)}${garbage(11, 64)}${text.slice(text.length >> 1)}` },
    { name: 'NUL bytes appended', text: `${text}\u0000\u0000\u0000` }
  ]
  for (const cut of cutPositions(text)) found.push({ name: `cut at ${cut}`, text: text.slice(0, cut) })
  for (const match of spread(numbers, 150)) {
    const at = match.index
    found.push({ name: `number at ${at} replaced by x`, text: `${text.slice(0, at)}x${text.slice(at + match[0].length)}` })
  }
  for (const index of spread([...lines.keys()], 120)) {
    found.push({ name: `line ${index + 1} deleted`, text: lines.filter((_, other) => other !== index).join('\n') })
    found.push({ name: `line ${index + 1} duplicated`, text: lines.flatMap((line, other) => (other === index ? [line, line] : [line])).join('\n') })
  }
  return found
}

/** What a bad result looks like: NaN, Infinity, undefined, or a value that is not plain JSON. */
function shapeProblems(value: unknown, path: string, problems: string[]): void {
  if (problems.length > 3) return
  if (value === undefined) problems.push(`${path} is undefined`)
  else if (typeof value === 'number') {
    if (!Number.isFinite(value)) problems.push(`${path} is ${value}`)
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => shapeProblems(item, `${path}[${index}]`, problems))
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) shapeProblems(item, `${path}.${key}`, problems)
  } else if (typeof value !== 'string' && typeof value !== 'boolean' && value !== null) {
    problems.push(`${path} is a ${typeof value}`)
  }
}

// Free-form maps whose values may legitimately switch between number and text.
const FREE_MAPS = new Set(['stats', 'raw', 'extra'])

/** Leaf types by path (array indexes folded to []), to check a damaged parse keeps each field's type. */
function leafTypes(value: unknown, path: string, into: Map<string, Set<string>>): Map<string, Set<string>> {
  if (Array.isArray(value)) value.forEach((item) => leafTypes(item, `${path}[]`, into))
  else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) if (!FREE_MAPS.has(key)) leafTypes(item, `${path}.${key}`, into)
  } else {
    const types = into.get(path) ?? new Set<string>()
    types.add(value === null ? 'null' : typeof value)
    into.set(path, types)
  }
  return into
}

function typeDrift(original: Map<string, Set<string>>, damaged: Map<string, Set<string>>): string[] {
  const drift: string[] = []
  for (const [path, types] of damaged) {
    const expected = original.get(path)
    if (expected === undefined || expected.has('null')) continue
    for (const type of types) if (type !== 'null' && !expected.has(type)) drift.push(`${path} became ${type} (was ${[...expected].join('|')})`)
  }
  return drift
}

describe.each(CASES)('$kind parser on damaged real captures', ({ kind, tool, fixtures }) => {
  const parse = parsers[kind]

  it('is registered under its kind', () => {
    expect(parse).toBeTypeOf('function')
  })

  it.each(fixtures)('%s: every variant parses cleanly or throws a ParseError naming the tool', (path) => {
    const run = parse as (text: string) => unknown
    const text = fixture(path)
    let originalTypes: Map<string, Set<string>> | null = null
    try {
      originalTypes = leafTypes(run(text), '', new Map())
    } catch (error) {
      if (!(error instanceof ParseError)) throw error
    }
    const failures: string[] = []
    for (const variant of variants(text)) {
      let result: unknown
      try {
        result = run(variant.text)
      } catch (error) {
        if (!(error instanceof ParseError)) failures.push(`${variant.name}: threw ${String(error)}`)
        else if (error.tool !== tool || !error.message.startsWith(`${tool}: `)) failures.push(`${variant.name}: ParseError names ${error.tool}`)
        continue
      }
      const problems: string[] = []
      shapeProblems(result, kind, problems)
      if (originalTypes !== null) problems.push(...typeDrift(originalTypes, leafTypes(result, '', new Map())))
      if (problems.length > 0) failures.push(`${variant.name}: ${problems.join('; ')}`)
    }
    expect(failures.slice(0, 10)).toEqual([])
  })
})

describe('empty input', () => {
  const alwaysPrints = ['loadavg', 'meminfo', 'stat', 'vmstat', 'psi', 'uptime', 'uptime-command', 'hostname', 'nproc', 'virsh-list', 'virsh-dominfo', 'virsh-domstats', 'virsh-nodeinfo', 'virsh-domjobinfo', 'virsh-domblklist', 'virsh-dumpxml', 'doveadm-who', 'doveadm-service-status', 'doveadm-process-status', 'doveadm-penalty', 'doveadm-stats-dump']

  it.each(alwaysPrints)('%s: a tool that always prints something gives a ParseError for no output', (kind) => {
    expect(() => (parsers[kind] as (text: string) => unknown)('')).toThrow(ParseError)
  })

  it('is an empty list for the tools that print nothing when there is nothing: ss -H, postqueue -j, a quiet log', () => {
    expect(parsers['ss']?.('')).toEqual({ connections: [] })
    expect(parsers['postqueue-json']?.('')).toEqual({ messages: [] })
    expect(parsers['mail-log']?.('')).toEqual({ events: [], other: 0, malformed: [] })
  })
})
