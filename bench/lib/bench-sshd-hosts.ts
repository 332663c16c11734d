// Real OpenSSH sshd instances for the ssh benchmark: N listeners on 127.0.77.1..N, all on one
// port (so pdsh and ssh reach them by address alone), a key-only user whose login shell is /bin/sh
// (root's rc files would dominate: bash reads ~/.bashrc for every ssh command), one client key,
// and one known_hosts file trusting them all. Built on the test suite's sshd helper.
import { readFileSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { createSshLab, descendantPids, type SshdInstance, type SshLab } from '../../test/helpers/sshd'

export const BENCH_USER = 'rackside-bench'

export interface BenchSshdHosts {
  addresses: string[]
  port: number
  user: string
  keyPath: string
  knownHostsPath: string
  instances: SshdInstance[]
  /** PSS of every process sshd runs for connections (session processes, login shells), in kB. */
  sessionPssKiB(): number
  close(): Promise<void>
}

function canBind(address: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer()
    server.once('error', () => resolve(false))
    server.listen(port, address, () => server.close(() => resolve(true)))
  })
}

/** A port free on every address (sshd binds each address separately). */
async function commonFreePort(addresses: readonly string[]): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 20_000)
    const free = await Promise.all(addresses.map((address) => canBind(address, port)))
    if (free.every(Boolean)) return port
  }
  throw new Error(`no port is free on all of ${addresses[0]}..${addresses.at(-1)}`)
}

// Proportional set size: shared pages (libc, sshd's own text) split among the processes sharing
// them, so 50 sshd sessions are not each charged the whole of sshd.
function pssKiB(pid: number): number {
  let text: string
  try {
    text = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8')
  } catch {
    // A process that ended since it was listed holds no memory.
    return 0
  }
  const match = /^Pss:\s+(\d+) kB$/m.exec(text)
  if (!match) throw new Error(`/proc/${pid}/smaps_rollup has no Pss line`)
  return Number(match[1])
}

export function processPssKiB(pids: readonly number[]): number {
  return pids.reduce((sum, pid) => sum + pssKiB(pid), 0)
}

export async function startBenchSshdHosts(count: number): Promise<BenchSshdHosts> {
  if (count < 1 || count > 250) throw new Error(`host count must be 1..250, got ${count}`)
  const lab: SshLab = await createSshLab()
  const instances: SshdInstance[] = []
  try {
    const user = await lab.addKeyUser({ name: BENCH_USER, shell: '/bin/sh' })
    const addresses = Array.from({ length: count }, (_, i) => `127.0.77.${i + 1}`)
    const port = await commonFreePort(addresses)
    // Started a few at a time: each runs ssh-keygen for its host key.
    for (let i = 0; i < addresses.length; i += 10) {
      const batch = addresses.slice(i, i + 10)
      instances.push(...(await Promise.all(batch.map((address, j) => lab.startSshd({ name: `bench-${i + j + 1}`, address, port, config: { LogLevel: 'ERROR' } })))))
    }
    const knownHostsPath = join(lab.dir, 'bench_known_hosts')
    await writeFile(knownHostsPath, instances.map((sshd) => `${sshd.knownHostsLine()}\n`).join(''), { mode: 0o600 })
    return {
      addresses,
      port,
      user: user.name,
      keyPath: user.privateKeyPath,
      knownHostsPath,
      instances,
      sessionPssKiB: () => processPssKiB(instances.flatMap((sshd) => descendantPids(sshd.pid()))),
      close: () => lab.close()
    }
  } catch (error) {
    await lab.close()
    throw error
  }
}
