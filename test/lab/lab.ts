/**
 * Programmatic access to the Rackside lab (test/lab/lab-up.sh): a small real datacenter of network
 * namespaces on this machine. Needs root; see test/lab/README.md.
 *
 *   await labUp()                         bring it up (idempotent; about 15 s with KVM, reused when up)
 *   await labSsh('hv-01', 'virsh list')   run a command on a host as root (or { user: labNonRootUser })
 *   labPaths().sshConfig / .privateKey / .knownHosts   for OpenSSH, ssh2 or Rackside itself
 *   await labStatus()                     up or not, virt type, each host's keeper alive
 *   await labDown()                       tear everything down (idempotent, by pid files)
 *
 * Tests normally go through requireLab() (require-lab.ts), which shares one lab per vitest run.
 */
import { spawn } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs'
import { join } from 'node:path'

export type LabHostName = 'hv-01' | 'hv-02' | 'hv-03' | 'mail-01'
export type LabHostRole = 'hypervisor' | 'mail'

export interface LabHost {
  name: LabHostName
  address: string
  role: LabHostRole
}

export const labHosts: readonly LabHost[] = [
  { name: 'hv-01', address: '10.200.0.11', role: 'hypervisor' },
  { name: 'hv-02', address: '10.200.0.12', role: 'hypervisor' },
  { name: 'hv-03', address: '10.200.0.13', role: 'hypervisor' },
  { name: 'mail-01', address: '10.200.0.21', role: 'mail' }
]

/** The root namespace's address on the lab bridge, and the extra source addresses for load tools. */
export const labBridgeAddress = '10.200.0.1'
export const labClientAddresses: readonly string[] = ['10.200.0.101', '10.200.0.102', '10.200.0.103', '10.200.0.104', '10.200.0.105']
export const labBridge = 'rackside-br0'
export const labVolume = 'vmstore'
/** Where the Gluster volume is FUSE-mounted on every hypervisor; the VM disks live there. */
export const labVmstoreMount = '/var/lib/libvirt/images/vmstore'
/** Guests started on hv-01 by lab-up. */
export const labVms: readonly string[] = ['vm1', 'vm2']
/** Present on every host with the same key as root and /bin/sh as login shell; may use virsh. */
export const labNonRootUser = 'rackside'
/** Dovecot users on mail-01. */
export const labMailUsers: readonly { login: string; password: string }[] = ['alice', 'bob', 'carol', 'dave', 'erin'].map(
  (name) => ({ login: `${name}@lab.test`, password: `${name}-pw` })
)
export const labMailLog = '/var/log/mail.log'

export const labScriptsDir = __dirname

export interface LabPaths {
  /** RACKSIDE_LAB_DIR, default /tmp/rackside-lab. */
  dir: string
  stateDir: string
  privateKey: string
  publicKey: string
  knownHosts: string
  sshConfig: string
  /** Logs of the last torn-down lab. */
  lastLogsDir: string
}

export function labPaths(): LabPaths {
  const dir = process.env.RACKSIDE_LAB_DIR ?? '/tmp/rackside-lab'
  const stateDir = join(dir, 'state')
  const client = join(stateDir, 'client')
  return {
    dir,
    stateDir,
    privateKey: join(client, 'id_ed25519'),
    publicKey: join(client, 'id_ed25519.pub'),
    knownHosts: join(client, 'known_hosts'),
    sshConfig: join(client, 'ssh_config'),
    lastLogsDir: join(dir, 'last-logs')
  }
}

/**
 * not-root, missing-packages, address-in-use and missing-kernel-feature mean this machine cannot run
 * the lab; up-failed and down-failed mean the lab itself broke.
 */
export type LabErrorKind =
  | 'not-root'
  | 'missing-packages'
  | 'address-in-use'
  | 'missing-kernel-feature'
  | 'up-failed'
  | 'down-failed'
  | 'command-failed'

export class LabError extends Error {
  override readonly name = 'LabError'
  constructor(
    readonly kind: LabErrorKind,
    message: string,
    readonly output = ''
  ) {
    super(message)
  }

  /** True when the machine, not the lab, is the problem (tests may then report "not run"). */
  get isEnvironment(): boolean {
    return ['not-root', 'missing-packages', 'address-in-use', 'missing-kernel-feature'].includes(this.kind)
  }
}

export interface CommandResult {
  stdout: string
  stderr: string
  exitCode: number
}

interface RunOptions {
  env?: NodeJS.ProcessEnv
  timeoutMs: number
  input?: string
}

