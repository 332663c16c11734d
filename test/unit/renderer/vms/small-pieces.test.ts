import { describe, expect, it } from 'vitest'
import { draftOf, settingsChanges } from '../../../../src/renderer/src/features/vms/settings-dialog'
import { parseTags } from '../../../../src/renderer/src/features/vms/tags-dialog'
import { cardWidthPx } from '../../../../src/renderer/src/features/vms/vm-card'
import { formatBytes, formatDuration, formatEta, formatKiBAsGiB, formatRate } from '../../../../src/renderer/src/features/vms/vm-format'
import { mergeById } from '../../../../src/renderer/src/features/vms/vms-store'

describe('VMs view helpers', () => {
  it('reads tags separated by commas or spaces, once each, and refuses what is no tag', () => {
    expect(parseTags(' web, frontend  web ')).toEqual({ ok: true, tags: ['web', 'frontend'] })
    expect(parseTags('')).toEqual({ ok: true, tags: [] })
    expect(parseTags('web; db')).toEqual({ ok: false, message: '"web;" is not a tag: use letters, digits and _ . : - (at most 64)' })
  })

  it('sizes cards by memory, bigger guests wider, within bounds', () => {
    expect(cardWidthPx(1024 * 1024)).toBe(98)
    expect(cardWidthPx(8 * 1024 * 1024)).toBeGreaterThan(cardWidthPx(4 * 1024 * 1024))
    expect(cardWidthPx(null)).toBe(70)
    expect(cardWidthPx(1024 * 1024 * 1024)).toBe(240)
  })

  it('puts units on every number', () => {
    expect(formatKiBAsGiB(8 * 1024 * 1024)).toBe('8 GiB')
    expect(formatBytes(1536 * 1024)).toBe('1.5 MiB')
    expect(formatRate(1024 ** 3)).toBe('1 GiB/s')
    expect(formatDuration(8_240)).toBe('8.2 s')
    expect(formatDuration(185_000)).toBe('3 min 05 s')
    expect(formatDuration(3_720_000)).toBe('1 h 02 min')
    expect(formatEta(2.1)).toBe('ETA 3 s')
    expect(formatEta(null)).toBe('ETA unknown')
  })

  it('keeps one record per id, newest start first', () => {
    const list = mergeById(mergeById([], { id: 'a', startedAtMs: 1, v: 1 }), { id: 'b', startedAtMs: 2, v: 1 })
    expect(mergeById(list, { id: 'a', startedAtMs: 1, v: 2 })).toEqual([
      { id: 'b', startedAtMs: 2, v: 1 },
      { id: 'a', startedAtMs: 1, v: 2 }
    ])
  })
})

describe('the migration settings form', () => {
  const current = {
    command: { uriTemplate: 'qemu+ssh://{address}/system', bandwidthMiBps: 50 },
    sharedMountPrefixes: ['/var/lib/libvirt/images/vmstore'],
    hostReserveKiB: 1024 * 1024,
    vcpuWarnRatio: 2,
    vcpuMaxRatio: 4,
    allowCopyStorage: false,
    maxConcurrent: 2,
    migrationTimeoutMinutes: 120
  }

  it('round-trips the stored settings unchanged', () => {
    expect(settingsChanges(draftOf(current), current)).toEqual({
      command: { uriTemplate: 'qemu+ssh://{address}/system', bandwidthMiBps: 50, autoConverge: false, migrateUri: undefined, connectUri: undefined },
      sharedMountPrefixes: ['/var/lib/libvirt/images/vmstore'],
      maxConcurrent: 2,
      migrationTimeoutMinutes: 120,
      allowCopyStorage: false
    })
  })

  it('clears an emptied option and reads one mount per line', () => {
    const draft = { ...draftOf(current), bandwidthMiBps: ' ', connectUri: ' qemu:///system ', sharedMountPrefixes: '/a\n\n /b \n', maxConcurrent: '3' }
    const changes = settingsChanges(draft, current)
    expect(changes.command).toMatchObject({ connectUri: 'qemu:///system', bandwidthMiBps: undefined })
    expect(JSON.parse(JSON.stringify(changes.command))).toEqual({ uriTemplate: 'qemu+ssh://{address}/system', autoConverge: false, connectUri: 'qemu:///system' })
    expect(changes.sharedMountPrefixes).toEqual(['/a', '/b'])
    expect(changes.maxConcurrent).toBe(3)
  })
})
