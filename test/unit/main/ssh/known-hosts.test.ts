import { describe, expect, it } from 'vitest'
import { formatKnownHostsLine, hashHostName, hostMatches, knownHostsName, parseKnownHosts } from '../../../../src/main/ssh/known-hosts'
import { blobOf, ECDSA, ED25519, HASHED_BY_OPENSSH, RSA } from './ssh-test-keys'

const keyPart = (line: string) => line.split(' ').slice(0, 2).join(' ')

describe('parseKnownHosts', () => {
  it('reads plain, bracketed, listed, hashed and marked lines and skips comments', () => {
    const text = [
      '# comment',
      '',
      `hv-01,10.0.0.11 ${keyPart(ED25519.line)} admin@laptop`,
      `[hv-02]:2222 ${keyPart(ECDSA.line)}`,
      `  @revoked * ${keyPart(RSA.line)}`,
      `@cert-authority *.example ${keyPart(ED25519.line)}`,
      HASHED_BY_OPENSSH
    ].join('\n')
    const { entries, problems } = parseKnownHosts(text, '/kh')
    expect(problems).toEqual([])
    expect(entries.map((e) => [e.lineNumber, e.keyType, e.marker ?? null])).toEqual([
      [3, 'ssh-ed25519', null],
      [4, 'ecdsa-sha2-nistp256', null],
      [5, 'ssh-rsa', 'revoked'],
      [6, 'ssh-ed25519', 'cert-authority'],
      [7, 'ssh-ed25519', null],
      [8, 'ecdsa-sha2-nistp256', null]
    ])
    expect(entries[0]?.comment).toBe('admin@laptop')
    expect(entries[0]?.hosts).toEqual({ kind: 'patterns', patterns: ['hv-01', '10.0.0.11'] })
  })

  it('reports broken lines with their line numbers instead of dropping them silently', () => {
    const text = [
      `hv-01 ssh-ed25519`,
      `hv-01 ssh-ed25519 !!!notbase64`,
      `hv-01 ssh-rsa ${ED25519.line.split(' ')[1]}`,
      `@bogus hv-01 ${keyPart(ED25519.line)}`,
      `|1|short|bad ${keyPart(ED25519.line)}`,
      'hv-01 1024 35 1234567'
    ].join('\n')
    const { entries, problems } = parseKnownHosts(text, '/kh')
    expect(entries).toEqual([])
    expect(problems.map((p) => p.lineNumber)).toEqual([1, 2, 3, 4, 5, 6])
    expect(problems[2]?.message).toBe('key type field says ssh-rsa but the key is ssh-ed25519')
    expect(problems[3]?.message).toBe('unknown marker "@bogus"')
  })
})

describe('host matching', () => {
  const patterns = (list: string) => ({ kind: 'patterns' as const, patterns: list.split(',') })

  it('uses [host]:port for ports other than 22, like ssh', () => {
    expect(knownHostsName('HV-01', 22)).toBe('hv-01')
    expect(knownHostsName('hv-01', 2222)).toBe('[hv-01]:2222')
    expect(hostMatches(patterns('hv-01'), 'hv-01', 22)).toBe(true)
    expect(hostMatches(patterns('hv-01'), 'hv-01', 2222)).toBe(false)
    expect(hostMatches(patterns('[hv-01]:2222'), 'hv-01', 2222)).toBe(true)
    expect(hostMatches(patterns('[hv-01]:22'), 'hv-01', 22)).toBe(false)
  })

  it('supports lists, wildcards and negation', () => {
    expect(hostMatches(patterns('a,hv-0?'), 'hv-07', 22)).toBe(true)
    expect(hostMatches(patterns('*.example'), 'mail.example', 22)).toBe(true)
    expect(hostMatches(patterns('*.example,!mail.example'), 'mail.example', 22)).toBe(false)
    expect(hostMatches(patterns('*.example,!mail.example'), 'www.example', 22)).toBe(true)
    expect(hostMatches(patterns('[10.0.0.*]:2222'), '10.0.0.9', 2222)).toBe(true)
    expect(hostMatches(patterns('h.st'), 'hxst', 22)).toBe(false)
  })

  it('matches lines hashed by ssh-keygen -H', () => {
    const { entries } = parseKnownHosts(HASHED_BY_OPENSSH, '/kh')
    const [first, second] = entries
    expect(first && hostMatches(first.hosts, 'hv-01.example', 2222)).toBe(true)
    expect(first && hostMatches(first.hosts, 'hv-01.example', 22)).toBe(false)
    expect(second && hostMatches(second.hosts, 'MAIL.example', 22)).toBe(true)
    expect(second && hostMatches(second.hosts, 'mail.example', 2222)).toBe(false)
  })

  it('hashes names the way OpenSSH reads them back', () => {
    const salt = Buffer.from('+sdau25xWe024BaNZe+wsHToxAw=', 'base64')
    expect(hashHostName('[hv-01.example]:2222', salt)).toBe('|1|+sdau25xWe024BaNZe+wsHToxAw=|s2sKYMNR0uQx9brsoeXMXAQL/V4=')
  })
})

describe('formatKnownHostsLine', () => {
  it('writes plain lines by default and hashed ones on request', () => {
    expect(formatKnownHostsLine('10.0.0.5', 22, blobOf(ED25519.line))).toBe(`10.0.0.5 ${ED25519.line}`)
    expect(formatKnownHostsLine('10.0.0.5', 2222, blobOf(ECDSA.line))).toBe(`[10.0.0.5]:2222 ${ECDSA.line}`)
    const hashed = formatKnownHostsLine('10.0.0.5', 2222, blobOf(RSA.line), { hashed: true })
    expect(hashed).toMatch(/^\|1\|[A-Za-z0-9+/=]{28}\|[A-Za-z0-9+/=]{28} ssh-rsa /)
    const [entry] = parseKnownHosts(hashed, '/kh').entries
    expect(entry && hostMatches(entry.hosts, '10.0.0.5', 2222)).toBe(true)
    expect(entry?.keyBlob.equals(blobOf(RSA.line))).toBe(true)
  })
})
