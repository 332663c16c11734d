// The demo fleet's model answering the poller's and the actions' commands through its real
// command router (no SSH): a host cut off refuses, as the SSH pool would report it.
import type { CommandRunner } from '../../../../src/main/fleet/fleet-poller'
import { FleetPoller } from '../../../../src/main/fleet/fleet-poller'
import type { ActionExecResult } from '../../../../src/main/gluster/action-runner'
import type { FleetModel } from '../../../../src/main/sim/fleet-model'
import { shellQuote } from '../../../../src/main/ssh/quote'
import { manualClock, run, testFleet, type ManualClock } from '../sim/sim-test-kit'

export function simRunner(fleet: FleetModel, calls: string[] = []): CommandRunner {
  return {
    async run(host, command) {
      calls.push(`${host}: ${command}`)
      const reachability = fleet.host(host)?.reachability
      if (reachability !== 'up') throw Object.assign(new Error(`${host}: connection refused`), { kind: 'unreachable' })
      const result = await run(fleet, host, command)
      return { exitCode: result.code, stdout: result.stdout, stderr: result.stderr }
    }
  }
}

export function simExec(fleet: FleetModel, calls: string[] = []): (host: string, argv: readonly string[]) => Promise<ActionExecResult> {
  const runner = simRunner(fleet, calls)
  return async (host, argv) => {
    const result = await runner.run(host, shellQuote(argv), { timeoutMs: 10_000 })
    return { exitCode: result.exitCode, signal: null, stdout: result.stdout, stderr: result.stderr }
  }
}

export interface SimGluster {
  clock: ManualClock
  fleet: FleetModel
  poller: FleetPoller
  calls: string[]
  /** Advances the clock by `ms` and runs every poll that is then due. */
  step(ms: number): Promise<void>
}

/** The demo site's Gluster nodes (hv-01..hv-05, also hypervisors) polled on a hand-driven clock. */
export async function simGluster(): Promise<SimGluster> {
  const clock = manualClock()
  const fleet = testFleet({ clock })
  const calls: string[] = []
  // Room for every job at once: pollDue starts due jobs in one pass, and a hand-driven clock makes them all due together.
  const poller = new FleetPoller({ now: clock.now, runner: simRunner(fleet, calls), maxConcurrent: 100 })
  poller.setHosts(fleet.hosts.filter((host) => host.isGlusterNode || host.hypervisor !== null).map((host) => ({ name: host.name, roles: host.roles })))
  const step = async (ms: number) => {
    clock.advance(ms)
    await poller.pollDue()
  }
  await step(0)
  // Heal summary waits for the first volume info.
  await step(1)
  return { clock, fleet, poller, calls, step }
}
