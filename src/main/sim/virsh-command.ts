// `virsh` on a demo hypervisor: list, dominfo, domstats, nodeinfo, domjobinfo, domblklist,
// dumpxml, domstate, migrate (with live progress) and domjobabort. Like virsh, every run
// ends with an empty line on stdout and errors go to stderr as `error: ...` with status 1.
import { sleep } from './abortable-sleep'
import type { CommandContext, CommandHandler, CommandIo } from './command-router'
import type { SimHost } from './fleet-model'
import {
  virshDomblklist,
  virshDominfo,
  virshDomstats,
  virshDumpxml,
  virshJobActive,
  virshJobCompleted,
  virshJobNone,
  virshList,
  virshNodeinfo
} from './format-virsh'
import type { Domain, HypervisorModel } from './hypervisor-model'

const PROGRESS_INTERVAL_MS = 200

class VirshError extends Error {}

interface Parsed {
  flags: Set<string>
  values: Map<string, string>
  positional: string[]
}

/** virsh's option syntax: `--flag`, `--opt value`, `--opt=value`, then positional arguments. */
function parseOptions(command: string, args: string[], valueOptions: readonly string[], flagOptions: readonly string[]): Parsed {
  const parsed: Parsed = { flags: new Set(), values: new Map(), positional: [] }
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? ''
    if (!arg.startsWith('--')) {
      parsed.positional.push(arg)
      continue
    }
    const [name = '', inline] = arg.slice(2).split(/=(.*)/s, 2)
    if (valueOptions.includes(name)) {
      const value = inline ?? args[++i]
      if (value === undefined) throw new VirshError(`expected syntax: --${name} <string>`)
      parsed.values.set(name, value)
    } else if (flagOptions.includes(name)) parsed.flags.add(name)
    else throw new VirshError(`command '${command}' doesn't support option --${name}`)
  }
  return parsed
}

function requireDomain(hv: HypervisorModel, command: string, parsed: Parsed): Domain {
  const ref = parsed.values.get('domain') ?? parsed.positional[0]
  if (ref === undefined) throw new VirshError(`command '${command}' requires <domain> option`)
  const domain = hv.lookup(ref)
  if (!domain) throw new VirshError(`failed to get domain '${ref}'`)
  return domain
}

/** domstats' stat-group options and the key prefix of each group's lines. */
const STAT_GROUPS: Record<string, string> = {
  state: 'state',
  'cpu-total': 'cpu',
  balloon: 'balloon',
  vcpu: 'vcpu',
  interface: 'net',
  block: 'block',
  perf: 'perf',
  iothread: 'iothread',
  memory: 'memory',
  dirtyrate: 'dirtyrate',
  vm: 'vm'
}

function domstats(hv: HypervisorModel, args: string[], tMs: number): string {
  const parsed = parseOptions('domstats', args, [], [
    'raw',
    'list-active',
    'list-inactive',
    'list-persistent',
    'list-transient',
    'list-running',
    'list-paused',
    'list-shutoff',
    'list-other',
    'enforce',
    'backing',
    'nowait',
    ...Object.keys(STAT_GROUPS)
  ])
  const domains = parsed.positional.length > 0 ? parsed.positional.map((ref) => hv.lookup(ref) ?? fail(`failed to get domain '${ref}'`)) : hv.list()
  const filtered = domains.filter((d) => {
    if (parsed.flags.has('list-active') || parsed.flags.has('list-running')) return d.state === 'running' || (parsed.flags.has('list-active') && d.id !== null)
    if (parsed.flags.has('list-inactive') || parsed.flags.has('list-shutoff')) return d.id === null
    return true
  })
  const groups = Object.entries(STAT_GROUPS).filter(([flag]) => parsed.flags.has(flag)).map(([, prefix]) => prefix)
  const prefixes = groups.length === 0 ? null : new Set(groups)
  return filtered.map((d) => virshDomstats(d, tMs, prefixes)).join('')
}

function fail(message: string): never {
  throw new VirshError(message)
}

interface Target {
  host: SimHost
  scheme: string
  hostPart: string
}

