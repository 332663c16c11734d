// `rackside migrate VM --to HOST [--from HOST] [--dry-run] [--json] [--data DIR]`: the VMs view's
// migration without a window. The same services as `rackside web` (the site's hosts, the demo
// fleet for demo hosts), the same pre-checks and the same runner; a dry run prints the checks
// and the exact command. Exit codes are a public contract: see MIGRATE_EXIT.
import { parseArgs } from 'node:util'
import type { HostKeyPromptEvent } from '../../shared/api'
import type { MigrationCheckResult, MigrationRecord } from '../../shared/api-parts/vms-api'
import { hypervisorNames } from '../../shared/api-parts/vms-api'
import type { MigrationCheck } from '../../shared/domain/migration-checks'
import { appVersion, resourcesDir } from '../app-paths'
import { resolveDataDir } from '../data-dir'
import { launchDemoFleet } from '../fleet/demo-launcher'
import { createServices, type Services } from '../services'
import { CliUsageError, type CliIo } from './cli-io'

export const MIGRATE_EXIT = { migrated: 0, failed: 1, usage: 2, refused: 3 } as const

export interface MigrateCommandOptions {
  /** How long to wait for the hosts' first facts. */
  factsTimeoutMs?: number
  /** Stands in for the real services (tests pin the data folder's demo fleet and clock). */
  createServices?: (dataDir: string) => Promise<Services>
}

const GLYPH: Record<MigrationCheck['level'], string> = { ok: '✓', warn: '▲', error: '✕' }

