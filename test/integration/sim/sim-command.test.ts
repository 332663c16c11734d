import { readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { memoryIo } from '../../../src/main/cli/cli-io'
import { runSimCommand } from '../../../src/main/cli/sim-command'
import { REPO } from '../../unit/main/sim/sim-test-kit'
import { execOnce } from './ssh-exec'

const siteYaml = readFileSync(join(REPO, 'resources', 'demo-site.yaml'), 'utf8')
let dataDir = ''

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'rackside-sim-cli-'))
})
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true })
})

async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const started = Date.now()
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out waiting')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

describe('rackside sim', () => {
  it('runs the fleet until stopped and prints every host with its port and fingerprint', async () => {
    const io = memoryIo('', { 'site.yaml': siteYaml })
    const stop = new AbortController()
    const exit = runSimCommand(['--hosts', '10', '--port', '0', '--site', 'site.yaml', '--data', dataDir], io, stop.signal)
    await until(() => io.out.includes('Press Ctrl-C to stop.'))
    const rows = [...io.out.matchAll(/^(\S+)\s+127\.0\.0\.1:(\d+)\s+(\S+)\s+(SHA256:\S+)$/gm)].map((m) => ({ name: m[1], port: Number(m[2]), roles: m[3], key: m[4] }))
    expect(rows.map((r) => r.name)).toEqual(['mail-01', 'hvx-01', 'hvx-02', 'hv-01', 'hv-02', 'hv-03', 'hv-04', 'hv-05', 'hv-06', 'hv-07'])
    expect(rows[8]?.roles).toBe('hypervisor,gluster')
    const hv06 = rows[8]
    if (!hv06) throw new Error('no hv-06 row')
    const answer = await execOnce(hv06.port, 'hostname')
    expect(answer.stdout).toBe('hv-06\n')
    expect(answer.fingerprint).toBe(hv06.key)
    stop.abort()
    expect(await exit).toBe(0)
    expect(io.out.endsWith('Demo fleet stopped.\n')).toBe(true)
    expect(io.err).toBe('')
  })

  it('refuses bad arguments with exit 2 and a bad site with exit 1', async () => {
    const io = memoryIo('', { 'bad.yaml': 'site:\n  name: ""\n' })
    expect(await runSimCommand(['--hosts', '0'], io)).toBe(2)
    expect(await runSimCommand(['--port', '70000'], io)).toBe(2)
    expect(await runSimCommand(['--bogus'], io)).toBe(2)
    expect(await runSimCommand(['--site', 'missing.yaml', '--port', '0', '--data', dataDir], io)).toBe(1)
    expect(await runSimCommand(['--site', 'bad.yaml', '--port', '0', '--data', dataDir], io)).toBe(1)
    expect(io.err).toContain('--hosts must be a whole number from 1 to 5000, got 0')
    expect(io.err).toContain("rackside sim: cannot read site file missing.yaml: ENOENT: no such file or directory, open 'missing.yaml'")
    expect(io.err).toMatch(/^bad\.yaml:2: site\.name: /m)
  })
})
