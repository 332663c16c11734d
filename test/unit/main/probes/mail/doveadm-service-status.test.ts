import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ParseError } from '../../../../../src/main/probes/parse-error'
import { doveadmServiceStatusCommand, parseDoveadmServiceStatus } from '../../../../../src/main/probes/mail/doveadm-service-status'

const fixture = (path: string): string => readFileSync(new URL(`../../../../fixtures/${path}`, import.meta.url), 'utf8')

describe('parseDoveadmServiceStatus', () => {
  const text = fixture('mail/doveadm-service-status.txt')

  it('reads all 27 services separated by form feeds', () => {
    const { services } = parseDoveadmServiceStatus(text)
    expect(services).toHaveLength(27)
    expect(services[0]?.name).toBe('tcpwrap')
    expect(services[26]?.name).toBe('anvil')
  })

  it('reads the imap service under load with numbers and flags', () => {
    const imap = parseDoveadmServiceStatus(text).services.find((service) => service.name === 'imap')
    expect(imap).toEqual({
      name: 'imap',
      processCount: 54,
      processLimit: 500,
      clientLimit: 1,
      processAvail: 0,
      processTotal: 55,
      throttleSecs: 0,
      exitFailureLast: 0,
      exitFailuresInSec: 0,
      lastDropWarning: 0,
      listening: true,
      listenPending: false,
      doveadmStop: false,
      extra: {}
    })
    const login = parseDoveadmServiceStatus(text).services.find((service) => service.name === 'imap-login')
    expect(login).toMatchObject({ processCount: 5, processLimit: 200, processTotal: 67 })
  })

  it('keeps fields of other Dovecot versions in extra', () => {
    const { services } = parseDoveadmServiceStatus('name: imap\nprocess_count: 1\nprocess_limit: 5\nclient_limit: 1\nidle_kill: 60\nvsz_limit: unlimited\n')
    expect(services[0]?.extra).toEqual({ idleKill: 60, vszLimit: 'unlimited' })
  })

  it('refuses empty output, damaged numbers and blocks without their limits', () => {
    expect(() => parseDoveadmServiceStatus('')).toThrow(ParseError)
    expect(() => parseDoveadmServiceStatus(text.replace('process_limit: 500', 'process_limit: x'))).toThrow(/processLimit of imap is not a whole number at line 172/)
    expect(() => parseDoveadmServiceStatus(text.replace('listening: y', 'listening: maybe'))).toThrow(/neither y nor n/)
    expect(() => parseDoveadmServiceStatus('name: imap\nprocess_count: 1\n')).toThrow(/service imap lacks processLimit/)
  })

  it('runs doveadm service status', () => {
    expect(doveadmServiceStatusCommand).toEqual(['doveadm', 'service', 'status'])
  })
})
