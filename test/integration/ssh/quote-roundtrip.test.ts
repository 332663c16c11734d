// 10,000 hostile strings go through shellQuote to a real sshd and must come back byte-identical.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { shellQuote } from '../../../src/main/ssh/quote'
import { createSshLab, type SshdInstance, type SshLab } from '../../helpers/sshd'
import { keyHost, testPool, type TestPool } from './ssh-fixtures'

// A seeded generator keeps failures reproducible.
function mulberry32(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const PIECES = [
  "'", "''", '"', ';', '&&', '||', '|', '&', '$(', ')', '$(id)', '`id`', '`', '${HOME}', '$HOME', '$', '\\', '\\\\', '\n', '\r\n', '\t', ' ', '  ',
  '*', '?', '[a-z]', '{a,b}', '~', '~root', '#', '!', '-', '--', '-rf', '--help', '=', 'a=b', '>', '<', '2>&1', '%s', '%n', '\\0', '\\n', 'if', 'then', 'fi',
  'é', 'ü', 'ß', '✓', '中文', 'Ωmega', '🚀', '👍🏽', '\u00a0', '\u200b', '\u202e', '\x01', '\x1b[31m', '\x7f', 'plain', 'word', '123', '/etc/passwd', '..'
]

function generate(count: number): string[] {
  const random = mulberry32(20240611)
  const strings = ['', ' ', "'", '-n', '-e', '--', '\n', '*', '$(reboot)', '`reboot`', "'; rm -rf / #"]
  while (strings.length < count) {
    const parts = 1 + Math.floor(random() * 8)
    let text = ''
    for (let i = 0; i < parts; i += 1) {
      text += random() < 0.25 ? String.fromCodePoint(0x20 + Math.floor(random() * 0x2ff0)) : (PIECES[Math.floor(random() * PIECES.length)] as string)
    }
    strings.push(text)
  }
  return strings
}

describe('shellQuote against a real sshd', () => {
  let lab: SshLab
  let sshd: SshdInstance
  let setup: TestPool

  beforeAll(async () => {
    lab = await createSshLab()
    sshd = await lab.startSshd({ address: '127.0.0.2' })
    setup = testPool([sshd])
    setup.pool.setHost(keyHost(lab, sshd, 'quote-host'))
  })
  afterAll(async () => {
    await setup?.pool.close()
    await lab?.close()
  })

  it('echoes 10,000 generated strings back byte-identical', async () => {
    const strings = generate(10_000)
    expect(new Set(strings).size).toBeGreaterThan(9000)
    const batchSize = 500
    const batches: string[][] = []
    for (let i = 0; i < strings.length; i += batchSize) batches.push(strings.slice(i, i + batchSize))
    const outputs = await Promise.all(
      batches.map(async (batch) => {
        // One `printf '%s\0' ARG` per string, NUL-terminated so newlines inside strings are kept.
        const script = batch.map((text) => shellQuote(['printf', '%s\\0', text])).join('\n')
        const result = await setup.pool.exec('quote-host', ['sh', '-c', script], { timeoutMs: 30_000 })
        expect(result.stderr.toString()).toBe('')
        expect(result.exitCode).toBe(0)
        return result.stdout
      })
    )
    batches.forEach((batch, index) => {
      const output = outputs[index] as Buffer
      const expected = Buffer.concat(batch.flatMap((text) => [Buffer.from(text, 'utf8'), Buffer.from([0])]))
      if (!output.equals(expected)) {
        const got = output.toString('utf8').split('\0')
        const firstBad = batch.findIndex((text, i) => got[i] !== text)
        expect({ index: firstBad, got: got[firstBad] }).toEqual({ index: firstBad, got: batch[firstBad] })
      }
      expect(output.equals(expected)).toBe(true)
    })
    expect(setup.pool.stats('quote-host').connectionsOpened).toBe(1)
  })
})
