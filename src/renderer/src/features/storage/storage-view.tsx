// Storage: Gluster alerts, each volume with its verdict, capacity, heal counts and bricks by
// replica set, the peers, "what if this fails", and the Gluster hosts by cabinet with their
// maintenance check. Live facts come from the poller; until the first arrive the view says so.
import { useCallback, useMemo, useState } from 'react'
import { brickHostsFromSite } from '../../../../shared/domain/failure-impact'
import { factFreshness } from '../../../../shared/fleet'
import type { Site } from '../../../../shared/model'
import { useAppStore } from '../../store/app-store'
import { EmptyState } from '../../ui/empty-state'
import { formatCount } from '../../ui/format'
import { formatAgo } from './storage-format'
import { useNow } from '../../ui/use-now'
import { CabinetGroups } from '../hosts/cabinet-groups'
import { HostCard } from '../hosts/host-card'
import { hostsByCabinet } from '../hosts/host-placement'
import { ActionDialog } from './action-dialog'
import { AlertsPanel } from './alerts-panel'
import { BrickBadge, useBrickBadges } from './brick-badge'
import { MaintenanceCheck } from './maintenance-check'
import { PeersPanel } from './peers-panel'
import { useStorageLive, useStorageStore } from './storage-store'
import { useStorageAction } from './use-storage-action'
import { VolumeCard } from './volume-card'
import { volumeViews } from './volume-model'
import { WhatIfPanel, type WhatIfState } from './what-if-panel'
import { emptyScenario, onlyHost, scenarioArgs, type WhatIfScenario } from './what-if-scenario'
import './storage.css'

export function StorageView({ site }: { site: Site }) {
  useStorageLive()
  const api = useAppStore((s) => s.api)
  const hostStates = useAppStore((s) => s.hostStates)
  const gluster = useAppStore((s) => s.fleet.gluster)
  const setView = useAppStore((s) => s.setView)
  const trend = useStorageStore((s) => s.healTrend)
  const actions = useStorageStore((s) => s.actions)
  const selectedVolume = useStorageStore((s) => s.selectedVolume)
  const setSelectedVolume = useStorageStore((s) => s.setSelectedVolume)
  const badges = useBrickBadges()
  const nowMs = useNow()
  const action = useStorageAction()
  const [whatIf, setWhatIf] = useState<WhatIfState>({ scenario: emptyScenario, result: null, error: null, busy: false })

  const groups = useMemo(() => hostsByCabinet(site, 'gluster'), [site])
  const siteHostOf = useMemo(() => {
    const resolve = brickHostsFromSite(site)
    return (brickHost: string) => resolve({ host: brickHost, path: '' })
  }, [site])
  const facts = gluster?.value ?? null
  const volumes = useMemo(() => (facts ? volumeViews(facts) : []), [facts])

  const runWhatIf = useCallback(
    (scenario: WhatIfScenario) => {
      if (api === null) return
      setWhatIf({ scenario, result: null, error: null, busy: true })
      api.call('storage.whatIf', scenarioArgs(scenario)).then(
        (result) => setWhatIf({ scenario, result, error: null, busy: false }),
        (error: Error) => setWhatIf({ scenario, result: null, error: error.message, busy: false })
      )
    },
    [api]
  )

  const all = groups.flatMap((g) => g.hosts)
  if (all.length === 0)
    return (
      <EmptyState title="No Gluster hosts">
        Give the hosts that hold bricks the <code>gluster</code> role (in the site YAML or in Hosts) to see their volumes here.
      </EmptyState>
    )

  const freshness = factFreshness(gluster, nowMs)
  const stale = freshness === 'stale'
  const connected = all.filter((p) => hostStates[p.host.name]?.status === 'connected').length
  return (
    <div className="view-body storage">
      <AlertsPanel nowMs={nowMs} />
      <section className="panel" aria-label="Volumes">
        <header className="panel__head">
          <h2>Volumes</h2>
          {facts !== null && gluster?.atMs != null && (
            <span className={stale ? 'storage__age is-stale' : 'storage__age muted'} data-testid="gluster-age">
              from {facts.queriedHost}, {formatAgo(gluster.atMs, nowMs)}
              {stale && ' — stale, not current'}
              {facts.heal !== null && <> · heal counts {formatAgo(facts.heal.atMs, nowMs)}</>}
            </span>
          )}
        </header>
        {gluster?.error !== undefined && (
          <p role="alert" className="alert alert--warn">
            Last Gluster poll failed {formatAgo(gluster.error.atMs, nowMs)}: {gluster.error.message}
            {facts !== null && ' — the volumes below are from the last poll that worked.'}
          </p>
        )}
        {facts?.healError !== undefined && (
          <p role="alert" className="alert alert--warn">
            Heal counts not refreshed {formatAgo(facts.healError.atMs, nowMs)}: {facts.healError.message}
          </p>
        )}
        {facts === null ? (
          <EmptyState title="No volume facts collected yet">
            Volumes, their health verdict, bricks by replica set and heal counts appear once the Gluster hosts ({all.map((p) => p.host.name).join(', ')}) are
            polled — {connected} of {all.length} connected now.
          </EmptyState>
        ) : volumes.length === 0 ? (
          <EmptyState title={`No volumes on the pool of ${facts.queriedHost}`}>
            <code>gluster volume info</code> lists none. Create one with <code>gluster volume create</code>, then it shows here.
          </EmptyState>
        ) : (
          volumes.map((volume) => (
            <VolumeCard
              key={volume.name}
              volume={volume}
              lastAction={actions[volume.name]}
              nowMs={nowMs}
              trend={trend}
              stale={stale}
              selected={selectedVolume === volume.name}
              siteHostOf={siteHostOf}
              onAction={action.begin}
              onSelect={(name) => setSelectedVolume(selectedVolume === name ? null : name)}
              onShowOnRacks={(name) => {
                setSelectedVolume(name)
                setView('Racks')
              }}
              onWhatIf={(host) => runWhatIf(onlyHost(host))}
            />
          ))
        )}
      </section>
      {facts !== null && <PeersPanel facts={facts} stale={stale} nowMs={nowMs} />}
      <WhatIfPanel
        site={site}
        state={whatIf}
        nowMs={nowMs}
        onChange={(scenario) => setWhatIf({ ...whatIf, scenario })}
        onCheck={() => runWhatIf(whatIf.scenario)}
        onMountsChanged={() => runWhatIf(whatIf.scenario)}
      />
      <CabinetGroups
        groups={groups}
        summarize={(g) => formatCount(g.hosts.length, 'Gluster host')}
        renderHost={(placed) => (
          <HostCard key={placed.host.name} placed={placed} state={hostStates[placed.host.name]} nowMs={nowMs}>
            <dl className="capacity">
              <div>
                <dt>Disks</dt>
                <dd>{placed.model?.disks ?? (placed.model === undefined ? 'unknown (no device model)' : 'not listed in the model')}</dd>
              </div>
              <div>
                <dt>Bricks</dt>
                <dd>{badges[placed.host.name] ? <BrickBadge bricks={badges[placed.host.name]} /> : 'none'}</dd>
              </div>
            </dl>
            <MaintenanceCheck host={placed.host.name} />
          </HostCard>
        )}
      />
      <ActionDialog control={action} />
    </div>
  )
}
