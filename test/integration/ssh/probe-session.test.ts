// Probe sessions against a real OpenSSH sshd: answers byte-identical to one-off execs under dash
// and bash login shells, recovery when the loop is killed, a hanging probe timed out without
// touching other hosts, sshd killed mid-request, and the exec fallback where the script cannot run.
import { execFileSync } from 'node:child_process'
import { chmodSync, readFileSync, readlinkSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fleetProbes } from '../../../src/main/fleet/host-probes'
import { parseHostname, parseLoadavg, parseMeminfo, parseNproc, parseProcStat, parseProcUptime } from '../../../src/main/probes/linux'
import { SshError } from '../../../src/main/ssh/ssh-error'
import type { ProbeAnswer, ProbeOutcome } from '../../../src/main/ssh/probe-session'
import type { ProbeTable } from '../../../src/main/ssh/probe-session-script'
import { createSshLab, descendantPids, type KeyUser, type SshdInstance, type SshLab } from '../../helpers/sshd'
import { keyHost, testPool, within, type TestPool } from './ssh-fixtures'

function answer(outcome: ProbeOutcome | undefined): ProbeAnswer {
  if (outcome === undefined) throw new Error('no outcome')
  if (outcome instanceof SshError) throw outcome
  return outcome
}

/** The login shells sshd started for this instance's probe sessions (found under its own listener). */
function sessionShells(sshd: SshdInstance): number[] {
  return descendantPids(sshd.pid()).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('# rackside probe session v1')
    } catch {
      return false
    }
  })
}

