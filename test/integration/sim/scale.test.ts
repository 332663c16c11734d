import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { startDemoFleet, type DemoFleet } from '../../../src/main/sim/demo-fleet'
import { parseVolumeStatus } from '../../../src/main/probes/gluster'
import { parseVirshList } from '../../../src/main/probes/libvirt'
import { demoSite } from '../../unit/main/sim/sim-test-kit'
import { execOnce } from './ssh-exec'

let demo: DemoFleet | undefined
let keyDir = ''

afterAll(async () => {
  await demo?.stop()
  if (keyDir) await rm(keyDir, { recursive: true, force: true })
})

describe('a 500-host demo fleet', () => {
  it('starts in seconds and answers probes on its last host', async () => {
    keyDir = await mkdtemp(join(tmpdir(), 'rackside-sim-500-'))
    const started = Date.now()
    demo = await startDemoFleet({ site: demoSite(), hosts: 500, basePort: 0, keyDir })
    expect(demo.hosts).toHaveLength(500)
    expect(Date.now() - started).toBeLessThan(20_000)
    const last = demo.hosts[499]
    if (!last) throw new Error('no last host')
    expect(last.name).toBe('hv-497')

    const list = await execOnce(last.port, 'virsh list --all')
    expect(list.code).toBe(0)
    const domains = parseVirshList(list.stdout).domains
    expect(domains.length).toBeGreaterThanOrEqual(9)
    expect(domains.length).toBeLessThanOrEqual(11)
    expect((await execOnce(last.port, 'hostname; cat /proc/loadavg')).stdout).toMatch(/^hv-497\n\d+\.\d\d /)

    const status = await execOnce(last.port, 'gluster --xml volume status all detail')
    // 497 Gluster nodes in replica-3 sets, round robin: 166 sets of 3.
    expect(parseVolumeStatus(status.stdout).volumes[0]?.bricks.length).toBe(498)
    expect(process.memoryUsage().rss).toBeLessThan(1024 ** 3)
  })
})
