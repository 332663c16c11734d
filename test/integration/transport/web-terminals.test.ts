// Terminals over the loopback WebSocket with a real sshd: a shell belongs to the browser tab that
// opened it. Another tab neither sees its output nor may type into it, and closing the tab ends
// the shell on the host (its process is gone from under sshd), audited.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Services } from '../../../src/main/services'
import { startWebServer, type RunningWebServer } from '../../../src/main/transport/web-server'
import { ApiSocket } from '../../helpers/api-socket'
import { createSshLab, descendantPids, type SshdInstance } from '../../helpers/sshd'
import { connectedServices, tempDir } from '../../helpers/temp-services'
import { until } from '../mail/mail-lab-kit'

const HOST = 'term-box'
/** A command line nothing else on the machine runs, so its process can be found under sshd. */
const MARKER_SECONDS = '7373.5'

function processesUnder(sshd: SshdInstance, commandLine: string): number[] {
  return descendantPids(sshd.pid()).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim() === commandLine
    } catch {
      return false
    }
  })
}

/** Processes under sshd with a controlling terminal: interactive shells and what they run. */
function ptyProcessesUnder(sshd: SshdInstance): number[] {
  return descendantPids(sshd.pid()).filter((pid) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[4]) !== 0
    } catch {
      return false
    }
  })
}

