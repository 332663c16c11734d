import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startDemoFleet, type DemoFleet } from '../../../src/main/sim/demo-fleet'
import { demoSite } from '../../unit/main/sim/sim-test-kit'
import { connect, execOnce } from './ssh-exec'

const run = promisify(execFile)
let keyDir: string
let demo: DemoFleet
const port = (name: string) => {
  const host = demo.hosts.find((h) => h.name === name)
  if (!host) throw new Error(`no demo host ${name}`)
  return host.port
}

beforeAll(async () => {
  keyDir = await mkdtemp(join(tmpdir(), 'rackside-sim-keys-'))
  demo = await startDemoFleet({ site: demoSite(), basePort: 0, keyDir, utcOffsetMinutes: 0, migrationSecondsPerGiB: 0.5 })
})

afterAll(async () => {
  await demo?.stop()
  await rm(keyDir, { recursive: true, force: true })
})

describe('demo fleet over SSH', () => {
  it('serves every site host on its own 127.0.0.1 port with its own host key', async () => {
    expect(demo.hosts.map((h) => h.name)).toEqual(['mail-01', 'hvx-01', 'hvx-02', 'hv-01', 'hv-02', 'hv-03', 'hv-04', 'hv-05'])
    expect(new Set(demo.hosts.map((h) => h.port)).size).toBe(8)
    expect(new Set(demo.hosts.map((h) => h.hostKeySha256)).size).toBe(8)
    const result = await execOnce(port('hvx-01'), 'virsh list --all')
    expect(result).toMatchObject({ code: 0, stderr: '' })
    expect(result.stdout).toBe(' Id   Name     State\n------------------------\n 1    web-01   running\n 2    web-02   running\n 3    db-01    running\n 4    app-01   running\n\n')
    expect(result.fingerprint).toBe(demo.hosts.find((h) => h.name === 'hvx-01')?.hostKeySha256)
  })

  it('answers unknown commands with exit 127 and tool errors with the tool’s status', async () => {
    expect(await execOnce(port('hv-01'), 'nosuchtool -x')).toMatchObject({ code: 127, stdout: '', stderr: 'sh: 1: nosuchtool: not found\n' })
    expect(await execOnce(port('hv-01'), "virsh dominfo 'no such vm'")).toMatchObject({ code: 1, stdout: '\n', stderr: "error: failed to get domain 'no such vm'\n" })
  })

  it('keeps host keys on disk and presents the same ones after a restart', async () => {
    const files = (await readdir(keyDir)).sort()
    expect(files).toContain('hv-01.ed25519')
    expect((await stat(join(keyDir, 'hv-01.ed25519'))).mode & 0o777).toBe(0o600)
    const again = await startDemoFleet({ site: demoSite(), basePort: 0, keyDir, hosts: 4 })
    try {
      expect(again.hosts.map((h) => h.hostKeySha256)).toEqual(demo.hosts.slice(0, 4).map((h) => h.hostKeySha256))
      expect((await readdir(keyDir)).sort()).toEqual(files)
    } finally {
      await again.stop()
    }
  })

  it.runIf(existsSync('/usr/bin/ssh'))('works with the OpenSSH client, host key checked against known_hosts', async () => {
    const host = demo.hosts.find((h) => h.name === 'hv-02')
    if (!host) throw new Error('no hv-02')
    const knownHosts = join(keyDir, 'known_hosts')
    await writeFile(knownHosts, `[127.0.0.1]:${host.port} ${host.hostPublicKey}\n`)
    // Any client key logs in; the host key must match the one startDemoFleet reported.
    const clientKey = join(keyDir, 'client_ed25519')
    await run('/usr/bin/ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', clientKey])
    const ssh = (...command: string[]) =>
      run(
        '/usr/bin/ssh',
        ['-p', String(host.port), '-i', clientKey, '-o', 'IdentitiesOnly=yes', '-o', 'StrictHostKeyChecking=yes', '-o', `UserKnownHostsFile=${knownHosts}`, '-o', 'BatchMode=yes', 'rackside@127.0.0.1', ...command],
        { timeout: 15_000 }
      )
    const { stdout } = await ssh('virsh', 'list', '--all')
    expect(stdout).toContain(' 2    backup-agent-01   running\n')
    const { stdout: keyscan } = await run('/usr/bin/ssh-keygen', ['-l', '-F', `[127.0.0.1]:${host.port}`, '-f', knownHosts])
    expect(keyscan).toContain(host.hostKeySha256)
    // OpenSSH sends the words as one command line; the sim splits it like sh.
    expect((await ssh("printf '%s|' 'a b' \"it's\"")).stdout).toBe("a b|it's|")
    const failing = await ssh('virsh', 'dominfo', 'nope').catch((error: { code: number; stderr: string }) => error)
    expect(failing).toMatchObject({ code: 1, stderr: "error: failed to get domain 'nope'\n" })
  })

  it('refuses connections to a cut host and serves it again on the same port when restored', async () => {
    const hv03 = port('hv-03')
    demo.fleet.cutHost('hv-03')
    await new Promise((resolve) => setTimeout(resolve, 50))
    await expect(connect(hv03)).rejects.toMatchObject({ code: 'ECONNREFUSED' })
    demo.fleet.restoreHost('hv-03')
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect((await execOnce(hv03, 'hostname')).stdout).toBe('hv-03\n')
  })

  it('lets a hung host accept TCP and never answer', async () => {
    demo.fleet.cutHost('hv-04', 'hang')
    await new Promise((resolve) => setTimeout(resolve, 50))
    const started = Date.now()
    await expect(connect(port('hv-04'), { readyTimeout: 800 })).rejects.toThrow(/Timed out/)
    expect(Date.now() - started).toBeGreaterThanOrEqual(700)
    demo.fleet.restoreHost('hv-04')
    expect((await execOnce(port('hv-04'), 'hostname')).stdout).toBe('hv-04\n')
  })

  it('delays every answer of a slowed host', async () => {
    const c = await connect(port('hv-01'))
    try {
      demo.fleet.slowHost('hv-01', 700)
      const started = Date.now()
      expect((await c.exec('nproc')).stdout).toBe('4\n')
      expect(Date.now() - started).toBeGreaterThanOrEqual(700)
      demo.fleet.slowHost('hv-01', 0)
      const quick = Date.now()
      await c.exec('nproc')
      expect(Date.now() - quick).toBeLessThan(500)
    } finally {
      c.end()
    }
  })

  it('streams `vmstat 1` one line a second on one channel until the client closes it', async () => {
    const c = await connect(port('hv-05'))
    try {
      const channel = await c.open('env LC_ALL=C vmstat 1')
      const lines: { atMs: number; text: string }[] = []
      let buffer = ''
      channel.on('data', (d: Buffer) => {
        buffer += d.toString('utf8')
        const parts = buffer.split('\n')
        buffer = parts.pop() ?? ''
        for (const text of parts) lines.push({ atMs: Date.now(), text })
      })
      await new Promise((resolve) => setTimeout(resolve, 2_500))
      const closed = new Promise((resolve) => channel.on('close', resolve))
      channel.close()
      await closed
      const rows = lines.filter((l) => /^\s*\d/.test(l.text))
      expect(rows).toHaveLength(3)
      // The server stopped the stream too, not only the client.
      expect(demo.endpointStats().find((s) => s.name === 'hv-05')?.runningCommands).toBe(0)
      const gap = (rows[2]?.atMs ?? 0) - (rows[1]?.atMs ?? 0)
      expect(gap).toBeGreaterThan(800)
      expect(gap).toBeLessThan(1_300)
      // The connection is still good for other commands after the stream ends.
      expect((await c.exec('hostname')).stdout).toBe('hv-05\n')
    } finally {
      c.end()
    }
  })
})