/** The programs running this user's probe sessions under `sshd` (/usr/bin/dash for /bin/sh). */
function sessionShellPrograms(sshd: SshdInstance, user: string): string[] {
  const uid = Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim())
  return sessionShells(sshd)
    .filter((pid) => statSync(`/proc/${pid}`).uid === uid)
    .map((pid) => readlinkSync(`/proc/${pid}/exe`))
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('probe sessions on a real sshd', () => {
  let lab: SshLab
  let sshd: SshdInstance
  let other: SshdInstance
  let bashUser: KeyUser
  let setup: TestPool
  let table: ProbeTable

  beforeAll(async () => {
    lab = await createSshLab()
    bashUser = await lab.addKeyUser({ name: 'rackside-bash', shell: '/bin/bash' })
    sshd = await lab.startSshd({ name: 'probe', address: '127.0.0.31' })
    other = await lab.startSshd({ name: 'probe-other', address: '127.0.0.32' })
    // Files the test users can read, with the awkward bytes a builtin read loop must keep.
    const write = (name: string, text: string) => {
      writeFileSync(join(lab.dir, name), text)
      chmodSync(join(lab.dir, name), 0o644)
      return join(lab.dir, name)
    }
    table = {
      ...fleetProbes,
      plain: { argv: ['cat', write('plain.txt', 'one\ntwo\n')], file: join(lab.dir, 'plain.txt') },
      tricky: {
        argv: ['cat', write('tricky.txt', '  leading and trailing  \t\n\nback\\slash %s %d \\n $HOME `x`\n\n\nno newline at the end')],
        file: join(lab.dir, 'tricky.txt')
      },
      empty: { argv: ['cat', write('empty.txt', '')], file: join(lab.dir, 'empty.txt') },
      missing: { argv: ['cat', join(lab.dir, 'no-such-file')], file: join(lab.dir, 'no-such-file') },
      'no-newline': { argv: ['printf', '%s', 'partial line'] },
      'to-stderr': { argv: ['sh', '-c', 'echo out; echo err >&2; printf "no newline" >&2; exit 3'] },
      'reads-stdin': { argv: ['cat'] },
      hang: { argv: ['sleep', '7'] }
    }
    setup = testPool([sshd, other], { probes: table })
    setup.pool.setHost(keyHost(lab, sshd, 'dash-host'))
    setup.pool.setHost(keyHost(lab, sshd, 'bash-host', { user: bashUser.name }))
    setup.pool.setHost(keyHost(lab, other, 'other-host'))
  })
  afterAll(async () => {
    await setup?.pool.close()
    await lab?.close()
  })

  const identical = ['plain', 'tricky', 'empty', 'missing', 'no-newline', 'to-stderr', 'reads-stdin', 'hostname', 'nproc']
  for (const host of ['dash-host', 'bash-host']) {
    it(`answers byte-identical to one-off execs (${host === 'dash-host' ? 'dash' : 'bash'} login shell)`, async () => {
      const outcomes = await setup.pool.probe(host, identical, { timeoutMs: 10_000 })
      for (const name of identical) {
        const viaSession = answer(outcomes.get(name))
        const viaExec = await setup.pool.exec(host, table[name]?.argv ?? [])
        expect({ name, stdout: viaSession.stdout.toString('latin1'), stderr: viaSession.stderr.toString('latin1'), exitCode: viaSession.exitCode }).toEqual({
          name,
          stdout: viaExec.stdout.toString('latin1'),
          stderr: viaExec.stderr.toString('latin1'),
          exitCode: viaExec.exitCode
        })
      }
      expect(answer(outcomes.get('tricky')).stdout.toString()).toBe('  leading and trailing  \t\n\nback\\slash %s %d \\n $HOME `x`\n\n\nno newline at the end')
      expect(answer(outcomes.get('to-stderr'))).toMatchObject({ exitCode: 3 })
      expect(answer(outcomes.get('to-stderr')).stderr.toString()).toBe('err\nno newline')
      // /proc files change between two reads: the same parser must read both to the same fields.
      const live = await setup.pool.probe(host, ['loadavg', 'meminfo', 'stat', 'uptime'], { timeoutMs: 10_000 })
      const parsers = { loadavg: parseLoadavg, meminfo: parseMeminfo, stat: parseProcStat, uptime: parseProcUptime }
      for (const [name, parse] of Object.entries(parsers)) {
        const viaExec = (await setup.pool.exec(host, table[name]?.argv ?? [])).stdout.toString()
        expect(Object.keys(parse(answer(live.get(name)).stdout.toString())).sort()).toEqual(Object.keys(parse(viaExec)).sort())
      }
      expect(parseMeminfo(answer(live.get('meminfo')).stdout.toString()).memTotalKiB).toBe(parseMeminfo(readFileSync('/proc/meminfo', 'utf8')).memTotalKiB)
      expect(parseHostname(answer(outcomes.get('hostname')).stdout.toString()).hostname).toBe(readFileSync('/proc/sys/kernel/hostname', 'utf8').trim())
      expect(parseNproc(answer(outcomes.get('nproc')).stdout.toString()).cpus).toBeGreaterThanOrEqual(1)
      expect(setup.pool.stats(host)).toMatchObject({ probeMode: 'session', probeSessionsStarted: 1 })
      expect(sessionShellPrograms(sshd, host === 'dash-host' ? lab.keyUser.name : bashUser.name)).toEqual([host === 'dash-host' ? '/usr/bin/dash' : '/usr/bin/bash'])
    })
  }

  it('serves many requests on one channel of one connection, and answers an unknown name with a typed error', async () => {
    const before = setup.pool.stats('dash-host')
    for (let i = 0; i < 50; i++) {
      const outcomes = await setup.pool.probe('dash-host', ['loadavg', 'plain'], { timeoutMs: 5_000 })
      expect(answer(outcomes.get('plain')).stdout.toString()).toBe('one\ntwo\n')
    }
    const after = setup.pool.stats('dash-host')
    expect(after.probeSessionsStarted).toBe(before.probeSessionsStarted)
    expect(after.execsStarted).toBe(before.execsStarted)
    expect(after.connectionsOpened).toBe(1)
    expect(sessionShells(sshd)).toHaveLength(2)
    await expect(setup.pool.probe('dash-host', ['loadavg', 'rm -rf /'])).rejects.toMatchObject({ kind: 'command-failed', message: 'dash-host: no probe named "rm -rf /"' })
  })

  it('recovers on the next request after the loop is killed on the host', async () => {
    await setup.pool.probe('bash-host', ['loadavg'], { timeoutMs: 5_000 })
    const started = setup.pool.stats('bash-host').probeSessionsStarted
    const shells = sessionShells(sshd)
    expect(shells.length).toBeGreaterThanOrEqual(1)
    for (const pid of shells) process.kill(pid, 'SIGKILL')
    await sleep(200)
    const outcomes = await setup.pool.probe('bash-host', ['plain'], { timeoutMs: 5_000 })
    expect(answer(outcomes.get('plain')).stdout.toString()).toBe('one\ntwo\n')
    // The dash host's session was killed too: it comes back the same way.
    expect(answer((await setup.pool.probe('dash-host', ['plain'], { timeoutMs: 5_000 })).get('plain')).exitCode).toBe(0)
    expect(setup.pool.stats('bash-host')).toMatchObject({ probeMode: 'session', probeSessionsStarted: started + 1, connectionsOpened: 1 })
  })

  it('times out a hanging probe, keeps the answers before it, replaces the session, and leaves other hosts alone', async () => {
    const started = setup.pool.stats('dash-host').probeSessionsStarted
    const hung = setup.pool.probe('dash-host', ['plain', 'hang', 'loadavg'], { timeoutMs: 800 })
    const others = Array.from({ length: 5 }, () => setup.pool.probe('other-host', ['plain'], { timeoutMs: 5_000 }))
    const t0 = Date.now()
    const otherAnswers = await Promise.all(others)
    expect(Date.now() - t0).toBeLessThan(700)
    for (const outcomes of otherAnswers) expect(answer(outcomes.get('plain')).stdout.toString()).toBe('one\ntwo\n')
    const { value, elapsedMs } = await within(3000, hung)
    expect(elapsedMs).toBeLessThan(1500)
    expect(answer(value?.get('plain')).stdout.toString()).toBe('one\ntwo\n')
    expect(value?.get('hang')).toMatchObject({ kind: 'timeout', message: 'dash-host: probes plain, hang, loadavg did not answer within 0.8 s; the probe session was closed' })
    expect(value?.get('loadavg')).toBeInstanceOf(SshError)
    const next = await setup.pool.probe('dash-host', ['plain'], { timeoutMs: 5_000 })
    expect(answer(next.get('plain')).exitCode).toBe(0)
    expect(setup.pool.stats('dash-host').probeSessionsStarted).toBe(started + 1)
  })

  it('fails a request with a clear error, within its timeout, when sshd dies under it', async () => {
    const victim = await lab.startSshd({ name: 'probe-victim', address: '127.0.0.33' })
    const p = testPool([victim], { probes: table })
    try {
      p.pool.setHost(keyHost(lab, victim, 'victim'))
      await p.pool.probe('victim', ['loadavg'], { timeoutMs: 5_000 })
      const outcome = within(6000, p.pool.probe('victim', ['hang'], { timeoutMs: 4_000 }))
      await sleep(300)
      await victim.stop()
      const { error, elapsedMs } = await outcome
      expect(elapsedMs).toBeLessThan(4_000)
      expect(error).toMatchObject({ kind: 'connection-lost', message: 'victim: connection lost while streaming the probe session (probes hang)' })
    } finally {
      await p.pool.close()
    }
  })

  it('falls back to one-off execs where the script cannot run, and says so in the host stats', async () => {
    // A site policy that only lets single-line commands through (a common authorized_keys filter).
    const filter = join(lab.dir, 'single-line-only.sh')
    writeFileSync(filter, `#!/bin/sh\ncase "$SSH_ORIGINAL_COMMAND" in *'\n'*) echo "multi-line commands are not allowed here" >&2; exit 1;; esac\nexec /bin/sh -c "$SSH_ORIGINAL_COMMAND"\n`)
    chmodSync(filter, 0o755)
    const strict = await lab.startSshd({ name: 'probe-strict', address: '127.0.0.34', config: { ForceCommand: filter } })
    const p = testPool([strict], { probes: table })
    try {
      p.pool.setHost(keyHost(lab, strict, 'strict'))
      const outcomes = await p.pool.probe('strict', ['plain', 'missing'], { timeoutMs: 10_000 })
      expect(answer(outcomes.get('plain')).stdout.toString()).toBe('one\ntwo\n')
      expect(answer(outcomes.get('missing'))).toMatchObject({ exitCode: 1 })
      expect(p.pool.stats('strict')).toMatchObject({
        probeMode: 'exec',
        probeSessionsStarted: 1,
        probeSessionFailure: 'the probe script could not start (exit status 1: multi-line commands are not allowed here)'
      })
      // A second failure in a row puts the host on execs for a while, without trying a session each time.
      await p.pool.probe('strict', ['plain'], { timeoutMs: 10_000 })
      await p.pool.probe('strict', ['plain'], { timeoutMs: 10_000 })
      expect(p.pool.stats('strict')).toMatchObject({ probeMode: 'exec', probeSessionsStarted: 2 })
    } finally {
      await p.pool.close()
    }
  })
})
