// The VMs view in Chromium over `rackside web` with the demo fleet (real SSH on 127.0.0.1): a VM
// dragged with the mouse onto another hypervisor, confirmed with the exact command, migrated with
// progress, and then drawn on the target — which a second API client confirms is the only host
// running it; a migration moved with the keyboard and aborted stays on its source; a target cut
// off from the network is refused by the pre-checks with the reason shown.
import { existsSync, statSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import type { AuditEntry } from '../../src/shared/api'
import type { ApiSocket } from '../helpers/api-socket'
import { screenshot } from '../helpers/browser'
import { DemoApp } from '../helpers/demo-app'
import { openVmsView, vmsPage, type VmsPage } from '../helpers/vms-page'

interface DemoStatus {
  hosts: { name: string; reachability: string; vms: string[] }[]
}
interface Snapshot {
  hosts: Record<string, { vms?: { value: { name: string; state: string }[] | null } }>
}

describe('the VMs view in Chromium with the demo fleet', () => {
  let app: DemoApp
  let page: Page
  let api: ApiSocket
  let errors: string[]
  let text: VmsPage['text']
  let card: VmsPage['card']
  let zone: VmsPage['zone']
  let dragOver: VmsPage['dragOver']

  /** Which demo hosts run the VM, as the simulator itself says. */
  const runningOn = async (vm: string): Promise<string[]> => (await api.call<DemoStatus>('demo.status', {})).hosts.filter((h) => h.vms.includes(vm)).map((h) => h.name)
  /** Which hosts list the VM in the poller's facts. */
  const listedOn = async (vm: string): Promise<string[]> =>
    Object.entries((await api.call<Snapshot>('fleet.snapshot', {})).hosts)
      .filter(([, facts]) => facts.vms?.value?.some((d) => d.name === vm) ?? false)
      .map(([host]) => host)

  beforeAll(async () => {
    app = await DemoApp.open({ dataDirPrefix: 'rackside-vms-e2e-', viewportHeight: 1300 })
    ;({ page, api, errors } = app)
    ;({ text, card, zone, dragOver } = vmsPage(page))
    await openVmsView(page)
    // Every hypervisor listed its VMs, and the domain XML of the ones used below was read.
    for (const vm of ['app-01', 'web-01', 'dns-01']) await card(vm).waitFor({ timeout: 30_000 })
    const deadline = Date.now() + 30_000
    const xmlRead = async () => (await api.call<{ hosts: Record<string, { domains: Record<string, unknown> }> }>('vms.placement', {})).hosts['hvx-01']?.domains['app-01'] !== undefined
    while (!(await xmlRead())) {
      if (Date.now() > deadline) throw new Error('the domain XML of app-01 was not read within 30 s')
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
  })
  afterAll(async () => {
    await app?.close()
  })

  it('migrates a VM dragged with the mouse: verdict on hover, the exact command, progress, then the VM on the target only', async () => {
    expect(await runningOn('app-01')).toEqual(['hvx-01'])
    await dragOver('app-01', 'hvx-02')
    // The hovered target shows the pre-checks' verdict in words; the source says it is the source.
    const verdict = zone('hvx-02').locator('.vm-verdict[role="status"]')
    await verdict.waitFor()
    expect(await zone('hvx-02').getAttribute('data-verdict')).toMatch(/^(ok|warn)$/)
    expect(await text(verdict)).toMatch(/^(✓ ok|▲ warnings)/)
    await zone('hvx-01').getByText('source of app-01').waitFor()
    expect(await text(page.locator('.vms__status'))).toMatch(/Moving app-01 from hvx-01 → hvx-02: (✓|▲)/)
    await screenshot(page, 'vms-drag-hover')
    await page.mouse.up()

    const dialog = page.getByRole('dialog', { name: 'Live-migrate app-01 from hvx-01 to hvx-02?' })
    await dialog.waitFor()
    const command = dialog.getByLabel('Command')
    await command.waitFor()
    expect(await text(command)).toBe("env 'LC_ALL=C' virsh migrate --live --persistent --undefinesource --verbose --domain app-01 --desturi qemu+ssh://hvx-02.demo/system")
    expect(await text(dialog)).toContain('Runs on hvx-01 (rackside@hvx-01.demo:22) over SSH')
    await screenshot(page, 'vms-confirm')
    await dialog.getByRole('button', { name: 'Migrate' }).click()

    // 4 GiB at the demo's 1 s per GiB: the progress bar shows percent, rate and ETA on the way.
    const progress = page.getByRole('progressbar', { name: 'app-01 migration progress' })
    await progress.waitFor()
    await expect.poll(async () => Number((await progress.getAttribute('aria-valuenow')) ?? '0'), { timeout: 10_000 }).toBeGreaterThan(0)
    expect(await progress.getAttribute('aria-valuetext')).toMatch(/^\d+ %, [\d.]+ (MiB|GiB)\/s, ETA [\d.]+ s, elapsed /)
    await screenshot(page, 'vms-progress')

    const result = page.locator('[data-status="succeeded"]').filter({ hasText: 'app-01 migrated' })
    await result.waitFor({ timeout: 20_000 })
    expect(await text(result)).toMatch(/app-01 runs on hvx-02 \(verified: hvx-01: not defined; hvx-02: running\)/)
    // Drawn on the target at once, and the poller's own VM lists agree shortly after.
    await expect.poll(() => card('app-01').getAttribute('data-host')).toBe('hvx-02')
    expect(await zone('hvx-02').locator('[data-vm="app-01"]').count()).toBe(1)
    expect(await zone('hvx-01').locator('[data-vm="app-01"]').count()).toBe(0)
    await screenshot(page, 'vms-after-migration')

    expect(await runningOn('app-01')).toEqual(['hvx-02'])
    await expect.poll(() => listedOn('app-01'), { timeout: 15_000 }).toEqual(['hvx-02'])
    const audit = (await api.call<AuditEntry[]>('audit.list', { limit: 50 })).filter((a) => a.action === 'vm.migrate' && a.target === 'app-01: hvx-01 → hvx-02')
    expect(audit.map((a) => a.result)).toEqual(['succeeded', 'started'])
    expect(audit[0]?.command).toBe("on hvx-01: env 'LC_ALL=C' virsh migrate --live --persistent --undefinesource --verbose --domain app-01 --desturi qemu+ssh://hvx-02.demo/system")
    expect(audit[0]?.detail).toMatch(/^started .*, ended .*, took \d+\.\d s; app-01 runs on hvx-02/)
    // The migrations list shows it with who ran it and how it ended.
    const row = page.getByRole('table', { name: 'Migrations' }).getByRole('row').filter({ hasText: 'app-01' })
    expect(await text(row)).toMatch(/hvx-01 → hvx-02[\s\S]*migrated/)
  })

  it('moves a VM with the keyboard and aborts the migration: it stays on its source', async () => {
    await card('web-01').focus()
    await page.keyboard.press('m')
    await expect.poll(() => page.locator('.vms').getAttribute('data-drag')).toBe('dragging')
    await page.keyboard.press('ArrowRight')
    await expect.poll(() => page.locator('.vms').getAttribute('data-drag-target')).toBe('hvx-02')
    expect(await text(page.locator('.vms__status'))).toMatch(/Moving web-01 from hvx-01 → hvx-02: .*\(Enter drops, Escape cancels\)/)
    await page.keyboard.press('Enter')
    const dialog = page.getByRole('dialog', { name: 'Live-migrate web-01 from hvx-01 to hvx-02?' })
    await dialog.getByLabel('Command').waitFor()
    await dialog.getByRole('button', { name: 'Migrate' }).click()

    const progress = page.getByRole('progressbar', { name: 'web-01 migration progress' })
    await expect.poll(async () => Number((await progress.getAttribute('aria-valuenow')) ?? '0'), { timeout: 10_000 }).toBeGreaterThan(5)
    await page.getByRole('group', { name: 'Migration of web-01' }).getByRole('button', { name: 'Abort' }).click()
    const result = page.locator('[data-status="cancelled"]').filter({ hasText: 'web-01 aborted' })
    await result.waitFor({ timeout: 20_000 })
    expect(await text(result)).toMatch(/aborted: web-01 runs on hvx-01 \(verified: hvx-01: running; hvx-02: not defined\)/)
    await screenshot(page, 'vms-aborted')
    expect(await card('web-01').getAttribute('data-host')).toBe('hvx-01')
    expect(await runningOn('web-01')).toEqual(['hvx-01'])
    expect(await listedOn('web-01')).toEqual(['hvx-01'])
    const audit = (await api.call<AuditEntry[]>('audit.list', { limit: 50 })).filter((a) => a.target === 'web-01: hvx-01 → hvx-02')
    expect(audit.map((a) => `${a.action} ${a.result}`)).toEqual(['vm.migrate cancelled', 'vm.migrate.abort succeeded', 'vm.migrate started'])
    expect(audit[1]?.command).toBe("on hvx-01: env 'LC_ALL=C' virsh domjobabort --domain web-01")
  })

  it('refuses a target cut off from the network, saying why, and runs nothing', async () => {
    await api.call('demo.inject', { action: 'cut-host', host: 'hv-03' })
    try {
      await zone('hv-03').getByText(/retrying|down|backoff/i).first().waitFor({ timeout: 30_000 })
      await dragOver('dns-01', 'hv-03')
      const verdict = zone('hv-03').locator('.vm-verdict[role="status"]')
      await verdict.waitFor()
      expect(await zone('hv-03').getAttribute('data-verdict')).toBe('error')
      expect(await text(verdict)).toMatch(/✕ refused[\s\S]*target hv-03: no SSH connection/)
      await screenshot(page, 'vms-refused-hover')
      await page.mouse.up()
      const notice = page.getByRole('alert').filter({ hasText: 'Refused: dns-01 cannot move to hv-03' })
      await notice.waitFor()
      expect(await text(notice)).toMatch(/target hv-03: no SSH connection .*Nothing changed\.$/)
      expect(await page.locator('dialog[open]').count()).toBe(0)
      await screenshot(page, 'vms-refused')
      // The main process refuses it too, for any client that skips the UI.
      await expect(api.call('vms.migrate', { vm: 'dns-01', from: 'hv-01', to: 'hv-03', confirmed: true })).rejects.toThrow(/refused by the pre-checks: target hv-03: no SSH connection/)
      expect(await runningOn('dns-01')).toEqual(['hv-01'])
    } finally {
      await api.call('demo.inject', { action: 'restore-host', host: 'hv-03' })
    }
  })

  it('shows a power-saving plan as moves with before/after bars and the watts saved, the brick hosts kept on, and the migrations list', async () => {
    await expect.poll(async () => ((await api.call<{ gluster?: { value: { volumeInfo: unknown[] } | null } }>('fleet.snapshot', {})).gluster?.value?.volumeInfo.length ?? 0), { timeout: 30_000 }).toBeGreaterThan(0)
    await page.getByRole('button', { name: 'Balancing plans' }).click()
    const panel = page.getByRole('region', { name: 'Balancing plans' })
    await panel.getByRole('button', { name: 'Plan: power saving' }).click()
    const plan = panel.locator('[data-plan="power-saving"]')
    await plan.waitFor()
    expect(await text(plan)).toMatch(/Power saving: \d+ move\(s\) in \d+ batch\(es\) · power down [\w\-, ]+ · saves \d+ W \(idle draw\)/)
    // The Atoms hold vmstore's bricks: only Xeons are powered down, and each Atom says why it stays on.
    const powerDown = /· power down ([\w\-, ]+) · saves/.exec(await text(plan))?.[1]?.split(', ') ?? []
    expect(powerDown.length).toBeGreaterThan(0)
    expect(powerDown.filter((host) => !host.startsWith('hvx-'))).toEqual([])
    const kept = panel.getByRole('list', { name: 'Hosts kept on' })
    // hv-05 shares no replica set with hv-03, which the test above cut off for a while.
    expect(await text(kept.locator('[data-stay-on="hv-05"]'))).toBe('hv-05 stays on: Gluster brick host for vmstore; if powered down, vmstore would be PARTIAL: 2 of 3 bricks up in vmstore-replicate-1')
    expect(await kept.locator('[data-stay-on]').count()).toBe(5)
    const moves = plan.locator('[data-move]')
    expect(await moves.count()).toBeGreaterThan(0)
    expect(await text(moves.first())).toMatch(/→ .* GiB · \d+ vCPU[\s\S]*CPU ?\d+ % → \d+ %[\s\S]*RAM ?\d+ % → \d+ %[\s\S]*virsh migrate --live/)
    // Every move shows its own command, whichever batch it landed in.
    for (const move of await moves.all()) expect(await text(move)).toContain(`--domain ${(await move.getAttribute('data-move')) ?? '?'} --desturi`)
    await panel.getByRole('table', { name: 'Hosts before and after the plan' }).waitFor()
    await screenshot(page, 'vms-plan')
    await panel.getByRole('button', { name: 'Run plan…' }).click()
    const confirm = page.getByRole('dialog', { name: /^Run the power-saving plan: \d+ live migration\(s\)\?$/ })
    await confirm.waitFor()
    expect(await text(confirm)).toMatch(/on hvx-0\d: env 'LC_ALL=C' virsh migrate/)
    await confirm.getByRole('button', { name: 'Cancel' }).click()
    await panel.getByRole('button', { name: 'Close balancing plans' }).click()
    await page.getByRole('table', { name: 'Migrations' }).scrollIntoViewIfNeeded()
    await screenshot(page, 'vms-migrations-list')
  })

  it('changes the site’s migration settings through the dialog, and refuses a mount that is no path', async () => {
    await page.getByRole('button', { name: 'Migration settings…' }).click()
    const dialog = page.getByRole('dialog', { name: 'Migration settings of this site' })
    await dialog.getByLabel(/^Shared VM stores/).fill('vmstore')
    await dialog.getByRole('button', { name: 'Save settings' }).click()
    await dialog.getByRole('alert').filter({ hasText: /^Not saved: .*sharedMountPrefixes/ }).waitFor()
    await dialog.getByLabel(/^Shared VM stores/).fill('/var/lib/libvirt/images/vmstore')
    await dialog.getByLabel(/^Destination URI/).fill('qemu+ssh://{address}:2222/system')
    await dialog.getByRole('button', { name: 'Save settings' }).click()
    await page.getByRole('status').getByText('Migration settings saved').waitFor()
    const placement = await api.call<{ settings: { command: { uriTemplate: string } } }>('vms.placement', {})
    expect(placement.settings.command.uriTemplate).toBe('qemu+ssh://{address}:2222/system')
    const check = await api.call<{ commandLine: string }>('vms.check', { vm: 'dns-01', from: 'hv-01', to: 'hv-02' })
    expect(check.commandLine).toContain('--desturi qemu+ssh://hv-02.demo:2222/system')
  })

  it('wrote its screenshots and ran under the strict CSP without errors', () => {
    for (const name of ['vms-drag-hover', 'vms-confirm', 'vms-progress', 'vms-after-migration', 'vms-aborted', 'vms-refused', 'vms-plan']) {
      const file = `${__dirname}/../../test-output/screenshots/${name}.png`
      expect(existsSync(file), file).toBe(true)
      expect(statSync(file).size).toBeGreaterThan(10_000)
    }
    expect(errors).toEqual([])
  })
})
