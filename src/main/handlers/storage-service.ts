// The main-side service behind the Storage view: Gluster alerts (saved in the store) and heal
// trends kept from the poller's samples, "what if this fails" and the maintenance check on live
// facts, shared mount settings, and the two confirmed actions (restart dead bricks, start a heal).
import { randomUUID } from 'node:crypto'
import type { ApiEvents } from '../../shared/api'
import type { SharedMountEntry, storageRequests } from '../../shared/api-parts/storage-api'
import { maintenanceCheck, whatIfHostsFail } from '../../shared/domain/failure-impact'
import type { Fact, FleetSnapshot, GlusterFacts } from '../../shared/fleet'
import { AlertBook } from '../gluster/alert-book'
import { alertSampleFromFacts } from '../gluster/alert-sample'
import { ActionRunner } from '../gluster/action-runner'
import { HealTrendBook } from '../gluster/heal-trend-book'
import { scenarioContext } from '../gluster/scenario-context'
import { checkActionHost, checkActionVolume, planStorageAction, StorageActionError } from '../gluster/storage-actions'
import { StorageSettings } from '../gluster/storage-settings'
import { GlusterAlertStore } from '../store/gluster-alert-store'
import type { FeatureDeps, FeatureService } from './feature-service'

export function createStorageService(deps: FeatureDeps): FeatureService<typeof storageRequests> {
  // Saved in the store, so the notifications and their raised and cleared times survive a restart.
  const alerts = new AlertBook(100, new GlusterAlertStore(deps.db))
  const trend = new HealTrendBook()
  const settings = new StorageSettings(deps.db)
  let lastAtMs: number | null = null
  let healSeenAtMs: number | null = null

  const snapshot = (): FleetSnapshot => deps.fleet?.snapshot() ?? { hosts: {} }

  /** Each new Gluster sample feeds the alert reducer and, when its heal counts are new, the trend. */
  const take = (fact: Fact<GlusterFacts> | undefined) => {
    const facts = fact?.value ?? null
    if (!fact || facts === null || fact.atMs === null) return
    // Heal counts arrive on their own schedule, beside status facts whose time did not change.
    if (trend.take(facts.heal)) {
      trend.retain(new Set(facts.volumeInfo.map((v) => v.name)), new Set(facts.volumeInfo.flatMap((v) => v.bricks.map((b) => `${v.name}|${b.host}:${b.path}`))))
      deps.events.publish('storage.healTrend', trend.snapshot())
    }
    if (lastAtMs !== null && fact.atMs <= lastAtMs) return
    lastAtMs = fact.atMs
    const sample = alertSampleFromFacts(facts, fact.atMs, healSeenAtMs)
    if (sample.heal && facts.heal) healSeenAtMs = facts.heal.atMs
    const saveProblemBefore = alerts.lastSaveProblem
    const changed = alerts.take(sample)
    if (alerts.lastSaveProblem !== null && alerts.lastSaveProblem !== saveProblemBefore) console.error(`storage: ${alerts.lastSaveProblem}`)
    if (changed || alerts.lastSaveProblem !== saveProblemBefore) deps.events.publish('storage.alerts', alerts.snapshot())
  }
  take(snapshot().gluster)
  const detach = deps.events.attach((topic, payload) => {
    if (topic !== 'fleet.delta') return
    const delta = payload as ApiEvents['fleet.delta']
    // After the delta itself has reached every sink: alerts and trends never arrive before the facts they come from.
    if (delta.kind !== 'gluster') return
    queueMicrotask(() => {
      try {
        take(delta.fact)
      } catch (error) {
        console.error(`storage: the Gluster sample of ${new Date(delta.fact.atMs ?? 0).toISOString()} could not be taken in for alerts:`, error)
      }
    })
  })

  const runner = new ActionRunner({
    exec: (host, argv, options) => {
      if (!deps.fleet) return Promise.reject(new StorageActionError('no-fleet', 'Rackside runs without connecting to hosts here: no command can be sent'))
      return deps.fleet.pool.exec(host, argv, options)
    },
    audit: deps.audit,
    actor: deps.actor,
    now: deps.now,
    newId: randomUUID,
    publish: (status) => deps.events.publish('storage.action', status),
    afterRun: () => deps.fleet?.poller.requestGlusterRefresh()
  })

  const context = () => scenarioContext(deps.inventory.getSite(), snapshot(), settings.sharedMounts(), deps.now())
  const planContext = () => ({ site: deps.inventory.getSite(), gluster: snapshot().gluster, hostStates: deps.fleet?.hostStates() ?? [], nowMs: deps.now() })
  const mounts = (): SharedMountEntry[] => context().basis.mounts

  return {
    handlers: {
      'storage.alerts': async () => alerts.snapshot(),
      'storage.healTrend': async () => trend.snapshot(),
      'storage.whatIf': async (failed) => {
        const { input, basis } = context()
        return { impact: whatIfHostsFail({ ...input, failed }), basis }
      },
      'storage.maintenanceCheck': async ({ host }) => {
        const { input, basis } = context()
        return { check: maintenanceCheck(host, input), basis }
      },
      'storage.sharedMounts': async () => mounts(),
      'storage.setSharedMounts': async ({ mounts: configured }) => {
        settings.setSharedMounts(configured)
        deps.audit.append({
          actor: deps.actor,
          action: 'storage.set-shared-mounts',
          target: configured.map((m) => m.volume).join(', ') || 'all volumes',
          result: 'succeeded',
          detail: configured.length === 0 ? 'mount paths read from VM disks again' : configured.map((m) => `${m.volume} at ${m.mountPath}`).join('; ')
        })
        return mounts()
      },
      'storage.planAction': async ({ action, volume }) => planStorageAction(action, volume, planContext()),
      'storage.runAction': async ({ action, volume, host }) => {
        checkActionHost(deps.inventory.getSite(), host)
        checkActionVolume(action, volume, { gluster: snapshot().gluster })
        return runner.run(action, volume, host)
      }
    },
    close: async () => {
      detach()
    }
  }
}
