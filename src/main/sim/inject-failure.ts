// The demo panel's failure injections, applied to the fleet model, each answered with one
// sentence saying what now happens (shown to the user and kept in the audit log).
import type { DemoInjectArgs } from '../../shared/api'
import type { FleetModel } from './fleet-model'

export function injectFailure(fleet: FleetModel, args: DemoInjectArgs): string {
  switch (args.action) {
    case 'kill-brick': {
      const brick = fleet.killBrick(args.host, args.brickPath)
      return `killed the brick ${brick.host}:${brick.path} (glusterfsd pid ${brick.pid}); files written now wait for it in the heal backlog`
    }
    case 'restart-bricks': {
      const restarted = fleet.restartBricks()
      return restarted.length === 0
        ? 'no brick was down on a reachable node; nothing to restart'
        : `restarted ${restarted.map((b) => `${b.host}:${b.path}`).join(', ')}; self-heal now drains the backlog`
    }
    case 'cut-host': {
      const mode = args.mode ?? 'refuse'
      fleet.cutHost(args.host, mode)
      return mode === 'refuse' ? `${args.host} is cut off: its SSH port refuses connections` : `${args.host} is cut off: its SSH port accepts connections and never answers`
    }
    case 'restore-host':
      fleet.restoreHost(args.host)
      return `${args.host} is reachable again`
    case 'slow-host':
      fleet.slowHost(args.host, args.delayMs)
      return args.delayMs === 0 ? `${args.host} answers at normal speed again` : `${args.host} now answers every command ${args.delayMs} ms late`
    case 'mail-scenario': {
      fleet.setMailScenario(args.scenario, args.host)
      const host = args.host ?? fleet.hosts.find((h) => h.mail)?.name ?? 'the mail server'
      return `${host} now runs the ${args.scenario} scenario`
    }
  }
}
