import { describe, expect, it } from 'vitest'
import { runHealthCommand } from '../../../../src/main/cli/health-command'
import { memoryIo } from '../../../../src/main/cli/cli-io'
import { glusterFixture } from '../probes/gluster/fixture'

// The lab captures under the names an admin would give them.
function labFiles(state: string): Record<string, string> {
  return {
    'info.xml': glusterFixture(`volume-info.${state}.xml`),
    'status.xml': glusterFixture(`volume-status-all-detail.${state}.xml`),
    'heal.xml': glusterFixture(`volume-heal-info-summary.${state}.xml`),
    'peers.xml': glusterFixture(`peer-status.${state}.xml`),
    'pool.xml': glusterFixture(`pool-list.${state}.xml`)
  }
}

const fullArgs = ['gluster', '--info', 'info.xml', '--status', 'status.xml', '--heal-summary', 'heal.xml', '--peers', 'peers.xml', '--json']

describe('rackside health gluster --json', () => {
  it('prints UP with no reasons for the healthy captures', async () => {
    const io = memoryIo('', labFiles('healthy'))
    expect(await runHealthCommand(fullArgs, io)).toBe(0)
    expect(io.err).toBe('')
    expect(JSON.parse(io.out)).toEqual({ volumes: [{ name: 'vol0', health: 'UP', reasons: [] }] })
  })

  it('prints PARTIAL with the killed brick and the pending heals', async () => {
    const io = memoryIo('', labFiles('brick-down'))
    expect(await runHealthCommand(fullArgs, io)).toBe(0)
    expect(JSON.parse(io.out)).toEqual({
      volumes: [
        {
          name: 'vol0',
          health: 'PARTIAL',
          reasons: [
            'brick 127.1.1.2:/tmp/lab/run/gluster/bricks/n2/vol0 offline',
            'subvolume vol0-replicate-0 partial: 2 of 3 bricks up',
            'brick 127.1.1.1:/tmp/lab/run/gluster/bricks/n1/vol0: 13 heal entries pending',
            'brick 127.1.1.3:/tmp/lab/run/gluster/bricks/n3/vol0: 13 heal entries pending'
          ]
        }
      ]
    })
  })

  it('accepts pool list as --peers and needs only --info and --status', async () => {
    const io = memoryIo('', labFiles('node-down'))
    expect(await runHealthCommand(['gluster', '--info', 'info.xml', '--status', 'status.xml', '--peers', 'pool.xml', '--json'], io)).toBe(0)
    const [vol0] = JSON.parse(io.out).volumes
    expect(vol0.health).toBe('PARTIAL')
    expect(vol0.reasons).toContain('peer 127.1.1.3 disconnected')
    const minimal = memoryIo('', labFiles('node-down'))
    expect(await runHealthCommand(['gluster', '--json', '--status', 'status.xml', '--info', 'info.xml'], minimal)).toBe(0)
    expect(JSON.parse(minimal.out).volumes[0].reasons).not.toContain('peer 127.1.1.3 disconnected')
  })

  it('assesses every volume of a multi-volume capture', async () => {
    const io = memoryIo('', {
      'info.xml': glusterFixture('topologies/volume-info.topologies.xml'),
      'status.xml': glusterFixture('topologies/volume-status-all-detail.topologies-bricks-down.xml')
    })
    expect(await runHealthCommand(['gluster', '--info', 'info.xml', '--status', 'status.xml', '--json'], io)).toBe(0)
    expect(JSON.parse(io.out).volumes.map((volume: { name: string; health: string }) => `${volume.name}=${volume.health}`)).toEqual(['arb=PARTIAL', 'ddisp=UP', 'disp=PARTIAL', 'dist=DOWN', 'drep=DEGRADED'])
  })
})

