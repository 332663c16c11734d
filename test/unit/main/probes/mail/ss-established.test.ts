import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ParseError } from '../../../../../src/main/probes/parse-error'
import { parseSsEstablished, ssEstablishedCommand } from '../../../../../src/main/probes/mail/ss-established'

const fixture = (path: string): string => readFileSync(new URL(`../../../../fixtures/${path}`, import.meta.url), 'utf8')

describe('parseSsEstablished', () => {
  it('reads the 64 IMAP and POP3 connections of the load test with their processes', () => {
    const { connections } = parseSsEstablished(fixture('mail/ss-established-143-110.txt'))
    expect(connections).toHaveLength(64)
    expect(connections.filter((connection) => connection.localPort === 110)).toHaveLength(5)
    expect(connections[0]).toEqual({
      localAddress: '127.0.0.1',
      localPort: 143,
      peerAddress: '127.0.0.1',
      peerPort: 55756,
      recvQueueBytes: 0,
      sendQueueBytes: 0,
      processes: [{ name: 'imap', pid: 17160 }]
    })
    expect(connections.filter((connection) => connection.processes?.[0]?.name === 'imap-login')).toHaveLength(5)
  })

  it('reads IPv4, IPv6 and v4-mapped endpoints without brackets (-H, no header)', () => {
    const { connections } = parseSsEstablished(fixture('linux/ss-established-H.txt'))
    expect(connections.map((connection) => [connection.localAddress, connection.localPort, connection.peerAddress, connection.peerPort])).toEqual([
      ['127.0.0.1', 18110, '127.0.0.1', 44388],
      ['127.0.0.1', 18110, '127.0.0.1', 44384],
      ['::ffff:127.0.0.2', 18143, '::ffff:127.0.0.1', 45536],
      ['::ffff:127.0.0.1', 18143, '::ffff:127.0.0.1', 50912],
      ['::1', 18143, '::1', 59392]
    ])
  })

  it('reads the header form, the -p form and the form with a State column', () => {
    expect(parseSsEstablished(fixture('linux/ss-established.txt')).connections).toHaveLength(5)
    expect(parseSsEstablished(fixture('linux/ss-established-p.txt')).connections[4]?.processes).toEqual([{ name: 'python3', pid: 13990 }])
    const both = parseSsEstablished(fixture('linux/ss-tn-both-directions.txt')).connections
    expect(both).toHaveLength(10)
    expect(both[2]).toMatchObject({ state: 'ESTAB', recvQueueBytes: 5000, localPort: 50912, peerPort: 18143 })
  })

  it('reads no output as no connections, as ss -H prints nothing then', () => {
    expect(parseSsEstablished(fixture('linux/ss-established-none.txt'))).toEqual({ connections: [] })
  })

  it('refuses damaged endpoints, queues and process lists', () => {
    const text = fixture('linux/ss-established-H.txt')
    expect(() => parseSsEstablished(text.replace('127.0.0.1:18110', '127.0.0.1:x'))).toThrow(/unreadable local address.*line 1/)
    expect(() => parseSsEstablished(text.replace(/^0 /, 'x '))).toThrow(ParseError)
    expect(() => parseSsEstablished('0 0 127.0.0.1:143 127.0.0.1:5000 users:((garbage\n')).toThrow(/users/)
    expect(() => parseSsEstablished('0 0 127.0.0.1:143\n')).toThrow(/expected "Recv-Q Send-Q/)
  })

  it('asks for established TCP connections on the mail ports, without a header', () => {
    expect(ssEstablishedCommand()).toEqual(['ss', '-Htn', 'state', 'established', '( sport = :143 or sport = :993 or sport = :110 or sport = :995 )'])
    expect(ssEstablishedCommand([25])).toEqual(['ss', '-Htn', 'state', 'established', '( sport = :25 )'])
    expect(() => ssEstablishedCommand([0])).toThrow(RangeError)
  })
})
