import { parseDoveadmPenalty } from './doveadm-penalty'
import { parseDoveadmProcessStatus } from './doveadm-process-status'
import { parseDoveadmServiceStatus } from './doveadm-service-status'
import { parseDoveadmStatsDump } from './doveadm-stats-dump'
import { parseDoveadmWho } from './doveadm-who'
import { parseMailLog } from './mail-log'
import { parsePostqueueJson } from './postqueue-json'
import { parseSsEstablished } from './ss-established'

export type MailParseKind =
  | 'doveadm-who'
  | 'doveadm-service-status'
  | 'doveadm-process-status'
  | 'doveadm-penalty'
  | 'doveadm-stats-dump'
  | 'ss'
  | 'postqueue-json'
  | 'mail-log'

/** Parsers by their `rackside parse KIND` name. */
export const mailParsers: Record<MailParseKind, (text: string) => unknown> = {
  'doveadm-who': parseDoveadmWho,
  'doveadm-service-status': parseDoveadmServiceStatus,
  'doveadm-process-status': parseDoveadmProcessStatus,
  'doveadm-penalty': parseDoveadmPenalty,
  'doveadm-stats-dump': parseDoveadmStatsDump,
  ss: parseSsEstablished,
  'postqueue-json': parsePostqueueJson,
  'mail-log': parseMailLog
}

export * from './doveadm-penalty'
export * from './doveadm-process-status'
export * from './doveadm-service-status'
export * from './doveadm-stats-dump'
export * from './doveadm-who'
export * from './mail-log'
export * from './postqueue-json'
export * from './ss-established'
