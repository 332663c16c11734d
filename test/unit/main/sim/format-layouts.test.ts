// The sim's formatters rebuild real captures byte for byte from the values in them: the
// column rules (ss, doveadm's table formatter, virsh's vshTable) are the tools' own.
import { describe, expect, it } from 'vitest'
import { doveadmTable, doveadmWho, doveadmWhoSeparate } from '../../../../src/main/sim/format-doveadm'
import { VMSTAT_HEADER } from '../../../../src/main/sim/format-proc'
import { ssTable, type SocketRow } from '../../../../src/main/sim/format-ss'
import { prettyCapacity, vshTable } from '../../../../src/main/sim/format-virsh'
import type { MailSession } from '../../../../src/main/sim/mail-model'
import { fixture, manualClock, run, testFleet } from './sim-test-kit'

function ssRows(text: string, withHeader: boolean): SocketRow[] {
  return text
    .split('\n')
    .slice(withHeader ? 1 : 0)
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [recv = '', send = '', local = '', peer = '', ...process] = line.trim().split(/\s+/)
      const split = (address: string) => ({ address: address.slice(0, address.lastIndexOf(':')), port: Number(address.slice(address.lastIndexOf(':') + 1)) })
      return {
        localAddress: split(local).address,
        localPort: split(local).port,
        peerAddress: split(peer).address,
        peerPort: split(peer).port,
        process: process.join(' '),
        recvQueue: Number(recv),
        sendQueue: Number(send)
      }
    })
}

describe('ss layout', () => {
  for (const [file, header, processes] of [
    ['ss-established.txt', true, false],
    ['ss-established-H.txt', false, false],
    ['ss-established-p.txt', true, true]
  ] as const) {
    it(`rebuilds ${file}`, () => {
      const text = fixture('linux', file)
      expect(ssTable(ssRows(text, header), { header, processes })).toBe(text)
    })
  }

  it('rebuilds the mail server capture with -p', () => {
    const text = fixture('mail', 'ss-established-143-110.txt')
    expect(ssTable(ssRows(text, true), { header: true, processes: true })).toBe(text)
  })
})

function tableRows(text: string): string[][] {
  return text
    .split('\n')
    .slice(1)
    .filter((l) => l !== '')
    .map((l) => l.trim().split(/\s+/))
}

describe('doveadm table layout', () => {
  it('rebuilds `doveadm who -1`, titles included', () => {
    const text = fixture('mail', 'doveadm-who-1.txt')
    const sessions = tableRows(text).map(([user = '', proto = '', pid = '', ip = '']) => ({ user, proto, pid: Number(pid), ip, kind: 'imap' }) as unknown as MailSession)
    const table = doveadmWhoSeparate(sessions)
    expect(table.header + table.body).toBe(text)
  })

  it('rebuilds `doveadm who`, whose widths come from its first row', () => {
    const text = fixture('mail', 'doveadm-who.txt')
    const sessions: MailSession[] = []
    for (const line of text.split('\n').slice(1).filter(Boolean)) {
      const match = /^(\S+)\s+\d+\s+(\S+)\s+\(([^)]*)\)\s+\(([^)]*)\)/.exec(line)
      for (const pid of match?.[3]?.split(' ') ?? []) sessions.push({ user: match?.[1], proto: match?.[2], pid: Number(pid), ip: match?.[4], kind: 'imap' } as unknown as MailSession)
    }
    const table = doveadmWho(sessions)
    expect(table.header + table.body).toBe(text)
    const empty = doveadmWho([])
    expect(empty.header + empty.body).toBe(fixture('mail', 'doveadm-who.after-logout.txt'))
  })

  it('rebuilds `doveadm penalty` and the shrunk last column of `process status`', () => {
    const penalty = fixture('mail', 'doveadm-penalty.txt')
    const rows = penalty
      .split('\n')
      .slice(1)
      .filter(Boolean)
      .map((l) => {
        const [ip = '', value = '', date = '', time = '', update = ''] = l.trim().split(/\s+/)
        return [ip, value, `${date} ${time}`, update]
      })
    const built = doveadmTable([{ title: 'IP' }, { title: 'penalty' }, { title: 'last_penalty' }, { title: 'last_update' }], rows)
    expect(built.header + built.body).toBe(penalty)

    const process = fixture('mail', 'doveadm-process-status.txt')
    const titles = ['name', 'pid', 'available_count', 'total_count', 'idle_start', 'last_status_update', 'last_kill_sent'].map((title) => ({ title }))
    const table = doveadmTable(titles, tableRows(process))
    expect(table.header + table.body).toBe(process)
  })
})

