// The Storage view in Chromium against the lab's real GlusterFS (three nodes, replica-3 volume
// vmstore FUSE-mounted on each): a brick process killed for real shows offline and the volume
// PARTIAL within two poll intervals; files written through the mount while it is down show as
// heal entries pending, matching gluster's own count; the restart from the confirm dialog brings
// the brick back and, after the heal, the volume to UP with nothing pending; with the first
// node's glusterd stopped the view shows that peer disconnected while the facts keep coming from
// the next node, which stays the queried node after the first one is back. The lab is shared: every outage is short and afterAll puts everything back.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Locator, Page } from 'playwright-core'
import { parseHealSummaryText, parseVolumeStatus } from '../../../src/main/probes/gluster'
import { screenshot } from '../../helpers/browser'
import { labAddressOf, labHostYaml, openLabPage, startLabWeb, type LabWeb } from '../../helpers/lab-web'
import { labPaths, labSsh, labSshText, labVmstoreMount, labVolume, processAlive, type LabHostName } from '../../lab/lab'
import { requireLab } from '../../lab/require-lab'

/** Site order is the poller's first fail-over order: hv-03 answers first, so stopping its glusterd forces a fail-over. */
const NODES: readonly LabHostName[] = ['hv-03', 'hv-01', 'hv-02']
const BRICK_PATH = '/srv/gluster/vmstore/brick'
const brickId = (host: LabHostName): string => `${labAddressOf(host)}:${BRICK_PATH}`
/** Short poll intervals so the test runs in seconds; the assertions are made against them. */
const STATUS_MS = 4_000
const HEAL_MS = 4_000
const TWO_POLLS_MS = 2 * STATUS_MS
const KILLED: LabHostName = 'hv-02'
const STOPPED: LabHostName = 'hv-03'
const WRITER: LabHostName = 'hv-01'
const FILES = 25
const TEST_DIR = `${labVmstoreMount}/.rackside-storage-view-test-${process.pid}`

/** How the lab starts glusterd (test/lab/lib/host-init.sh); checked against the running one before it is stopped. */
const glusterdArgv = (host: LabHostName): string[] => [
  'glusterd',
  '--xlator-option',
  `management.transport.socket.bind-address=${labAddressOf(host)}`,
  '--pid-file=/run/glusterd.pid',
  '--log-file=/var/log/glusterfs/glusterd.log'
]
const glusterdPidFile = (host: LabHostName): string => join(labPaths().stateDir, 'hosts', host, 'run', 'glusterd.pid')

function glusterdPid(host: LabHostName): number | null {
  try {
    const pid = Number.parseInt(readFileSync(glusterdPidFile(host), 'utf8').trim(), 10)
    return Number.isInteger(pid) && pid > 0 && processAlive(pid) ? pid : null
  } catch {
    return null
  }
}

/** Started over ssh so it descends from the host's keeper, which reaps it, like the lab's own daemons. */
async function startGlusterd(host: LabHostName): Promise<void> {
  await labSshText(host, `${glusterdArgv(host).join(' ')} </dev/null >/dev/null 2>&1`)
}

/** The volume's heal backlog as gluster's plain CLI counts it: per replica set the largest brick count. */
async function cliHealPending(): Promise<number | null> {
  const summary = parseHealSummaryText(await labSshText(WRITER, `gluster volume heal ${labVolume} info summary`))
  const counts = summary.bricks.map((brick) => brick.pending).filter((n): n is number => n !== null)
  return counts.length === 0 ? null : Math.max(...counts)
}

/** Peers each node sees connected: 2 on every node when the pool is whole. */
async function poolWhole(): Promise<boolean> {
  for (const host of NODES) {
    const r = await labSsh(host, 'gluster --mode=script peer status')
    if (r.exitCode !== 0 || (r.stdout.match(/Peer in Cluster \(Connected\)/g) ?? []).length !== 2) return false
  }
  return true
}

async function bricksOnline(): Promise<number> {
  const r = await labSsh(WRITER, `gluster --mode=script --xml volume status ${labVolume} detail`)
  return r.exitCode === 0 ? (parseVolumeStatus(r.stdout).volumes[0]?.bricks.filter((brick) => brick.online).length ?? 0) : 0
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
}