/** Connects to a destination URI the way virsh would, with virsh's errors when it cannot. */
function resolveTarget(uri: string, ctx: CommandContext): Target {
  const match = /^([a-z0-9+]+):\/\/(?:[^@/]*@)?([^/:?]*)(?::(\d+))?(\/[^?]*)?/i.exec(uri)
  if (!match) fail(`internal error: Unable to parse URI ${uri}`)
  const scheme = (match[1] ?? '').toLowerCase()
  const hostPart = match[2] ?? ''
  const port = match[3] === undefined ? null : Number(match[3])
  const transport = scheme.split('+')[1] ?? 'unix'
  if (hostPart === '' || hostPart === 'localhost') return { host: ctx.host, scheme, hostPart }
  const connectError = (detail: string) =>
    transport === 'ssh' ? `failed to connect to the hypervisor\nerror: Cannot recv data: ssh: ${detail}: Connection reset by peer` : `failed to connect to the hypervisor\nerror: unable to connect to server at '${hostPart}:${port ?? 16509}': ${detail.replace(/^.*: /, '')}`
  const host = ctx.resolveHost(hostPart, port)
  if (!host) fail(connectError(`Could not resolve hostname ${hostPart}: Name or service not known`))
  if (host.reachability === 'refuse') fail(connectError(`connect to host ${hostPart} port ${port ?? 22}: Connection refused`))
  if (host.reachability === 'hang') fail(connectError(`connect to host ${hostPart} port ${port ?? 22}: Connection timed out`))
  if (!host.hypervisor) fail("failed to connect to the hypervisor\nerror: Failed to connect socket to '/var/run/libvirt/libvirt-sock': No such file or directory")
  return { host, scheme, hostPart }
}

const MIGRATE_FLAGS = [
  'live',
  'offline',
  'p2p',
  'direct',
  'tunnelled',
  'persistent',
  'undefinesource',
  'suspend',
  'copy-storage-all',
  'copy-storage-inc',
  'change-protection',
  'unsafe',
  'verbose',
  'compressed',
  'auto-converge',
  'rdma-pin-all',
  'abort-on-error',
  'postcopy',
  'postcopy-after-precopy',
  'tls',
  'parallel'
]
const MIGRATE_VALUES = ['domain', 'desturi', 'migrateuri', 'graphicsuri', 'listen-address', 'dname', 'timeout', 'timeout-suspend', 'xml', 'persistent-xml', 'bandwidth', 'migrate-disks', 'disks-port', 'comp-methods', 'parallel-connections']

async function migrate(args: string[], ctx: CommandContext, io: CommandIo): Promise<void> {
  const hv = ctx.host.hypervisor
  if (!hv) fail('no hypervisor')
  const parsed = parseOptions('migrate', args, MIGRATE_VALUES, MIGRATE_FLAGS)
  const [domainArg, uriArg, migrateUriArg] = parsed.positional
  const domainRef = parsed.values.get('domain') ?? domainArg
  if (domainRef === undefined) fail("command 'migrate' requires <domain> option")
  const uri = parsed.values.get('desturi') ?? (parsed.values.has('domain') ? domainArg : uriArg)
  if (uri === undefined) fail("command 'migrate' requires <desturi> option")
  if (migrateUriArg !== undefined && parsed.values.has('migrateuri')) fail('option --migrateuri already set')
  const bandwidthText = parsed.values.get('bandwidth')
  const bandwidthMiBps = bandwidthText === undefined ? undefined : Number(bandwidthText)
  if (bandwidthMiBps !== undefined && (!Number.isInteger(bandwidthMiBps) || bandwidthMiBps <= 0)) fail(`Numeric value '${bandwidthText}' for <bandwidth> option is malformed or out of range`)
  const domain = hv.lookup(domainRef)
  if (!domain) fail(`failed to get domain '${domainRef}'`)
  const target = resolveTarget(uri, ctx)

  const now = ctx.fleet.now()
  const started = ctx.fleet.migrations.start(
    {
      vm: domain.spec.name,
      source: ctx.host.name,
      target: target.host.name,
      persistent: parsed.flags.has('persistent'),
      undefineSource: parsed.flags.has('undefinesource'),
      ...(bandwidthMiBps === undefined ? {} : { bandwidthMiBps })
    },
    now
  )
  if (!started.ok) fail(started.error)
  const migration = started.migration
  const verbose = parsed.flags.has('verbose')
  const peerToPeer = parsed.flags.has('p2p')
  for (;;) {
    const t = ctx.fleet.now()
    if (migration.status !== 'running') break
    if (verbose) {
      const fraction = ctx.fleet.migrations.progress(migration, t).fraction
      io.stderr(`\rMigration: [${String(Math.min(99, Math.floor(fraction * 100))).padStart(3)} %]`)
    }
    if (!(await sleep(PROGRESS_INTERVAL_MS, io.signal))) {
      // virsh drives a non-p2p migration itself: when it goes away, libvirt cancels the job.
      if (!peerToPeer) ctx.fleet.migrations.abort(migration.vm, migration.source, ctx.fleet.now())
      return
    }
  }
  if (migration.status !== 'completed') fail(migration.error ?? 'operation failed: migration out job: unexpectedly failed')
  if (verbose) io.stderr('\rMigration: [100 %]')
}

