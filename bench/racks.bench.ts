// `npm run bench -- racks [--cabinets N] [--runs N]`: the Racks view of a full site in Chromium,
// served by the real app. Builds a synthetic site (20 cabinets × 46 U, every unit taken but two
// per cabinet), imports it with `rackside inventory import`, serves it with `rackside web` and
// measures with the Performance timeline:
//   - first render: clicking Racks in the navigation until every elevation is laid out;
//   - drag steps: one keyboard or pointer step of a drag until the ghost, the budget preview and
//     the status line are laid out (the work that must fit in a 16.7 ms frame);
//   - frame intervals (requestAnimationFrame) during a real mouse drag, for dropped frames.
// The peer is the same site cut to 2 cabinets, measured the same way in the same run.
// Needs the renderer built (`npx electron-vite build`) and Chromium at /usr/bin/chromium.
import { execFileSync } from 'node:child_process'
import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import type { Browser, Page } from 'playwright-core'
import { stringify } from 'yaml'
import type { SiteInput } from '../src/shared/model'
import { launchChromium } from '../test/helpers/browser'
import { startRacksideWeb } from '../test/helpers/rackside-web'
import { repoRoot, tempDir } from '../test/helpers/temp-services'

// The page globals the in-page functions below use. This file compiles for Node (no DOM lib), so
// they are declared here, as narrowly as they are used; at run time they are the page's own.
interface PageBox {
  top: number
  bottom: number
  left: number
  right: number
}
interface PageElement {
  textContent: string | null
  getAttribute(name: string): string | null
  getBoundingClientRect(): PageBox
  querySelector(selector: string): PageElement | null
  querySelectorAll(selector: string): Iterable<PageElement> & { length: number }
  dispatchEvent(event: unknown): boolean
  click(): void
  scrollTo(x: number, y: number): void
}
declare const document: PageElement & { body: PageElement; activeElement: PageElement | null }
declare const window: { innerWidth: number; innerHeight: number }
declare const MutationObserver: new (callback: () => void) => { observe(target: PageElement, options: Record<string, unknown>): void; disconnect(): void }
declare const KeyboardEvent: new (type: string, init: Record<string, unknown>) => unknown
declare const PointerEvent: new (type: string, init: Record<string, unknown>) => unknown
declare const PerformanceObserver: new (callback: (list: { getEntries(): unknown[] }) => void) => { observe(options: { type: string }): void }
declare function requestAnimationFrame(callback: (timeMs: number) => void): number
/** What the frame recorder keeps on the page's window. */
interface BenchWindow {
  benchFrames: number[]
  benchLongTasks: number
  benchStop: boolean
}

const FIRST_RENDER_TARGET_MS = 100
const FRAME_TARGET_MS = 16.7

function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))
  return sorted[index] as number
}
const median = (values: readonly number[]): number => quantile(values, 0.5)
const ms = (value: number): string => `${value.toFixed(1)} ms`

/**
 * Per cabinet, from U1 up: eleven 4 U groups of a 2 U full-depth storage box and two 1 U
 * half-depth Atoms back to back on each face (5 devices), then two rear switches at U45–U46:
 * 57 devices, 44 U front taken, U45–U46 front left free. About 2.65 kW peak on a 2.94 kW budget.
 */
