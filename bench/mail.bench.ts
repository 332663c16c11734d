// `npm run bench -- mail [--minutes N] [--scenario NAME]`: the Mail view with every chart live at
// 1 Hz in Chromium for N minutes (default 10), against its peer, the Racks view left idle for the
// same time in the same browser and service. Measures main-thread long tasks (> 50 ms, from a
// PerformanceObserver) and JS heap growth (CDP, after a forced GC at both ends), and prints ratios.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import type { Browser, Page } from 'playwright-core'
import WebSocket from 'ws'
import { launchChromium } from '../test/helpers/browser'
import { startRacksideWeb } from '../test/helpers/rackside-web'
import { repoRoot, tempDir } from '../test/helpers/temp-services'

interface PhaseResult {
  name: string
  seconds: number
  longTasks: number
  longTaskMs: number
  longestMs: number
  heapStartMiB: number
  heapEndMiB: number
  /** Mail phase only: samples that reached the view. */
  samples: number | null
}

const WARM_UP_MS = 10_000

// Runs in the page before any script: collects every long task the main thread reports.
const OBSERVE_LONG_TASKS = `
  window.__longTasks = [];
  new PerformanceObserver((list) => { for (const entry of list.getEntries()) window.__longTasks.push(entry.duration) })
    .observe({ type: 'longtask', buffered: true });
`

async function heapMiB(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('HeapProfiler.enable')
  await cdp.send('HeapProfiler.collectGarbage')
  await cdp.send('Performance.enable')
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] }
  await cdp.detach()
  const used = metrics.find((metric) => metric.name === 'JSHeapUsedSize')
  if (used === undefined) throw new Error('Chromium reported no JSHeapUsedSize')
  return used.value / (1024 * 1024)
}

async function phase(browser: Browser, url: string, view: 'Racks' | 'Mail', durationMs: number): Promise<PhaseResult> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 2100 } })
  await page.addInitScript(OBSERVE_LONG_TASKS)
  await page.goto(url)
  await page.getByRole('status', { name: 'Status bar' }).getByText('API: Connected').waitFor({ timeout: 30_000 })
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: view, exact: true }).click()
  await page.getByRole('heading', { name: view, level: 1 }).waitFor()
  if (view === 'Mail') await page.getByRole('figure', { name: 'CPU (% of all cores)' }).waitFor({ timeout: 30_000 })
  await page.waitForTimeout(WARM_UP_MS)
  const samplesAt = async () => (view === 'Mail' ? Number(await page.locator('[data-host="mail-01"]').getAttribute('data-samples-received')) : null)
  const heapStartMiB = await heapMiB(page)
  const samplesStart = await samplesAt()
  await page.evaluate('window.__longTasks = []')
  const startedMs = Date.now()
  await page.waitForTimeout(durationMs)
  const seconds = (Date.now() - startedMs) / 1000
  const tasks = (await page.evaluate('window.__longTasks')) as number[]
  const samplesEnd = await samplesAt()
  const heapEndMiB = await heapMiB(page)
  await page.close()
  return {
    name: view === 'Mail' ? 'Mail view, 7 charts live at 1 Hz' : 'Racks view, idle (peer)',
    seconds,
    longTasks: tasks.length,
    longTaskMs: tasks.reduce((sum, ms) => sum + ms, 0),
    longestMs: tasks.length === 0 ? 0 : Math.max(...tasks),
    heapStartMiB,
    heapEndMiB,
    samples: samplesStart === null || samplesEnd === null ? null : samplesEnd - samplesStart
  }
}

/** Switches the demo mail server's load through the API, as the demo banner's controls would. */
async function injectScenario(url: string, scenario: string): Promise<void> {
  const { origin, hash } = new URL(url)
  const token = /token=([^&]+)/.exec(hash)?.[1] ?? ''
  const ws = new WebSocket(`${origin.replace('http', 'ws')}/api`, ['rackside.v1', `rackside-token.${token}`], { origin })
  await new Promise((resolve, reject) => {
    ws.once('open', resolve)
    ws.once('error', reject)
  })
  const answer = await new Promise<{ ok: boolean; error?: { message: string } }>((resolve) => {
    ws.on('message', (data: WebSocket.RawData) => {
      const message = JSON.parse(data.toString()) as { id?: number; response?: { ok: boolean; error?: { message: string } } }
      if (message.id === 1 && message.response) resolve(message.response)
    })
    ws.send(JSON.stringify({ id: 1, method: 'demo.inject', args: { action: 'mail-scenario', scenario } }))
  })
  ws.close()
  if (!answer.ok) throw new Error(`could not start the ${scenario} scenario: ${answer.error?.message ?? 'no answer'}`)
}

const fixed = (value: number, digits = 1) => value.toFixed(digits)
const ratio = (a: number, b: number) => (b === 0 ? (a === 0 ? '1.0' : '∞ (peer had none)') : fixed(a / b, 2))

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { minutes: { type: 'string' }, scenario: { type: 'string' } }, strict: true })
  const minutes = values.minutes === undefined ? 10 : Number(values.minutes)
  if (!(minutes > 0)) throw new Error(`--minutes takes a positive number, not ${values.minutes}`)
  const scenario = values.scenario ?? 'normal'
  if (!['normal', 'brute-force', 'pop3-storm', 'io-bound'].includes(scenario)) throw new Error(`--scenario is one of normal, brute-force, pop3-storm, io-bound, not ${scenario}`)
  if (!existsSync(join(repoRoot, 'out', 'renderer', 'index.html'))) throw new Error('the renderer is not built: run `npx electron-vite build` first')
  const durationMs = minutes * 60_000

  const dir = tempDir('rackside-bench-mail-')
  const web = await startRacksideWeb(dir.path)
  const browser = await launchChromium()
  try {
    if (scenario !== 'normal') await injectScenario(web.url, scenario)
    console.log(`mail bench: ${minutes} min per phase after ${WARM_UP_MS / 1000} s warm-up, demo mail scenario ${scenario}, Chromium ${browser.version()}`)
    const peer = await phase(browser, web.url, 'Racks', durationMs)
    const mail = await phase(browser, web.url, 'Mail', durationMs)
    const rows = [peer, mail]
    console.log('')
    console.log('phase                               seconds  long tasks  long-task ms  longest ms  per min  heap start MiB  heap end MiB  growth MiB  samples')
    for (const r of rows) {
      console.log(
        `${r.name.padEnd(36)}${fixed(r.seconds, 0).padStart(7)}${String(r.longTasks).padStart(12)}${fixed(r.longTaskMs, 0).padStart(14)}${fixed(r.longestMs, 0).padStart(12)}${fixed(r.longTasks / (r.seconds / 60)).padStart(9)}${fixed(r.heapStartMiB).padStart(16)}${fixed(r.heapEndMiB).padStart(14)}${fixed(r.heapEndMiB - r.heapStartMiB, 2).padStart(12)}${String(r.samples ?? '—').padStart(9)}`
      )
    }
    console.log('')
    console.log(`ratio Mail / Racks: long-task time ${ratio(mail.longTaskMs, peer.longTaskMs)}, long tasks ${ratio(mail.longTasks, peer.longTasks)}, heap growth ${fixed(mail.heapEndMiB - mail.heapStartMiB, 2)} MiB vs ${fixed(peer.heapEndMiB - peer.heapStartMiB, 2)} MiB`)
    if (mail.samples !== null) console.log(`Mail view received ${mail.samples} samples in ${fixed(mail.seconds, 0)} s (${fixed(mail.samples / mail.seconds, 2)} per second)`)
  } finally {
    await browser.close()
    await web.stop()
    dir.remove()
  }
}
