// The exact argv of a live migration and of the job commands that watch and abort it. Names stay
// single argv elements whatever they contain: the one shell-quoting function on the SSH side turns
// an argv into a command line, so nothing here quotes or joins.

/** How a site migrates: set once per site, applied to every move. */
export interface MigrationCommandOptions {
  /** The destination libvirt URI; `{address}` is the target's address, `{host}` its site name. */
  uriTemplate: string
  /** A separate URI for QEMU's migration stream, e.g. 'tcp://{address}' when host names do not resolve between hypervisors. */
  migrateUri?: string
  /** The source libvirtd connects to the destination itself (needed for --tunnelled). */
  p2p?: boolean
  /** Send the migration stream through the libvirtd connection (the URI's SSH or TLS); needs p2p. */
  tunnelled?: boolean
  /** Throttle the guest's CPUs when its memory changes faster than the link can copy it. */
  autoConverge?: boolean
  /** After this many seconds the guest is paused so the migration can finish (virsh's --timeout). */
  timeoutSeconds?: number
  bandwidthMiBps?: number
  /** Copy host-local disks to the target during the migration. */
  copyStorageAll?: boolean
  /** The source host's libvirt URI, when virsh's default (qemu:///system as root) is not it. */
  connectUri?: string
}

export const DEFAULT_MIGRATION_COMMAND_OPTIONS: MigrationCommandOptions = { uriTemplate: 'qemu+ssh://{address}/system' }

export type MigrationCommandErrorKind = 'bad-domain' | 'bad-address' | 'bad-template' | 'bad-option' | 'option-conflict'

export interface MigrationCommandError {
  kind: MigrationCommandErrorKind
  message: string
}

export type MigrationCommandResult = { ok: true; argv: string[] } | { ok: false; error: MigrationCommandError }

/** The destination hypervisor as the site inventory names it. */
export interface MigrationTarget {
  host: string
  address: string
}

// Host names, IPv4 and IPv6 literals; a leading '-' could pass for an option somewhere downstream.
const ADDRESS = /^[A-Za-z0-9_.:]+(?:-[A-Za-z0-9_.:]+)*$/
const DEST_URI_SCHEME = /^qemu\+(?:ssh|tcp|tls):\/\//
const MIGRATE_URI_SCHEME = /^tcp:\/\//

/** virsh with the C locale, so its progress and job labels read the same on every host. */
function virsh(args: readonly string[], connectUri: string | undefined): string[] {
  return ['env', 'LC_ALL=C', 'virsh', ...(connectUri === undefined ? [] : ['-c', connectUri]), ...args]
}

function fail(kind: MigrationCommandErrorKind, message: string): MigrationCommandResult {
  return { ok: false, error: { kind, message } }
}

function checkDomain(domain: string): MigrationCommandError | null {
  if (domain === '') return { kind: 'bad-domain', message: 'the domain name is empty' }
  if (domain.includes('\0')) return { kind: 'bad-domain', message: 'the domain name contains a NUL byte' }
  return null
}

function fillTemplate(template: string, target: MigrationTarget): string {
  // An IPv6 literal needs brackets inside a URI authority.
  const address = target.address.includes(':') ? `[${target.address}]` : target.address
  return template.replaceAll('{address}', address).replaceAll('{host}', target.host)
}

function positiveWhole(value: number | undefined, what: string): MigrationCommandError | null {
  if (value === undefined || (Number.isInteger(value) && value > 0)) return null
  return { kind: 'bad-option', message: `${what} must be a whole number above 0, not ${value}` }
}

/**
 * `virsh migrate --live --persistent --undefinesource --verbose --domain DOM --desturi URI ...`:
 * the domain ends up defined on the target only, and --verbose prints the progress the runner
 * shows. Refuses the option combinations libvirt itself refuses.
 */
export function migrateCommand(domain: string, target: MigrationTarget, options: MigrationCommandOptions = DEFAULT_MIGRATION_COMMAND_OPTIONS): MigrationCommandResult {
  const domainError = checkDomain(domain)
  if (domainError !== null) return { ok: false, error: domainError }
  if (!ADDRESS.test(target.address)) return fail('bad-address', `${target.host}: address ${JSON.stringify(target.address)} is not a host name or IP address`)
  if (!options.uriTemplate.includes('{address}') && !options.uriTemplate.includes('{host}'))
    return fail('bad-template', `destination URI template ${JSON.stringify(options.uriTemplate)} names neither {address} nor {host}`)
  if (!DEST_URI_SCHEME.test(options.uriTemplate))
    return fail('bad-template', `destination URI template ${JSON.stringify(options.uriTemplate)} must start with qemu+ssh://, qemu+tcp:// or qemu+tls://`)
  if (options.migrateUri !== undefined && !MIGRATE_URI_SCHEME.test(options.migrateUri))
    return fail('bad-template', `migration URI template ${JSON.stringify(options.migrateUri)} must start with tcp://`)
  // libvirt: "cannot perform tunnelled migration without using peer2peer flag".
  if (options.tunnelled === true && options.p2p !== true) return fail('option-conflict', 'a tunnelled migration needs --p2p: libvirt refuses --tunnelled without it')
  // libvirt: "migration URI is not supported by tunnelled migration".
  if (options.tunnelled === true && options.migrateUri !== undefined)
    return fail('option-conflict', 'a tunnelled migration cannot take --migrateuri: its stream goes through the libvirt connection')
  const numberError = positiveWhole(options.timeoutSeconds, 'timeout (s)') ?? positiveWhole(options.bandwidthMiBps, 'bandwidth (MiB/s)')
  if (numberError !== null) return { ok: false, error: numberError }

  const args = ['migrate', '--live', '--persistent', '--undefinesource', '--verbose']
  if (options.p2p === true) args.push('--p2p')
  if (options.tunnelled === true) args.push('--tunnelled')
  if (options.autoConverge === true) args.push('--auto-converge')
  if (options.copyStorageAll === true) args.push('--copy-storage-all')
  // Named --domain/--desturi: a domain called "--foo" is still a value, never an option.
  args.push('--domain', domain, '--desturi', fillTemplate(options.uriTemplate, target))
  if (options.migrateUri !== undefined) args.push('--migrateuri', fillTemplate(options.migrateUri, target))
  if (options.timeoutSeconds !== undefined) args.push('--timeout', String(options.timeoutSeconds))
  if (options.bandwidthMiBps !== undefined) args.push('--bandwidth', String(options.bandwidthMiBps))
  return { ok: true, argv: virsh(args, options.connectUri) }
}

/** `virsh domjobinfo` on the source while the migration runs (`completed` afterwards, on either side). */
export function domjobinfoCommand(domain: string, options: { completed?: boolean; connectUri?: string } = {}): MigrationCommandResult {
  const domainError = checkDomain(domain)
  if (domainError !== null) return { ok: false, error: domainError }
  return { ok: true, argv: virsh(['domjobinfo', '--domain', domain, ...(options.completed === true ? ['--completed'] : [])], options.connectUri) }
}

/** `virsh domjobabort` on the source: cancels the migration, the VM keeps running where it was. */
export function domjobabortCommand(domain: string, options: { connectUri?: string } = {}): MigrationCommandResult {
  const domainError = checkDomain(domain)
  if (domainError !== null) return { ok: false, error: domainError }
  return { ok: true, argv: virsh(['domjobabort', '--domain', domain], options.connectUri) }
}
