import { describe, expect, it } from 'vitest'
import { fleetProbes } from '../../../../src/main/fleet/host-probes'
import { probeSessionScript, readProbeSessionScript } from '../../../../src/main/ssh/probe-session-script'
import { shellQuote } from '../../../../src/main/ssh/quote'
import { manualClock, run, testFleet } from './sim-test-kit'

describe('command router', () => {
  it('answers unknown commands like dash: "not found" on stderr, exit 127', async () => {
    const fleet = testFleet({ clock: manualClock() })
    expect(await run(fleet, 'hv-01', 'frobnicate --now')).toEqual({ stdout: '', stderr: 'sh: 1: frobnicate: not found\n', code: 127 })
  })

  it('only knows a tool on the hosts that have it installed', async () => {
    const fleet = testFleet({ clock: manualClock() })
    expect((await run(fleet, 'mail-01', 'virsh list --all')).code).toBe(127)
    expect((await run(fleet, 'hvx-01', 'gluster --xml peer status')).stderr).toBe('sh: 1: gluster: not found\n')
    expect((await run(fleet, 'hv-01', 'doveadm who')).code).toBe(127)
    expect((await run(fleet, 'hv-01', '/usr/bin/virsh -c qemu:///system list')).code).toBe(0)
  })

  it('prints virsh errors as virsh does: error line on stderr, empty line on stdout, exit 1', async () => {
    const fleet = testFleet({ clock: manualClock() })
    expect(await run(fleet, 'hv-01', 'virsh dominfo nosuch')).toEqual({ stdout: '\n', stderr: "error: failed to get domain 'nosuch'\n", code: 1 })
    expect(await run(fleet, 'hv-01', 'virsh dominfo')).toEqual({ stdout: '\n', stderr: "error: command 'dominfo' requires <domain> option\n", code: 1 })
    expect(await run(fleet, 'hv-01', 'virsh frob')).toEqual({ stdout: '\n', stderr: "error: unknown command: 'frob'\n", code: 1 })
    expect(await run(fleet, 'hv-01', 'virsh domjobabort dns-01')).toEqual({
      stdout: '\n',
      stderr: 'error: Requested operation is not valid: no job is active on the domain\n',
      code: 1
    })
  })

  it('runs lists with sh semantics for ;, &&, || and exit', async () => {
    const fleet = testFleet({ clock: manualClock() })
    expect(await run(fleet, 'hv-01', 'false && echo no; echo yes')).toEqual({ stdout: 'yes\n', stderr: '', code: 0 })
    expect(await run(fleet, 'hv-01', 'false || echo fallback')).toEqual({ stdout: 'fallback\n', stderr: '', code: 0 })
    expect(await run(fleet, 'hv-01', 'true; exit 3; echo never')).toEqual({ stdout: '', stderr: '', code: 3 })
    expect(await run(fleet, 'hv-01', 'virsh dominfo x 2>&1 >/dev/null')).toEqual({ stdout: "error: failed to get domain 'x'\n", stderr: '', code: 1 })
  })

  it('pipes into the usual text filters, and `head` stops a stream', async () => {
    const fleet = testFleet({ clock: manualClock() })
    expect(await run(fleet, 'hvx-01', 'virsh list --all | grep -c running')).toEqual({ stdout: '4\n', stderr: '', code: 0 })
    expect(await run(fleet, 'hvx-01', 'virsh list --all | grep web | wc -l')).toEqual({ stdout: '2\n', stderr: '', code: 0 })
    expect((await run(fleet, 'hvx-01', 'virsh list --all | grep nothing-like-this')).code).toBe(1)
    expect((await run(fleet, 'hv-01', 'cat /proc/meminfo | head -n 2')).stdout).toMatch(/^MemTotal: +\d+ kB\nMemFree: +\d+ kB\n$/)
    expect((await run(fleet, 'hv-01', 'virsh dominfo nope 2>&1 | tail -1')).stdout).toBe('\n')
    const started = Date.now()
    const streamed = await run(fleet, 'hv-01', 'vmstat 1 | head -n 3')
    expect(streamed.stdout.split('\n').filter(Boolean)).toHaveLength(3)
    expect(Date.now() - started).toBeLessThan(900)
    expect(await run(fleet, 'hv-01', 'hostname | awk 1')).toEqual({
      stdout: '',
      stderr: 'sh: 1: awk: cannot be piped into on the demo fleet (head, tail, grep, wc, sort, uniq and cat can)\n',
      code: 127
    })
  })

  it('echoes quoted arguments back byte for byte through printf', async () => {
    const fleet = testFleet({ clock: manualClock() })
    const words = ["it's", 'a b', '$(rm -rf /)', '; reboot', '\\n', '%s', 'ü ß']
    const result = await run(fleet, 'hv-02', shellQuote(['printf', '%s\\n', ...words]))
    expect(result).toEqual({ stdout: `${words.join('\n')}\n`, stderr: '', code: 0 })
  })

  it('answers every probe of the app’s probe-session table, read back from the script as a session server does', async () => {
    const fleet = testFleet({ clock: manualClock() })
    const commands = readProbeSessionScript(probeSessionScript(fleetProbes))
    expect([...(commands?.keys() ?? [])]).toEqual(Object.keys(fleetProbes))
    const answer = async (name: string) => run(fleet, 'hvx-02', commands?.get(name) ?? '')
    expect(await answer('hostname')).toEqual({ stdout: 'hvx-02\n', stderr: '', code: 0 })
    expect(await answer('nproc')).toEqual({ stdout: '16\n', stderr: '', code: 0 })
    expect((await answer('loadavg')).stdout).toMatch(/^\d+\.\d\d \d+\.\d\d \d+\.\d\d \d+\/\d+ \d+\n$/)
    const domstats = await answer('domstats')
    expect(domstats.code).toBe(0)
    // Only the stat groups asked for: no per-vCPU or per-NIC lines.
    expect(domstats.stdout).toMatch(/^ {2}cpu\.time=\d+$/m)
    expect(domstats.stdout).not.toMatch(/^ {2}(vcpu|net|dirtyrate|vm)\./m)
    const vcpus = await answer('vcpus')
    expect(vcpus.stdout).toMatch(/^ {2}vcpu\.current=\d+$/m)
    expect(vcpus.stdout).not.toMatch(/^ {2}(cpu|balloon|block|state)\./m)
  })

  it('reports what cat cannot find, and keeps going', async () => {
    const fleet = testFleet({ clock: manualClock() })
    const result = await run(fleet, 'hv-01', 'cat /proc/nope /proc/uptime')
    expect(result.code).toBe(1)
    expect(result.stderr).toBe('cat: /proc/nope: No such file or directory\n')
    expect(result.stdout).toMatch(/^\d+\.\d\d \d+\.\d\d\n$/)
  })

  it('streams vmstat once a second until the channel closes', async () => {
    const fleet = testFleet({ clock: manualClock() })
    const abort = new AbortController()
    const started = Date.now()
    const pending = run(fleet, 'hv-01', 'vmstat 1', abort.signal)
    await new Promise((resolve) => setTimeout(resolve, 2_300))
    abort.abort()
    const result = await pending
    const rows = result.stdout.split('\n').filter((l) => /^\s*\d/.test(l))
    expect(rows).toHaveLength(3)
    expect(Date.now() - started).toBeLessThan(3_000)
  })

  it('follows the mail log: new lines appear as the clock moves', async () => {
    const clock = manualClock()
    const fleet = testFleet({ clock })
    fleet.setMailScenario('brute-force')
    const abort = new AbortController()
    let out = ''
    const host = fleet.host('mail-01')
    if (!host) throw new Error('no mail-01')
    const { runCommandLine } = await import('../../../../src/main/sim/command-router')
    const pending = runCommandLine('tail -n 5 -F /var/log/mail.log', { fleet, host, resolveHost: () => undefined }, { stdout: (t) => (out += t), stderr: () => undefined, signal: abort.signal })
    await new Promise((resolve) => setTimeout(resolve, 50))
    const first = out.split('\n').filter(Boolean)
    expect(first.length).toBeLessThanOrEqual(5)
    clock.advance(30_000)
    await new Promise((resolve) => setTimeout(resolve, 1_200))
    abort.abort()
    expect(await pending).toBe(0)
    const all = out.split('\n').filter(Boolean)
    expect(all.length).toBeGreaterThan(first.length + 20)
    expect(all.slice(first.length).some((l) => l.includes('auth failed'))).toBe(true)
  })
})
