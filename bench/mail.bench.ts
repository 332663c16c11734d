// `npm run bench -- mail [--minutes N] [--scenario NAME]`: the Mail view with every chart live at
// 1 Hz in Chromium for N minutes (default 10), against its peer, the Racks view left idle for the
// same time in the same browser and service. Measures main-thread long tasks (> 50 ms, from a
// PerformanceObserver, with the long animation frames that explain them), main-thread busy time
// (Chromium's TaskDuration, ScriptDuration and style + layout counters) and JS heap growth (CDP,
// after a forced GC at both ends, and once the view's live window is full), and prints ratios.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import type { Browser, CDPSession } from 'playwright-core'
import { ApiSocket } from '../test/helpers/api-socket'
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
  /** The heap once the live window is full (Mail phases of over 6 min), for the steady-state growth. */
  heapWindowFullMiB: number | null
  /** Main-thread time in tasks, in script and in style + layout over the phase. */
  busyMs: number
  scriptMs: number
  styleLayoutMs: number
  /** The longest frames that blocked the main thread, with what ran in them. */
  longFrames: LongFrame[]
  /** Mail phase only: samples that reached the view. */
  samples: number | null
}

interface LongTask {
  startMs: number
  durationMs: number
}

interface LongFrame extends LongTask {
  blockingMs: number
  styleLayoutMs: number
  scripts: { invoker: string; durationMs: number }[]
}

const WARM_UP_MS = 10_000
/** The Mail view's live range: until it is full, the view's heap grows by the samples it keeps. */
const LIVE_WINDOW_MS = 5 * 60_000

// Runs in the page before any script: collects every long task the main thread reports, and the
// long animation frames that blocked it (what ran in them, and how long style and layout took).
const OBSERVE_LONG_TASKS = `
  window.__longTasks = [];
  window.__longFrames = [];
  new PerformanceObserver((list) => { for (const entry of list.getEntries()) window.__longTasks.push({ startMs: entry.startTime, durationMs: entry.duration }) })
    .observe({ type: 'longtask', buffered: true });
  new PerformanceObserver((list) => {
    for (const f of list.getEntries()) {
      if (f.blockingDuration <= 0) continue;
      window.__longFrames.push({
        startMs: f.startTime,
        durationMs: f.duration,
        blockingMs: f.blockingDuration,
        styleLayoutMs: f.styleAndLayoutStart > 0 ? f.startTime + f.duration - f.styleAndLayoutStart : 0,
        scripts: f.scripts.map((s) => ({ invoker: s.invoker + (s.sourceFunctionName ? ' ' + s.sourceFunctionName : ''), durationMs: s.duration }))
      });
    }
  }).observe({ type: 'long-animation-frame', buffered: true });
`

interface PageMetrics {
  heapMiB: number
  taskMs: number
  scriptMs: number
  styleLayoutMs: number
}

/**
 * Chromium's cumulative main-thread counters, then the JS heap after a forced GC. The session
 * must stay open (Performance enabled) for the whole phase: the counters only run while it is.
 */
async function pageMetrics(cdp: CDPSession): Promise<PageMetrics> {
  const read = async () => {
    const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] }
    return (name: string): number => {
      const found = metrics.find((metric) => metric.name === name)
      if (found === undefined) throw new Error(`Chromium reported no ${name}`)
      return found.value
    }
  }
  // The counters first: the forced GC below would count as main-thread work.
  const busy = await read()
  await cdp.send('HeapProfiler.collectGarbage')
  const heap = await read()
  return {
    heapMiB: heap('JSHeapUsedSize') / (1024 * 1024),
    taskMs: busy('TaskDuration') * 1000,
    scriptMs: busy('ScriptDuration') * 1000,
    styleLayoutMs: (busy('RecalcStyleDuration') + busy('LayoutDuration')) * 1000
  }
}

