// Adding a real host in Chromium: the unknown host key waits on the prompt with its SHA256
// fingerprint, "Accept and save" writes known_hosts (0600) and the host's live facts arrive
// over SSH; a changed host key is refused and shown with both fingerprints.
import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { screenshot } from '../helpers/browser'
import { DemoApp } from '../helpers/demo-app'
import { createSshLab, type SshdInstance } from '../helpers/sshd'

describe('Hosts view with a real sshd', () => {
  let lab: Awaited<ReturnType<typeof createSshLab>>
  let sshd: SshdInstance
  let app: DemoApp
  let page: Page
  let errors: string[]
  let sshdFirstKey = ''

  beforeAll(async () => {
    lab = await createSshLab()
    sshd = await lab.startSshd({ address: '127.0.0.2' })
    app = await DemoApp.open({ dataDirPrefix: 'rackside-e2e-hosts-', viewportHeight: 900 })
    ;({ page, errors } = app)
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Hosts', exact: true }).click()
  })
  afterAll(async () => {
    await app?.close()
    await lab?.close()
  })

  it('adds a host, asks about its unknown key with the right fingerprint, and saves it', async () => {
    await page.getByRole('button', { name: 'Add host' }).click()
    const form = page.getByRole('dialog', { name: 'Add a host' })
    await form.getByLabel('Name').fill('lab-a')
    await form.getByLabel('Address').fill(sshd.address)
    await form.getByLabel('Port').fill(String(sshd.port))
    await form.getByLabel('User').fill(lab.keyUser.name)
    await form.getByLabel('Key file').fill(lab.keyUser.privateKeyPath)
    await form.getByRole('button', { name: 'Add host' }).click()

    sshdFirstKey = sshd.hostKeys[0]?.sha256 as string
    const prompt = page.getByRole('alertdialog', { name: 'Unknown host key for lab-a' })
    await prompt.waitFor({ timeout: 20_000 })
    expect(await prompt.getByTestId('host-key-fingerprint').textContent()).toBe(sshd.hostKeys[0]?.sha256)
    await screenshot(page, 'hosts-host-key-prompt')
    await prompt.getByRole('button', { name: 'Accept and save' }).click()

    const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'lab-a', exact: true }) })
    await row.locator('.state--ok', { hasText: 'connected' }).waitFor({ timeout: 20_000 })
    // Live facts of the real machine, fetched over SSH.
    await row.locator('[data-host-facts]').waitFor({ timeout: 20_000 })
    expect(await row.textContent()).toMatch(/load \d+\.\d\d/)
    // The key the host proved it holds, as ssh-keygen -l would print it, for comparing with its console.
    expect(await row.locator('[data-host-key]').innerText()).toBe(`${sshd.hostKeys[0]?.type} ${sshd.hostKeys[0]?.sha256}`)

    const knownHosts = join(app.dataDir, 'known_hosts')
    expect(statSync(knownHosts).mode & 0o777).toBe(0o600)
    expect(readFileSync(knownHosts, 'utf8')).toContain(`[${sshd.address}]:${sshd.port} ${sshd.hostKeys[0]?.type}`)
    await screenshot(page, 'hosts-connected')
  })

  it('opens a terminal on the host and runs what is typed in its shell', async () => {
    await page.getByRole('button', { name: 'Terminal on lab-a' }).click()
    const screen = page.locator('[data-terminal-host="lab-a"] .xterm-rows')
    await screen.waitFor()
    await page.locator('[data-terminal-host="lab-a"] .xterm').click()
    // The test user's login shell is dash, which has no $RANDOM: start bash first.
    await page.keyboard.type('exec bash\n')
    await page.keyboard.type('echo hello-$RANDOM\n')
    // Digits after "hello-" can only come from the shell: the typed line holds "$RANDOM".
    await expect.poll(async () => /^hello-\d+\s*$/m.test((await screen.innerText()) ?? ''), { timeout: 20_000 }).toBe(true)
    // 24-bit colour, which xterm draws with a style attribute (allowed), and its own <style>
    // elements (the theme), which apply only because they carry the page's nonce.
    await page.keyboard.type("printf '\\033[38;2;200;30;40mtrue%sour\\033[0m\\n' col\n")
    const truecolour = screen.locator('span', { hasText: /^truecolour$/ })
    await truecolour.waitFor({ timeout: 20_000 })
    // The page's globals, typed here: the test files compile without the DOM library.
    type StyledPage = { getComputedStyle(element: unknown): { color: string } }
    type StyleElement = { sheet: { cssRules: { length: number } } | null }
    expect(await truecolour.evaluate((span) => (globalThis as unknown as StyledPage).getComputedStyle(span).color)).toBe('rgb(200, 30, 40)')
    const xtermSheets = await page.locator('[data-terminal-host="lab-a"] .xterm style').evaluateAll((styles) => styles.map((s) => (s as unknown as StyleElement).sheet?.cssRules.length ?? -1))
    expect(xtermSheets.length).toBeGreaterThan(0)
    expect(xtermSheets.every((rules) => rules > 0)).toBe(true)
    await screenshot(page, 'hosts-terminal')
    await page.getByRole('button', { name: 'Close terminal lab-a' }).click()
  })

  it('refuses a changed host key and shows both fingerprints', async () => {
    const oldKey = sshd.hostKeys[0]?.sha256 as string
    const port = sshd.port
    await sshd.stop()
    sshd = await lab.startSshd({ address: '127.0.0.2', port })
    const newKey = sshd.hostKeys[0]?.sha256 as string
    expect(newKey).not.toBe(oldKey)
    const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'lab-a', exact: true }) })
    await row.getByText(/host key changed/).waitFor({ timeout: 45_000 })
    const text = (await row.textContent()) ?? ''
    expect(text).toContain(oldKey)
    expect(text).toContain(newKey)
    // The long error wraps in its cell instead of squeezing the other columns.
    const factsWidth = await page
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: 'hvx-01', exact: true }) })
      .locator('td')
      .nth(4)
      .evaluate((cell) => (cell as unknown as { getBoundingClientRect(): { width: number } }).getBoundingClientRect().width)
    expect(factsWidth).toBeGreaterThan(180)
    await row.scrollIntoViewIfNeeded()
    await screenshot(page, 'hosts-key-changed')
  })

  it('forgets the old key of a reinstalled host only after confirmation, then asks about the new one', async () => {
    const knownHosts = join(app.dataDir, 'known_hosts')
    // known_hosts lines are "[host]:port type blob"; a public key line is "type blob comment".
    const field = (line: string | undefined, index: number) => line?.split(' ')[index] ?? 'missing'
    const oldBlob = field(readFileSync(knownHosts, 'utf8').trim().split('\n')[0], 2)
    const newKey = sshd.hostKeys[0]
    const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'lab-a', exact: true }) })
    await row.getByRole('button', { name: 'Forget saved key of lab-a' }).click()
    const dialog = page.getByRole('dialog', { name: 'Forget the saved key of lab-a?' })
    expect(await dialog.textContent()).toContain(`${sshd.address}:${sshd.port}`)
    // Cancel leaves the saved key alone.
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    expect(readFileSync(knownHosts, 'utf8')).toContain(oldBlob)

    await row.getByRole('button', { name: 'Forget saved key of lab-a' }).click()
    await screenshot(page, 'hosts-forget-key')
    await dialog.getByRole('button', { name: 'Forget and reconnect' }).click()
    await dialog.getByRole('status').getByText('Removed 1 saved key line').waitFor()
    expect(readFileSync(knownHosts, 'utf8')).not.toContain(oldBlob)
    await dialog.getByRole('button', { name: 'Close' }).click()

    // The reconnection meets the new key as unknown: nothing is trusted until the user accepts it.
    const prompt = page.getByRole('alertdialog', { name: 'Unknown host key for lab-a' })
    await prompt.waitFor({ timeout: 20_000 })
    expect(await prompt.getByTestId('host-key-fingerprint').textContent()).toBe(newKey?.sha256)
    await prompt.getByRole('button', { name: 'Accept and save' }).click()
    await row.locator('.state--ok', { hasText: 'connected' }).waitFor({ timeout: 20_000 })
    expect(await row.locator('[data-host-key]').innerText()).toBe(`${newKey?.type} ${newKey?.sha256}`)
    expect(readFileSync(knownHosts, 'utf8')).toContain(field(newKey?.publicKeyLine, 1))
  })

  it('records the addition and the key decision in the audit log, without page errors', async () => {
    const audit = page.getByRole('table', { name: 'Audit log' })
    await page.getByRole('heading', { name: /Audit log/ }).getByRole('button', { name: 'Refresh' }).click()
    await audit.getByRole('cell', { name: 'host.add', exact: true }).waitFor()
    const decision = audit.getByRole('row').filter({ has: page.getByRole('cell', { name: 'host-key.answer', exact: true }) })
    // Newest first: the new key of the reinstalled host, then the first one.
    await decision.nth(1).waitFor()
    const decisions = await decision.allTextContents()
    expect(decisions).toHaveLength(2)
    expect(decisions[0]).toContain(`accept-and-save ssh-ed25519 ${sshd.hostKeys[0]?.sha256}`)
    expect(decisions[1]).toContain(`accept-and-save ssh-ed25519 ${sshdFirstKey}`)
    const forgotten = audit.getByRole('row').filter({ has: page.getByRole('cell', { name: 'host-key.forget', exact: true }) })
    expect(await forgotten.textContent()).toMatch(/removed 1 line\(s\) from .*known_hosts/)
    expect(errors).toEqual([])
  })
})