export function syntheticSite(cabinetCount: number): SiteInput {
  const feeds = [
    { name: 'A', volts: 230, amps: 16 },
    { name: 'B', volts: 230, amps: 16 }
  ]
  const cabinets = Array.from({ length: cabinetCount }, (_, i) => ({ name: `R${String(i + 1).padStart(2, '0')}`, maxWeightKg: 1200, coolingWatts: 3500, feeds }))
  const devices: NonNullable<SiteInput['devices']> = []
  for (const cabinet of cabinets) {
    const c = cabinet.name.toLowerCase()
    for (let group = 0; group < 11; group++) {
      const base = 1 + group * 4
      const n = String(group + 1).padStart(2, '0')
      devices.push({ name: `${c}-st${n}`, model: 'Storage 2U', cabinet: cabinet.name, positionU: base, face: 'front', feeds: ['A', 'B'] })
      devices.push({ name: `${c}-at${n}a`, model: 'Atom 1U', cabinet: cabinet.name, positionU: base + 2, face: 'front', feeds: ['A'] })
      devices.push({ name: `${c}-at${n}b`, model: 'Atom 1U', cabinet: cabinet.name, positionU: base + 3, face: 'front', feeds: ['B'] })
      devices.push({ name: `${c}-at${n}c`, model: 'Atom 1U', cabinet: cabinet.name, positionU: base + 2, face: 'rear', feeds: ['B'] })
      devices.push({ name: `${c}-at${n}d`, model: 'Atom 1U', cabinet: cabinet.name, positionU: base + 3, face: 'rear', feeds: ['A'] })
    }
    devices.push({ name: `${c}-sw-a`, model: 'Switch 1U', cabinet: cabinet.name, positionU: 46, face: 'rear', feeds: ['A'] })
    devices.push({ name: `${c}-sw-b`, model: 'Switch 1U', cabinet: cabinet.name, positionU: 45, face: 'rear', feeds: ['B'] })
  }
  return {
    site: { name: `Bench site, ${cabinetCount} cabinets`, description: 'Synthetic full site for bench/racks.bench.ts' },
    cabinets,
    models: [
      { name: 'Storage 2U', role: 'storage', heightU: 2, fullDepth: true, watts: { nameplate: 500, typical: 110, idle: 80, peak: 150 }, weightKg: 24, cores: 8, performanceScore: 10 },
      { name: 'Atom 1U', role: 'server', heightU: 1, fullDepth: false, watts: { nameplate: 200, typical: 14, idle: 9, peak: 20 }, weightKg: 6, cores: 4, performanceScore: 4 },
      { name: 'Switch 1U', role: 'switch', heightU: 1, fullDepth: false, watts: { nameplate: 150, typical: 45, idle: 35, peak: 60 }, weightKg: 5 }
    ],
    devices,
    hosts: []
  }
}

interface Figures {
  cabinets: number
  devices: number
  /** Elevations drawn when the first screen was complete. */
  drawnAtFirst: number
  domNodes: number
  firstRenderMs: number[]
  firstPaintMs: number[]
  keyboardStepMs: number[]
  pointerStepMs: number[]
  /** The same, as main-thread CPU time from a Chrome trace. */
  firstRenderCpuMs: number[]
  keyboardStepCpuMs: number[]
  pointerStepCpuMs: number[]
  frameIntervalsMs: number[]
  longTasks: number
}

// In the page: click Racks in the navigation and time until every cabinet card on the screen has
// its elevation drawn and laid out (cards further down draw as they scroll near), then until the
// next frame. Also counts the elevations drawn by then.
async function timeRacksRender(page: Page): Promise<{ laidOutMs: number; paintedMs: number; drawn: number }> {
  return page.evaluate(async () => {
    const button = [...document.querySelectorAll('nav button')].find((b) => b.textContent?.trim().startsWith('Racks'))
    if (button === undefined) throw new Error('no Racks button in the navigation')
    const firstScreenDrawn = () => {
      const cards = [...document.querySelectorAll('.cabinet')]
      if (cards.length === 0) return false
      return cards.every((card) => {
        const box = card.getBoundingClientRect()
        const onScreen = box.bottom > 0 && box.top < window.innerHeight && box.right > 0 && box.left < window.innerWidth
        return !onScreen || card.querySelector('svg.elev') !== null
      })
    }
    const ready = new Promise<void>((resolve) => {
      const observer = new MutationObserver(() => {
        if (firstScreenDrawn()) {
          observer.disconnect()
          resolve()
        }
      })
      observer.observe(document.body, { childList: true, subtree: true })
    })
    performance.mark('racks-first-render-start')
    const start = performance.now()
    button.click()
    if (!firstScreenDrawn()) await ready
    document.body.getBoundingClientRect()
    const laidOut = performance.now()
    performance.measure('racks-first-render', { start, end: laidOut })
    const drawn = document.querySelectorAll('svg.elev').length
    await new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)))
    return { laidOutMs: laidOut - start, paintedMs: performance.now() - start, drawn }
  })
}

