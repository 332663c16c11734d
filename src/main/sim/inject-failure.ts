// Applies one failure-injection request to the demo fleet's model and says what it did.
import type { DemoInjectArgs } from '../../shared/api'
import type { FleetModel } from './fleet-model'

export function injectFailure(model: FleetModel, args: DemoInjectArgs): string {
  switch (args.action) {
    case 'kill-brick': {
      const brick = model.killBrick(args.host, args.brickPath)
      return `brick ${brick.host}:${brick.path} killed`
    }
    case 'restart-bricks': {
      const restarted = model.restartBricks()
      return restarted.length === 0 ? 'no brick was down' : `restarted ${restarted.map((b) => `${b.host}:${b.path}`).join(', ')}`
    }
    case 'cut-host':
      model.cutHost(args.host, args.mode ?? 'refuse')
      return `${args.host} cut off (${args.mode === 'hang' ? 'accepts connections and never answers' : 'refuses connections'})`
    case 'restore-host':
      model.restoreHost(args.host)
      return `${args.host} reachable again`
    case 'slow-host':
      model.slowHost(args.host, args.delayMs)
      return args.delayMs === 0 ? `${args.host} answers at normal speed` : `${args.host} answers ${args.delayMs} ms late`
    case 'mail-scenario':
      model.setMailScenario(args.scenario, args.host)
      return `mail scenario ${args.scenario}${args.host ? ` on ${args.host}` : ''}`
  }
}
