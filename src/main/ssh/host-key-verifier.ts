// Decides what a presented host key means, with OpenSSH's semantics, against the user's own
// known_hosts files (read only) and Rackside's known_hosts file (read and appended to).
import { appendFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { dirname, join } from 'node:path'
import { formatKnownHostsLine, hostMatches, parseKnownHosts, type KnownHostsEntry, type KnownHostsProblem } from './known-hosts'
import { keyTypeOfBlob, sha256Fingerprint } from './ssh-key-blob'

export interface KnownHostsSource {
  file: string
  lineNumber: number
}

export type HostKeyCheck =
  | { kind: 'known'; host: string; port: number; keyType: string; sha256: string; source: KnownHostsSource }
  | {
      kind: 'unknown'
      host: string
      port: number
      keyType: string
      sha256: string
      /** Key types already known for this host: the UI should warn that this one is new. */
      otherKeyTypes: string[]
    }
  | { kind: 'changed'; host: string; port: number; keyType: string; expected: string[]; got: string; sources: KnownHostsSource[] }
  | { kind: 'revoked'; host: string; port: number; keyType: string; sha256: string; source: KnownHostsSource }

export interface HostKeyVerifierOptions {
  /** Files read but never written, like OpenSSH's UserKnownHostsFile. Default: ~/.ssh/known_hosts. */
  readOnlyPaths?: string[]
  /** Rackside's own file: read, and where accepted keys are appended (mode 0600). */
  ownPath: string
  /** Save new entries hashed (`|1|salt|hash`), like HashKnownHosts yes. Default false. */
  hashNewEntries?: boolean
}

export function defaultUserKnownHostsPath(homeDir: string = homedir()): string {
  return join(homeDir, '.ssh', 'known_hosts')
}

async function readIfPresent(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8')
  } catch (error) {
    // A file that does not exist yet just holds no keys; any other failure is the user's to see.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}

const sourceOf = (entry: KnownHostsEntry): KnownHostsSource => ({ file: entry.file, lineNumber: entry.lineNumber })

export class HostKeyVerifier {
  readonly ownPath: string
  private readonly readOnlyPaths: string[]
  private readonly hashNewEntries: boolean

  constructor(options: HostKeyVerifierOptions) {
    this.ownPath = options.ownPath
    this.readOnlyPaths = options.readOnlyPaths ?? [defaultUserKnownHostsPath()]
    this.hashNewEntries = options.hashNewEntries ?? false
  }

  /** Every entry of every file, re-read each time so edits outside Rackside count at once. */
  async load(): Promise<{ entries: KnownHostsEntry[]; problems: KnownHostsProblem[] }> {
    const entries: KnownHostsEntry[] = []
    const problems: KnownHostsProblem[] = []
    for (const path of [...this.readOnlyPaths, this.ownPath]) {
      const text = await readIfPresent(path)
      if (text === undefined) continue
      const parsed = parseKnownHosts(text, path)
      entries.push(...parsed.entries)
      problems.push(...parsed.problems)
    }
    return { entries, problems }
  }

  async check(host: string, port: number, keyBlob: Buffer): Promise<HostKeyCheck> {
    const keyType = keyTypeOfBlob(keyBlob) ?? 'unknown-key-type'
    const sha256 = sha256Fingerprint(keyBlob)
    const { entries } = await this.load()
    const forHost = entries.filter((entry) => entry.marker !== 'cert-authority' && hostMatches(entry.hosts, host, port))
    const revoked = forHost.find((entry) => entry.marker === 'revoked' && entry.keyBlob.equals(keyBlob))
    if (revoked) return { kind: 'revoked', host, port, keyType, sha256, source: sourceOf(revoked) }
    const plain = forHost.filter((entry) => entry.marker === undefined)
    const match = plain.find((entry) => entry.keyBlob.equals(keyBlob))
    if (match) return { kind: 'known', host, port, keyType, sha256, source: sourceOf(match) }
    // As in OpenSSH, only a different key of the same type is a change; another type is new.
    const sameType = plain.filter((entry) => entry.keyType === keyType)
    if (sameType.length > 0) {
      const expected = [...new Set(sameType.map((entry) => sha256Fingerprint(entry.keyBlob)))]
      return { kind: 'changed', host, port, keyType, expected, got: sha256, sources: sameType.map(sourceOf) }
    }
    const otherKeyTypes = [...new Set(plain.map((entry) => entry.keyType))]
    return { kind: 'unknown', host, port, keyType, sha256, otherKeyTypes }
  }

  /** Key types known for the host, so the connection can ask the server for one of them first. */
  async knownKeyTypes(host: string, port: number): Promise<string[]> {
    const { entries } = await this.load()
    return [...new Set(entries.filter((entry) => entry.marker === undefined && hostMatches(entry.hosts, host, port)).map((entry) => entry.keyType))]
  }

  async save(host: string, port: number, keyBlob: Buffer): Promise<string> {
    const line = formatKnownHostsLine(host, port, keyBlob, { hashed: this.hashNewEntries })
    await mkdir(dirname(this.ownPath), { recursive: true, mode: 0o700 })
    const existing = await readIfPresent(this.ownPath)
    const separator = existing !== undefined && existing.length > 0 && !existing.endsWith('\n') ? '\n' : ''
    await appendFile(this.ownPath, `${separator}${line}\n`, { mode: 0o600 })
    return line
  }

  /** Removes the host's keys from Rackside's own file (never the user's); returns how many lines. */
  async forget(host: string, port: number): Promise<number> {
    const text = await readIfPresent(this.ownPath)
    if (text === undefined) return 0
    const { entries } = parseKnownHosts(text, this.ownPath)
    const drop = new Set(entries.filter((entry) => entry.marker === undefined && hostMatches(entry.hosts, host, port)).map((entry) => entry.lineNumber))
    if (drop.size === 0) return 0
    const kept = text.split('\n').filter((_line, index) => !drop.has(index + 1))
    const temporary = `${this.ownPath}.tmp-${process.pid}`
    await writeFile(temporary, kept.join('\n'), { mode: 0o600 })
    await rename(temporary, this.ownPath)
    return drop.size
  }
}
