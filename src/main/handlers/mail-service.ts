// The main-side service behind the Mail view: one collector per mail host the pool can reach
// (always running, at 1 Hz while a renderer watches and every 10 s otherwise, so the history
// holds the night), the history queries, and the confirmed, audited actions.
import type { MailAction, MailActionPlan, MailActionResult, mailRequests } from '../../shared/api-parts/mail-api'
import type { Site } from '../../shared/model'
import { describeOutcome, planMailAction } from '../mail/mail-actions'
import { MailCollector } from '../mail/mail-collector'
import { MailHistoryStore } from '../mail/mail-history-store'
import type { ExecResult } from '../ssh/ssh-pool'
import type { FeatureDeps, FeatureService } from './feature-service'

const ACTION_TIMEOUT_MS = 60_000

function failure(kind: string, message: string): Error {
  return Object.assign(new Error(message), { kind })
}

export function createMailService(deps: FeatureDeps): FeatureService<typeof mailRequests> {
  const history = new MailHistoryStore(deps.db)
  const collectors = new Map<string, MailCollector>()
  let site: Site | null = null

  const syncCollectors = (next: Site) => {
    site = next
    const fleet = deps.fleet
    const reachable = new Set(fleet?.pool.hosts().map((config) => config.name) ?? [])
    const wanted = new Set(next.hosts.filter((host) => host.roles.includes('mail') && reachable.has(host.name)).map((host) => host.name))
    for (const [name, collector] of collectors) {
      if (!wanted.has(name)) {
        collector.stop()
        collectors.delete(name)
      }
    }
    if (fleet === null) return
    for (const name of wanted) {
      if (collectors.has(name)) continue
      const collector = new MailCollector({
        host: name,
        pool: fleet.pool,
        now: deps.now,
        history,
        publishSample: (sample) => deps.events.publish('mail.sample', sample),
        publishReport: (report) => deps.events.publish('mail.report', report)
      })
      collectors.set(name, collector)
      collector.start()
    }
  }

  /** The host's collector, or an error that says why there is none and what to do. */
  const collectorOf = (host: string): MailCollector => {
    const collector = collectors.get(host)
    if (collector) return collector
    const known = (site ?? deps.inventory.getSite()).hosts.find((entry) => entry.name === host)
    if (!known) throw failure('not-found', `no host named ${host}`)
    if (!known.roles.includes('mail')) throw failure('not-a-mail-host', `${host} does not have the mail role; give it the role in Hosts (or the site YAML) to watch its mail load`)
    if (deps.fleet === null) throw failure('not-connected', `${host}: this Rackside runs without host connections, so it cannot watch mail load`)
    throw failure('not-connected', `${host} is not connected: ${known.address.endsWith('.demo') ? 'the demo fleet is off (turn it on in the demo banner)' : 'it is not in the connection pool'}`)
  }

  const exec = (host: string) => (argv: readonly string[], timeoutMs: number): Promise<ExecResult> => {
    if (deps.fleet === null) return Promise.reject(failure('not-connected', `${host}: no host connections in this Rackside`))
    return deps.fleet.pool.exec(host, argv, { timeoutMs })
  }

  const plan = (action: MailAction): Promise<MailActionPlan> => planMailAction(action, exec(action.host), collectorOf(action.host).actionContext())

  const run = async (action: MailAction): Promise<MailActionResult> => {
    const planned = await plan(action)
    if (!planned.available) throw failure('action-unavailable', `${planned.unavailableReason ?? `${action.host} cannot do this`} Nothing was run.`)
    const auditAction = `mail.${action.action}`
    deps.audit.append({ actor: deps.actor, action: auditAction, target: action.host, command: planned.command, result: 'started', detail: planned.summary })
    const startedMs = deps.now()
    let result: ExecResult
    try {
      result = await exec(action.host)(planned.argv, ACTION_TIMEOUT_MS)
    } catch (error) {
      const message = (error as Error).message
      deps.audit.append({ actor: deps.actor, action: auditAction, target: action.host, command: planned.command, result: 'failed', detail: message })
      throw error
    }
    const outcome = describeOutcome(planned, result)
    const output = `${result.stdout.toString('utf8')}${result.stderr.toString('utf8')}`.trim()
    const entry = deps.audit.append({
      actor: deps.actor,
      action: auditAction,
      target: action.host,
      command: planned.command,
      result: outcome.ok ? 'succeeded' : 'failed',
      detail: outcome.message
    })
    return {
      host: action.host,
      action: action.action,
      command: planned.command,
      ok: outcome.ok,
      exitCode: result.exitCode,
      output: output.length > 4_000 ? `${output.slice(0, 4_000)}…` : output,
      message: outcome.message,
      durationMs: deps.now() - startedMs,
      auditId: entry.id
    }
  }

  return {
    handlers: {
      'mail.watch': async ({ host, diagnosisWindowSeconds, watchId }) => collectorOf(host).watch(watchId, diagnosisWindowSeconds),
      'mail.unwatch': async ({ host, watchId }) => ({ watchers: collectors.get(host)?.unwatch(watchId) ?? 0 }),
      'mail.history': async ({ host, range }) => collectorOf(host).history(range),
      'mail.planAction': async (action) => plan(action),
      'mail.runAction': async ({ action }) => run(action)
    },
    onSiteChanged: syncCollectors,
    close: async () => {
      for (const collector of collectors.values()) collector.stop()
      collectors.clear()
    }
  }
}
