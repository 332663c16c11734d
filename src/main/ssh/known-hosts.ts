// OpenSSH known_hosts format (sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT"): parse, match a host the
// way ssh does, and format new lines. Pure functions; reading and writing files is the verifier's.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { keyTypeOfBlob } from './ssh-key-blob'

export type KnownHostsMarker = 'revoked' | 'cert-authority'

export type HostMatcher =
  | { kind: 'hashed'; salt: Buffer; hash: Buffer }
  /** Comma-separated patterns: `*` and `?` wildcards, `!` negation, `[host]:port` form. */
  | { kind: 'patterns'; patterns: string[] }

export interface KnownHostsEntry {
  file: string
  lineNumber: number
  marker?: KnownHostsMarker
  hosts: HostMatcher
  keyType: string
  keyBlob: Buffer
  comment?: string
}

/** A line ssh would skip; reported rather than dropped silently so the user can fix the file. */
export interface KnownHostsProblem {
  file: string
  lineNumber: number
  message: string
}

export interface ParsedKnownHosts {
  entries: KnownHostsEntry[]
  problems: KnownHostsProblem[]
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/

function parseHostField(field: string): HostMatcher | string {
  if (field.startsWith('|')) {
    const parts = field.split('|')
    // "|1|salt|hash" splits into ['', '1', salt, hash].
    if (parts.length !== 4 || parts[1] !== '1') return `unsupported hashed host format "${field}"`
    const salt = Buffer.from(parts[2] ?? '', 'base64')
    const hash = Buffer.from(parts[3] ?? '', 'base64')
    if (salt.length !== 20 || hash.length !== 20) return `malformed hashed host "${field}"`
    return { kind: 'hashed', salt, hash }
  }
  const patterns = field.split(',').filter((pattern) => pattern.length > 0)
  if (patterns.length === 0) return 'empty host list'
  return { kind: 'patterns', patterns: patterns.map((pattern) => pattern.toLowerCase()) }
}

function parseLine(line: string, file: string, lineNumber: number): KnownHostsEntry | string | undefined {
  const trimmed = line.trim()
  if (trimmed === '' || trimmed.startsWith('#')) return undefined
  const fields = trimmed.split(/\s+/)
  let marker: KnownHostsMarker | undefined
  if (fields[0]?.startsWith('@')) {
    const name = fields.shift()
    if (name === '@revoked') marker = 'revoked'
    else if (name === '@cert-authority') marker = 'cert-authority'
    else return `unknown marker "${name}"`
  }
  const [hostField, keyType, base64, ...rest] = fields
  if (hostField === undefined || keyType === undefined || base64 === undefined) return 'expected "hosts keytype base64-key [comment]"'
  if (/^\d+$/.test(keyType)) return 'SSH-1 RSA keys are not supported'
  const hosts = parseHostField(hostField)
  if (typeof hosts === 'string') return hosts
  if (!BASE64.test(base64)) return `key for ${keyType} is not base64`
  const keyBlob = Buffer.from(base64, 'base64')
  const innerType = keyTypeOfBlob(keyBlob)
  if (innerType !== keyType) return innerType === undefined ? `key for ${keyType} is malformed` : `key type field says ${keyType} but the key is ${innerType}`
  const entry: KnownHostsEntry = { file, lineNumber, hosts, keyType, keyBlob }
  if (marker) entry.marker = marker
  if (rest.length > 0) entry.comment = rest.join(' ')
  return entry
}

export function parseKnownHosts(text: string, file: string): ParsedKnownHosts {
  const entries: KnownHostsEntry[] = []
  const problems: KnownHostsProblem[] = []
  text.split(/\r?\n/).forEach((line, index) => {
    const result = parseLine(line, file, index + 1)
    if (typeof result === 'string') problems.push({ file, lineNumber: index + 1, message: result })
    else if (result) entries.push(result)
  })
  return { entries, problems }
}

/** The name ssh looks up: `host` on port 22, `[host]:port` otherwise; lower case. */
export function knownHostsName(host: string, port: number): string {
  const lower = host.toLowerCase()
  return port === 22 ? lower : `[${lower}]:${port}`
}

export function hashHostName(name: string, salt: Buffer = randomBytes(20)): string {
  const hash = createHmac('sha1', salt).update(name).digest()
  return `|1|${salt.toString('base64')}|${hash.toString('base64')}`
}

function wildcardMatch(text: string, pattern: string): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')
  return new RegExp(`^${source}$`, 's').test(text)
}

/** OpenSSH match_hostname: any negated match vetoes the line, else one positive match is enough. */
export function hostMatches(hosts: HostMatcher, host: string, port: number): boolean {
  const name = knownHostsName(host, port)
  if (hosts.kind === 'hashed') {
    const hash = createHmac('sha1', hosts.salt).update(name).digest()
    return timingSafeEqual(hash, hosts.hash)
  }
  let matched = false
  for (const pattern of hosts.patterns) {
    const negated = pattern.startsWith('!')
    if (wildcardMatch(name, negated ? pattern.slice(1) : pattern)) {
      if (negated) return false
      matched = true
    }
  }
  return matched
}

/** A known_hosts line for a newly trusted key; plain by default like OpenSSH's HashKnownHosts no. */
export function formatKnownHostsLine(host: string, port: number, keyBlob: Buffer, options: { hashed?: boolean; comment?: string } = {}): string {
  const keyType = keyTypeOfBlob(keyBlob)
  if (keyType === undefined) throw new Error('cannot save a malformed host key')
  const name = knownHostsName(host, port)
  const hostField = options.hashed ? hashHostName(name) : name
  return [hostField, keyType, keyBlob.toString('base64'), ...(options.comment ? [options.comment] : [])].join(' ')
}