describe('terminals over the web transport belong to the tab that opened them (real sshd)', () => {
  const dir = tempDir('rackside-web-terminals-')
  let lab: Awaited<ReturnType<typeof createSshLab>>
  let sshd: SshdInstance
  let services: Services
  let server: RunningWebServer
  const sockets: ApiSocket[] = []
  const openTab = async () => {
    const socket = await ApiSocket.open(server.url)
    sockets.push(socket)
    return socket
  }

  beforeAll(async () => {
    lab = await createSshLab()
    sshd = await lab.startSshd({ address: '127.0.0.3' })
    const knownHosts = join(dir.path, 'known_hosts')
    writeFileSync(knownHosts, `${sshd.knownHostsLine()}\n`)
    services = await connectedServices(join(dir.path, 'data'), { knownHosts, homeDir: dir.path })
    const yaml = [
      'site: { name: Terminal test }',
      'hosts:',
      `  - { name: ${HOST}, address: ${sshd.address}, port: ${sshd.port}, user: ${lab.keyUser.name}, roles: [], identityFile: ${JSON.stringify(lab.keyUser.privateKeyPath)} }`,
      ''
    ].join('\n')
    const imported = await services.handlers['inventory.importYaml']({ text: yaml, fileName: 'terminal.yaml' })
    expect(imported.ok).toBe(true)
    server = await startWebServer({ handlers: services.handlers, events: services.events, rendererDir: join(dir.path, 'no-renderer') })
  }, 60_000)

  afterAll(async () => {
    for (const socket of sockets) socket.close()
    await server?.close()
    await services?.close()
    await lab?.close()
    dir.remove()
  })

  it('shows a shell’s output only to its tab, refuses other tabs’ keystrokes, and ends the shell when its tab closes', async () => {
    const owner = await openTab()
    const other = await openTab()
    let ownerOutput = ''
    let otherOutput = ''
    const ownerExits: string[] = []
    const otherTopics: string[] = []
    owner.onEvent((topic, payload) => {
      if (topic === 'terminal.output') ownerOutput += (payload as { data: string }).data
      if (topic === 'terminal.exit') ownerExits.push((payload as { id: string }).id)
    })
    other.onEvent((topic, payload) => {
      otherTopics.push(topic)
      if (topic === 'terminal.output') otherOutput += (payload as { data: string }).data
    })

    const { id } = await until('the host to accept a shell', () => owner.call<{ id: string }>('terminal.open', { host: HOST, cols: 80, rows: 24 }).catch(() => undefined), 30_000, 500)
    await owner.call('terminal.input', { id, data: 'echo owner-$((6*7))\n' })
    await until(() => `the owner's echo; output so far: ${JSON.stringify(ownerOutput)}`, () => ownerOutput.includes('owner-42'), 15_000)

    // The other tab cannot type into the shell, resize it or close it: to it the terminal does not exist.
    for (const [method, args] of [
      ['terminal.input', { id, data: 'echo intruder-$((5*5))\n' }],
      ['terminal.resize', { id, cols: 100, rows: 30 }],
      ['terminal.close', { id }]
    ] as const) {
      await expect(other.call(method, args)).rejects.toThrow(/that terminal is closed/)
    }
    await owner.call('terminal.input', { id, data: 'echo still-$((7*7))\n' })
    await until('the owner’s second echo', () => ownerOutput.includes('still-49'), 15_000)
    expect(ownerOutput).not.toContain('intruder-25')
    expect(otherTopics).not.toContain('terminal.output')
    expect(otherOutput).toBe('')

    // A process the shell runs, found on the host under sshd; closing the tab must end it.
    await owner.call('terminal.input', { id, data: `exec sleep ${MARKER_SECONDS}\n` })
    await until('the shell to run sleep on the host', () => processesUnder(sshd, `sleep ${MARKER_SECONDS}`).length === 1, 15_000)
    owner.close()
    await until(() => `the shell's process to end after its tab closed (still: ${processesUnder(sshd, `sleep ${MARKER_SECONDS}`).join(', ')})`, () => processesUnder(sshd, `sleep ${MARKER_SECONDS}`).length === 0, 15_000)
    const closes = await until('the audit entry of the closed shell', () => services.audit.list(50).filter((entry) => entry.action === 'terminal.close' && entry.target === HOST), 10_000)
    expect(closes).toHaveLength(1)
    expect(ownerExits).toEqual([])
    expect(otherTopics).not.toContain('terminal.exit')
  }, 90_000)

  it('leaves the shells of a tab that stays open alone when another tab closes, and Close ends the shell on the host', async () => {
    const keeper = await openTab()
    const leaver = await openTab()
    let keeperOutput = ''
    keeper.onEvent((topic, payload) => {
      if (topic === 'terminal.output') keeperOutput += (payload as { data: string }).data
    })
    const { id } = await keeper.call<{ id: string }>('terminal.open', { host: HOST, cols: 80, rows: 24 })
    await leaver.call('terminal.open', { host: HOST, cols: 80, rows: 24 })
    leaver.close()
    await until('the leaving tab’s shell to be closed', () => services.audit.list(50).filter((entry) => entry.action === 'terminal.close').length === 2, 15_000)
    await keeper.call('terminal.input', { id, data: 'echo kept-$((8*8))\n' })
    await until(() => `the kept shell to answer; output so far: ${JSON.stringify(keeperOutput)}`, () => keeperOutput.includes('kept-64'), 15_000)

    // "Close terminal" ends what the shell runs on the host, not only its input.
    const marker = `sleep ${MARKER_SECONDS}1`
    await keeper.call('terminal.input', { id, data: `exec ${marker}\n` })
    await until('the kept shell to run sleep on the host', () => processesUnder(sshd, marker).length === 1, 15_000)
    await keeper.call('terminal.close', { id })
    await until('the closed terminal’s process to end on the host', () => processesUnder(sshd, marker).length === 0, 15_000)
  }, 60_000)

  it('leaves no shell behind when a tab closes while its terminal is still opening', async () => {
    expect(ptyProcessesUnder(sshd)).toEqual([])
    const count = (action: string) => services.audit.list(200).filter((e) => e.action === action).length
    for (let round = 0; round < 5; round += 1) {
      const tab = await openTab()
      // Not awaited: the tab is gone before the shell is up.
      void tab.call('terminal.open', { host: HOST, cols: 80, rows: 24 }).catch(() => undefined)
      tab.close()
    }
    // Let every open finish one way or the other, then no shell may remain.
    await new Promise((resolve) => setTimeout(resolve, 3000))
    await until(() => `shells left by closed tabs: ${ptyProcessesUnder(sshd).join(', ')}`, () => ptyProcessesUnder(sshd).length === 0, 15_000)
    // Every shell this file opened, these tabs' included, has been closed again (the close is audited when sshd confirms it).
    await until(() => `audited opens ${count('terminal.open')} against closes ${count('terminal.close')}`, () => count('terminal.close') === count('terminal.open'), 10_000)
  }, 60_000)
})