/** Run a program to completion; a timeout kills it and reports exit code 124 like timeout(1). */
function run(file: string, args: string[], opts: RunOptions): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env: opts.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] })
    const out: Buffer[] = []
    const err: Buffer[] = []
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      child.kill('SIGKILL')
    }, opts.timeoutMs)
    child.stdout.on('data', (b: Buffer) => out.push(b))
    child.stderr.on('data', (b: Buffer) => err.push(b))
    child.on('error', (e) => {
      clearTimeout(timer)
      reject(e)
    })
    child.on('close', (code) => {
      clearTimeout(timer)
      const stderr = Buffer.concat(err).toString('utf8')
      resolve({
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: timedOut ? `${stderr}\n[timed out after ${opts.timeoutMs} ms]` : stderr,
        exitCode: timedOut ? 124 : (code ?? 1)
      })
    })
    // A program that exits without reading its input closes the pipe first: EPIPE is not a failure.
    child.stdin.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') reject(error)
    })
    child.stdin.end(opts.input ?? '')
  })
}

const upExitKinds: Record<number, LabErrorKind> = {
  2: 'not-root',
  3: 'missing-packages',
  4: 'address-in-use',
  5: 'missing-kernel-feature'
}

function lastLines(text: string, count: number): string {
  return text.trim().split('\n').slice(-count).join('\n')
}

async function runLabScript(script: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<CommandResult> {
  return run('bash', [join(labScriptsDir, script), ...args], { env: { ...process.env, ...env }, timeoutMs })
}

/** Whether this machine can run the lab at all (root, packages, free addresses); starts nothing. */
export async function labCheck(): Promise<void> {
  const r = await runLabScript('lab-up.sh', ['--check'], {}, 30_000)
  if (r.exitCode !== 0) {
    throw new LabError(upExitKinds[r.exitCode] ?? 'up-failed', lastLines(r.stderr || r.stdout, 3), r.stdout + r.stderr)
  }
}

export type LabVirtType = 'kvm' | 'qemu'

export interface LabUpOptions {
  /** kvm, qemu (TCG) or auto (KVM when /dev/kvm works). Only used when the lab is not up yet. */
  virt?: LabVirtType | 'auto'
  timeoutMs?: number
}

export interface LabUpResult {
  /** The lab was already running and was left alone. */
  alreadyUp: boolean
  virtType: LabVirtType
  /** Wall time of this call. */
  seconds: number
  output: string
}

export async function labUp(opts: LabUpOptions = {}): Promise<LabUpResult> {
  const started = performance.now()
  const r = await runLabScript('lab-up.sh', [], { RACKSIDE_LAB_VIRT: opts.virt ?? 'auto' }, opts.timeoutMs ?? 180_000)
  const output = r.stdout + r.stderr
  if (r.exitCode !== 0) {
    const kind = upExitKinds[r.exitCode] ?? 'up-failed'
    throw new LabError(kind, `lab-up failed (exit ${r.exitCode}): ${lastLines(r.stderr || r.stdout, 6)}`, output)
  }
  const status = await labStatus()
  if (!status.up || !status.virtType) throw new LabError('up-failed', 'lab-up returned 0 but the lab is not up', output)
  return {
    alreadyUp: /lab already up/.test(r.stdout),
    virtType: status.virtType,
    seconds: (performance.now() - started) / 1000,
    output
  }
}

export interface LabDownResult {
  seconds: number
  output: string
}

export async function labDown(opts: { timeoutMs?: number } = {}): Promise<LabDownResult> {
  const started = performance.now()
  const r = await runLabScript('lab-down.sh', [], {}, opts.timeoutMs ?? 60_000)
  const output = r.stdout + r.stderr
  if (r.exitCode !== 0) {
    const kind = r.exitCode === 2 ? 'not-root' : 'down-failed'
    throw new LabError(kind, `lab-down failed (exit ${r.exitCode}): ${lastLines(r.stderr || r.stdout, 6)}`, output)
  }
  return { seconds: (performance.now() - started) / 1000, output }
}

export interface LabHostStatus extends LabHost {
  keeperPid: number | null
  /** The keeper (the process holding the host's namespaces) is alive inside the host's netns. */
  alive: boolean
}

export interface LabStatus {
  /** lab-up finished and every host's keeper is alive. */
  up: boolean
  upSince: string | null
  virtType: LabVirtType | null
  hosts: LabHostStatus[]
}

function readKeyValues(file: string): Map<string, string> {
  const values = new Map<string, string>()
  if (!existsSync(file)) return values
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const eq = line.indexOf('=')
    if (eq > 0) values.set(line.slice(0, eq), line.slice(eq + 1))
  }
  return values
}

function readPid(file: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(file, 'utf8').trim(), 10)
    return Number.isInteger(pid) && pid > 0 ? pid : null
  } catch {
    return null
  }
}

/** A live process: exists and is not a zombie (a killed keeper lingers as one until PID 1 reaps it). */
export function processAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3)
    return state !== 'Z' && state !== 'X'
  } catch {
    return false
  }
}

/** The process lives in the named network namespace (guards against pid reuse). */
function inNetns(pid: number, netns: string): boolean {
  try {
    const link = readlinkSync(`/proc/${pid}/ns/net`)
    return link === `net:[${statSync(`/run/netns/${netns}`).ino}]`
  } catch {
    return false
  }
}