async function phase(browser: Browser, url: string, view: 'Racks' | 'Mail', durationMs: number): Promise<PhaseResult> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 2100 } })
  await page.addInitScript(OBSERVE_LONG_TASKS)
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Performance.enable')
  await cdp.send('HeapProfiler.enable')
  await page.goto(url)
  await page.getByRole('status', { name: 'Status bar' }).getByText('API: Connected').waitFor({ timeout: 30_000 })
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: view, exact: true }).click()
  await page.getByRole('heading', { name: view, level: 1 }).waitFor()
  if (view === 'Mail') await page.getByRole('figure', { name: 'CPU (% of all cores)' }).waitFor({ timeout: 30_000 })
  await page.waitForTimeout(WARM_UP_MS)
  const samplesAt = async () => (view === 'Mail' ? Number(await page.locator('[data-host="mail-01"]').getAttribute('data-samples-received')) : null)
  const start = await pageMetrics(cdp)
  const samplesStart = await samplesAt()
  await page.evaluate('window.__longTasks = []; window.__longFrames = []')
  const startedMs = Date.now()
  // Once the live window is full, a heap reading after a forced GC; the long tasks and frames of
  // that forced GC are the benchmark's own and are not counted.
  let windowFull: PageMetrics | null = null
  let ownGc: { fromMs: number; toMs: number } | null = null
  if (view === 'Mail' && durationMs > LIVE_WINDOW_MS + 60_000) {
    await page.waitForTimeout(LIVE_WINDOW_MS - WARM_UP_MS)
    const fromMs = (await page.evaluate('performance.now()')) as number
    windowFull = await pageMetrics(cdp)
    ownGc = { fromMs, toMs: (await page.evaluate('performance.now()')) as number }
  }
  await page.waitForTimeout(durationMs - (Date.now() - startedMs))
  const seconds = (Date.now() - startedMs) / 1000
  const notOwnGc = (entry: LongTask) => ownGc === null || entry.startMs + entry.durationMs < ownGc.fromMs || entry.startMs > ownGc.toMs
  const tasks = ((await page.evaluate('window.__longTasks')) as LongTask[]).filter(notOwnGc).map((task) => task.durationMs)
  const longFrames = ((await page.evaluate('window.__longFrames')) as LongFrame[]).filter(notOwnGc).sort((a, b) => b.durationMs - a.durationMs).slice(0, 5)
  const samplesEnd = await samplesAt()
  const end = await pageMetrics(cdp)
  await cdp.detach()
  await page.close()
  return {
    name: view === 'Mail' ? 'Mail view, 7 charts live at 1 Hz' : 'Racks view, idle (peer)',
    seconds,
    longTasks: tasks.length,
    longTaskMs: tasks.reduce((sum, ms) => sum + ms, 0),
    longestMs: tasks.length === 0 ? 0 : Math.max(...tasks),
    heapStartMiB: start.heapMiB,
    heapEndMiB: end.heapMiB,
    heapWindowFullMiB: windowFull?.heapMiB ?? null,
    busyMs: end.taskMs - start.taskMs,
    scriptMs: end.scriptMs - start.scriptMs,
    styleLayoutMs: end.styleLayoutMs - start.styleLayoutMs,
    longFrames,
    samples: samplesStart === null || samplesEnd === null ? null : samplesEnd - samplesStart
  }
}

/** Switches the demo mail server's load through the API, as the demo banner's controls would. */
async function injectScenario(url: string, scenario: string): Promise<void> {
  const api = await ApiSocket.open(url)
  try {
    await api.call('demo.inject', { action: 'mail-scenario', scenario })
  } finally {
    api.close()
  }
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
    console.log('phase                               seconds  long tasks  long-task ms  longest ms  busy ms/s  script ms/s  style+layout ms/s  heap start MiB  heap end MiB  growth  samples')
    for (const r of rows) {
      const growth = `${fixed(((r.heapEndMiB - r.heapStartMiB) / r.heapStartMiB) * 100)} %`
      console.log(
        `${r.name.padEnd(36)}${fixed(r.seconds, 0).padStart(7)}${String(r.longTasks).padStart(12)}${fixed(r.longTaskMs, 0).padStart(14)}${fixed(r.longestMs, 0).padStart(12)}${fixed(r.busyMs / r.seconds).padStart(11)}${fixed(r.scriptMs / r.seconds).padStart(13)}${fixed(r.styleLayoutMs / r.seconds).padStart(19)}${fixed(r.heapStartMiB).padStart(16)}${fixed(r.heapEndMiB).padStart(14)}${growth.padStart(8)}${String(r.samples ?? '—').padStart(9)}`
      )
    }
    console.log('')
    console.log(
      `ratio Mail / Racks: main-thread busy time ${ratio(mail.busyMs, peer.busyMs)}, long-task time ${ratio(mail.longTaskMs, peer.longTaskMs)}, long tasks ${ratio(mail.longTasks, peer.longTasks)}, heap growth ${fixed(mail.heapEndMiB - mail.heapStartMiB, 2)} MiB vs ${fixed(peer.heapEndMiB - peer.heapStartMiB, 2)} MiB`
    )
    if (mail.heapWindowFullMiB !== null) {
      const steady = ((mail.heapEndMiB - mail.heapWindowFullMiB) / mail.heapWindowFullMiB) * 100
      console.log(`Mail view heap once its ${LIVE_WINDOW_MS / 60_000}-min live window was full: ${fixed(mail.heapWindowFullMiB)} MiB, at the end ${fixed(mail.heapEndMiB)} MiB (${fixed(steady)} %; the growth before it is the window filling)`)
    }
    if (mail.samples !== null) console.log(`Mail view received ${mail.samples} samples in ${fixed(mail.seconds, 0)} s (${fixed(mail.samples / mail.seconds, 2)} per second)`)
    for (const r of rows) {
      if (r.longFrames.length === 0) continue
      console.log(`longest blocking frames, ${r.name}:`)
      for (const frame of r.longFrames) {
        const scripts = frame.scripts.length === 0 ? 'no script (GC, or the machine busy elsewhere)' : frame.scripts.map((script) => `${script.invoker} ${fixed(script.durationMs, 0)} ms`).join(', ')
        console.log(`  ${fixed(frame.durationMs, 0)} ms (blocking ${fixed(frame.blockingMs, 0)} ms, style+layout ${fixed(frame.styleLayoutMs, 0)} ms): ${scripts}`)
      }
    }
  } finally {
    await browser.close()
    await web.stop()
    dir.remove()
  }
}
