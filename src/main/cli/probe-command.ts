// `rackside probe [user@]host[:port] [-i KEY] [-J JUMP] [--known-hosts FILE] [--accept-new] [--json]`
// Connects exactly as the app does (the SSH pool, its host key checks and auth) and prints the
// basic facts of the host. Exit codes are a public contract; see PROBE_EXIT.
import { join } from 'node:path'
import { userInfo } from 'node:os'
import { parseArgs } from 'node:util'
import { resolveDataDir } from '../data-dir'
import { ParseError } from '../probes/parse-error'
import { hostnameCommand, loadavgCommand, meminfoCommand, nprocCommand, parseHostname, parseLoadavg, parseMeminfo, parseNproc, parseProcUptime, procUptimeCommand } from '../probes/linux'
import { HostKeyVerifier, defaultUserKnownHostsPath } from '../ssh/host-key-verifier'
import { shellQuote } from '../ssh/quote'
import { SshError, type SshErrorKind } from '../ssh/ssh-error'
import { parseHostSpec, SshPool } from '../ssh/ssh-pool'
import { CliUsageError, ExitCode, type CliIo } from './cli-io'

export const PROBE_EXIT = {
  ok: 0,
  failed: 1,
  usage: 2,
  hostKeyUnknown: 3,
  hostKeyChangedOrRevoked: 4,
  authFailed: 5,
  unreachable: 6
} as const

export interface ProbeFacts {
  host: string
  hostname: string
  loadavg: [number, number, number]
  cpuCount: number
  memTotalKiB: number
  memAvailableKiB: number | null
  uptimeSeconds: number
  hostKey: { type: string; sha256: string }
}

/** What a test (or the app) may pin instead of the process environment. */
export interface ProbeEnvironment {
  homeDir?: string
  /** ssh-agent socket; undefined = $SSH_AUTH_SOCK, null = none. */
  agentSocket?: string | null
  localUser?: string
  readyTimeoutMs?: number
  commandTimeoutMs?: number
}

const exitFor: Record<SshErrorKind, number> = {
  'host-key-unknown-rejected': PROBE_EXIT.hostKeyUnknown,
  'host-key-changed': PROBE_EXIT.hostKeyChangedOrRevoked,
  'host-key-revoked': PROBE_EXIT.hostKeyChangedOrRevoked,
  'auth-failed': PROBE_EXIT.authFailed,
  unreachable: PROBE_EXIT.unreachable,
  timeout: PROBE_EXIT.unreachable,
  'connection-lost': PROBE_EXIT.unreachable,
  'output-too-large': PROBE_EXIT.failed,
  'command-failed': PROBE_EXIT.failed
}

const PROBE_ARGVS = [hostnameCommand, loadavgCommand, nprocCommand, meminfoCommand, procUptimeCommand]

/**
 * Splits the combined output by position: hostname, loadavg and nproc print one line each,
 * /proc/uptime one last line, and /proc/meminfo everything between.
 */
export function parseProbeOutput(host: string, text: string, hostKey: { type: string; sha256: string }): ProbeFacts {
  const lines = text.split('\n').filter((line) => line.trim() !== '')
  if (lines.length < 5) throw new ParseError('probe', `expected at least 5 lines of output, got ${lines.length}`)
  const [hostnameLine, loadavgLine, nprocLine] = lines as [string, string, string]
  const loadavg = parseLoadavg(loadavgLine)
  const meminfo = parseMeminfo(lines.slice(3, -1).join('\n'))
  return {
    host,
    hostname: parseHostname(hostnameLine).hostname,
    loadavg: [loadavg.load1, loadavg.load5, loadavg.load15],
    cpuCount: parseNproc(nprocLine).cpus,
    memTotalKiB: meminfo.memTotalKiB,
    memAvailableKiB: meminfo.memAvailableKiB,
    uptimeSeconds: parseProcUptime(lines[lines.length - 1] as string).uptimeSeconds,
    hostKey
  }
}