describe('virsh layouts', () => {
  it('rebuilds the test driver’s list and domblklist tables', () => {
    expect(`${vshTable(['Id', 'Name', 'State'], [['1', 'test', 'running']])}\n`).toBe(fixture('libvirt', 'virsh-list-all.txt'))
    expect(`${vshTable(['Id', 'Name', 'State'], [['1', 'web-01', 'running'], ['2', 'db-01', 'running']])}\n`).toBe(fixture('libvirt', 'testdriver-custom-node.list-all.txt'))
    expect(`${vshTable(['Type', 'Device', 'Target', 'Source'], [['file', 'disk', 'vda', '/guest/diskimage1']])}\n`).toBe(fixture('libvirt', 'virsh-domblklist-details-test.txt'))
  })

  it('prints sizes like vshPrettyCapacity', () => {
    expect(prettyCapacity(0)).toBe('0.000 B')
    expect(prettyCapacity(763_863)).toBe('745.960 KiB')
    expect(prettyCapacity(71_762_657)).toBe('68.438 MiB')
  })

  it('aligns dominfo, nodeinfo and domjobinfo values in the captured columns', async () => {
    const clock = manualClock()
    const fleet = testFleet({ clock })
    const valueColumn = (text: string, label: string) => {
      const line = text.split('\n').find((l) => l.startsWith(label)) ?? ''
      return line.length - line.slice(label.length).trimStart().length
    }
    const dominfo = (await run(fleet, 'hvx-01', 'virsh dominfo web-01')).stdout
    const nodeinfo = (await run(fleet, 'hvx-01', 'virsh nodeinfo')).stdout
    const jobinfo = (await run(fleet, 'hvx-01', 'virsh domjobinfo web-01')).stdout
    for (const label of ['Id:', 'UUID:', 'Max memory:', 'Security DOI:']) expect(valueColumn(dominfo, label)).toBe(valueColumn(fixture('libvirt', 'qemu.virsh-dominfo-lab-vm1.txt'), label))
    for (const label of ['CPU model:', 'Core(s) per socket:', 'Memory size:']) expect(valueColumn(nodeinfo, label)).toBe(valueColumn(fixture('libvirt', 'qemu.virsh-nodeinfo.txt'), label))
    expect(jobinfo).toBe(fixture('libvirt', 'qemu.virsh-domjobinfo-lab-vm2.txt'))
    expect(dominfo.endsWith('\n\n')).toBe(true)
  })
})

describe('procps and /proc layouts', () => {
  it('prints vmstat’s header and column widths', async () => {
    const real = fixture('linux', 'vmstat-1-3.txt')
    expect(real.startsWith(VMSTAT_HEADER)).toBe(true)
    const fleet = testFleet({ clock: manualClock() })
    const line = (await run(fleet, 'hv-02', 'vmstat')).stdout.split('\n')[2] ?? ''
    // Same right edges as the captured row for every column that fits its width.
    const edges = (row: string) => [...row.matchAll(/\S+/g)].map((m) => (m.index ?? 0) + m[0].length)
    const header = VMSTAT_HEADER.split('\n')[1] ?? ''
    expect(edges(line).slice(6)).toEqual(edges(header).slice(6).map((edge) => edge + (edges(line)[5] ?? 0) - (edges(header)[5] ?? 0)))
  })

  it('pads /proc/meminfo names to 16 columns and numbers to 8, as the kernel does', async () => {
    const fleet = testFleet({ clock: manualClock() })
    const lines = (await run(fleet, 'hv-02', 'cat /proc/meminfo')).stdout.split('\n').filter(Boolean)
    const real = fixture('linux', 'proc-meminfo.txt').split('\n').filter(Boolean)
    const shape = /^[A-Za-z0-9_()]+: +\d+( kB)?$/
    for (const l of [...lines, ...real]) expect(l).toMatch(shape)
    const numberEnd = (l: string) => l.replace(/ kB$/, '').length
    expect(new Set(lines.filter((l) => l.length <= 27).map(numberEnd))).toEqual(new Set(real.filter((l) => l.length <= 27).map(numberEnd)))
  })
})
