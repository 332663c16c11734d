// `npm run bench -- ssh [--hosts N] [--rounds N] [--keep-going]`: one small probe (/proc/loadavg)
// on every one of N real sshd (127.0.77.1..N, default 50, login shell /bin/sh), all hosts at once,
// the way a poller asks its fleet. Five ways, each warm, rounds interleaved so machine noise hits
// them alike:
//   pdsh         `pdsh -R ssh` (a new ssh connection per host per round)
//   controlmaster 50 OpenSSH clients over warm ControlMaster sockets (a new session per command)
//   pool-exec    Rackside's SshPool, one exec channel per probe on its persistent connections
//   bare-shell   a bare ssh2 script: one long-lived shell channel per host answering with builtins
//                (no framing beyond an end line, no parsing): the practical limit
//   session      Rackside's probe session (SshPool.probe), the fleet's whole probe table built in
// Prints the median wall time of a round, ratios, the client's CPU per host per poll (this process,
// and the ssh/pdsh processes it started), and memory per connection on both ends.
import { execFile, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs, promisify } from 'node:util'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { Client, type ClientChannel } from 'ssh2'
import { fleetProbes } from '../src/main/fleet/host-probes'
import { HostKeyVerifier } from '../src/main/ssh/host-key-verifier'
import { SshError } from '../src/main/ssh/ssh-error'
import { SshPool } from '../src/main/ssh/ssh-pool'
import { processPssKiB, startBenchSshdHosts, type BenchSshdHosts } from './lib/bench-sshd-hosts'
import { childrenCpuSeconds } from './lib/proc-cpu'
import { median } from './lib/stats'

const execFileAsync = promisify(execFile)
const LOADAVG = /^\d+\.\d\d \d+\.\d\d \d+\.\d\d \d+\/\d+ \d+\n$/

type Method = 'pdsh' | 'controlmaster' | 'pool-exec' | 'bare-shell' | 'session'
const METHODS: Method[] = ['pdsh', 'controlmaster', 'pool-exec', 'bare-shell', 'session']

interface Subject {
  method: Method
  /** One round: every host answers once; resolves with the answers. */
  round(): Promise<string[]>
  /** Memory one connection costs on the client (this process's JS heap + external growth, or the PSS of the ssh masters kept) and in sshd (PSS). */
  clientKiBPerConnection: number | null
  hostKiBPerConnection: number | null
  close(): Promise<void>
}

interface Samples {
  wallMs: number[]
  /** CPU of this process, and of the child processes it waited for, over all rounds. */
  mainCpuMs: number
  childCpuMs: number
}

const fixed = (value: number | null, digits = 1) => (value === null || Number.isNaN(value) ? '—' : value.toFixed(digits))

function childrenCpuMs(): number {
  return childrenCpuSeconds(process.pid) * 1000
}

function mainCpuMs(): number {
  const usage = process.cpuUsage()
  return (usage.user + usage.system) / 1000
}

const collectGarbage = (() => {
  setFlagsFromString('--expose-gc')
  return runInNewContext('gc') as () => void
})()

/** JS heap + memory outside it that V8 tracks (ssh2's buffers), after a full GC: steadier than RSS. */
function heapKiB(): number {
  collectGarbage()
  const usage = process.memoryUsage()
  return (usage.heapUsed + usage.external) / 1024
}

function sshOptions(hosts: BenchSshdHosts): string[] {
  return ['-F', '/dev/null', '-p', String(hosts.port), '-i', hosts.keyPath, '-o', 'IdentitiesOnly=yes', '-o', `UserKnownHostsFile=${hosts.knownHostsPath}`, '-o', 'StrictHostKeyChecking=yes', '-o', 'BatchMode=yes', '-l', hosts.user]
}

