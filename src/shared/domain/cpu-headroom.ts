// CPU headroom of a move between unlike hypervisors. A VM's CPU use is measured in its host's CPUs,
// and an Atom CPU does about half the work of a Xeon one: the same guest needs about twice as many
// of them. Counting vCPUs alone (the vCPU ratio check) would let a plan pack a busy Xeon guest onto
// an Atom that cannot carry it. The models' performance scores give the exchange rate.
// A drag only warns: CPU time is shared, not reserved, and one 5-second sample of a host's load is
// noisy, so the admin decides. A plan is stricter: it never makes a move that, on measured
// figures, leaves a host busier than its CPUs (overloadsTarget).
import type { DeviceModel } from '../model'
import type { MigrationCheck, PlacedVm, PlacementHost } from './migration-checks'
// The site's one warning threshold: 80 % of any limit (power, cooling, weight, and here CPUs).
import { WARN_FRACTION } from './power'

/** A CPU this many times slower than the one a busy vCPU runs on now is worth a warning. */
const SLOWER_CPU_WARN_RATIO = 1.25
/** A vCPU at least this busy notices a slower CPU. */
const BUSY_VCPU_SHARE = 0.5

/** One CPU's share of the model's performance score; null when the model has no score. */
export function speedPerCpu(model: DeviceModel | null, cpus: number | null): number | null {
  if (model?.performanceScore === undefined) return null
  const count = cpus ?? model.cores ?? null
  return count !== null && count > 0 ? model.performanceScore / count : null
}

/** How many of the target's CPUs do the work of one of the source's; null when a speed is unknown. */
export function speedRatio(from: PlacementHost, to: PlacementHost): number | null {
  return from.speedPerCpu === null || to.speedPerCpu === null ? null : from.speedPerCpu / to.speedPerCpu
}

/** The VM's CPU use in the target's CPUs (unscaled when a speed is unknown). */
export function cpuUseOn(vm: PlacedVm, from: PlacementHost, to: PlacementHost): number {
  return vm.cpuUse * (speedRatio(from, to) ?? 1)
}

function formatCpus(count: number): string {
  const text = count.toFixed(1).replace(/\.0$/, '')
  return `${text} CPU${text === '1' ? '' : 's'}`
}

function percent(share: number): string {
  return `${Math.round(share * 100)} %`
}

/** The target's busy CPUs with the VM added; null when its CPU count or load is unknown. */
export function cpuBusyAfterMove(vm: PlacedVm, from: PlacementHost, to: PlacementHost): { need: number; after: number; cpus: number } | null {
  if (to.cpus === null || to.cpuLoadBasis === 'none') return null
  const need = cpuUseOn(vm, from, to)
  return { need, after: to.cpuLoad * to.cpus + need, cpus: to.cpus }
}

/** Would the move leave the target busier than its CPUs, on measured figures? Plans never make such a move. */
export function overloadsTarget(vm: PlacedVm, from: PlacementHost, to: PlacementHost): boolean {
  if (!vm.active || vm.cpuUseAssumed) return false
  const busy = cpuBusyAfterMove(vm, from, to)
  return busy !== null && busy.after > busy.cpus
}

/** Would the target's CPUs carry the VM's measured load on top of their own? */
export function cpuHeadroomCheck(vm: PlacedVm, from: PlacementHost, to: PlacementHost): MigrationCheck {
  const id = 'cpu-headroom'
  if (!vm.active) return { id, level: 'ok', message: `${vm.name} is not running: it takes no CPU time on ${to.name}` }
  const busy = cpuBusyAfterMove(vm, from, to)
  if (busy === null)
    return { id, level: 'warn', message: `${to.cpus === null ? 'CPU count' : 'CPU load'} of ${to.name} is unknown: its CPU headroom is not checked` }
  const { need, after, cpus } = busy
  const ratio = speedRatio(from, to)
  const use = vm.cpuUseAssumed
    ? `${vm.name}'s CPU use is not measured yet, counted as its ${vm.vcpus ?? 1} vCPU${vm.vcpus === 1 ? '' : 's'} fully busy`
    : `${vm.name} uses ${formatCpus(vm.cpuUse)} of ${from.name}`
  const exchange =
    ratio === null || Math.abs(ratio - 1) < 0.05
      ? ''
      : ` = ${formatCpus(need)} of ${to.name}, whose CPUs are ${ratio > 1 ? 'slower' : 'faster'} (one does ${percent(1 / ratio)} of the work of one on ${from.name}, by the models' performance scores)`
  const what = `${use}${exchange}; ${to.name} would have ${formatCpus(after)} of ${cpus} busy (${percent(after / cpus)})`
  if (after > cpus) return { id, level: 'warn', message: `${what}: more than it has, so its guests would queue for CPU` }
  if (after >= WARN_FRACTION * cpus) return { id, level: 'warn', message: `${what}: little headroom left` }
  const busyPerVcpu = vm.vcpus === null || vm.vcpus === 0 ? 0 : vm.cpuUse / vm.vcpus
  if (ratio !== null && ratio >= SLOWER_CPU_WARN_RATIO && busyPerVcpu >= BUSY_VCPU_SHARE && !vm.cpuUseAssumed)
    return { id, level: 'warn', message: `${what}; each of its busy vCPUs would run at ${percent(1 / ratio)} of its present speed` }
  return { id, level: 'ok', message: what }
}
