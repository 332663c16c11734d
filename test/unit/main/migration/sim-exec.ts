// The demo fleet's simulator run in-process as a HostExec: the same virsh answers the app gets
// over SSH, without the SSH. Real clock, so migrations take real (short) time.
import type { HostExec } from '../../../../src/main/migration/host-exec'
import { FleetModel } from '../../../../src/main/sim/fleet-model'
import { shellQuote } from '../../../../src/main/ssh/quote'
import { demoSite, run } from '../sim/sim-test-kit'

export function realTimeFleet(migrationSecondsPerGiB = 1): FleetModel {
  return new FleetModel({ site: demoSite(), seed: 'test', utcOffsetMinutes: 0, migrationSecondsPerGiB })
}

export function simExec(fleet: FleetModel, log: { host: string; line: string }[] = []): HostExec {
  return async (host, argv, { timeoutMs }) => {
    const line = shellQuote(argv)
    log.push({ host, line })
    const controller = new AbortController()
    const timer = setTimeout(() => controller.abort(), timeoutMs)
    try {
      const result = await run(fleet, host, line, controller.signal)
      return { exitCode: result.code, stdout: result.stdout, stderr: result.stderr }
    } finally {
      clearTimeout(timer)
    }
  }
}
