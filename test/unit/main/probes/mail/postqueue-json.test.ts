import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ParseError } from '../../../../../src/main/probes/parse-error'
import { parsePostqueueJson, postqueueJsonCommand } from '../../../../../src/main/probes/mail/postqueue-json'

const fixture = (path: string): string => readFileSync(new URL(`../../../../fixtures/${path}`, import.meta.url), 'utf8')

describe('parsePostqueueJson', () => {
  const text = fixture('mail/postqueue-j.jsonl')

  it('reads the 8 queued messages: 6 deferred and 2 on hold', () => {
    const { messages } = parsePostqueueJson(text)
    expect(messages).toHaveLength(8)
    expect(messages.filter((message) => message.queueName === 'hold').map((message) => message.queueId)).toEqual(['0FE1916E0CA', '043FB16E0C2'])
    expect(messages[0]).toEqual({
      queueId: '0DE2616E0C8',
      queueName: 'deferred',
      arrivalTime: 1796310751,
      sender: 'app@mail.test.invalid',
      sizeBytes: 306,
      forcedExpire: false,
      recipients: [{ address: 'user5@customer2.example', delayReason: 'delivery temporarily suspended: connect to 127.0.0.1[127.0.0.1]:2525: Connection refused' }]
    })
  })

  it('reads an empty queue, for which postqueue -j prints nothing, as no messages', () => {
    expect(parsePostqueueJson('')).toEqual({ messages: [] })
  })

  it('names the truncated last line instead of dropping it', () => {
    const cut = text.slice(0, text.length - 40)
    expect(() => parsePostqueueJson(cut)).toThrow(/postqueue -j: not a complete JSON object \(truncated output\?\) at line 8/)
  })

  it('refuses fields of the wrong type and the human-readable queue listing', () => {
    expect(() => parsePostqueueJson(text.replace('"message_size": 306', '"message_size": "306"'))).toThrow(/message_size is not a whole number at line 1/)
    expect(() => parsePostqueueJson(text.replace('"recipients": [', '"recipients": {"x": ['))).toThrow(ParseError)
    expect(() => parsePostqueueJson(fixture('mail/postqueue-p.txt'))).toThrow(/line 1/)
    expect(() => parsePostqueueJson('[1, 2]\n')).toThrow(/one JSON object per line/)
  })

  it('runs postqueue -j', () => {
    expect(postqueueJsonCommand).toEqual(['postqueue', '-j'])
  })
})
