import { describe, expect, it } from 'vitest'
import { batchCommands } from '../../../../src/renderer/src/features/vms/plan-commands'
import type { BalancePlanResult } from '../../../../src/shared/api-parts/vms-api'
import { batchMoves, type PlannedMove } from '../../../../src/shared/domain/balance-plan'

const share = { cpuShare: 0, ramShare: 0 }
const move = (vm: string, from: string, to: string): PlannedMove => ({
  vm,
  from,
  to,
  memoryKiB: 1024 * 1024,
  vcpus: 1,
  copyStorage: false,
  warnings: [],
  source: { before: share, after: share },
  target: { before: share, after: share },
  powerDeltaWatts: {}
})

function result(moves: PlannedMove[]): BalancePlanResult {
  return {
    plan: { strategy: 'even', moves, batches: batchMoves(moves, 2, new Map()), hosts: [], powerDown: [], stayOn: [], wattsSaved: 0, notes: [] },
    commands: moves.map((m) => ({ vm: m.vm, runsOn: m.from, commandLine: `migrate ${m.vm} ${m.from} ${m.to}` }))
  }
}

describe('batchCommands', () => {
  it('gives each move of a batch its own command when a later move runs early', () => {
    // b waits for a (both land on hv-02); c shares no host, so it joins a's batch ahead of b.
    const planned = result([move('a', 'hv-01', 'hv-02'), move('b', 'hv-03', 'hv-02'), move('c', 'hv-04', 'hv-05')])
    expect(planned.plan.batches.map((batch) => batch.map((m) => m.vm))).toEqual([['a', 'c'], ['b']])
    expect(batchCommands(planned).map((batch) => batch.map((c) => c?.commandLine))).toEqual([['migrate a hv-01 hv-02', 'migrate c hv-04 hv-05'], ['migrate b hv-03 hv-02']])
  })

  it('matches a VM moved twice by its hosts, in order', () => {
    const planned = result([move('a', 'hv-01', 'hv-02'), move('a', 'hv-02', 'hv-03')])
    expect(batchCommands(planned).flat().map((c) => c?.commandLine)).toEqual(['migrate a hv-01 hv-02', 'migrate a hv-02 hv-03'])
  })

  it('leaves a move without a command undefined rather than borrowing another one', () => {
    const planned = result([move('a', 'hv-01', 'hv-02')])
    expect(batchCommands({ ...planned, commands: [] })).toEqual([[undefined]])
  })
})
