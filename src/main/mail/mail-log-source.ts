// Where a mail host's log is followed from: /var/log/mail.log when the host has it (syslog or
// Dovecot's and Postfix's own log files), the systemd journal's mail facility otherwise.
import type { ExecResult } from '../ssh/ssh-pool'

export const MAIL_LOG_PATH = '/var/log/mail.log'

export type MailLogSource = { kind: 'file'; path: string; argv: string[] } | { kind: 'journal'; argv: string[] }

/** New lines only (-n 0), following the name through rotation (-F). */
export function fileFollowCommand(path: string): string[] {
  return ['tail', '-n', '0', '-F', '--', path]
}

/** The mail facility (2) of the journal, new entries only, with ISO timestamps (they carry the year). */
export const journalFollowCommand = ['journalctl', '-f', '-n', '0', '-q', '-o', 'short-iso', 'SYSLOG_FACILITY=2'] as const

export type ProbeExec = (argv: readonly string[]) => Promise<ExecResult>

const firstLine = (result: ExecResult): string => {
  const text = (result.stderr.toString('utf8').trim() || result.stdout.toString('utf8').trim()).split('\n')[0] ?? ''
  return text === '' ? `exit status ${result.exitCode ?? result.signal ?? '?'}` : text
}

/** Probes the file first, then the journal; the error says what both answered. */
export async function chooseMailLogSource(exec: ProbeExec, path = MAIL_LOG_PATH): Promise<{ source: MailLogSource } | { error: string }> {
  const file = await exec(['tail', '-n', '0', '--', path])
  if (file.exitCode === 0) return { source: { kind: 'file', path, argv: fileFollowCommand(path) } }
  const journal = await exec(['journalctl', '-n', '0', '-q'])
  if (journal.exitCode === 0) return { source: { kind: 'journal', argv: [...journalFollowCommand] } }
  return { error: `no mail log to follow: ${path}: ${firstLine(file)}; journal: ${firstLine(journal)}` }
}
