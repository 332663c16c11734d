// Imports hosts from the user's OpenSSH client config (~/.ssh/config): Include files are
// inlined first, then every concrete Host alias is resolved the way ssh would resolve it.
// `Match exec` is never run: importing a config must not execute anything.
import { access, readdir, readFile } from 'node:fs/promises'
import { homedir, userInfo } from 'node:os'
import { isAbsolute, join } from 'node:path'
import SSHConfig from 'ssh-config'
import type { SshHostConfig } from './ssh-host-config'

export interface SshConfigImportNote {
  /** The Host pattern or alias the note is about, when there is one. */
  host?: string
  file: string
  message: string
}

export interface SshConfigImport {
  hosts: SshHostConfig[]
  notes: SshConfigImportNote[]
}

export interface SshConfigImportOptions {
  /** Default: ~/.ssh/config */
  configPath?: string
  homeDir?: string
  /** User when the config names none; default: the local user name, as ssh does. */
  localUser?: string
}

export class SshConfigImportError extends Error {
  override name = 'SshConfigImportError'
  readonly kind = 'ssh-config-unreadable'
}

// OpenSSH's limit on nested Include files.
const MAX_INCLUDE_DEPTH = 16

const isWildcard = (pattern: string) => /[*?]/.test(pattern)

function wildcardRegExp(pattern: string): RegExp {
  const source = pattern.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')
  return new RegExp(`^${source}$`)
}

/** Shell-style glob over path segments (ssh's Include allows * ? and [..] in any segment). */
async function expandGlob(pattern: string): Promise<string[]> {
  if (!/[*?[]/.test(pattern)) return (await access(pattern).then(() => true, () => false)) ? [pattern] : []
  const segments = pattern.split('/').filter((segment, index) => segment !== '' || index === 0)
  let paths = [segments[0] === '' ? '/' : segments[0] ?? '']
  for (const segment of segments.slice(1)) {
    const next: string[] = []
    for (const base of paths) {
      if (!/[*?[]/.test(segment)) {
        next.push(join(base, segment))
        continue
      }
      const matcher = wildcardRegExp(segment)
      const names = await readdir(base).catch(() => [] as string[])
      for (const name of names.sort()) if (!name.startsWith('.') || segment.startsWith('.')) if (matcher.test(name)) next.push(join(base, name))
    }
    paths = next
  }
  return paths
}

function splitValues(text: string): string[] {
  const values: string[] = []
  const pattern = /"([^"]*)"|(\S+)/g
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) values.push(match[1] ?? match[2] ?? '')
  return values
}

interface InlineContext {
  homeDir: string
  notes: SshConfigImportNote[]
  seen: Set<string>
}

/** The config text with every Include replaced by the files it names. */
async function inlineIncludes(file: string, text: string, depth: number, context: InlineContext): Promise<string> {
  const out: string[] = []
  let currentSection: string | undefined
  for (const line of text.split(/\r?\n/)) {
    const directive = /^\s*(\w+)\s*(?:=\s*|\s+)(.*?)\s*$/.exec(line)
    const keyword = directive?.[1]?.toLowerCase()
    if (keyword === 'host' || keyword === 'match') currentSection = line
    if (keyword !== 'include') {
      out.push(line)
      continue
    }
    if (depth >= MAX_INCLUDE_DEPTH) {
      context.notes.push({ file, message: `Include nested deeper than ${MAX_INCLUDE_DEPTH} levels was not followed` })
      continue
    }
    let includedSections = false
    for (const value of splitValues(directive?.[2] ?? '')) {
      const expanded = value.startsWith('~/') ? join(context.homeDir, value.slice(2)) : value
      // Relative Include paths are relative to ~/.ssh for the user's config, as in ssh_config(5).
      const absolute = isAbsolute(expanded) ? expanded : join(context.homeDir, '.ssh', expanded)
      const matches = await expandGlob(absolute)
      if (matches.length === 0) context.notes.push({ file, message: `Include ${value} matched no files` })
      for (const path of matches) {
        if (context.seen.has(path)) {
          context.notes.push({ file, message: `Include ${path} was already included; skipped to avoid a loop` })
          continue
        }
        let included: string
        try {
          included = await readFile(path, 'utf8')
        } catch (error) {
          context.notes.push({ file, message: `Include ${path} could not be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` })
          continue
        }
        context.seen.add(path)
        const inlined = await inlineIncludes(path, included, depth + 1, context)
        if (/^\s*(host|match)\b/im.test(inlined)) includedSections = true
        out.push(inlined)
      }
    }
    // An Include inside a Host block that brought its own Host blocks ends that block; restore it.
    if (includedSections && currentSection !== undefined) out.push(currentSection)
  }
  return out.join('\n')
}

