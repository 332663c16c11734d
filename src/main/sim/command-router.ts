// Runs one exec request's command line against a demo host: splits it with the small sh
// reader, runs each simple command in turn (`;`, `&&`, `||`), applies redirections, and
// answers unknown commands the way dash does (exit 127). Long-running commands (vmstat 1,
// tail -F, virsh migrate) write as they go and stop when the channel closes.
import type { FleetModel, SimHost } from './fleet-model'
import { glusterCommand } from './gluster-command'
import { linuxCommands } from './linux-commands'
import { fail2banClient, mailCommands } from './mail-commands'
import { makeFilter, type Filter } from './pipe-filters'
import { psCommand } from './ps-command'
import { parseCommandLine, type SimpleCommand, type Sink } from './shell-words'
import { virshCommand } from './virsh-command'

export interface CommandIo {
  stdout(text: string): void
  stderr(text: string): void
  /** Aborted when the client closes the channel or sends a signal. */
  readonly signal: AbortSignal
}

export interface CommandContext {
  fleet: FleetModel
  host: SimHost
  /** Maps an address (and port) a command names to a demo host, as DNS and SSH would. */
  resolveHost(address: string, port: number | null): SimHost | undefined
}

export type CommandHandler = (argv: string[], ctx: CommandContext, io: CommandIo) => number | Promise<number>

interface CommandEntry {
  handler: CommandHandler
  /** The command exists only on hosts with this role (like the package being installed). */
  role?: 'hypervisor' | 'gluster' | 'mail'
  /** A further condition for the command to be installed. */
  installed?: (host: SimHost) => boolean
}

const COMMANDS = new Map<string, CommandEntry>([
  ...Object.entries(linuxCommands).map(([name, handler]): [string, CommandEntry] => [name, { handler }]),
  ['ps', { handler: psCommand }],
  ['virsh', { handler: virshCommand, role: 'hypervisor' }],
  ['gluster', { handler: glusterCommand, role: 'gluster' }],
  ...Object.entries(mailCommands).map(([name, handler]): [string, CommandEntry] => [name, { handler, role: 'mail' }]),
  ['fail2ban-client', { handler: fail2banClient, role: 'mail', installed: (host) => host.mail?.fail2banInstalled === true }]
])

/** Resolves a command name to its handler on this host, or null when the host lacks it. */
function lookup(name: string, host: SimHost): CommandHandler | null {
  const entry = COMMANDS.get(name.replace(/^(\/usr)?\/s?bin\//, ''))
  if (!entry) return null
  if (entry.role === 'hypervisor' && !host.hypervisor) return null
  if (entry.role === 'gluster' && !host.isGlusterNode) return null
  if (entry.role === 'mail' && !host.mail) return null
  if (entry.installed && !entry.installed(host)) return null
  return entry.handler
}

/** Drops what runs a command without changing it: `sudo -n`, `env A=B`, `timeout 10`, `LC_ALL=C`. */
function unwrap(argv: string[]): string[] {
  let rest = [...argv]
  for (;;) {
    const first = rest[0]
    if (first === undefined) return rest
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(first)) rest = rest.slice(1)
    else if (first === 'sudo') {
      rest = rest.slice(1)
      while (rest[0]?.startsWith('-')) rest = rest.slice(rest[0] === '-u' ? 2 : 1)
    } else if (first === 'env' || first === 'exec' || first === 'command') rest = rest.slice(1)
    else if (first === 'timeout') rest = rest.slice(2)
    else if (first === 'nice') rest = rest.slice(rest[1] === '-n' ? 3 : 1)
    else return rest
  }
}

export async function runSimpleCommand(argv: string[], ctx: CommandContext, io: CommandIo): Promise<number> {
  const words = unwrap(argv)
  const name = words[0]
  if (name === undefined) return 0
  const handler = lookup(name, ctx.host)
  if (!handler) {
    io.stderr(`sh: 1: ${name}: not found\n`)
    return 127
  }
  try {
    return await handler(words.slice(1), ctx, io)
  } catch (error) {
    // A bug in the simulator must not look like a tool's answer; say so plainly.
    io.stderr(`rackside-sim: internal error in ${name}: ${error instanceof Error ? error.message : String(error)}\n`)
    return 70
  }
}

/** Runs a whole exec command line; resolves with the exit status of the last command run. */
export async function runCommandLine(line: string, ctx: CommandContext, io: CommandIo): Promise<number> {
  const parsed = parseCommandLine(line)
  if (!parsed.ok) {
    io.stderr(`sh: 1: ${parsed.message}\n`)
    return 2
  }
  let status = 0
  for (const item of parsed.items) {
    if (io.signal.aborted) break
    if (item.connector === '&&' && status !== 0) continue
    if (item.connector === '||' && status === 0) continue
    const [first] = item.pipeline
    const words = unwrap(first?.argv ?? [])
    if (item.pipeline.length === 1 && words[0] === 'exit') {
      // The shell builtin: ends the list with the given status (default: the last one).
      const code = words[1] === undefined ? status : Number(words[1])
      return Number.isInteger(code) ? code & 0xff : 2
    }
    status = await runPipeline(item.pipeline, ctx, io)
  }
  return status
}

/**
 * Runs `producer | filter | ...`: the first command is a real one, the rest are in-process
 * text filters. Each stage's redirections apply to its own output, as in sh.
 */
async function runPipeline(pipeline: SimpleCommand[], ctx: CommandContext, io: CommandIo): Promise<number> {
  const route = (target: Sink, next: (text: string) => void) => (target === 'null' ? () => undefined : target === 'out' ? next : (text: string) => io.stderr(text))
  const [producer, ...stages] = pipeline
  if (!producer) return 0
  const upstream = new AbortController()
  const abortUpstream = () => upstream.abort()
  io.signal.addEventListener('abort', abortUpstream, { once: true })
  try {
    // Build the chain from the end: the last stage writes to the channel.
    let downstream = (text: string) => io.stdout(text)
    const filters: Filter[] = []
    for (let i = stages.length - 1; i >= 0; i--) {
      const stage = stages[i]
      if (!stage) continue
      const out = route(stage.redirects.stdout, downstream)
      const made = makeFilter(unwrap(stage.argv), out, abortUpstream)
      if (!made.ok) {
        route(stage.redirects.stderr, (t) => io.stderr(t))(`sh: 1: ${made.message}
`)
        return made.status
      }
      filters.unshift(made.filter)
      downstream = (text: string) => made.filter.write(text)
    }
    const producerStatus = await runSimpleCommand(producer.argv, ctx, {
      stdout: route(producer.redirects.stdout, downstream),
      stderr: route(producer.redirects.stderr, downstream),
      signal: upstream.signal
    })
    let status = producerStatus
    for (const filter of filters) status = filter.end()
    return status
  } finally {
    io.signal.removeEventListener('abort', abortUpstream)
  }
}
