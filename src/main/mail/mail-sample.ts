// One second of a mail host, read from the collector's state: each fact only while it is fresh,
// so a probe that stopped answering shows as a gap, never as its last value passed off as current.
import { CHARTED_DOVECOT_SERVICES, MAIL_PROTOCOL_PORTS, MAIL_PROTOCOLS, POSTFIX_QUEUES, type MailProtocol, type MailSample, type PostfixQueue } from '../../shared/api-parts/mail-api'
import type { SsConnection } from '../probes/mail'
import { isFresh, type Freshness, type MailHostState } from './mail-host-state'

export function protocolOfPort(port: number): MailProtocol | null {
  return MAIL_PROTOCOLS.find((protocol) => MAIL_PROTOCOL_PORTS[protocol] === port) ?? null
}

export function connectionsByProtocol(connections: readonly SsConnection[]): Record<MailProtocol, number> {
  const counts = Object.fromEntries(MAIL_PROTOCOLS.map((protocol) => [protocol, 0])) as Record<MailProtocol, number>
  for (const connection of connections) {
    const protocol = protocolOfPort(connection.localPort)
    if (protocol !== null) counts[protocol] += 1
  }
  return counts
}

export function queueCounts(messages: readonly { queueName: string }[]): Record<PostfixQueue, number> {
  const counts = Object.fromEntries(POSTFIX_QUEUES.map((queue) => [queue, 0])) as Record<PostfixQueue, number>
  for (const message of messages) {
    if ((POSTFIX_QUEUES as readonly string[]).includes(message.queueName)) counts[message.queueName as PostfixQueue] += 1
  }
  return counts
}

export function composeSample(state: MailHostState, nowMs: number, freshness: Freshness): MailSample {
  const measuredAtMs: MailSample['measuredAtMs'] = {}
  const note = (fact: keyof MailSample['measuredAtMs'], atMs: number | undefined) => {
    if (atMs !== undefined) measuredAtMs[fact] = atMs
  }
  note('load', state.loadavg?.atMs)
  note('cpu', state.cpu?.atMs)
  note('psi', state.psi?.atMs)
  note('connections', state.ss?.atMs)
  note('processes', state.services?.atMs)
  note('queue', state.queues[state.queues.length - 1]?.atMs)
  const lastVmstat = state.vmstat[state.vmstat.length - 1]
  note('vmstat', lastVmstat?.atMs)

  const load = isFresh(state.loadavg, freshness('load'), nowMs) && state.cores !== null ? { ...pick(state.loadavg.value), cores: state.cores.value } : null
  const cpu = isFresh(state.cpu, freshness('cpu'), nowMs)
    ? { userPercent: state.cpu.value.userPercent, systemPercent: state.cpu.value.systemPercent, iowaitPercent: state.cpu.value.iowaitPercent }
    : null
  const psi = isFresh(state.psi, freshness('psi'), nowMs)
    ? { cpuPercent: state.psi.value.cpu?.some.avg10 ?? null, ioPercent: state.psi.value.io?.some.avg10 ?? null, memoryPercent: state.psi.value.memory?.some.avg10 ?? null }
    : null
  const vmstat = lastVmstat !== undefined && !lastVmstat.sinceBoot && nowMs - lastVmstat.atMs <= freshness('vmstat') ? { running: lastVmstat.sample.r, blocked: lastVmstat.sample.b } : null
  const connections = isFresh(state.ss, freshness('connections'), nowMs) ? connectionsByProtocol(state.ss.value.connections) : null
  const processes = isFresh(state.services, freshness('processes'), nowMs)
    ? CHARTED_DOVECOT_SERVICES.flatMap((name) => {
        const service = state.services?.value.services.find((entry) => entry.name === name)
        return service === undefined ? [] : [{ service: name, count: service.processCount, limit: service.processLimit }]
      })
    : null
  const rates = state.logStreaming ? state.log.ratesPerMinute(nowMs) : null
  if (rates !== null) note('logins', nowMs)
  const latestQueue = state.queues[state.queues.length - 1] ?? null
  const queue = isFresh(latestQueue, freshness('queue'), nowMs) ? queueCounts(latestQueue.value.messages) : null
  return { host: state.host, atMs: nowMs, load, cpu, psi, vmstat, connections, processes, logins: rates, queue, measuredAtMs }
}

function pick(load: { load1: number; load5: number; load15: number }): { load1: number; load5: number; load15: number } {
  return { load1: load.load1, load5: load.load5, load15: load.load15 }
}