function formatBytesPerSecond(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB/s`
}

function progressLine(record: MigrationRecord): string | null {
  const p = record.progress
  if (p === null || p.percent === null) return null
  const rate = p.bandwidthBytesPerSecond === null ? 'rate unknown' : formatBytesPerSecond(p.bandwidthBytesPerSecond)
  const eta = p.etaSeconds === null ? 'ETA unknown' : `ETA ${Math.ceil(p.etaSeconds)} s`
  return `  ${p.percent.toFixed(0).padStart(3)} %  ${rate}  ${eta}\n`
}

async function waitForFacts(services: Services, hosts: readonly string[], timeoutMs: number): Promise<string[]> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const snapshot = services.fleet?.snapshot() ?? { hosts: {} }
    const missing = hosts.filter((h) => {
      const vms = snapshot.hosts[h]?.vms
      return vms === undefined || (vms.value === null && vms.error === undefined)
    })
    if (missing.length === 0 || Date.now() > deadline) return missing
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}

function checksText(result: MigrationCheckResult): string {
  const { plan } = result
  const lines = [`${plan.vm}: ${plan.from} → ${plan.to}`]
  for (const check of plan.checks) lines.push(`  ${GLYPH[check.level]} ${check.level.padEnd(5)} ${check.id.padEnd(13)} ${check.message}`)
  const warnings = plan.checks.filter((c) => c.level === 'warn').length
  lines.push(`verdict: ${plan.verdict}${warnings > 0 ? ` (${warnings} warning${warnings === 1 ? '' : 's'})` : ''}`)
  if (result.commandLine !== undefined) lines.push(`command on ${plan.from} (${result.runsOnAddress}):`, `  ${result.commandLine}`)
  return `${lines.join('\n')}\n`
}

export async function runMigrateCommand(args: string[], io: CliIo, options: MigrateCommandOptions = {}): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: { to: { type: 'string' }, from: { type: 'string' }, 'dry-run': { type: 'boolean' }, json: { type: 'boolean' }, data: { type: 'string' } }
  })
  const [vm, ...extra] = positionals
  if (vm === undefined) throw new CliUsageError('name the VM to migrate: rackside migrate VM --to HOST')
  if (extra.length > 0) throw new CliUsageError(`one VM at a time; unexpected ${extra.join(' ')}`)
  if (values.to === undefined) throw new CliUsageError('--to HOST is required')
  const json = values.json === true
  const dataDir = resolveDataDir(values.data)
  const services = await (options.createServices ?? defaultServices)(dataDir)
  // Nobody can answer a host-key prompt here: refuse it and say how to trust the key first.
  const detach = services.events.attach((topic, payload) => {
    if (topic !== 'host.keyPrompt') return
    const prompt = payload as HostKeyPromptEvent
    io.stderr(`${prompt.host}: unknown host key ${prompt.keyType} ${prompt.sha256}; refused — check it and trust it first (rackside probe ${prompt.address} --accept-new, or the Hosts view)\n`)
    services.fleet?.answerHostKey(prompt.id, 'cancel')
  })
  try {
    const site = services.inventory.getSite()
    const hypervisors = hypervisorNames(site)
    if (!hypervisors.includes(values.to)) {
      io.stderr(`rackside migrate: ${values.to} is not a hypervisor of the site (hypervisors: ${hypervisors.join(', ') || 'none'})\n`)
      return MIGRATE_EXIT.usage
    }
    const missing = await waitForFacts(services, hypervisors, options.factsTimeoutMs ?? 60_000)
    const snapshot = services.fleet?.snapshot() ?? { hosts: {} }
    const from = values.from ?? hypervisors.find((h) => snapshot.hosts[h]?.vms?.value?.some((d) => d.name === vm))
    if (from === undefined) {
      const unanswered = missing.length > 0 ? ` (no answer yet from ${missing.join(', ')})` : ''
      io.stderr(`rackside migrate: ${vm} is on no hypervisor that answered${unanswered}; name its host with --from\n`)
      return MIGRATE_EXIT.refused
    }
    // Domain XML, mounts and CPU models of both hosts, read now rather than on the slow schedule.
    await Promise.all([services.handlers['vms.refresh']({ host: from }), services.handlers['vms.refresh']({ host: values.to })])
    const checked = await services.handlers['vms.check']({ vm, from, to: values.to })
    if (!json) io.stdout(checksText(checked))
    if (checked.plan.verdict === 'error' || checked.commandLine === undefined) {
      if (json) io.stdout(`${JSON.stringify({ check: checked, migration: null }, null, 2)}\n`)
      else io.stderr(`refused by the pre-checks: ${checked.plan.checks.filter((c) => c.level === 'error').map((c) => c.message).join('; ')}\n`)
      return MIGRATE_EXIT.refused
    }
    if (values['dry-run'] === true) {
      if (json) io.stdout(`${JSON.stringify({ check: checked, migration: null }, null, 2)}\n`)
      else io.stdout('dry run: nothing was changed\n')
      return MIGRATE_EXIT.migrated
    }

    const final = await new Promise<MigrationRecord>((resolve, reject) => {
      let id: string | null = null
      let lastPrinted = -1
      const early: MigrationRecord[] = []
      const onRecord = (record: MigrationRecord) => {
        if (record.status === 'running' && !json) {
          const line = progressLine(record)
          const percent = record.progress?.percent ?? -1
          if (line !== null && (percent >= lastPrinted + 5 || percent === 100)) {
            lastPrinted = percent
            io.stdout(line)
          }
        }
        if (record.status === 'succeeded' || record.status === 'failed' || record.status === 'cancelled' || record.status === 'unknown') {
          stop()
          resolve(record)
        }
      }
      const stop = services.events.attach((topic, payload) => {
        if (topic !== 'vms.migration') return
        const record = payload as MigrationRecord
        if (id === null) early.push(record)
        else if (record.id === id) onRecord(record)
      })
      services.handlers['vms.migrate']({ vm, from, to: values.to as string, confirmed: true }).then(
        (record) => {
          id = record.id
          if (!json) io.stdout(`migrating ${vm} (${record.id}) …\n`)
          for (const seen of early.splice(0)) if (seen.id === id) onRecord(seen)
        },
        (error: unknown) => {
          stop()
          reject(error as Error)
        }
      )
    })
    if (json) io.stdout(`${JSON.stringify({ check: checked, migration: final }, null, 2)}\n`)
    else {
      const took = final.durationMs === null ? '' : ` in ${(final.durationMs / 1000).toFixed(1)} s`
      io.stdout(`${final.status}${took}: ${final.message ?? ''}\n`)
      if (final.alarm !== undefined) io.stderr(`ALARM: ${final.alarm}\n`)
    }
    return final.status === 'succeeded' ? MIGRATE_EXIT.migrated : MIGRATE_EXIT.failed
  } finally {
    detach()
    await services.close()
  }
}

function defaultServices(dataDir: string): Promise<Services> {
  return createServices({ dataDir, resourcesDir: resourcesDir(), version: appVersion(), secretStoreKind: 'memory', connectFleet: true, launchDemoFleet })
}
