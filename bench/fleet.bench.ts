// `npm run bench -- fleet [--hosts N] [--peer-hosts N] [--seconds N] [--peers small,floor|none]
//   [--settle N] [--warmup-timeout N] [--max-concurrent N] [--sink json|none] [--cpu-prof] [--work-dir DIR]`
// Rackside polling a demo fleet of N hosts (default 500, about 5,000 VMs) on its normal 5 s
// schedule: CPU % of one core (target < 25 %) and RSS (target < 300 MB) of the polling process.
// Peers in the same run: the same stack over a small fleet (per-host cost ratio) and a bare ssh2
// client sending the same 5 s probe requests over the same kind of probe session channel, without
// Rackside's pool, parsing or events (the floor).
// The demo fleet runs in a child process, and every subject in a fresh child of its own, so the
// simulator's CPU and an earlier run's heap never count against the subject.
import { existsSync } from 'node:fs'
import { chmod, mkdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { utils } from 'ssh2'
import { startChild } from './lib/bench-child'
import type { FleetChildMessage } from './lib/fleet-child'
import type { FleetFile, SubjectMessage, SubjectMode, SubjectResult } from './lib/fleet-subject'
import { machineCpu, processCpuSeconds } from './lib/proc-cpu'

const CPU_TARGET_PERCENT = 25
const RSS_TARGET_MB = 300
const POLL_INTERVAL_SECONDS = 5

const fixed = (value: number | null | undefined, digits = 1) => (value === null || value === undefined || Number.isNaN(value) ? '—' : value.toFixed(digits))

interface Options {
  hosts: number
  peerHosts: number
  seconds: number
  settleSeconds: number
  warmupTimeoutSeconds: number
  peers: Set<'small' | 'floor'>
  maxConcurrent: number | undefined
  sink: 'json' | 'none'
  cpuProf: boolean
  workDir: string
}

interface Run {
  label: string
  mode: SubjectMode
  hosts: number
  result: SubjectResult
  /** CPU % of one core used by the fleet child, and busy % of the whole machine, in the window. */
  fleetCpuPercent: number
  machineBusyPercent: number
}

function positive(name: string, text: string | undefined, fallback: number): number {
  const value = text === undefined ? fallback : Number(text)
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a whole number ≥ 1, got ${text}`)
  return value
}

function parse(args: string[]): Options {
  const { values } = parseArgs({
    args,
    options: {
      hosts: { type: 'string' },
      'peer-hosts': { type: 'string' },
      seconds: { type: 'string' },
      settle: { type: 'string' },
      'warmup-timeout': { type: 'string' },
      peers: { type: 'string', default: 'small,floor' },
      'max-concurrent': { type: 'string' },
      sink: { type: 'string', default: 'json' },
      'cpu-prof': { type: 'boolean', default: false },
      'work-dir': { type: 'string', default: '/tmp/rackside-fleet-bench' }
    }
  })
  const peers = new Set<'small' | 'floor'>()
  for (const peer of (values.peers ?? '').split(',').map((p) => p.trim())) {
    if (peer === 'small' || peer === 'floor') peers.add(peer)
    else if (peer !== 'none' && peer !== '') throw new Error(`--peers takes small, floor or none, got ${peer}`)
  }
  if (values.sink !== 'json' && values.sink !== 'none') throw new Error(`--sink must be json or none, got ${values.sink}`)
  return {
    hosts: positive('hosts', values.hosts, 500),
    peerHosts: positive('peer-hosts', values['peer-hosts'], 50),
    seconds: positive('seconds', values.seconds, 60),
    settleSeconds: positive('settle', values.settle, 10),
    warmupTimeoutSeconds: positive('warmup-timeout', values['warmup-timeout'], 180),
    peers,
    maxConcurrent: values['max-concurrent'] === undefined ? undefined : positive('max-concurrent', values['max-concurrent'], 16),
    sink: values.sink,
    cpuProf: values['cpu-prof'] ?? false,
    workDir: values['work-dir'] ?? '/tmp/rackside-fleet-bench'
  }
}

/** One client key for every subject, made once (the demo fleet accepts any key that signs). */
async function clientKey(workDir: string): Promise<string> {
  const file = join(workDir, 'client_ed25519')
  if (!existsSync(file)) {
    await writeFile(file, utils.generateKeyPairSync('ed25519', { comment: 'rackside fleet bench' }).private, { mode: 0o600 })
    await chmod(file, 0o600)
  }
  return file
}

async function measure(options: Options, fleetPid: number, fleetFile: string, mode: SubjectMode, hosts: number, profile: boolean): Promise<Run> {
  const label = `${mode}-${hosts}`
  const dataDir = join(options.workDir, `subject-${label}`)
  await rm(dataDir, { recursive: true, force: true })
  await mkdir(dataDir, { recursive: true })
  const args = [
    '--mode', mode,
    '--fleet', fleetFile,
    '--data-dir', dataDir,
    '--seconds', String(options.seconds),
    '--settle', String(options.settleSeconds),
    '--warmup-timeout', String(options.warmupTimeoutSeconds),
    '--sink', options.sink,
    ...(options.maxConcurrent === undefined ? [] : ['--max-concurrent', String(options.maxConcurrent)]),
    ...(profile ? ['--cpu-prof', join(options.workDir, `${label}.cpuprofile`)] : [])
  ]
  console.error(`… ${label}: connecting, then ${options.seconds} s measured`)
  // --expose-gc only lets the subject force one full GC after the window, to tell live heap from garbage.
  const subject = startChild<SubjectMessage>(label, join(__dirname, 'lib', 'fleet-subject.ts'), args, ['--expose-gc'])
  const first = await subject.next()
  if (first.kind !== 'measure-start') throw new Error(`${label}: expected measure-start, got ${first.kind}`)
  const fleetBefore = processCpuSeconds(fleetPid)
  const machineBefore = machineCpu()
  const wallBefore = performance.now()
  const result = await subject.next()
  if (result.kind !== 'result') throw new Error(`${label}: expected a result, got ${result.kind}`)
  const wallSeconds = (performance.now() - wallBefore) / 1000
  const machineAfter = machineCpu()
  const fleetCpuPercent = ((processCpuSeconds(fleetPid) - fleetBefore) / wallSeconds) * 100
  const machineBusyPercent = ((machineAfter.busySeconds - machineBefore.busySeconds) / (machineAfter.totalSeconds - machineBefore.totalSeconds)) * 100
  await subject.stop()
  console.error(
    `… ${label}: CPU ${fixed(result.window.cpuPercent)} %, RSS peak ${fixed(result.window.rssPeakMB, 0)} MB, polls/host median ${result.pollsPerHost.median} (${result.hostsWithoutPoll} hosts never), ${result.errors.total} errors`
  )
  return { label, mode, hosts, result, fleetCpuPercent, machineBusyPercent }
}

/** Starts a fleet of `hosts` in a child, runs each subject against it, stops the fleet. */
async function withFleet(options: Options, hosts: number, subjects: { mode: SubjectMode; profile: boolean }[]): Promise<Run[]> {
  const keyDir = join(options.workDir, 'host-keys')
  const fleet = startChild<FleetChildMessage>(`fleet-${hosts}`, join(__dirname, 'lib', 'fleet-child.ts'), ['--hosts', String(hosts), '--key-dir', keyDir])
  try {
    const ready = await fleet.next()
    if (ready.kind !== 'ready') throw new Error(`fleet child: expected ready, got ${ready.kind}`)
    const vmHosts = ready.hosts.filter((h) => h.roles.includes('hypervisor')).length
    console.error(`… demo fleet: ${ready.hosts.length} hosts (${vmHosts} hypervisors) up in ${ready.startSeconds.toFixed(1)} s`)
    const fleetFile = join(options.workDir, `fleet-${hosts}.json`)
    await writeFile(fleetFile, JSON.stringify({ hosts: ready.hosts, clientKeyFile: await clientKey(options.workDir) } satisfies FleetFile))
    const runs: Run[] = []
    for (const subject of subjects) runs.push(await measure(options, fleet.pid, fleetFile, subject.mode, hosts, subject.profile))
    return runs
  } finally {
    await fleet.stop()
  }
}

function table(runs: Run[], seconds: number): void {
  const expected = seconds / POLL_INTERVAL_SECONDS
  const rows = [
    ['subject', 'hosts', 'CPU %', 'on sched.', 'p95 1s', 'RSS peak MB', 'RSS med MB', 'base MB', 'heap MB', 'live MB', 'ext MB', `polls/host (≈${fixed(expected, 0)})`, 'period s', 'oldest s', 'requests/s', 'channels/s', 'CPU ms/poll', 'errors', 'warmup s', 'fleet CPU %', 'machine %'],
    ...runs.map(({ label, result: r, fleetCpuPercent, machineBusyPercent }) => [
      label,
      String(r.hosts),
      fixed(r.window.cpuPercent),
      fixed(onSchedulePercent(r, seconds)),
      fixed(r.window.cpuPercentP95),
      fixed(r.window.rssPeakMB, 0),
      fixed(r.window.rssMedianMB, 0),
      fixed(r.baselineRssMB, 0),
      fixed(r.window.heapUsedMedianMB, 0),
      fixed(r.liveHeapMB, 0),
      fixed(r.window.externalMedianMB, 0),
      `${fixed(r.pollsPerHost.median, 0)} (${r.pollsPerHost.min}–${r.pollsPerHost.max})${r.hostsWithoutPoll > 0 ? ` ${r.hostsWithoutPoll} never` : ''}`,
      fixed(r.medianPeriodSeconds, 2),
      fixed(r.oldestFactAgeSeconds),
      fixed(r.requests / r.window.wallSeconds),
      fixed(r.channelsOpened / r.window.wallSeconds),
      fixed(cpuMsPerPoll(r), 2),
      String(r.errors.total),
      `${fixed(r.warmupSeconds)}${r.hostsAnsweredInWarmup < r.hosts ? ` (${r.hostsAnsweredInWarmup} ok)` : ''}`,
      fixed(fleetCpuPercent),
      fixed(machineBusyPercent)
    ])
  ]
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? []
  for (const row of rows) console.log(row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  '))
}

/**
 * The CPU share the run would need to poll every host on schedule: the measured share scaled by
 * expected over completed polls (equal to the measured share when the subject kept up).
 */
function onSchedulePercent(r: SubjectResult, seconds: number): number {
  const expected = (r.hosts * seconds) / POLL_INTERVAL_SECONDS
  return r.pollsPerHost.total > 0 ? r.window.cpuPercent * Math.max(1, expected / r.pollsPerHost.total) : Number.NaN
}

/** CPU milliseconds per successful host poll: fair between runs that kept up and runs that fell behind. */
function cpuMsPerPoll(r: SubjectResult): number {
  return r.pollsPerHost.total > 0 ? ((r.window.cpuPercent / 100) * r.window.wallSeconds * 1000) / r.pollsPerHost.total : Number.NaN
}

function report(options: Options, runs: Run[]): void {
  const main = runs.find((r) => r.mode === 'rackside' && r.hosts === options.hosts)
  console.log('')
  console.log(`Fleet polling, ${options.seconds} s measured window, ${POLL_INTERVAL_SECONDS} s system + VM probes (CPU % = user+system of one core; MB = 10^6 bytes)`)
  table(runs, options.seconds)
  if (!main) return
  const r = main.result
  console.log('')
  const expected = options.seconds / POLL_INTERVAL_SECONDS
  const keptUp = r.pollsPerHost.min >= Math.floor(expected * 0.8)
  // Behind schedule the process did only part of the work: the verdict uses the projection.
  const cpuOnSchedule = onSchedulePercent(r, options.seconds)
  const rssOk = r.window.rssPeakMB < RSS_TARGET_MB
  console.log(`Targets, rackside at ${options.hosts} hosts:`)
  console.log(
    `  every host polled ≥ ${Math.floor(expected * 0.8)} times in ${options.seconds} s (min ${r.pollsPerHost.min}, ${r.hostsWithoutPoll} hosts never, ${fixed(r.requests / r.window.wallSeconds)} probe requests/s, ${r.hostsOnProbeSessions} hosts on probe sessions): ${keptUp ? 'yes' : 'NO — the poller fell behind its schedule'}`
  )
  console.log(
    `  CPU ${fixed(r.window.cpuPercent)} % of one core${keptUp ? '' : `, ${fixed(cpuOnSchedule)} % projected to the full schedule`} (target < ${CPU_TARGET_PERCENT} %): ${cpuOnSchedule < CPU_TARGET_PERCENT ? 'met' : 'NOT met'}`
  )
  console.log(`  RSS peak ${fixed(r.window.rssPeakMB, 0)} MB (target < ${RSS_TARGET_MB} MB): ${rssOk ? 'met' : 'NOT met'} — of which ${fixed(r.baselineRssMB, 0)} MB before the first connection (node + tsx + code)`)
  if (r.errors.total > 0) for (const [message, count] of r.errors.top) console.log(`  error ×${count}: ${message}`)

  const small = runs.find((x) => x.mode === 'rackside' && x.hosts === options.peerHosts && x !== main)
  const floor = runs.find((x) => x.mode === 'floor' && x.hosts === options.hosts)
  if (small || floor) console.log('\nRatios:')
  if (small) {
    // Per host on the full schedule: a run that fell behind would otherwise look cheaper per host.
    const perHost = (x: Run) => onSchedulePercent(x.result, options.seconds) / x.hosts
    console.log(
      `  CPU per host on schedule, ${options.hosts} vs ${options.peerHosts} hosts: ${fixed(perHost(main), 3)} vs ${fixed(perHost(small), 3)} %/host = ×${fixed(perHost(main) / perHost(small), 2)} (1.0 = linear)`
    )
    console.log(`  CPU per poll, ${options.hosts} vs ${options.peerHosts} hosts: ${fixed(cpuMsPerPoll(r), 2)} vs ${fixed(cpuMsPerPoll(small.result), 2)} ms = ×${fixed(cpuMsPerPoll(r) / cpuMsPerPoll(small.result), 2)}`)
    const extraHosts = options.hosts - options.peerHosts
    if (extraHosts > 0) console.log(`  RSS per extra host: ${fixed(((r.window.rssMedianMB - small.result.window.rssMedianMB) / extraHosts) * 1000, 0)} kB (median RSS ${fixed(small.result.window.rssMedianMB, 0)} → ${fixed(r.window.rssMedianMB, 0)} MB)`)
  }
  if (floor) {
    console.log(`  Rackside / bare-ssh2 floor at ${options.hosts} hosts: CPU ×${fixed(r.window.cpuPercent / floor.result.window.cpuPercent, 2)}, CPU per poll ×${fixed(cpuMsPerPoll(r) / cpuMsPerPoll(floor.result), 2)}, RSS peak ×${fixed(r.window.rssPeakMB / floor.result.window.rssPeakMB, 2)}`)
  }
  if (main.machineBusyPercent > 85) console.log(`\nNote: the machine was ${fixed(main.machineBusyPercent, 0)} % busy (all cores, all processes) during the main run: contention can slow the poller and the fleet.`)

  for (const run of runs) {
    const profile = run.result.profile
    if (!profile) continue
    console.log(`\nCPU profile of ${run.label} (${fixed(profile.totalMs / 1000)} s busy in the window; ${profile.file}):`)
    console.log('  by area:')
    for (const line of profile.byArea) console.log(`    ${fixed(line.percent).padStart(5)} %  ${line.name}`)
    console.log('  by function (self time):')
    for (const line of profile.byFunction) console.log(`    ${fixed(line.percent).padStart(5)} %  ${line.name}`)
  }
}

export async function run(args: string[]): Promise<void> {
  const options = parse(args)
  await mkdir(options.workDir, { recursive: true, mode: 0o700 })
  const runs: Run[] = []
  const mainSubjects: { mode: SubjectMode; profile: boolean }[] = [{ mode: 'rackside', profile: options.cpuProf }]
  if (options.peers.has('floor')) mainSubjects.push({ mode: 'floor', profile: false })
  runs.push(...(await withFleet(options, options.hosts, mainSubjects)))
  if (options.peers.has('small') && options.peerHosts !== options.hosts) runs.push(...(await withFleet(options, options.peerHosts, [{ mode: 'rackside', profile: false }])))
  report(options, runs)
}