function formatFacts(facts: ProbeFacts): string {
  const mem = (kib: number | null) => (kib === null ? 'unknown' : `${(kib / 1024 / 1024).toFixed(1)} GiB`)
  return [
    `host        ${facts.host} (${facts.hostname})`,
    `host key    ${facts.hostKey.type} ${facts.hostKey.sha256}`,
    `load        ${facts.loadavg.join(' ')}`,
    `cpus        ${facts.cpuCount}`,
    `memory      ${mem(facts.memAvailableKiB)} available of ${mem(facts.memTotalKiB)}`,
    `uptime      ${Math.floor(facts.uptimeSeconds / 86400)} d ${Math.floor((facts.uptimeSeconds % 86400) / 3600)} h ${Math.floor((facts.uptimeSeconds % 3600) / 60)} min`
  ].join('\n')
}

export async function runProbeCommand(args: string[], io: CliIo, environment: ProbeEnvironment = {}): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      identity: { type: 'string', short: 'i' },
      jump: { type: 'string', short: 'J' },
      'known-hosts': { type: 'string' },
      'accept-new': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      data: { type: 'string' }
    }
  })
  if (positionals.length !== 1) throw new CliUsageError('usage: rackside probe [user@]host[:port] [-i KEY] [-J JUMP] [--known-hosts FILE] [--accept-new] [--json]')
  const target = positionals[0] as string
  const spec = parseHostSpec(target)
  if (!spec) throw new CliUsageError(`"${target}" is not [user@]host[:port]`)

  const homeDir = environment.homeDir
  const knownHostsFile = values['known-hosts']
  // --known-hosts replaces both files, like ssh -o UserKnownHostsFile=FILE.
  const verifier = knownHostsFile
    ? new HostKeyVerifier({ readOnlyPaths: [], ownPath: knownHostsFile })
    : new HostKeyVerifier({ readOnlyPaths: [defaultUserKnownHostsPath(homeDir)], ownPath: join(resolveDataDir(values.data), 'known_hosts') })
  const acceptNew = values['accept-new']
  const pool = new SshPool({
    verifier,
    auth: { ...(homeDir ? { homeDir } : {}), ...(environment.agentSocket !== undefined ? { agentSocket: environment.agentSocket } : {}) },
    ...(acceptNew ? { promptHostKey: async () => 'accept-and-save' as const } : {}),
    readyTimeoutMs: environment.readyTimeoutMs ?? 20_000,
    // One attempt only: a CLI run should report, not retry.
    backoff: { initialDelayMs: 60_000 }
  })
  const hostLabel = spec.port ? `${spec.address}:${spec.port}` : spec.address
  pool.setHost({
    name: hostLabel,
    address: spec.address,
    port: spec.port ?? 22,
    user: spec.user ?? environment.localUser ?? userInfo().username,
    ...(values.identity ? { identityFile: values.identity } : {}),
    ...(values.jump ? { proxyJump: values.jump } : {})
  })

  try {
    const command = PROBE_ARGVS.map((argv) => shellQuote(argv)).join('; ')
    const result = await pool.exec(hostLabel, ['sh', '-c', command], { timeoutMs: environment.commandTimeoutMs ?? 30_000 })
    if (result.exitCode !== 0) {
      const firstLine = result.stderr.toString('utf8').trim().split('\n')[0] ?? ''
      io.stderr(`rackside probe: ${hostLabel}: the probe commands exited with status ${result.exitCode ?? result.signal}${firstLine ? `: ${firstLine}` : ''}\n`)
      return PROBE_EXIT.failed
    }
    const hostKey = pool.hostKey(hostLabel)
    if (!hostKey) throw new Error('connected without a host key on record')
    const facts = parseProbeOutput(hostLabel, result.stdout.toString('utf8'), hostKey)
    io.stdout(values.json ? `${JSON.stringify(facts, null, 2)}\n` : `${formatFacts(facts)}\n`)
    return ExitCode.ok
  } catch (error) {
    if (error instanceof SshError) {
      const hint = error.kind === 'host-key-unknown-rejected' && !acceptNew ? ' (run again with --accept-new to trust and save it)' : ''
      io.stderr(`rackside probe: ${error.message.replace(/\n/g, ' ')}${hint}\n`)
      return exitFor[error.kind]
    }
    if (error instanceof ParseError) {
      io.stderr(`rackside probe: ${hostLabel}: unexpected probe output: ${error.message}\n`)
      return PROBE_EXIT.failed
    }
    throw error
  } finally {
    await pool.close()
  }
}