function domjobinfo(hv: HypervisorModel, args: string[], ctx: CommandContext): string {
  const parsed = parseOptions('domjobinfo', args, ['domain'], ['completed', 'keep-completed', 'anystats', 'rawstats'])
  const domain = requireDomain(hv, 'domjobinfo', parsed)
  const now = ctx.fleet.now()
  if (parsed.flags.has('completed')) return domain.completedJob ? virshJobCompleted(domain.completedJob) : virshJobNone()
  const migration = ctx.fleet.migrations.active(domain.spec.name)
  if (migration && migration.source === ctx.host.name) return virshJobActive(ctx.fleet.migrations.progress(migration, now), migration.setupMs)
  if (migration && migration.target === ctx.host.name) return virshJobActive(ctx.fleet.migrations.progress(migration, now), migration.setupMs).replace('Outgoing migration', 'Incoming migration')
  return virshJobNone()
}

function domjobabort(hv: HypervisorModel, args: string[], ctx: CommandContext): string {
  const parsed = parseOptions('domjobabort', args, ['domain'], ['async', 'postcopy'])
  const domain = requireDomain(hv, 'domjobabort', parsed)
  if (!ctx.fleet.migrations.abort(domain.spec.name, ctx.host.name, ctx.fleet.now())) fail('Requested operation is not valid: no job is active on the domain')
  return ''
}

function list(hv: HypervisorModel, host: SimHost, args: string[]): string {
  const parsed = parseOptions('list', args, [], ['all', 'inactive', 'name', 'uuid', 'state-running', 'state-paused', 'state-shutoff', 'persistent', 'transient', 'autostart', 'no-autostart', 'table'])
  if (parsed.flags.has('name') || parsed.flags.has('uuid')) {
    const domains = hv.list().filter((d) => (parsed.flags.has('all') ? true : parsed.flags.has('inactive') ? d.id === null : d.id !== null))
    return domains.map((d) => `${parsed.flags.has('uuid') ? d.uuid : d.spec.name}\n`).join('')
  }
  if (parsed.flags.has('inactive')) {
    const text = virshList(host, true)
    const [head = '', dashes = '', ...rows] = text.split('\n')
    return [head, dashes, ...rows.filter((r) => r.trimStart().startsWith('-'))].join('\n') + '\n'
  }
  return virshList(host, parsed.flags.has('all'))
}