describe('live migration over SSH', () => {
  it('migrates with progress, shows the job on the source and the VM on the target afterwards', async () => {
    const source = await connect(port('hvx-01'))
    const watcher = await connect(port('hvx-01'))
    try {
      // The app names the destination by the address and port it knows the host under.
      const target = `qemu+ssh://rackside@127.0.0.1:${port('hv-05')}/system`
      const migrating = source.exec(`virsh migrate --live --persistent --undefinesource --verbose app-01 ${target} --migrateuri tcp://127.0.0.1`)
      await new Promise((resolve) => setTimeout(resolve, 900))
      const job = await watcher.exec('virsh domjobinfo app-01')
      expect(job.stdout).toMatch(/^Job type: {9}Unbounded {3}\nOperation: {8}Outgoing migration\nTime elapsed: {5}\d+ +ms\n/)
      expect(job.stdout).toMatch(/\nData remaining: {3}[\d.]+ [KMG]iB\n/)
      const done = await migrating
      expect(done.code).toBe(0)
      expect(done.stdout).toBe('\n')
      expect(done.stderr).toMatch(/^\rMigration: \[ {2}\d %\]/)
      expect(done.stderr.endsWith('\rMigration: [100 %]')).toBe(true)
      expect((await watcher.exec('virsh list --all')).stdout).not.toContain('app-01')
      const onTarget = await execOnce(port('hv-05'), 'virsh list --all; virsh domjobinfo app-01 --completed')
      expect(onTarget.stdout).toContain(' app-01   running')
      expect(onTarget.stdout).toContain('Job type:         Completed   \nOperation:        Incoming migration\n')
    } finally {
      source.end()
      watcher.end()
    }
  })

  it('aborts on domjobabort: migrate fails with libvirt’s message and the VM stays', async () => {
    const source = await connect(port('hvx-02'))
    const other = await connect(port('hvx-02'))
    try {
      const migrating = source.exec(`virsh migrate --live --persistent --undefinesource --verbose db-02 qemu+ssh://hvx-01/system`)
      await new Promise((resolve) => setTimeout(resolve, 700))
      expect(await other.exec('virsh domjobabort db-02')).toMatchObject({ code: 0, stdout: '\n', stderr: '' })
      const failed = await migrating
      expect(failed.code).toBe(1)
      expect(failed.stderr).toMatch(/\]error: operation aborted: migration out job: canceled by client\n$/)
      expect((await other.exec('virsh domstate db-02')).stdout).toBe('running\n\n')
      expect((await execOnce(port('hvx-01'), 'virsh list --all')).stdout).not.toContain('db-02')
    } finally {
      source.end()
      other.end()
    }
  })

  it('cancels a migration whose virsh goes away, and reports an unreachable destination', async () => {
    const c = await connect(port('hv-01'))
    try {
      const channel = await c.open('virsh migrate --live --persistent --undefinesource mail-relay-01 qemu+ssh://hv-02/system')
      await new Promise((resolve) => setTimeout(resolve, 400))
      channel.close()
      await new Promise((resolve) => setTimeout(resolve, 400))
      expect(demo.fleet.migrations.all().find((m) => m.vm === 'mail-relay-01')?.status).toBe('cancelled')
      demo.fleet.cutHost('hv-02')
      const refused = await c.exec('virsh migrate --live --persistent --undefinesource mail-relay-01 qemu+ssh://hv-02/system')
      expect(refused.code).toBe(1)
      expect(refused.stderr).toBe('error: failed to connect to the hypervisor\nerror: Cannot recv data: ssh: connect to host hv-02 port 22: Connection refused: Connection reset by peer\n')
    } finally {
      demo.fleet.restoreHost('hv-02')
      c.end()
    }
  })
})