async function leaveRacks(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Hosts', exact: true }).click()
  await page.getByRole('heading', { name: 'Hosts', level: 1 }).waitFor()
  await page.waitForFunction(() => document.querySelectorAll('svg.elev').length === 0)
}

// In the page: one step = one event (a key, or a pointer move by one unit) until the view targets
// a new place and the frame is laid out. Steps that target nothing new are dropped.
async function timeDragSteps(page: Page, steps: ({ key: string } | { x: number; y: number })[]): Promise<number[]> {
  return page.evaluate(async (list) => {
    const racks = document.querySelector('.racks')
    if (racks === null) throw new Error('the Racks view is not shown')
    const out: number[] = []
    for (const step of list) {
      const before = racks.getAttribute('data-drag-target')
      const changed = new Promise<boolean>((resolve) => {
        const observer = new MutationObserver(() => {
          if (racks.getAttribute('data-drag-target') === before) return
          clearTimeout(timer)
          observer.disconnect()
          resolve(true)
        })
        const timer = setTimeout(() => {
          observer.disconnect()
          resolve(false)
        }, 1000)
        observer.observe(racks, { attributes: true, attributeFilter: ['data-drag-target'] })
      })
      const start = performance.now()
      if ('key' in step) (document.activeElement ?? document.body).dispatchEvent(new KeyboardEvent('keydown', { key: step.key, bubbles: true, cancelable: true }))
      else
        document.dispatchEvent(
          new PointerEvent('pointermove', { clientX: step.x, clientY: step.y, bubbles: true, cancelable: true, pointerId: 1, pointerType: 'mouse', isPrimary: true, buttons: 1 })
        )
      const ok = await changed
      document.body.getBoundingClientRect()
      const end = performance.now()
      if (ok) {
        performance.measure('racks-drag-step', { start, end })
        out.push(end - start)
      }
      // Let the frame paint before the next event, as a user's next event would.
      await new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)))
    }
    return out
  }, steps)
}

async function faceBox(page: Page, cabinet: string, face: 'front' | 'rear'): Promise<{ x: number; y: number; width: number; height: number }> {
  const box = await page.locator(`[data-cabinet="${cabinet}"] .elev-drop[data-drop-face="${face}"]`).boundingBox()
  if (box === null) throw new Error(`${cabinet} ${face} is not drawn`)
  return box
}