function firstString(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}

function expandTokens(value: string, tokens: Record<string, string>, homeDir: string): string {
  const withTokens = value.replace(/%([%dhnpru])/g, (_all, token: string) => (token === '%' ? '%' : (tokens[token] ?? '')))
  return withTokens === '~' ? homeDir : withTokens.startsWith('~/') ? join(homeDir, withTokens.slice(2)) : withTokens
}

export async function importSshConfig(options: SshConfigImportOptions = {}): Promise<SshConfigImport> {
  const homeDir = options.homeDir ?? homedir()
  const configPath = options.configPath ?? join(homeDir, '.ssh', 'config')
  const localUser = options.localUser ?? userInfo().username
  let text: string
  try {
    text = await readFile(configPath, 'utf8')
  } catch (error) {
    throw new SshConfigImportError(`cannot read ${configPath} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`)
  }
  const notes: SshConfigImportNote[] = []
  const inlined = await inlineIncludes(configPath, text, 0, { homeDir, notes, seen: new Set([configPath]) })
  const config = SSHConfig.parse(inlined)

  const aliases: string[] = []
  for (const line of config) {
    if (line.type !== SSHConfig.DIRECTIVE) continue
    const param = line.param.toLowerCase()
    const values = Array.isArray(line.value) ? line.value.map((v) => v.val) : splitValues(line.value)
    if (param === 'match') {
      notes.push({ file: configPath, host: `Match ${values.join(' ')}`, message: 'Match blocks are not evaluated; hosts they would change are imported without them' })
      continue
    }
    if (param !== 'host') continue
    const concrete = values.filter((pattern) => !pattern.startsWith('!') && !isWildcard(pattern))
    if (concrete.length === 0) {
      notes.push({ file: configPath, host: values.join(' '), message: 'wildcard-only Host entry skipped (its settings still apply to the imported hosts)' })
      continue
    }
    for (const pattern of values.filter((p) => !concrete.includes(p)))
      notes.push({ file: configPath, host: pattern, message: 'wildcard or negated pattern skipped' })
    for (const alias of concrete) {
      if (aliases.includes(alias)) notes.push({ file: configPath, host: alias, message: 'Host alias appears more than once; its settings were merged as ssh does (first value wins)' })
      else aliases.push(alias)
    }
  }

  const hosts: SshHostConfig[] = []
  for (const alias of aliases) {
    const computed = config.compute(alias, { ignoreCase: true, matchExec: false })
    const hostName = firstString(computed.hostname)
    const address = hostName ? expandTokens(hostName, { h: alias, n: alias }, homeDir) : alias
    const user = firstString(computed.user) ?? localUser
    const portText = firstString(computed.port) ?? '22'
    const port = Number(portText)
    if (!/^\d+$/.test(portText) || port < 1 || port > 65535) {
      notes.push({ file: configPath, host: alias, message: `Port "${portText}" is not a valid port; host skipped` })
      continue
    }
    const host: SshHostConfig = { name: alias, address, port, user }
    const tokens = { d: homeDir, h: address, n: alias, p: String(port), r: user, u: localUser }
    const identityFiles = ([] as string[]).concat(computed.identityfile ?? [])
    const identityFile = identityFiles[0]
    if (identityFile !== undefined) host.identityFile = expandTokens(identityFile, tokens, homeDir)
    if (identityFiles.length > 1) notes.push({ file: configPath, host: alias, message: `only the first of ${identityFiles.length} IdentityFile entries is used` })
    const proxyJump = firstString(computed.proxyjump)
    if (proxyJump && proxyJump.toLowerCase() !== 'none') host.proxyJump = proxyJump
    if (computed.proxycommand !== undefined)
      notes.push({ file: configPath, host: alias, message: 'ProxyCommand is not supported; use ProxyJump (imported without it)' })
    hosts.push(host)
  }
  return { hosts, notes }
}
