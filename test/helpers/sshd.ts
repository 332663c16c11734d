/**
 * Real OpenSSH sshd instances for integration tests (needs root and openssh-server).
 *
 *   const lab = await createSshLab()               // temp dir, test users, a client key
 *   lab.keyUser       { name, privateKeyPath, publicKeyLine }  key-only login, shell /bin/sh
 *   lab.passwordUser  { name, password }                       password login, shell /bin/sh
 *   const sshd = await lab.startSshd({ address: '127.0.0.2' })  // free port picked for you
 *   sshd.address / sshd.port / sshd.dir / sshd.logFile / sshd.pidFile
 *   sshd.hostKeys     [{ type: 'ssh-ed25519', publicKeyLine, blob, sha256 }]  (hostKeyTypes option:
 *                     'ed25519' | 'ecdsa' | 'rsa', default ['ed25519'])
 *   sshd.knownHostsLine(type?)   an OpenSSH known_hosts line for this instance ([addr]:port form)
 *   sshd.connectionCount()       TCP connections sshd has logged so far ("Connection from")
 *   sshd.pause() / sshd.resume() SIGSTOP / SIGCONT the listener and every session process
 *   sshd.killSessions()          SIGKILL the per-connection processes, leave the listener up
 *   sshd.stop()                  kill the listener (pid file) and its session processes
 *   lab.generateClientKey({ name, type?, passphrase?, authorize? })  extra client keys; with
 *                     authorize: true the key may log in as lab.keyUser
 *   await lab.addKeyUser({ name: 'rackside-bash', shell: '/bin/bash' })  another key-only user
 *                     (created once per machine, its login shell set), lab.keyUser's key logs in
 *   lab.startSshd({ config: { MaxSessions: '4' } })  extra or overriding sshd_config lines;
 *                     usePam: true turns on PAM keyboard-interactive (password user answers it)
 *   await lab.close()           stops every sshd this lab started and removes its temp dir
 *
 * Each instance has its own config, host keys, pid file and log in the lab's temp dir; nothing is
 * found or stopped by process name. The two test users are created once per machine (idempotent).
 */
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { chmod, mkdir, readFile, rm, writeFile, appendFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

export type HostKeyKind = 'ed25519' | 'ecdsa' | 'rsa'

export interface SshdHostKey {
  /** The OpenSSH key type name, e.g. 'ssh-ed25519'. */
  type: string
  publicKeyLine: string
  blob: Buffer
  /** 'SHA256:' + unpadded base64, as ssh-keygen -l prints it. */
  sha256: string
}

export interface SshdInstance {
  readonly name: string
  readonly address: string
  readonly port: number
  readonly dir: string
  readonly logFile: string
  readonly pidFile: string
  readonly hostKeys: SshdHostKey[]
  pid(): number
  knownHostsLine(type?: string): string
  connectionCount(): number
  log(): string
  pause(): void
  resume(): void
  killSessions(): void
  stop(): Promise<void>
}

export interface StartSshdOptions {
  name?: string
  address?: string
  port?: number
  hostKeyTypes?: HostKeyKind[]
  /** sshd_config keywords to add or override, e.g. { MaxSessions: '4' }. */
  config?: Record<string, string>
  usePam?: boolean
}

export interface ClientKey {
  privateKeyPath: string
  publicKeyLine: string
  sha256: string
}

export interface KeyUser extends ClientKey {
  name: string
  shell: string
}

export interface SshLab {
  readonly dir: string
  readonly keyUser: { name: string } & ClientKey
  readonly passwordUser: { name: string; password: string }
  startSshd(options?: StartSshdOptions): Promise<SshdInstance>
  generateClientKey(options: { name: string; type?: HostKeyKind; passphrase?: string; authorize?: boolean }): Promise<ClientKey>
  addKeyUser(options: { name: string; shell: string }): Promise<KeyUser>
  close(): Promise<void>
}

export const KEY_USER = 'rackside-key'
export const PASSWORD_USER = 'rackside-pw'
export const TEST_PASSWORD = 'rs-Test-pw-7731'

const keyTypeNames: Record<HostKeyKind, string> = { ed25519: 'ssh-ed25519', ecdsa: 'ecdsa-sha2-nistp256', rsa: 'ssh-rsa' }
const keygenArgs: Record<HostKeyKind, string[]> = { ed25519: ['-t', 'ed25519'], ecdsa: ['-t', 'ecdsa', '-b', '256'], rsa: ['-t', 'rsa', '-b', '2048'] }

export function sha256Fingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`
}

function parsePublicKeyLine(line: string): SshdHostKey {
  const [type, base64] = line.trim().split(/\s+/)
  if (!type || !base64) throw new Error(`not a public key line: ${line}`)
  const blob = Buffer.from(base64, 'base64')
  return { type, publicKeyLine: line.trim(), blob, sha256: sha256Fingerprint(blob) }
}

async function userExists(name: string): Promise<boolean> {
  try {
    await run('id', ['-u', name])
    return true
  } catch {
    return false
  }
}

async function ensureUser(name: string, shell = '/bin/sh'): Promise<void> {
  if (await userExists(name)) return
  try {
    await run('useradd', ['-m', '-s', shell, name])
  } catch (error) {
    // Another test run may have created it between the check and useradd.
    if (!(await userExists(name))) throw error
  }
}

/** A key-only login user with the given login shell (an existing user gets that shell). */
export async function ensureKeyLoginUser(name: string, shell: string): Promise<void> {
  await ensureUser(name, shell)
  const { stdout } = await run('getent', ['passwd', name])
  if (stdout.trim().split(':')[6] !== shell) await run('usermod', ['-s', shell, name])
  // useradd leaves '!' in shadow: with UsePAM no, sshd then refuses even key logins.
  await run('usermod', ['-p', '*', name])
  await mkdir('/run/sshd', { recursive: true, mode: 0o755 })
}

async function ensureTestUsers(): Promise<void> {
  await ensureUser(KEY_USER)
  await ensureUser(PASSWORD_USER)
  // useradd leaves '!' in shadow: with UsePAM no, sshd then refuses even key logins.
  await run('usermod', ['-p', '*', KEY_USER])
  await new Promise<void>((resolve, reject) => {
    const child = execFile('chpasswd', (error) => (error ? reject(error) : resolve()))
    child.stdin?.end(`${PASSWORD_USER}:${TEST_PASSWORD}\n`)
  })
  await mkdir('/run/sshd', { recursive: true, mode: 0o755 })
}

async function freePort(address: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, address, () => {
      const info = server.address()
      const port = typeof info === 'object' && info ? info.port : 0
      server.close(() => resolve(port))
    })
  })
}

/** Every live process whose parent chain reaches `rootPid` (found through /proc, not by name). */
export function descendantPids(rootPid: number): number[] {
  const children = new Map<number, number[]>()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    let stat: string
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
    } catch {
      continue
    }
    const afterComm = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    const ppid = Number(afterComm[1])
    const list = children.get(ppid) ?? []
    list.push(Number(entry))
    children.set(ppid, list)
  }
  const found: number[] = []
  const stack = [rootPid]
  while (stack.length > 0) {
    const pid = stack.pop() as number
    for (const child of children.get(pid) ?? []) {
      found.push(child)
      stack.push(child)
    }
  }
  return found
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error
  }
}

// PID 1 here may reap late, so a zombie counts as gone.
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z'
  } catch {
    return false
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined> | T | undefined): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await sleep(20)
  }
}

// Listener pids of every lab in this process, so a crashed test run still cleans up on exit.
const liveListeners = new Set<number>()
let exitHookInstalled = false
function installExitHook(): void {
  if (exitHookInstalled) return
  exitHookInstalled = true
  process.once('exit', () => {
    for (const pid of liveListeners) {
      for (const child of descendantPids(pid)) signal(child, 'SIGKILL')
      signal(pid, 'SIGKILL')
    }
  })
}

export async function createSshLab(): Promise<SshLab> {
  await ensureTestUsers()
  installExitHook()
  const dir = mkdtempSync(join(tmpdir(), 'rackside-sshd-'))
  const authorizedDir = join(dir, 'authorized_keys')
  await mkdir(authorizedDir, { recursive: true })
  await chmod(dir, 0o755)
  const instances: SshdInstance[] = []
  let counter = 0

  async function generateClientKey(options: { name: string; type?: HostKeyKind; passphrase?: string; authorize?: boolean }): Promise<ClientKey> {
    const privateKeyPath = join(dir, 'client', options.name)
    await mkdir(join(dir, 'client'), { recursive: true })
    await rm(privateKeyPath, { force: true })
    await rm(`${privateKeyPath}.pub`, { force: true })
    await run('ssh-keygen', ['-q', ...keygenArgs[options.type ?? 'ed25519'], '-N', options.passphrase ?? '', '-C', options.name, '-f', privateKeyPath])
    const publicKeyLine = (await readFile(`${privateKeyPath}.pub`, 'utf8')).trim()
    if (options.authorize) await appendFile(join(authorizedDir, KEY_USER), `${publicKeyLine}\n`, { mode: 0o644 })
    return { privateKeyPath, publicKeyLine, sha256: parsePublicKeyLine(publicKeyLine).sha256 }
  }

  const keyUserKey = await generateClientKey({ name: 'id_ed25519', authorize: true })

  async function addKeyUser(options: { name: string; shell: string }): Promise<KeyUser> {
    await ensureKeyLoginUser(options.name, options.shell)
    await appendFile(join(authorizedDir, options.name), `${keyUserKey.publicKeyLine}\n`, { mode: 0o644 })
    return { name: options.name, shell: options.shell, ...keyUserKey }
  }

  async function startSshd(options: StartSshdOptions = {}): Promise<SshdInstance> {
    counter += 1
    const name = options.name ?? `sshd-${counter}`
    const address = options.address ?? '127.0.0.1'
    const instanceDir = join(dir, name)
    await mkdir(instanceDir, { recursive: true })
    const hostKeys: SshdHostKey[] = []
    const hostKeyLines: string[] = []
    for (const kind of options.hostKeyTypes ?? ['ed25519']) {
      const keyPath = join(instanceDir, `ssh_host_${kind}_key`)
      await run('ssh-keygen', ['-q', ...keygenArgs[kind], '-N', '', '-C', `${name}-hostkey`, '-f', keyPath])
      const key = parsePublicKeyLine(await readFile(`${keyPath}.pub`, 'utf8'))
      if (key.type !== keyTypeNames[kind]) throw new Error(`ssh-keygen made a ${key.type} key, expected ${keyTypeNames[kind]}`)
      hostKeys.push(key)
      hostKeyLines.push(`HostKey ${keyPath}`)
    }
    const pidFile = join(instanceDir, 'sshd.pid')
    const logFile = join(instanceDir, 'sshd.log')
    const configFile = join(instanceDir, 'sshd_config')

    for (let attempt = 1; ; attempt += 1) {
      const port = options.port ?? (await freePort(address))
      const settings: Record<string, string> = {
        Port: String(port),
        ListenAddress: address,
        PidFile: pidFile,
        AuthorizedKeysFile: `${authorizedDir}/%u`,
        StrictModes: 'no',
        UsePAM: options.usePam ? 'yes' : 'no',
        PermitRootLogin: 'no',
        PubkeyAuthentication: 'yes',
        PasswordAuthentication: 'yes',
        KbdInteractiveAuthentication: options.usePam ? 'yes' : 'no',
        MaxSessions: '10',
        MaxStartups: '100:30:200',
        LogLevel: 'VERBOSE',
        AllowTcpForwarding: 'yes',
        PrintMotd: 'no',
        ...options.config
      }
      const text = [...hostKeyLines, ...Object.entries(settings).map(([key, value]) => `${key} ${value}`)].join('\n') + '\n'
      await writeFile(configFile, text)
      await rm(pidFile, { force: true })
      await writeFile(logFile, '')
      await run('/usr/sbin/sshd', ['-t', '-f', configFile])
      await run('/usr/sbin/sshd', ['-f', configFile, '-E', logFile])
      let pid: number
      try {
        pid = await waitFor('sshd pid file', 3000, async () => {
          const text = await readFile(pidFile, 'utf8').catch(() => '')
          return /^\d+\s*$/.test(text) ? Number(text) : undefined
        })
      } catch (error) {
        const log = await readFile(logFile, 'utf8').catch(() => '')
        // Another process may have taken the free port between the probe and sshd's bind.
        if (attempt < 3 && options.port === undefined && /Bind to port|Address already in use/.test(log)) continue
        throw new Error(`sshd ${name} did not start: ${(error as Error).message}\n${log}`, { cause: error })
      }
      liveListeners.add(pid)
      const instance: SshdInstance = {
        name,
        address,
        port,
        dir: instanceDir,
        logFile,
        pidFile,
        hostKeys,
        pid: () => pid,
        knownHostsLine(type) {
          const key = type === undefined ? hostKeys[0] : hostKeys.find((k) => k.type === type)
          if (!key) throw new Error(`${name} has no ${type} host key`)
          const [keyType, base64] = key.publicKeyLine.split(/\s+/)
          return `${port === 22 ? address : `[${address}]:${port}`} ${keyType} ${base64}`
        },
        log: () => readFileSync(logFile, 'utf8'),
        connectionCount: () => (readFileSync(logFile, 'utf8').match(/^.*Connection from .* port \d+ on .*$/gm) ?? []).length,
        pause() {
          signal(pid, 'SIGSTOP')
          for (const child of descendantPids(pid)) signal(child, 'SIGSTOP')
        },
        resume() {
          for (const child of descendantPids(pid)) signal(child, 'SIGCONT')
          signal(pid, 'SIGCONT')
        },
        killSessions() {
          for (const child of descendantPids(pid)) signal(child, 'SIGKILL')
        },
        async stop() {
          if (!liveListeners.has(pid)) return
          const text = await readFile(pidFile, 'utf8').catch(() => String(pid))
          const listener = Number(text)
          const sessions = descendantPids(listener)
          // A stopped process ignores SIGTERM until continued, so continue before killing.
          for (const target of [listener, ...sessions]) signal(target, 'SIGCONT')
          signal(listener, 'SIGTERM')
          for (const child of sessions) signal(child, 'SIGKILL')
          await waitFor(`sshd ${name} to exit`, 3000, () => (alive(listener) ? undefined : true)).catch(() => signal(listener, 'SIGKILL'))
          liveListeners.delete(pid)
          await rm(pidFile, { force: true })
        }
      }
      instances.push(instance)
      return instance
    }
  }

  return {
    dir,
    keyUser: { name: KEY_USER, ...keyUserKey },
    passwordUser: { name: PASSWORD_USER, password: TEST_PASSWORD },
    startSshd,
    generateClientKey,
    addKeyUser,
    async close() {
      for (const instance of instances) await instance.stop()
      rmSync(dir, { recursive: true, force: true })
    }
  }
}
