import { ParseError } from '../parse-error'
import type { TextLine } from '../linux/probe-text'
import { toLines } from '../linux/probe-text'

const TOOL = 'postqueue -j'

export const postqueueJsonCommand = ['postqueue', '-j'] as const

export interface QueuedRecipient {
  address: string
  /** Why delivery is waiting; null for a recipient not yet tried. */
  delayReason: string | null
}

export interface QueuedMessage {
  queueId: string
  /** 'active', 'deferred', 'hold', 'incoming', 'maildrop'. */
  queueName: string
  /** Epoch seconds. */
  arrivalTime: number
  /** Empty string for the null sender (bounces). */
  sender: string
  sizeBytes: number
  forcedExpire: boolean
  recipients: QueuedRecipient[]
}

export interface PostqueueJson {
  messages: QueuedMessage[]
}

function fail(detail: string, line: TextLine): never {
  throw new ParseError(TOOL, detail, line.lineNumber, line.text)
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function string(record: Record<string, unknown>, key: string, line: TextLine): string {
  const value = record[key]
  if (typeof value !== 'string') fail(`${key} is not a string`, line)
  return value
}

function wholeNumber(record: Record<string, unknown>, key: string, line: TextLine): number {
  const value = record[key]
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) fail(`${key} is not a whole number`, line)
  return value
}

function parseMessage(line: TextLine): QueuedMessage {
  let value: unknown
  try {
    value = JSON.parse(line.text)
  } catch {
    fail('not a complete JSON object (truncated output?)', line)
  }
  if (!isRecord(value)) fail('expected one JSON object per line', line)
  const queueId = string(value, 'queue_id', line)
  if (!/^[0-9A-Za-z]{5,20}$/.test(queueId)) fail(`unreadable queue_id ${JSON.stringify(queueId)}`, line)
  const recipients = value['recipients']
  if (!Array.isArray(recipients)) fail('recipients is not a list', line)
  const forcedExpire = value['forced_expire']
  if (forcedExpire !== undefined && typeof forcedExpire !== 'boolean') fail('forced_expire is not true or false', line)
  return {
    queueId,
    queueName: string(value, 'queue_name', line),
    arrivalTime: wholeNumber(value, 'arrival_time', line),
    sender: string(value, 'sender', line),
    sizeBytes: wholeNumber(value, 'message_size', line),
    forcedExpire: forcedExpire === true,
    recipients: recipients.map((recipient): QueuedRecipient => {
      if (!isRecord(recipient)) fail('a recipient is not an object', line)
      const delayReason = recipient['delay_reason']
      if (delayReason !== undefined && typeof delayReason !== 'string') fail('delay_reason is not a string', line)
      return { address: string(recipient, 'address', line), delayReason: delayReason ?? null }
    })
  }
}

/** One JSON object per line; an empty queue prints nothing, which is an empty list. */
export function parsePostqueueJson(text: string): PostqueueJson {
  const lines = toLines(text).filter((line) => line.text.trim() !== '')
  return { messages: lines.map(parseMessage) }
}