async function measureSite(browser: Browser, cabinetCount: number, runs: number): Promise<Figures> {
  const dir = tempDir('rackside-bench-racks-')
  const siteFile = join(dir.path, 'site.yaml')
  const input = syntheticSite(cabinetCount)
  writeFileSync(siteFile, stringify(input))
  const dataDir = join(dir.path, 'data')
  execFileSync(process.execPath, [join(repoRoot, 'bin', 'rackside'), 'inventory', 'import', siteFile, '--data', dataDir], { stdio: 'pipe' })
  const web = await startRacksideWeb(dataDir)
  const page = await browser.newPage({ viewport: { width: 1600, height: 1100 } })
  // tsx keeps function names with an `__name` helper that the page does not have.
  await page.addInitScript('globalThis.__name = (fn) => fn')
  try {
    await page.goto(web.url)
    await page.waitForFunction((n) => document.querySelectorAll('.cabinet').length === n && document.querySelector('svg.elev') !== null, cabinetCount, { timeout: 60_000 })

    await browser.startTracing(page, { categories: ['toplevel', 'blink.user_timing', 'devtools.timeline'] })
    const firstRenderMs: number[] = []
    const firstPaintMs: number[] = []
    let drawnAtFirst = 0
    let domNodes = 0
    for (let run = 0; run < runs + 1; run++) {
      await leaveRacks(page)
      const timing = await timeRacksRender(page)
      drawnAtFirst = timing.drawn
      domNodes = await page.evaluate(() => document.querySelectorAll('.racks *').length)
      // The first run warms the code paths (JIT, fonts) and is not counted.
      if (run === 0) continue
      firstRenderMs.push(timing.laidOutMs)
      firstPaintMs.push(timing.paintedMs)
    }

    // Keyboard: pick up an Atom in the middle of R01 and walk it down, across faces and cabinets, and back up.
    const device = 'r01-at05a'
    await page.locator(`.elev-device[data-device="${device}"][role="button"]`).focus()
    await page.keyboard.press('m')
    await page.waitForFunction(() => document.querySelector('.racks')?.getAttribute('data-drag') === 'dragging')
    const across = Math.min(6, cabinetCount * 2 - 1)
    const keys = [
      ...Array.from({ length: 12 }, () => ({ key: 'ArrowDown' })),
      ...Array.from({ length: across }, () => ({ key: 'ArrowRight' })),
      ...Array.from({ length: 12 }, () => ({ key: 'ArrowUp' })),
      ...Array.from({ length: across }, () => ({ key: 'ArrowLeft' }))
    ]
    const keyboardStepMs = await timeDragSteps(page, keys)
    await page.keyboard.press('Escape')
    await page.waitForFunction(() => document.querySelector('.racks')?.getAttribute('data-drag') === 'idle')

    // Pointer: press on the same device, then one unit per step down R01's front and up R02's.
    // The keyboard walk may have scrolled; the pointer's path must be on screen.
    await page.evaluate(() => document.querySelector('.main')?.scrollTo(0, 0))
    const shape = await page.locator(`.elev-device[data-device="${device}"][role="button"]`).boundingBox()
    if (shape === null) throw new Error(`${device} is not drawn`)
    await page.mouse.move(shape.x + shape.width / 2, shape.y + shape.height / 2)
    await page.mouse.down()
    await page.mouse.move(shape.x + shape.width / 2, shape.y + shape.height / 2 + 6, { steps: 2 })
    await page.waitForFunction(() => document.querySelector('.racks')?.getAttribute('data-drag') === 'dragging')
    const r01 = await faceBox(page, 'R01', 'front')
    const second = await faceBox(page, 'R02', 'front')
    const unitY = (box: { y: number; height: number }, u: number) => box.y + (46 - u) * (box.height / 46) + box.height / 92
    const points = [
      ...Array.from({ length: 20 }, (_, i) => ({ x: r01.x + r01.width / 2, y: unitY(r01, 30 - i) })),
      ...Array.from({ length: 20 }, (_, i) => ({ x: second.x + second.width / 2, y: unitY(second, 10 + i) }))
    ]
    const pointerStepMs = await timeDragSteps(page, points)

    // Frame intervals and long tasks while Playwright drags with real input events.
    await page.evaluate(() => {
      const w = window as unknown as BenchWindow
      w.benchFrames = []
      w.benchLongTasks = 0
      w.benchStop = false
      new PerformanceObserver((list) => (w.benchLongTasks += list.getEntries().length)).observe({ type: 'longtask' })
      const tick = (t: number) => {
        w.benchFrames.push(t)
        if (!w.benchStop) requestAnimationFrame(tick)
      }
      requestAnimationFrame(tick)
    })
    await page.mouse.move(r01.x + r01.width / 2, unitY(r01, 10), { steps: 40 })
    await page.mouse.move(second.x + second.width / 2, unitY(second, 35), { steps: 40 })
    const frames = await page.evaluate(() => {
      const w = window as unknown as BenchWindow
      w.benchStop = true
      return { times: w.benchFrames, longTasks: w.benchLongTasks }
    })
    await page.keyboard.press('Escape')
    await page.mouse.up()
    const frameIntervalsMs = frames.times.slice(1).map((t, i) => t - (frames.times[i] as number))
    const trace = JSON.parse((await browser.stopTracing()).toString('utf8')) as { traceEvents: TraceEvent[] }
    const cpu = (name: string): number[] => cpuMsPerMeasure(trace.traceEvents, name).filter((v): v is number => v !== null)
    // The first render measure of the warm-up run is not counted, as above.
    const firstRenderCpuMs = cpu('racks-first-render').slice(1)
    const dragCpuMs = cpu('racks-drag-step')

    return {
      cabinets: cabinetCount,
      devices: input.devices?.length ?? 0,
      drawnAtFirst,
      domNodes,
      firstRenderMs,
      firstPaintMs,
      keyboardStepMs,
      pointerStepMs,
      firstRenderCpuMs,
      keyboardStepCpuMs: dragCpuMs.slice(0, keyboardStepMs.length),
      pointerStepCpuMs: dragCpuMs.slice(keyboardStepMs.length),
      frameIntervalsMs,
      longTasks: frames.longTasks
    }
  } finally {
    await page.close()
    await web.stop()
    dir.remove()
  }
}

