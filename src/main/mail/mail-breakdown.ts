// Who and what is behind a mail host's load: the IPs holding connections, the IPs failing to log
// in, the users with most sessions, the busiest processes and why queued mail waits.
import type { MailBreakdown, MailIpConnections, MailProtocol, MailUserSessions } from '../../shared/api-parts/mail-api'
import type { MailHostState } from './mail-host-state'
import { protocolOfPort } from './mail-sample'

const TOP = 10

const plainIp = (ip: string): string => (/^::ffff:\d{1,3}(\.\d{1,3}){3}$/i.test(ip) ? ip.slice(7) : ip)

/** Postfix prefixes reasons it copied from an earlier failure to the same destination. */
const deferralReason = (reason: string): string => reason.replace(/^delivery temporarily suspended: /, '')

export function mailBreakdown(state: MailHostState, windowFromMs: number, nowMs: number): MailBreakdown {
  const measuredAtMs: MailBreakdown['measuredAtMs'] = {}
  let ipsByConnections: MailIpConnections[] = []
  if (state.ss !== null) {
    measuredAtMs.connections = state.ss.atMs
    const byIp = new Map<string, { connections: number; protocols: Set<MailProtocol> }>()
    for (const connection of state.ss.value.connections) {
      const ip = plainIp(connection.peerAddress)
      const entry = byIp.get(ip) ?? { connections: 0, protocols: new Set<MailProtocol>() }
      entry.connections += 1
      const protocol = protocolOfPort(connection.localPort)
      if (protocol !== null) entry.protocols.add(protocol)
      byIp.set(ip, entry)
    }
    ipsByConnections = [...byIp]
      .map(([ip, entry]) => ({ ip, connections: entry.connections, protocols: [...entry.protocols].sort() }))
      .sort((a, b) => b.connections - a.connections || (a.ip < b.ip ? -1 : 1))
      .slice(0, TOP)
  }
  if (state.logStreaming) measuredAtMs.logins = nowMs
  let usersBySessions: MailUserSessions[] = []
  if (state.who !== null) {
    measuredAtMs.sessions = state.who.atMs
    usersBySessions = state.who.value.users
      .map((user) => ({ user: user.username, sessions: user.connections, protocols: [...user.services].sort(), ips: user.ips.map(plainIp) }))
      .sort((a, b) => b.sessions - a.sessions || (a.user < b.user ? -1 : 1))
      .slice(0, TOP)
  }
  if (state.ps !== null) measuredAtMs.processes = state.ps.atMs
  const latestQueue = state.queues[state.queues.length - 1]
  const reasons = new Map<string, number>()
  if (latestQueue !== undefined) {
    measuredAtMs.queue = latestQueue.atMs
    for (const message of latestQueue.value.messages) {
      for (const recipient of message.recipients) {
        if (recipient.delayReason !== null) reasons.set(deferralReason(recipient.delayReason), (reasons.get(deferralReason(recipient.delayReason)) ?? 0) + 1)
      }
    }
  }
  return {
    ipsByConnections,
    ipsByAuthFailures: state.log.failuresByIp(windowFromMs, TOP),
    usersBySessions,
    processes: state.ps?.value.map((process) => ({ ...process })) ?? null,
    deferralReasons: [...reasons]
      .map(([reason, recipients]) => ({ reason, recipients }))
      .sort((a, b) => b.recipients - a.recipients || (a.reason < b.reason ? -1 : 1))
      .slice(0, 5),
    measuredAtMs
  }
}
