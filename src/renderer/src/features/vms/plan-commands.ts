// Which command line belongs to which move of a plan's batches. The commands follow the plan's
// order, but a batch may hold a later move that runs early, so a move's place in the batches is
// not its index in the plan: moves are matched by VM and hosts instead, in order.
import type { BalancePlanResult } from '../../../../shared/api-parts/vms-api'

export type PlanCommand = BalancePlanResult['commands'][number]

const moveKey = (move: { vm: string; from: string; to: string }): string => `${move.vm}\u0000${move.from}\u0000${move.to}`

/** Per batch, per move: its command, or undefined when the answer holds none for it. */
export function batchCommands(result: BalancePlanResult): (PlanCommand | undefined)[][] {
  const indexes = new Map<string, number[]>()
  result.plan.moves.forEach((move, index) => indexes.set(moveKey(move), [...(indexes.get(moveKey(move)) ?? []), index]))
  return result.plan.batches.map((batch) =>
    batch.map((move) => {
      const index = indexes.get(moveKey(move))?.shift()
      return index === undefined ? undefined : result.commands[index]
    })
  )
}