interface TraceEvent {
  name: string
  cat: string
  ph: string
  ts: number
  dur?: number
  tdur?: number
  pid: number
  tid: number
  id?: string
  id2?: { local?: string }
  args?: { name?: string }
}

/**
 * Main-thread CPU time (ms) inside each `performance.measure(name)` of a Chrome trace: the thread
 * time of the renderer main thread's top-level tasks, pro rata where a task straddles an edge.
 * Unlike wall time it does not count the waits of a machine shared with other work. Null when the
 * trace has no thread times.
 */
export function cpuMsPerMeasure(events: readonly TraceEvent[], name: string): (number | null)[] {
  const marks = events.filter((e) => e.cat.includes('blink.user_timing') && e.name === name && (e.ph === 'b' || e.ph === 'e')).sort((a, b) => a.ts - b.ts)
  const spans: { pid: number; from: number; to: number }[] = []
  const open = new Map<string, TraceEvent>()
  for (const mark of marks) {
    const key = `${mark.pid}:${mark.id ?? mark.id2?.local ?? ''}`
    if (mark.ph === 'b') open.set(key, mark)
    else {
      const begin = open.get(key)
      if (begin !== undefined) spans.push({ pid: mark.pid, from: begin.ts, to: mark.ts })
      open.delete(key)
    }
  }
  const mainThread = new Map<number, number>()
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain') mainThread.set(e.pid, e.tid)
  return spans.map((span) => {
    const tid = mainThread.get(span.pid)
    const tasks = events
      .filter((e) => e.pid === span.pid && e.tid === tid && e.ph === 'X' && e.cat.includes('toplevel') && e.dur !== undefined)
      .sort((a, b) => a.ts - b.ts)
    let cpuUs = 0
    let coveredTo = -Infinity
    let timed = false
    for (const task of tasks) {
      const end = task.ts + (task.dur as number)
      // Nested top-level events (a task inside a task) are counted once, by the outer one.
      if (task.ts < coveredTo) continue
      coveredTo = end
      const overlap = Math.min(end, span.to) - Math.max(task.ts, span.from)
      if (overlap <= 0 || task.tdur === undefined) continue
      timed = true
      cpuUs += task.tdur * (task.dur === 0 ? 1 : overlap / (task.dur as number))
    }
    return timed ? cpuUs / 1000 : null
  })
}

function verdict(value: number, target: number): string {
  return value < target ? `✓ under ${target} ms` : `✕ over ${target} ms`
}