function spawnCollect(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

async function pdshSubject(hosts: BenchSshdHosts): Promise<Subject> {
  const env = { ...process.env, PDSH_SSH_ARGS: `-x ${sshOptions(hosts).join(' ')} %h`, PDSH_RCMD_TYPE: 'ssh' }
  const targets = hosts.addresses.join(',')
  return {
    method: 'pdsh',
    async round() {
      const result = await spawnCollect('pdsh', ['-R', 'ssh', '-f', String(hosts.addresses.length), '-t', '10', '-w', targets, 'cat', '/proc/loadavg'], env)
      if (result.code !== 0) throw new Error(`pdsh exited ${result.code}: ${result.stderr.trim().split('\n')[0] ?? ''}`)
      return result.stdout.trim().split('\n').map((line) => `${line.replace(/^[\d.]+: /, '')}\n`)
    },
    clientKiBPerConnection: null,
    hostKiBPerConnection: null,
    close: async () => undefined
  }
}

async function controlMasterSubject(hosts: BenchSshdHosts, dir: string): Promise<Subject> {
  const socket = (address: string) => join(dir, `cm-${address}`)
  const options = (address: string) => [...sshOptions(hosts), '-S', socket(address)]
  await Promise.all(hosts.addresses.map((address) => execFileAsync('ssh', [...options(address), '-M', '-o', 'ControlPersist=yes', '-f', '-N', address])))
  const masters = await Promise.all(
    hosts.addresses.map(async (address) => {
      const { stderr } = await execFileAsync('ssh', [...options(address), '-O', 'check', address])
      const pid = /pid=(\d+)/.exec(stderr)?.[1]
      if (!pid) throw new Error(`no ControlMaster for ${address}: ${stderr.trim()}`)
      return Number(pid)
    })
  )
  const hostBefore = hosts.sessionPssKiB()
  return {
    method: 'controlmaster',
    async round() {
      return Promise.all(
        hosts.addresses.map(async (address) => {
          const result = await spawnCollect('ssh', [...options(address), '-o', 'ControlMaster=no', address, 'cat', '/proc/loadavg'])
          if (result.code !== 0) throw new Error(`ssh ${address} exited ${result.code}: ${result.stderr.trim()}`)
          return result.stdout
        })
      )
    },
    clientKiBPerConnection: processPssKiB(masters) / masters.length,
    hostKiBPerConnection: hostBefore / hosts.addresses.length,
    close: async () => {
      await Promise.all(hosts.addresses.map((address) => execFileAsync('ssh', [...options(address), '-O', 'exit', address]).catch(() => undefined)))
    }
  }
}

function pool(hosts: BenchSshdHosts, dir: string): SshPool {
  const p = new SshPool({
    verifier: new HostKeyVerifier({ readOnlyPaths: [hosts.knownHostsPath], ownPath: join(dir, 'own_known_hosts') }),
    auth: { agentSocket: null, homeDir: dir },
    probes: fleetProbes
  })
  hosts.addresses.forEach((address) => p.setHost({ name: address, address, port: hosts.port, user: hosts.user, identityFile: hosts.keyPath }))
  return p
}

async function measureConnectionCost(hosts: BenchSshdHosts, connect: () => Promise<void>): Promise<{ client: number; host: number }> {
  const clientBefore = heapKiB()
  const hostBefore = hosts.sessionPssKiB()
  await connect()
  return { client: (heapKiB() - clientBefore) / hosts.addresses.length, host: (hosts.sessionPssKiB() - hostBefore) / hosts.addresses.length }
}

async function poolExecSubject(hosts: BenchSshdHosts, dir: string): Promise<Subject> {
  const p = pool(hosts, dir)
  const round = () => Promise.all(hosts.addresses.map(async (address) => (await p.run(address, ['cat', '/proc/loadavg'], { timeoutMs: 10_000 })).toString()))
  const cost = await measureConnectionCost(hosts, async () => {
    await round()
  })
  return { method: 'pool-exec', round, clientKiBPerConnection: cost.client, hostKiBPerConnection: cost.host, close: () => p.close() }
}

async function sessionSubject(hosts: BenchSshdHosts, dir: string): Promise<Subject> {
  const p = pool(hosts, dir)
  const round = () =>
    Promise.all(
      hosts.addresses.map(async (address) => {
        const outcome = (await p.probe(address, ['loadavg'], { timeoutMs: 10_000 })).get('loadavg')
        if (!outcome || outcome instanceof SshError) throw outcome ?? new Error(`${address}: no answer`)
        return outcome.stdout.toString()
      })
    )
  const cost = await measureConnectionCost(hosts, async () => {
    await round()
  })
  const notSession = hosts.addresses.filter((address) => p.stats(address).probeMode !== 'session')
  if (notSession.length > 0) throw new Error(`probe sessions did not start on ${notSession.join(', ')}: ${p.stats(notSession[0] ?? '').probeSessionFailure ?? ''}`)
  return { method: 'session', round, clientKiBPerConnection: cost.client, hostKiBPerConnection: cost.host, close: () => p.close() }
}

/** The practical limit: a raw ssh2 shell channel per host, builtins only, answers marked by one END line. */
async function bareShellSubject(hosts: BenchSshdHosts): Promise<Subject> {
  const privateKey = readFileSync(hosts.keyPath)
  const known = new Map(readFileSync(hosts.knownHostsPath, 'utf8').trim().split('\n').map((line) => {
    const [where = '', , key = ''] = line.split(' ')
    return [where, Buffer.from(key, 'base64')] as const
  }))
  const loop = `echo READY; while IFS= read -r q; do while IFS= read -r l; do printf '%s\\n' "$l"; done </proc/loadavg; printf 'END %s\\n' "$q"; done\n`
  interface Shell {
    client: Client
    channel: ClientChannel
    buffer: string
    waiter: ((text: string) => void) | null
    expect: string
  }
  const shells: Shell[] = []
  const cost = await measureConnectionCost(hosts, async () => {
    for (const address of hosts.addresses) {
      const client = new Client()
      await new Promise<void>((resolve, reject) => {
        client.once('ready', () => resolve())
        client.once('error', reject)
        client.connect({
          host: address,
          port: hosts.port,
          username: hosts.user,
          privateKey,
          hostVerifier: (key: Buffer) => known.get(`[${address}]:${hosts.port}`)?.equals(key) === true
        })
      })
      client.setNoDelay(true)
      const channel = await new Promise<ClientChannel>((resolve, reject) => client.shell(false, (error, ch) => (error ? reject(error) : resolve(ch))))
      const shell: Shell = { client, channel, buffer: '', waiter: null, expect: 'READY\n' }
      channel.on('data', (data: Buffer) => {
        shell.buffer += data.toString()
        const at = shell.buffer.indexOf(shell.expect)
        if (at >= 0 && shell.waiter) {
          const text = shell.buffer.slice(0, at)
          shell.buffer = shell.buffer.slice(at + shell.expect.length)
          const waiter = shell.waiter
          shell.waiter = null
          waiter(text)
        }
      })
      await new Promise<string>((resolve) => {
        shell.waiter = resolve
        channel.write(loop)
      })
      shells.push(shell)
    }
  })
  let seq = 0
  return {
    method: 'bare-shell',
    round() {
      seq += 1
      return Promise.all(
        shells.map(
          (shell) =>
            new Promise<string>((resolve) => {
              shell.expect = `END ${seq}\n`
              shell.waiter = resolve
              shell.channel.write(`${seq}\n`)
            })
        )
      )
    },
    clientKiBPerConnection: cost.client,
    hostKiBPerConnection: cost.host,
    close: async () => {
      for (const shell of shells) shell.client.end()
    }
  }
}

async function timeRound(subject: Subject, hostCount: number, samples: Samples): Promise<void> {
  const main = mainCpuMs()
  const children = childrenCpuMs()
  const started = performance.now()
  const answers = await subject.round()
  const wallMs = performance.now() - started
  if (answers.length !== hostCount || answers.some((answer) => !LOADAVG.test(answer))) throw new Error(`${subject.method}: a round gave ${answers.length} answers, not ${hostCount} loadavg lines: ${JSON.stringify(answers.find((a) => !LOADAVG.test(a)))}`)
  samples.wallMs.push(wallMs)
  samples.mainCpuMs += mainCpuMs() - main
  samples.childCpuMs += childrenCpuMs() - children
}

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { hosts: { type: 'string', default: '50' }, rounds: { type: 'string', default: '15' } } })
  const hostCount = Number(values.hosts)
  const rounds = Number(values.rounds)
  if (!Number.isInteger(hostCount) || hostCount < 1 || hostCount > 250) throw new Error(`--hosts must be 1..250, got ${values.hosts}`)
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds must be a whole number ≥ 1, got ${values.rounds}`)
  const dir = await mkdtemp(join(tmpdir(), 'rackside-ssh-bench-'))
  console.error(`… starting ${hostCount} sshd on 127.0.77.1-${hostCount}`)
  const hosts = await startBenchSshdHosts(hostCount)
  const subjects: Subject[] = []
  try {
    console.error(`… sshd on port ${hosts.port}; connecting every method and warming up`)
    subjects.push(await pdshSubject(hosts), await controlMasterSubject(hosts, dir), await poolExecSubject(hosts, dir), await bareShellSubject(hosts), await sessionSubject(hosts, dir))
    const samples = new Map<Method, Samples>(METHODS.map((m) => [m, { wallMs: [], mainCpuMs: 0, childCpuMs: 0 }]))
    for (const subject of subjects) await subject.round()
    for (let r = 1; r <= rounds; r++) {
      for (const subject of subjects) await timeRound(subject, hostCount, samples.get(subject.method) as Samples)
      console.error(`… round ${r}/${rounds}`)
    }
    report(hostCount, rounds, subjects, samples)
  } finally {
    for (const subject of subjects) await subject.close()
    await hosts.close()
    await rm(dir, { recursive: true, force: true })
  }
}

function report(hostCount: number, rounds: number, subjects: Subject[], samples: Map<Method, Samples>): void {
  const wall = (m: Method) => median(samples.get(m)?.wallMs ?? [])
  const session = wall('session')
  const perPoll = rounds * hostCount
  console.log('')
  console.log(`One /proc/loadavg probe on each of ${hostCount} real sshd (login shell /bin/sh), all hosts at once, ${rounds} rounds, medians`)
  console.log('(client kB/conn: growth of this process\'s JS heap + external memory, or PSS of the kept ssh masters; sshd kB/conn: PSS of sshd\'s processes for it, login shell included)')
  const rows = [
    ['method', 'round ms', 'min ms', '× session', 'client CPU ms/host/poll (this process + ssh children)', 'client kB/conn', 'sshd kB/conn'],
    ...subjects.map((s) => {
      const x = samples.get(s.method) as Samples
      return [
        s.method,
        fixed(wall(s.method), 2),
        fixed(Math.min(...x.wallMs), 2),
        fixed(wall(s.method) / session, 1),
        `${fixed(x.mainCpuMs / perPoll, 3)} + ${fixed(x.childCpuMs / perPoll, 3)}`,
        fixed(s.clientKiBPerConnection, 0),
        fixed(s.hostKiBPerConnection, 0)
      ]
    })
  ]
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((row) => (row[c] ?? '').length))) ?? []
  for (const row of rows) console.log(row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0))).join('  '))
  const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met')
  const bare = wall('bare-shell')
  console.log('')
  console.log('Targets:')
  console.log(`  session within 3× of the bare shell limit: ${fixed(session, 2)} vs ${fixed(bare, 2)} ms = ×${fixed(session / bare, 2)}: ${verdict(session <= 3 * bare)}`)
  console.log(`  at least 20× faster than ControlMaster: ×${fixed(wall('controlmaster') / session, 1)}: ${verdict(wall('controlmaster') >= 20 * session)}`)
  console.log(`  at least 200× faster than pdsh: ×${fixed(wall('pdsh') / session, 1)}: ${verdict(wall('pdsh') >= 200 * session)}`)
  console.log(`  (pool-exec, one exec channel per probe: ×${fixed(wall('pool-exec') / session, 1)} the session)`)
}