describe('rackside health gluster as a table', () => {
  it('prints one row per volume and one line per further reason', async () => {
    const io = memoryIo('', labFiles('brick-down'))
    expect(await runHealthCommand(fullArgs.filter((arg) => arg !== '--json'), io)).toBe(0)
    const lines = io.out.trimEnd().split('\n')
    expect(lines[0]).toBe('VOLUME  HEALTH    REASONS')
    expect(lines[1]).toBe('vol0    PARTIAL   brick 127.1.1.2:/tmp/lab/run/gluster/bricks/n2/vol0 offline')
    expect(lines[2]).toBe('                  subvolume vol0-replicate-0 partial: 2 of 3 bricks up')
    expect(lines).toHaveLength(5)
  })

  it('shows a dash for a volume without reasons', async () => {
    const io = memoryIo('', labFiles('healthy'))
    expect(await runHealthCommand(['gluster', '--info', 'info.xml', '--status', 'status.xml'], io)).toBe(0)
    expect(io.out).toBe('VOLUME  HEALTH    REASONS\nvol0    UP        -\n')
  })
})

describe('rackside health gluster on bad input', () => {
  it('exits 1 with one line naming the tool when a file is garbage', async () => {
    const io = memoryIo('', { ...labFiles('healthy'), 'status.xml': '<html><body><h1>502 Bad Gateway</h1></body></html>' })
    expect(await runHealthCommand(fullArgs, io)).toBe(1)
    expect(io.out).toBe('')
    expect(io.err).toBe("rackside health: gluster-volume-status: expected one <cliOutput> element, found <html> (is this the output of 'gluster --xml volume status all detail'?)\n")
  })

  it('exits 1 with gluster\'s own words when the capture is a failed command', async () => {
    const io = memoryIo('', { ...labFiles('healthy'), 'status.xml': glusterFixture('topologies/volume-status-detail.stopped.xml') })
    expect(await runHealthCommand(fullArgs, io)).toBe(1)
    expect(io.err).toBe('rackside health: gluster-volume-status: gluster reported an error (opRet -1, opErrno 30800): Volume dist is not started\n')
  })

  it('exits 1 naming the line of a truncated capture', async () => {
    const io = memoryIo('', { ...labFiles('healthy'), 'heal.xml': glusterFixture('volume-heal-info-summary.healthy.xml').slice(0, 700) })
    expect(await runHealthCommand(fullArgs, io)).toBe(1)
    expect(io.err).toMatch(/^rackside health: gluster-heal-summary: not well-formed XML \(.*\) at line \d+: ".*"\n$/)
    expect(io.err.split('\n')).toHaveLength(2)
  })

  it('exits 1 when a file cannot be read', async () => {
    const io = memoryIo('', labFiles('healthy'))
    expect(await runHealthCommand(['gluster', '--info', 'missing.xml', '--status', 'status.xml'], io)).toBe(1)
    expect(io.err).toBe('rackside health: cannot read missing.xml (ENOENT)\n')
  })
})

describe('rackside health usage errors', () => {
  const usageLine = 'usage: rackside health gluster --info FILE --status FILE [--heal-summary FILE] [--peers FILE] [--json]\n'
  const cases: [string, string[], string][] = [
    ['no target', [], 'missing what to check (only "gluster" is known)'],
    ['unknown target', ['mail', '--info', 'info.xml', '--status', 'status.xml'], 'unknown health target "mail" (only "gluster" is known)'],
    ['missing --status', ['gluster', '--info', 'info.xml'], '--status FILE is required (output of gluster --xml volume status all detail)'],
    ['missing --info', ['gluster', '--status', 'status.xml'], '--info FILE is required (output of gluster --xml volume info)'],
    ['extra argument', ['gluster', 'vol0', '--info', 'info.xml', '--status', 'status.xml'], 'unexpected argument "vol0"']
  ]
  for (const [label, args, message] of cases) {
    it(`exits 2 on ${label}`, async () => {
      const io = memoryIo('', labFiles('healthy'))
      expect(await runHealthCommand(args, io)).toBe(2)
      expect(io.out).toBe('')
      expect(io.err).toBe(`rackside health: ${message}\n${usageLine}`)
    })
  }

  it('exits 2 on an unknown option or an option without its value', async () => {
    for (const args of [['gluster', '--info', 'info.xml', '--status', 'status.xml', '--verbose'], ['gluster', '--status', 'status.xml', '--info']]) {
      const io = memoryIo('', labFiles('healthy'))
      expect(await runHealthCommand(args, io), args.join(' ')).toBe(2)
      expect(io.err.split('\n')).toHaveLength(3)
      expect(io.err.endsWith(usageLine)).toBe(true)
    }
  })
})
