// In-process CPU profile of a measurement window (V8's sampling profiler through node:inspector),
// saved as a .cpuprofile (opens in Chrome DevTools) and summarised as self time per function and
// per area of code, so a benchmark can say where the CPU goes.
import { writeFile } from 'node:fs/promises'
import { Session } from 'node:inspector/promises'
import type { Profiler } from 'node:inspector'

export interface ProfileLine {
  name: string
  selfMs: number
  percent: number
}

export interface ProfileSummary {
  file: string
  totalMs: number
  byArea: ProfileLine[]
  byFunction: ProfileLine[]
}

export class CpuProfile {
  private readonly session = new Session()

  async start(): Promise<void> {
    this.session.connect()
    await this.session.post('Profiler.enable')
    await this.session.post('Profiler.start')
  }

  async stop(file: string, top = 20): Promise<ProfileSummary> {
    const { profile } = await this.session.post('Profiler.stop')
    this.session.disconnect()
    await writeFile(file, JSON.stringify(profile))
    return summarise(profile, file, top)
  }
}

/** Which part of the program a frame belongs to, for the per-area breakdown. */
function area(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native / V8 builtins)'
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)
  if (modules) return `npm: ${modules[1]}`
  if (url.startsWith('node:')) return 'node internals'
  const project = /\/(src\/(?:main|shared)\/[^/]+)\//.exec(url)
  if (project) return project[1] as string
  if (url.includes('/bench/')) return 'bench harness'
  return url
}

function shortUrl(url: string): string {
  const project = /\/((?:src|bench)\/.*)$/.exec(url)
  if (project) return project[1] as string
  const modules = /node_modules\/(.*)$/.exec(url)
  return modules ? (modules[1] as string) : url
}

export function summarise(profile: Profiler.Profile, file: string, top: number): ProfileSummary {
  const selfUs = new Map<number, number>()
  const samples = profile.samples ?? []
  const deltas = profile.timeDeltas ?? []
  for (let i = 0; i < samples.length; i++) {
    const id = samples[i] as number
    selfUs.set(id, (selfUs.get(id) ?? 0) + (deltas[i] ?? 0))
  }
  const byFunction = new Map<string, number>()
  const byArea = new Map<string, number>()
  let totalUs = 0
  for (const node of profile.nodes) {
    const us = selfUs.get(node.id) ?? 0
    // Idle time is the event loop waiting: shares are of the time the process was busy.
    if (us === 0 || node.callFrame.functionName === '(idle)') continue
    totalUs += us
    const { functionName, url, lineNumber } = node.callFrame
    const name = url === '' ? functionName || '(anonymous)' : `${functionName || '(anonymous)'} ${shortUrl(url)}:${lineNumber + 1}`
    byFunction.set(name, (byFunction.get(name) ?? 0) + us)
    const where = area(url, functionName)
    byArea.set(where, (byArea.get(where) ?? 0) + us)
  }
  const lines = (map: Map<string, number>, limit: number): ProfileLine[] =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([name, us]) => ({ name, selfMs: us / 1000, percent: totalUs > 0 ? (us / totalUs) * 100 : 0 }))
  return { file, totalMs: totalUs / 1000, byArea: lines(byArea, 12), byFunction: lines(byFunction, top) }
}