function line(label: string, values: readonly number[], target?: number, peer?: readonly number[]): string {
  const parts = [`  ${label.padEnd(34)} median ${ms(median(values)).padStart(9)}  p95 ${ms(quantile(values, 0.95)).padStart(9)}  (n=${values.length})`]
  if (target !== undefined) parts.push(`  ${verdict(target === FIRST_RENDER_TARGET_MS ? median(values) : quantile(values, 0.95), target)}`)
  if (peer !== undefined) parts.push(`  ×${(median(values) / median(peer)).toFixed(1)} the peer`)
  return parts.join('')
}

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { cabinets: { type: 'string', default: '20' }, runs: { type: 'string', default: '7' }, 'peer-cabinets': { type: 'string', default: '2' } } })
  const cabinets = Number(values.cabinets)
  const runs = Number(values.runs)
  const peerCabinets = Number(values['peer-cabinets'])
  if (![cabinets, runs, peerCabinets].every((n) => Number.isInteger(n) && n >= 1)) throw new Error('--cabinets, --runs and --peer-cabinets take whole numbers from 1')
  if (!existsSync(join(repoRoot, 'out', 'renderer', 'index.html'))) throw new Error('the renderer is not built: run `npx electron-vite build` first')

  const browser = await launchChromium()
  try {
    const main = await measureSite(browser, cabinets, runs)
    const peer = await measureSite(browser, peerCabinets, runs)
    const longFrames = main.frameIntervalsMs.filter((d) => d > FRAME_TARGET_MS * 1.5).length
    const out = [
      `racks: Racks view in Chromium over \`rackside web\` — ${main.cabinets} cabinets × 46 U, ${main.devices} devices; peer: the same site cut to ${peer.cabinets} cabinets (${peer.devices} devices)`,
      `wall = elapsed time in the page; cpu = renderer main-thread CPU time in the same interval (Chrome trace), which a busy machine does not inflate`,
      `first render (click Racks → every cabinet on screen drawn and laid out; ${main.drawnAtFirst} of ${main.cabinets} elevations drawn by then, ${main.domNodes} DOM nodes; the rest draw as they scroll near):`,
      line(`wall, ${main.cabinets} cabinets`, main.firstRenderMs, FIRST_RENDER_TARGET_MS, peer.firstRenderMs),
      line(`wall, ${peer.cabinets} cabinets (peer)`, peer.firstRenderMs),
      line(`cpu, ${main.cabinets} cabinets`, main.firstRenderCpuMs, FIRST_RENDER_TARGET_MS, peer.firstRenderCpuMs),
      line(`cpu, ${peer.cabinets} cabinets (peer)`, peer.firstRenderCpuMs),
      line(`wall to the next frame, ${main.cabinets} cab.`, main.firstPaintMs, undefined, peer.firstPaintMs),
      'drag step (one event → ghost, budget preview and status laid out):',
      line(`keyboard wall, ${main.cabinets} cabinets`, main.keyboardStepMs, FRAME_TARGET_MS, peer.keyboardStepMs),
      line(`keyboard cpu, ${main.cabinets} cabinets`, main.keyboardStepCpuMs, FRAME_TARGET_MS, peer.keyboardStepCpuMs),
      line(`keyboard cpu, ${peer.cabinets} cabinets (peer)`, peer.keyboardStepCpuMs),
      line(`pointer wall, ${main.cabinets} cabinets`, main.pointerStepMs, FRAME_TARGET_MS, peer.pointerStepMs),
      line(`pointer cpu, ${main.cabinets} cabinets`, main.pointerStepCpuMs, FRAME_TARGET_MS, peer.pointerStepCpuMs),
      line(`pointer cpu, ${peer.cabinets} cabinets (peer)`, peer.pointerStepCpuMs),
      'frames during a real mouse drag (requestAnimationFrame intervals):',
      line(`${main.cabinets} cabinets`, main.frameIntervalsMs, undefined, peer.frameIntervalsMs),
      `  frames longer than ${ms(FRAME_TARGET_MS * 1.5)}: ${longFrames} of ${main.frameIntervalsMs.length}; long tasks (> 50 ms): ${main.longTasks} (peer: ${peer.longTasks})`
    ]
    console.log(out.join('\n'))
  } finally {
    await browser.close()
  }
}
