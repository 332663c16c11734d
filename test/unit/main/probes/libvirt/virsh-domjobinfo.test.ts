import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ParseError } from '../../../../../src/main/probes/parse-error'
import { parseVirshDomjobinfo, virshDomjobinfoCommand } from '../../../../../src/main/probes/libvirt/virsh-domjobinfo'

const fixture = (path: string): string => readFileSync(new URL(`../../../../fixtures/${path}`, import.meta.url), 'utf8')

describe('parseVirshDomjobinfo', () => {
  it('reads the completed incoming migration, sizes in bytes and rates in bytes per second', () => {
    expect(parseVirshDomjobinfo(fixture('libvirt/qemu.virsh-domjobinfo-completed-after-migration.txt'))).toEqual({
      jobType: 'Completed',
      operation: 'Incoming migration',
      timeElapsedMs: 252,
      timeElapsedWithoutNetworkMs: 251,
      dataProcessedBytes: Math.round(745.96 * 1024),
      dataRemainingBytes: 0,
      dataTotalBytes: Math.round(68.438 * 1024 * 1024),
      memoryProcessedBytes: Math.round(745.96 * 1024),
      memoryRemainingBytes: 0,
      memoryTotalBytes: Math.round(68.438 * 1024 * 1024),
      memoryBandwidthBytesPerSecond: Math.round(30.675 * 1024 * 1024),
      dirtyRatePagesPerSecond: 0,
      pageSizeBytes: 4096,
      iteration: 2,
      postcopyRequests: 0,
      constantPages: 17376,
      normalPages: 148,
      normalDataBytes: 592 * 1024,
      totalDowntimeMs: 25,
      downtimeWithoutNetworkMs: 24,
      setupTimeMs: 1
    })
  })

  it('reads a domain with no job', () => {
    expect(parseVirshDomjobinfo(fixture('libvirt/qemu.virsh-domjobinfo-lab-vm2.txt'))).toEqual({ jobType: 'None' })
  })

  it('turns the test driver refusal into a ParseError with virsh words', () => {
    expect(() => parseVirshDomjobinfo(fixture('libvirt/virsh-domjobinfo-test.txt'))).toThrow(/virsh domjobinfo: virsh reported this function is not supported by the connection driver: virDomainGetJobInfo at line 1/)
  })

  it('converts GiB and keeps text fields of newer virsh versions', () => {
    const running = 'Job type:         Unbounded\nData total:       2.000 GiB\nAuto converge throttle: 20 %\nError message:    none yet\n'
    expect(parseVirshDomjobinfo(running)).toEqual({ jobType: 'Unbounded', dataTotalBytes: 2 * 1024 ** 3, autoConvergeThrottlePercent: 20, errorMessage: 'none yet' })
  })

  it('refuses unknown job types, damaged measurements and unknown units', () => {
    const text = fixture('libvirt/qemu.virsh-domjobinfo-completed-after-migration.txt')
    expect(() => parseVirshDomjobinfo('')).toThrow(ParseError)
    expect(() => parseVirshDomjobinfo('Job type: Sideways\n')).toThrow(/unknown job type/)
    expect(() => parseVirshDomjobinfo(text.replace('252          ms', 'x          ms'))).toThrow(/Time elapsed is not a number with a unit at line 3/)
    expect(() => parseVirshDomjobinfo(text.replace('68.438 MiB', '68.438 furlongs'))).toThrow(/unknown unit "furlongs" at line 7/)
    expect(() => parseVirshDomjobinfo(text.replace(/^Job type:.*\n/, ''))).toThrow(/"Job type" is missing/)
  })

  it('asks for the running job or, with completed, the last finished one', () => {
    expect(virshDomjobinfoCommand('lab-vm2')).toEqual(['env', 'LC_ALL=C', 'virsh', 'domjobinfo', '--domain', 'lab-vm2'])
    expect(virshDomjobinfoCommand('lab-vm2', { completed: true, connectUri: 'qemu+tcp://10.200.0.12/system' })).toEqual([
      'env', 'LC_ALL=C', 'virsh', '-c', 'qemu+tcp://10.200.0.12/system', 'domjobinfo', '--domain', 'lab-vm2', '--completed'
    ])
  })
})