/** The head of `virsh capabilities`: the host CPU as libvirt names it (the pre-checks compare it). */
function virshCapabilities(host: CommandContext['host']): string {
  const hw = host.hardware
  // libvirt's CPU map names: the Atom C2550 (Silvermont) comes out as Westmere, the E5 v3 as Haswell.
  const model = hw.cpuModelName.includes('Atom') ? 'Westmere' : hw.cpuModelName.includes('v3') ? 'Haswell-noTSX-IBRS' : 'Skylake-Client-IBRS'
  return [
    '<capabilities>',
    '',
    '  <host>',
    `    <uuid>${hostUuidFor(host.name)}</uuid>`,
    '    <cpu>',
    '      <arch>x86_64</arch>',
    `      <model>${model}</model>`,
    '      <vendor>Intel</vendor>',
    `      <topology sockets='${hw.sockets}' dies='1' cores='${hw.coresPerSocket}' threads='${hw.threadsPerCore}'/>`,
    "      <feature name='vme'/>",
    "      <feature name='ss'/>",
    '    </cpu>',
    '    <power_management>',
    '      <suspend_mem/>',
    '    </power_management>',
    '  </host>',
    '',
    '</capabilities>',
    ''
  ].join('\n')
}

function hostUuidFor(name: string): string {
  const hex = [...name].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7).toString(16).padStart(8, '0')
  return `${hex}-0000-4000-8000-${hex}0000`
}

function run(sub: string, args: string[], ctx: CommandContext, hv: HypervisorModel): string {
  const now = ctx.fleet.now()
  switch (sub) {
    case 'list':
      return list(hv, ctx.host, args)
    case 'dominfo':
      return virshDominfo(requireDomain(hv, sub, parseOptions(sub, args, ['domain'], [])), now)
    case 'domstats':
      return domstats(hv, args, now)
    case 'nodeinfo':
      return virshNodeinfo(ctx.host)
    case 'domjobinfo':
      return domjobinfo(hv, args, ctx)
    case 'domjobabort':
      return domjobabort(hv, args, ctx)
    case 'domblklist': {
      const parsed = parseOptions(sub, args, ['domain'], ['details', 'inactive'])
      return virshDomblklist(requireDomain(hv, sub, parsed), parsed.flags.has('details'))
    }
    case 'dumpxml':
      return virshDumpxml(requireDomain(hv, sub, parseOptions(sub, args, ['domain', 'xpath'], ['inactive', 'security-info', 'update-cpu', 'migratable', 'wrap'])))
    case 'domstate': {
      const parsed = parseOptions(sub, args, ['domain'], ['reason'])
      const domain = requireDomain(hv, sub, parsed)
      const reason = domain.state === 'running' ? (domain.completedJob?.operation === 'Incoming migration' ? 'migrated' : 'booted') : domain.state === 'paused' ? 'migration' : 'migrated'
      return parsed.flags.has('reason') ? `${domain.state} (${reason})\n` : `${domain.state}\n`
    }
    case 'capabilities':
      return virshCapabilities(ctx.host)
    case 'hostname':
      return `${ctx.host.name}\n`
    case 'version':
      return 'Compiled against library: libvirt 9.0.0\nUsing library: libvirt 9.0.0\nUsing API: QEMU 9.0.0\nRunning hypervisor: QEMU 7.2.0\n'
    case 'uri':
      return 'qemu:///system\n'
    default:
      throw new VirshError(`unknown command: '${sub}'`)
  }
}

export const virshCommand: CommandHandler = async (argv, ctx, io) => {
  const hv = ctx.host.hypervisor
  let i = 0
  // Global options before the command: -c/--connect URI, -q, -r, -d N.
  while (i < argv.length && (argv[i] ?? '').startsWith('-')) {
    const opt = argv[i] ?? ''
    if (opt === '-c' || opt === '--connect' || opt === '-d' || opt === '--debug' || opt === '-l' || opt === '--log') i += 2
    else i += 1
  }
  const sub = argv[i]
  try {
    if (!hv) fail('failed to connect to the hypervisor')
    if (sub === undefined) throw new VirshError('no command given (the demo fleet has no interactive virsh)')
    if (sub === 'migrate') await migrate(argv.slice(i + 1), ctx, io)
    else io.stdout(run(sub, argv.slice(i + 1), ctx, hv))
    io.stdout('\n')
    return 0
  } catch (error) {
    if (!(error instanceof VirshError)) throw error
    io.stderr(`error: ${error.message}\n`)
    io.stdout('\n')
    return 1
  }
}
