import { describe, expect, it } from 'vitest'
import type { MigrationRecord } from '../../../../src/shared/api-parts/vms-api'
import { hostCapacity, matchesFilter, noFilter, placeVms } from '../../../../src/renderer/src/features/vms/vm-layout'
import { GIB_KIB, hostFacts, snapshot, vmFacts } from './fleet-builders'

function succeeded(vm: string, from: string, to: string, endedAtMs: number): MigrationRecord {
  return {
    id: `m-${vm}-${endedAtMs}`,
    vm,
    from,
    to,
    runsOn: from,
    argv: [],
    commandLine: '',
    actor: 'alice',
    status: 'succeeded',
    startedAtMs: endedAtMs - 1000,
    endedAtMs,
    durationMs: 1000,
    progress: null,
    warnings: [],
    verification: { atMs: endedAtMs, verdict: 'on-target', activeOn: [to], hosts: [] }
  }
}

const fleet = snapshot(
  hostFacts('hv-01', { cpus: 4, memoryGiB: 16, vms: [vmFacts('dns-01', 1), vmFacts('mail-relay-01', 2)], atMs: 1_000 }),
  hostFacts('hv-02', { cpus: 4, memoryGiB: 16, vms: [vmFacts('dns-02', 1)], atMs: 1_000 })
)

describe('placeVms', () => {
  it('lists each host’s VMs by name with their tags', () => {
    const placed = placeVms(['hv-01', 'hv-02', 'hv-03'], fleet, [], { 'dns-01': ['dns'] })
    expect(placed['hv-01']?.map((v) => `${v.name}@${v.host}:${v.tags.join(',')}`)).toEqual(['dns-01@hv-01:dns', 'mail-relay-01@hv-01:'])
    expect(placed['hv-03']).toEqual([])
  })

  it('draws a VM on its target as soon as a migration is verified, until the poller lists both hosts again', () => {
    const moved = placeVms(['hv-01', 'hv-02'], fleet, [succeeded('dns-01', 'hv-01', 'hv-02', 2_000)], {})
    expect(moved['hv-01']?.map((v) => v.name)).toEqual(['mail-relay-01'])
    expect(moved['hv-02']?.map((v) => [v.name, v.host, v.movedByMigration])).toEqual([
      ['dns-01', 'hv-02', 'm-dns-01-2000'],
      ['dns-02', 'hv-02', undefined]
    ])
    // Lists newer than the migration are the truth, whatever they say.
    const later = snapshot(
      hostFacts('hv-01', { cpus: 4, memoryGiB: 16, vms: [vmFacts('dns-01', 1)], atMs: 3_000 }),
      hostFacts('hv-02', { cpus: 4, memoryGiB: 16, vms: [vmFacts('dns-02', 1)], atMs: 3_000 })
    )
    const truth = placeVms(['hv-01', 'hv-02'], later, [succeeded('dns-01', 'hv-01', 'hv-02', 2_000)], {})
    expect(truth['hv-01']?.map((v) => v.name)).toEqual(['dns-01'])
    expect(truth['hv-02']?.map((v) => v.name)).toEqual(['dns-02'])
  })

  it('ignores migrations that failed or were not verified on the target', () => {
    const failed = { ...succeeded('dns-01', 'hv-01', 'hv-02', 2_000), status: 'failed' as const }
    const unverified = { ...succeeded('dns-01', 'hv-01', 'hv-02', 2_000), verification: { atMs: 2_000, verdict: 'unknown' as const, activeOn: [], hosts: [] } }
    for (const migration of [failed, unverified]) expect(placeVms(['hv-01', 'hv-02'], fleet, [migration], {})['hv-01']?.map((v) => v.name)).toContain('dns-01')
  })
})

describe('hostCapacity', () => {
  it('adds up what the active VMs were given against the host, with live use beside it', () => {
    const host = hostFacts('hv-01', { cpus: 4, memoryGiB: 16, availableGiB: 10, busyPercent: 50, vms: [], atMs: 1 })
    const vms = [vmFacts('a', 4, { vcpus: 4 }), vmFacts('b', 8, { vcpus: 3 }), vmFacts('c', 8, { vcpus: 8, state: 'shut off' })].map((facts) => ({ name: facts.name, host: 'hv-01', facts, tags: [] }))
    expect(hostCapacity(snapshot(host), 'hv-01', vms)).toEqual({
      cpus: 4,
      allocatedVcpus: 7,
      busyCpus: 2,
      totalKiB: 16 * GIB_KIB,
      allocatedKiB: 12 * GIB_KIB,
      usedKiB: 6 * GIB_KIB,
      vcpuRatio: 1.75,
      ramRatio: 0.75
    })
  })

  it('says unknown rather than zero for a host that has not answered', () => {
    expect(hostCapacity({ hosts: {} }, 'hv-09', [])).toEqual({ cpus: null, allocatedVcpus: 0, busyCpus: null, totalKiB: null, allocatedKiB: 0, usedKiB: null, vcpuRatio: null, ramRatio: null })
  })
})

describe('matchesFilter', () => {
  const vm = { name: 'web-01', host: 'hvx-01', facts: vmFacts('web-01', 8), tags: ['web', 'frontend'] }
  it('matches every word against name, host, state and tags', () => {
    expect(matchesFilter(vm, noFilter)).toBe(true)
    expect(matchesFilter(vm, { ...noFilter, text: 'WEB hvx' })).toBe(true)
    expect(matchesFilter(vm, { ...noFilter, text: 'front' })).toBe(true)
    expect(matchesFilter(vm, { ...noFilter, text: 'web hv-02' })).toBe(false)
  })
  it('filters by state and tag', () => {
    expect(matchesFilter(vm, { ...noFilter, state: 'not-running' })).toBe(false)
    expect(matchesFilter({ ...vm, facts: { ...vm.facts, state: 'paused' } }, { ...noFilter, state: 'not-running' })).toBe(true)
    expect(matchesFilter(vm, { ...noFilter, tag: 'db' })).toBe(false)
    expect(matchesFilter(vm, { ...noFilter, tag: 'web' })).toBe(true)
  })
})
