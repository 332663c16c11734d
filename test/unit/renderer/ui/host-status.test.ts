import { describe, expect, it } from 'vitest'
import type { HostConnectionState } from '../../../../src/shared/api'
import { HOST_STATUS_LOOK, hostSummary } from '../../../../src/renderer/src/ui/host-status'

const state = (host: string, status: HostConnectionState['status']): HostConnectionState => ({ host, status, sinceMs: 0 })

describe('hostSummary', () => {
  it('names connected even when none are, then the states hosts are in', () => {
    const names = ['a', 'b', 'c']
    expect(hostSummary(names, { a: state('a', 'idle'), b: state('b', 'idle'), c: state('c', 'idle') })).toBe('3 hosts: 0 connected, 3 idle')
  })

  it('lists states needing attention before idle and counts hosts with no state', () => {
    const names = ['a', 'b', 'c', 'd', 'e']
    const states = { a: state('a', 'connected'), b: state('b', 'down'), c: state('c', 'backoff'), d: state('d', 'idle') }
    expect(hostSummary(names, states)).toBe('5 hosts: 1 connected, 1 retrying, 1 down, 1 idle, 1 no state')
  })

  it('says "host" for one', () => {
    expect(hostSummary(['a'], { a: state('a', 'connected') })).toBe('1 host: 1 connected')
  })
})

describe('HOST_STATUS_LOOK', () => {
  it('gives every state its own word and its own glyph, so none rests on colour', () => {
    const looks = Object.values(HOST_STATUS_LOOK)
    expect(new Set(looks.map((l) => l.word)).size).toBe(looks.length)
    expect(new Set(looks.map((l) => l.glyph)).size).toBe(looks.length)
  })
})