export async function labStatus(): Promise<LabStatus> {
  const { stateDir } = labPaths()
  const upFile = readKeyValues(join(stateDir, 'lab.up'))
  const hosts = labHosts.map((h) => {
    const keeperPid = readPid(join(stateDir, 'hosts', h.name, 'keeper.pid'))
    const alive = keeperPid !== null && processAlive(keeperPid) && inNetns(keeperPid, h.name)
    return { ...h, keeperPid, alive }
  })
  const virt = upFile.get('virtType')
  return {
    up: upFile.size > 0 && hosts.every((h) => h.alive),
    upSince: upFile.get('upSince') ?? null,
    virtType: virt === 'kvm' || virt === 'qemu' ? virt : null,
    hosts
  }
}

export interface LabPidFile {
  host: LabHostName
  /** Path of the pid file in the root namespace (host-private /run lives under the state dir). */
  file: string
  pid: number
}

function pidFilesUnder(dir: string): string[] {
  if (!existsSync(dir)) return []
  const found: string[] = []
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) found.push(...pidFilesUnder(path))
    else if (entry.isFile() && entry.name.endsWith('.pid')) found.push(path)
  }
  return found
}

/** Every pid file of the running lab: keepers, sshd, libvirtd, virtlogd, qemu, gluster, dovecot, postfix. */
export function labPidFiles(): LabPidFile[] {
  const { stateDir } = labPaths()
  const result: LabPidFile[] = []
  for (const h of labHosts) {
    const hostDir = join(stateDir, 'hosts', h.name)
    const files = [
      join(hostDir, 'keeper.pid'),
      ...pidFilesUnder(join(hostDir, 'run')),
      join(hostDir, 'spool-postfix', 'pid', 'master.pid')
    ]
    for (const file of files) {
      const pid = readPid(file)
      if (pid !== null) result.push({ host: h.name, file, pid })
    }
  }
  return result
}

/**
 * What a torn-down lab must not leave behind: namespaces, bridge or veth links, lab addresses, Gluster
 * FUSE mounts in any process, and live processes among `pids` (taken from labPidFiles() while up).
 * Returns one human line per leftover; empty when clean.
 */
export async function labLeftovers(pids: readonly LabPidFile[] = []): Promise<string[]> {
  const left: string[] = []
  const netns = await run('ip', ['netns', 'list'], { timeoutMs: 10_000 })
  for (const line of netns.stdout.split('\n')) {
    const name = line.split(' ')[0]
    if (name && labHosts.some((h) => h.name === name)) left.push(`network namespace ${name}`)
  }
  const links = await run('ip', ['-o', 'link', 'show'], { timeoutMs: 10_000 })
  for (const line of links.stdout.split('\n')) {
    const name = line.split(':')[1]?.trim().split('@')[0]
    if (name && (name === labBridge || name.startsWith('rs-'))) left.push(`link ${name}`)
  }
  const addrs = await run('ip', ['-o', 'addr', 'show'], { timeoutMs: 10_000 })
  for (const line of addrs.stdout.split('\n')) {
    const m = / inet (10\.200\.0\.\d+)\//.exec(line)
    if (m) left.push(`address ${m[1]}`)
  }
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    let mounts: string
    try {
      mounts = readFileSync(`/proc/${entry}/mounts`, 'utf8')
    } catch {
      continue // the process exited while we looked
    }
    if (mounts.includes(' fuse.glusterfs ')) left.push(`process ${entry} sees a fuse.glusterfs mount`)
  }
  for (const p of pids) {
    if (processAlive(p.pid)) left.push(`pid ${p.pid} from ${p.file} (${p.host}) still alive`)
  }
  return left
}

export interface LabSshOptions {
  /** Default root. */
  user?: string
  timeoutMs?: number
  input?: string
}

/** Run a shell command on a lab host over real OpenSSH with the lab's key, known_hosts and ssh_config. */
export async function labSsh(host: LabHostName, command: string, opts: LabSshOptions = {}): Promise<CommandResult> {
  const target = opts.user ? `${opts.user}@${host}` : host
  return run('ssh', ['-F', labPaths().sshConfig, target, command], {
    timeoutMs: opts.timeoutMs ?? 60_000,
    ...(opts.input !== undefined ? { input: opts.input } : {})
  })
}

/** labSsh that wants exit code 0: returns stdout, or throws a LabError with the command's stderr. */
export async function labSshText(host: LabHostName, command: string, opts: LabSshOptions = {}): Promise<string> {
  const r = await labSsh(host, command, opts)
  if (r.exitCode !== 0) {
    throw new LabError('command-failed', `${host}: \`${command}\` exited ${r.exitCode}: ${lastLines(r.stderr, 4)}`, r.stdout + r.stderr)
  }
  return r.stdout
}

/** Run a local program (e.g. test/lab/mail-load.py) with a timeout; non-zero exit codes are returned. */
export function labRun(file: string, args: string[], timeoutMs = 120_000): Promise<CommandResult> {
  return run(file, args, { timeoutMs })
}