const siteYaml = `
site: { name: Rackside lab (storage view) }
cabinets:
  - name: L01
    heightU: 46
    maxWeightKg: 1000
    coolingWatts: 3500
    feeds:
      - { name: A, volts: 230, amps: 16, phases: 1, deratePercent: 80 }
models:
  - { name: Lab node, role: server, heightU: 1, fullDepth: false, watts: { nameplate: 100, typical: 30, idle: 20, peak: 60 }, weightKg: 5, disks: 1 x brick dir }
devices:
${NODES.map((h, i) => `  - { name: ${h}, model: Lab node, cabinet: L01, positionU: ${40 - i}, face: front, feeds: [A], host: ${h} }`).join('\n')}
hosts:
${NODES.map((h) => labHostYaml(h, ['hypervisor', 'gluster'])).join('\n')}
`

describe('the Storage view in Chromium against the lab’s GlusterFS', () => {
  requireLab()
  let web: LabWeb | undefined
  let browser: Browser | undefined
  let page: Page
  let errors: string[] = []

  const volume = (): Locator => page.getByRole('region', { name: `Volume ${labVolume}` })
  const brickRow = (host: LabHostName): Locator => volume().locator(`tr[data-brick="${brickId(host)}"]`)
  const activeAlerts = (): Locator => page.getByRole('list', { name: 'Active alerts' })
  const peers = (): Locator => page.getByRole('region', { name: 'Gluster peers' })
  const viewHealPending = async (): Promise<number | null> => {
    const text = await volume().getByTestId('heal-pending').innerText()
    const m = /^([\d,]+) entr/.exec(text)
    return m ? Number((m[1] ?? '').replace(/,/g, '')) : null
  }
  const gluster = () => web?.services.fleet?.snapshot().gluster

  beforeAll(async () => {
    // Start from a whole lab: another user may have left it mid-change a moment ago.
    await waitFor('a whole Gluster pool and three bricks online', async () => (await poolWhole()) && (await bricksOnline()) === 3, 60_000)
    web = await startLabWeb(siteYaml, { poller: { intervals: { glusterStatusMs: STATUS_MS, healSummaryMs: HEAL_MS } } })
    ;({ browser, page, errors } = await openLabPage(web))
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Storage', exact: true }).click()
    await page.getByRole('heading', { name: 'Storage', level: 1 }).waitFor()
  }, 120_000)

  afterAll(async () => {
    // Put the lab back for its other users, whatever failed above; every step runs, failures are reported together.
    const failures: string[] = []
    const step = async (what: string, run: () => Promise<unknown>) => {
      try {
        await run()
      } catch (error) {
        failures.push(`${what}: ${(error as Error).message}`)
      }
    }
    for (const host of NODES) await step(`glusterd on ${host}`, async () => (glusterdPid(host) === null ? startGlusterd(host) : undefined))
    await step('peers connected', () => waitFor('every peer connected', poolWhole, 30_000))
    await step('bricks running', async () => ((await bricksOnline()) === 3 ? undefined : labSshText(WRITER, `gluster --mode=script volume start ${labVolume} force`)))
    await step('test files removed', () => labSshText(WRITER, `rm -rf ${TEST_DIR}`))
    await step('heal launched', () =>
      waitFor('a heal launch that gluster accepts', async () => (await labSsh(WRITER, `gluster --mode=script volume heal ${labVolume}`)).exitCode === 0, 30_000)
    )
    await step('heal finished', () => waitFor('no heal entries pending', async () => (await cliHealPending()) === 0, 60_000))
    await browser?.close()
    await web?.close()
    if (failures.length > 0) throw new Error(`the lab was not fully restored: ${failures.join('; ')}`)
  }, 180_000)

  it('shows vmstore UP with its three lab bricks online, from the first node in site order', async () => {
    await expect.poll(() => volume().getAttribute('data-health'), { timeout: 30_000 }).toBe('UP')
    await expect(volume().locator('tr[data-online="true"]').count()).resolves.toBe(3)
    await expect(page.getByTestId('gluster-age').innerText()).resolves.toMatch(new RegExp(`^from ${NODES[0]}, `))
    await expect(peers().locator('li.state--ok').count()).resolves.toBe(3)
    await screenshot(page, 'storage-lab-healthy')
  })

  it('shows a killed brick process offline and the volume PARTIAL within two poll intervals, with an alert', async () => {
    const row = (await brickRow(KILLED).innerText()).replace(/\s+/g, ' ')
    const pid = Number(/online (\d+) \d+/.exec(row)?.[1])
    expect(pid, row).toBeGreaterThan(1)
    // The pid the view shows is the brick process the lab's glusterd started on that node.
    await expect(labSshText(KILLED, `cat /run/gluster/vols/${labVolume}/${labAddressOf(KILLED)}-srv-gluster-vmstore-brick.pid`)).resolves.toBe(`${pid}\n`)
    await labSshText(KILLED, `kill -9 ${pid}`)
    const killedAtMs = Date.now()

    await expect.poll(() => brickRow(KILLED).getAttribute('data-online'), { timeout: TWO_POLLS_MS, interval: 100 }).toBe('false')
    await expect.poll(() => volume().getAttribute('data-health'), { timeout: 1_000, interval: 100 }).toBe('PARTIAL')
    expect(Date.now() - killedAtMs).toBeLessThan(TWO_POLLS_MS)
    await expect(brickRow(KILLED).getByTestId('brick-state').innerText()).resolves.toContain('offline')
    await expect(volume().getByRole('list', { name: `Why ${labVolume} is PARTIAL` }).innerText()).resolves.toContain(`brick ${brickId(KILLED)} offline`)
    const alert = activeAlerts().locator(`li[data-alert-id="brick-offline:${labVolume}:${brickId(KILLED)}"]`)
    await alert.waitFor({ timeout: 5_000 })
    await expect(alert.innerText()).resolves.toContain(`brick ${brickId(KILLED)} of ${labVolume} offline`)
    await screenshot(page, 'storage-lab-brick-down')
  })

  it('counts the files written through the FUSE mount while the brick is down as heal entries pending, as gluster does', async () => {
    await labSshText(WRITER, `mkdir ${TEST_DIR} && for i in $(seq 1 ${FILES}); do echo "entry $i" > ${TEST_DIR}/f$i; done`)
    // Each file, its directory and the volume root wait for the brick that missed them.
    await expect.poll(viewHealPending, { timeout: 3 * HEAL_MS + 5_000, interval: 250 }).toBeGreaterThanOrEqual(FILES)
    const shown = await viewHealPending()
    const counted = await cliHealPending()
    expect(counted).toBeGreaterThanOrEqual(FILES)
    // Taken moments apart, and the VMs' disks share the volume: a couple of entries either way.
    expect(Math.abs((shown ?? -100) - (counted ?? 100))).toBeLessThanOrEqual(3)
    await expect(brickRow(WRITER).locator('td.bricks-table__heal').innerText()).resolves.toMatch(/^\d+ entries/)
    await expect(brickRow(KILLED).locator('td.bricks-table__heal').innerText()).resolves.toMatch(/^—/)
    await screenshot(page, 'storage-lab-heal-pending')
  })

  it('restarts the brick from the confirm dialog with the exact command, then after the heal the volume is UP with nothing pending', async () => {
    await volume().getByRole('button', { name: /^Restart dead bricks \(1\)/ }).click()
    const confirm = page.getByRole('dialog', { name: `Restart dead bricks of ${labVolume}?` })
    await confirm.waitFor()
    await expect(confirm.getByTestId('action-command').innerText()).resolves.toBe(`gluster volume start ${labVolume} force`)
    const host = await confirm.getByTestId('action-host').innerText()
    expect(NODES).toContain(host)
    await expect(confirm.getByText(brickId(KILLED)).count()).resolves.toBe(1)
    await screenshot(page, 'storage-lab-confirm-restart')
    await confirm.getByRole('button', { name: `Run on ${host}` }).click()
    const done = page.getByRole('dialog', { name: `Restart dead bricks of ${labVolume}: done` })
    await done.waitFor({ timeout: 60_000 })
    await expect(done.getByTestId('action-result').innerText()).resolves.toContain(`volume start: ${labVolume}: success`)
    await done.getByRole('button', { name: 'Close' }).click()
    await expect.poll(() => brickRow(KILLED).getAttribute('data-online'), { timeout: TWO_POLLS_MS + 2_000 }).toBe('true')

    // Right after `volume start … force` gluster refuses a heal until the self-heal daemons reach the
    // new brick: a refusal with that message is retried a second later, anything else fails the test.
    const deadline = Date.now() + 30_000
    for (;;) {
      await volume().getByRole('button', { name: 'Start heal…' }).click()
      const ask = page.getByRole('dialog', { name: `Start a heal of ${labVolume}?` })
      await ask.waitFor()
      await expect(ask.getByTestId('action-command').innerText()).resolves.toBe(`gluster volume heal ${labVolume}`)
      await ask.getByRole('button', { name: /^Run on / }).click()
      const result = page.getByRole('dialog', { name: new RegExp(`^Start a heal of ${labVolume}: (done|failed)$`) })
      await result.waitFor({ timeout: 30_000 })
      const succeeded = (await page.getByRole('dialog', { name: `Start a heal of ${labVolume}: done` }).count()) === 1
      const message = await result.getByTestId('action-result').innerText()
      const output = await result.locator('pre').innerText()
      await result.getByRole('button', { name: 'Close' }).click()
      if (succeeded) {
        expect(output).toContain(`Launching heal operation to perform index self heal on volume ${labVolume} has been successful`)
        break
      }
      expect(output).toContain(`Launching heal operation to perform index self heal on volume ${labVolume} has been unsuccessful`)
      expect(message).toContain('gluster refuses a heal for a few seconds while the self-heal daemons reconnect to them: try again shortly')
      expect(Date.now(), `heal still refused after 30 s: ${message}`).toBeLessThan(deadline)
      await new Promise((resolve) => setTimeout(resolve, 1_000))
    }

    await expect.poll(viewHealPending, { timeout: 60_000, interval: 500 }).toBe(0)
    await expect.poll(() => volume().getAttribute('data-health'), { timeout: TWO_POLLS_MS }).toBe('UP')
    await expect.poll(() => activeAlerts().locator('li[data-alert-kind="brick-offline"]').count(), { timeout: 5_000 }).toBe(0)
    await page.getByText(/^Recently cleared \(\d+/).click()
    const cleared = page.getByRole('list', { name: 'Cleared alerts' }).locator(`li[data-alert-id="brick-offline:${labVolume}:${brickId(KILLED)}"]`)
    await expect(cleared.innerText()).resolves.toMatch(/raised .* · cleared (just now|\d+ s ago)/)
    await screenshot(page, 'storage-lab-recovered')

    const audit = web?.services.audit.list(50) ?? []
    expect(audit.filter((e) => e.action === 'gluster.restart-bricks').map((e) => [e.result, e.command, e.target])).toEqual([
      ['succeeded', `gluster volume start ${labVolume} force`, `${labVolume} via ${host}`],
      ['started', `gluster volume start ${labVolume} force`, `${labVolume} via ${host}`]
    ])
    expect(audit.find((e) => e.action === 'gluster.start-heal')).toMatchObject({ result: 'succeeded', command: `gluster volume heal ${labVolume}` })
  }, 180_000)

  it('shows a node whose glusterd stopped as a disconnected peer while the facts fail over to the next node, and connected again after its restart', async () => {
    const pid = glusterdPid(STOPPED)
    expect(pid).not.toBeNull()
    expect(readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter((arg) => arg !== '')).toEqual(glusterdArgv(STOPPED))
    await expect.poll(() => page.getByTestId('gluster-age').innerText(), { timeout: TWO_POLLS_MS }).toMatch(new RegExp(`^from ${STOPPED}, `))

    await labSshText(STOPPED, `kill ${pid}`)
    const stoppedAtMs = Date.now()
    try {
      await waitFor(`glusterd ${pid} to exit`, async () => !processAlive(pid as number), 10_000)
      const next = NODES[1] as LabHostName
      await expect.poll(() => page.getByTestId('gluster-age').innerText(), { timeout: TWO_POLLS_MS }).toMatch(new RegExp(`^from ${next}, `))
      const peer = peers().locator(`li[data-peer="${labAddressOf(STOPPED)}"]`)
      await expect.poll(() => peer.innerText(), { timeout: TWO_POLLS_MS }).toMatch(/disconnected/)
      await expect(peer.getAttribute('class')).resolves.toContain('state--down')
      const alert = activeAlerts().locator('li[data-alert-kind="peer-disconnected"]')
      await alert.waitFor({ timeout: 5_000 })
      await expect(alert.innerText()).resolves.toContain(`peer ${labAddressOf(STOPPED)} disconnected`)
      // The brick on that node still runs, but no glusterd answers for it: the view says so rather than guessing.
      await expect(brickRow(STOPPED).getByTestId('brick-state').innerText()).resolves.toContain('offline (not in status)')
      await screenshot(page, 'storage-lab-glusterd-stopped')
      // Restarting bricks cannot help while that glusterd is away: the confirm dialog says so, and Escape runs nothing.
      const restartsBefore = web?.services.audit.list(50).filter((e) => e.action === 'gluster.restart-bricks').length
      await volume().getByRole('button', { name: /^Restart dead bricks \(1\)/ }).click()
      const confirm = page.getByRole('dialog', { name: `Restart dead bricks of ${labVolume}?` })
      await confirm.waitFor()
      await expect(confirm.getByText(`brick ${brickId(STOPPED)} is not listed by volume status: glusterd on ${STOPPED} did not answer`).count()).resolves.toBe(1)
      await page.keyboard.press('Escape')
      await confirm.waitFor({ state: 'hidden' })
      expect(web?.services.audit.list(50).filter((e) => e.action === 'gluster.restart-bricks').length).toBe(restartsBefore)

      // Facts keep arriving: two more samples, each from the next node, none with a poll error.
      const first = gluster()
      expect(first?.value?.queriedHost).toBe(next)
      expect(first?.atMs).toBeGreaterThan(stoppedAtMs)
      await expect.poll(() => gluster()?.atMs ?? 0, { timeout: TWO_POLLS_MS }).toBeGreaterThan(first?.atMs ?? Infinity)
      expect(gluster()?.value?.queriedHost).toBe(next)
      expect(gluster()?.error).toBeUndefined()
      await expect(page.getByText(/^Last Gluster poll failed/).count()).resolves.toBe(0)
    } finally {
      if (glusterdPid(STOPPED) === null) await startGlusterd(STOPPED)
    }

    await waitFor('every peer connected again', poolWhole, 30_000)
    // Seen from the node still queried, the restarted one is a connected peer again.
    const back = peers().locator(`li[data-peer="${labAddressOf(STOPPED)}"]`)
    await expect.poll(async () => ((await back.count()) === 1 ? await back.innerText() : ''), { timeout: TWO_POLLS_MS + 2_000 }).toMatch(/(^|[^s])connected/)
    await expect(back.innerText()).resolves.not.toMatch(/disconnected/)
    // The poller stays with the node that kept answering rather than going back to the first one.
    await expect.poll(() => page.getByTestId('gluster-age').innerText(), { timeout: TWO_POLLS_MS }).toMatch(new RegExp(`^from ${NODES[1]}, `))
    await expect(peers().locator('li.state--down').count()).resolves.toBe(0)
    await expect.poll(() => volume().getAttribute('data-health'), { timeout: TWO_POLLS_MS }).toBe('UP')
    await expect.poll(() => activeAlerts().locator('li[data-alert-kind="peer-disconnected"]').count(), { timeout: 5_000 }).toBe(0)
    await screenshot(page, 'storage-lab-glusterd-back')
  }, 120_000)

  it('runs against the lab without console errors', () => {
    expect(errors).toEqual([])
  })
})
