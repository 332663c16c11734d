// Shared by the sim tests: the shipped demo site, a fleet on a hand-driven clock, and a way
// to run a command line on a demo host and collect what it prints.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Site } from '../../../../src/shared/model'
import { loadSiteYaml } from '../../../../src/shared/site-yaml'
import { runCommandLine } from '../../../../src/main/sim/command-router'
import { FleetModel, type FleetOptions } from '../../../../src/main/sim/fleet-model'

export const REPO = join(__dirname, '..', '..', '..', '..')

export function demoSite(): Site {
  const file = join(REPO, 'resources', 'demo-site.yaml')
  const result = loadSiteYaml(readFileSync(file, 'utf8'), file)
  if (!result.ok) throw new Error(`demo site invalid: ${JSON.stringify(result.errors)}`)
  return result.site
}

/** 2026-03-10 12:00 UTC, a Tuesday: office hours in the demo's UTC time zone. */
export const NOON_MS = Date.UTC(2026, 2, 10, 12, 0, 0)

export interface ManualClock {
  now(): number
  set(ms: number): void
  advance(ms: number): void
}

export function manualClock(startMs = NOON_MS): ManualClock {
  let t = startMs
  return { now: () => t, set: (ms) => (t = ms), advance: (ms) => (t += ms) }
}

export function testFleet(options: Omit<Partial<FleetOptions>, 'clock'> & { clock: ManualClock }): FleetModel {
  return new FleetModel({ site: demoSite(), seed: 'test', utcOffsetMinutes: 0, ...options, clock: options.clock.now })
}

export interface RunResult {
  stdout: string
  stderr: string
  code: number
}

export async function run(fleet: FleetModel, hostName: string, line: string, signal: AbortSignal = new AbortController().signal): Promise<RunResult> {
  const host = fleet.host(hostName)
  if (!host) throw new Error(`no host ${hostName}`)
  const result = { stdout: '', stderr: '', code: 0 }
  result.code = await runCommandLine(
    line,
    { fleet, host, resolveHost: (address) => fleet.hosts.find((h) => h.name === address || `${h.name}.demo` === address || h.ipAddress === address) },
    { stdout: (t) => (result.stdout += t), stderr: (t) => (result.stderr += t), signal }
  )
  return result
}

export function fixture(...path: string[]): string {
  return readFileSync(join(REPO, 'test', 'fixtures', ...path), 'utf8')
}
