import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { memoryIo } from '../../../../src/main/cli/cli-io'
import { parseKinds, runParseCommand } from '../../../../src/main/cli/parse-command'

const fixtures = join(__dirname, '..', '..', '..', 'fixtures')
const read = (path: string) => readFileSync(join(fixtures, path))

describe('rackside parse', () => {
  it('offers every kind the probes issue names', () => {
    const required = ['loadavg', 'meminfo', 'stat', 'vmstat', 'psi', 'virsh-list', 'virsh-dominfo', 'virsh-domstats', 'virsh-nodeinfo', 'virsh-domjobinfo', 'virsh-domblklist', 'gluster-volume-info', 'gluster-volume-status', 'gluster-heal-info', 'gluster-heal-summary', 'gluster-peer-status', 'gluster-pool-list', 'doveadm-who', 'doveadm-service-status', 'doveadm-penalty', 'ss', 'postqueue-json', 'mail-log']
    expect(parseKinds).toEqual(expect.arrayContaining(required))
  })

  it('prints the public JSON fields for real captures', async () => {
    const load = memoryIo(read('mail/proc-loadavg.txt'))
    expect(await runParseCommand(['loadavg', '--json'], load)).toBe(0)
    const loadavg = JSON.parse(load.out) as Record<string, number>
    const raw = read('mail/proc-loadavg.txt').toString().trim().split(/\s+/)
    expect(loadavg).toMatchObject({ load1: Number(raw[0]), load5: Number(raw[1]), load15: Number(raw[2]) })

    const status = memoryIo(read('gluster/volume-status-detail.brick-down.xml'))
    expect(await runParseCommand(['gluster-volume-status', '--json'], status)).toBe(0)
    const parsed = JSON.parse(status.out) as { volumes: { bricks: { online: boolean; host: string; path: string }[] }[] }
    expect(parsed.volumes[0]?.bricks.map((b) => b.online)).toContain(false)
    expect(Object.keys(parsed.volumes[0]?.bricks[0] ?? {})).toEqual(expect.arrayContaining(['host', 'path', 'online', 'pid', 'port', 'sizeTotalBytes', 'sizeFreeBytes', 'inodesTotal', 'inodesFree']))

    const list = memoryIo(read('libvirt/qemu.virsh-list-all.txt'))
    expect(await runParseCommand(['virsh-list'], list)).toBe(0)
    expect((JSON.parse(list.out) as { domains: unknown[] }).domains.length).toBeGreaterThan(0)
  })

  it('exits 1 with one line naming the tool on garbage, and 2 on an unknown kind', async () => {
    const garbage = memoryIo('<html><body>502 Bad Gateway</body></html>\n')
    expect(await runParseCommand(['virsh-nodeinfo'], garbage)).toBe(1)
    expect(garbage.err.trim().split('\n')).toHaveLength(1)
    expect(garbage.err).toContain('virsh nodeinfo')
    const truncated = memoryIo(read('gluster/volume-info.healthy.xml').subarray(0, 300))
    expect(await runParseCommand(['gluster-volume-info'], truncated)).toBe(1)
    await expect(runParseCommand(['no-such-kind'], memoryIo(''))).rejects.toThrow(/unknown kind/)
  })
})
