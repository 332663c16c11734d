// Adding, editing and removing hosts, their passwords, and import from ~/.ssh/config. Every change
// goes through the inventory's full validation and the audit log.
import type { ApiHandlers, SshConfigCandidate } from '../../shared/api'
import type { Host, Site } from '../../shared/model'
import { HostSchema } from '../../shared/model'
import { passwordSecretRef } from '../fleet/fleet-service'
import { importSshConfig, type SshConfigImportOptions } from '../ssh/ssh-config-import'
import type { SecretStore } from '../ssh/secret-store'
import type { FeatureDeps, HandlersFor } from './feature-service'

type HostRequests = Pick<ApiHandlers, 'hosts.save' | 'hosts.remove' | 'hosts.setPassword' | 'hosts.sshConfigCandidates' | 'hosts.importSshConfig' | 'hosts.reconnect' | 'hosts.forgetHostKey'>

export interface HostsServiceOptions {
  secretStore: SecretStore
  /** Called with the stored site after every change: re-points the pool, tells the renderers. */
  siteChanged(site: Site): Promise<void>
  sshConfig?: SshConfigImportOptions
}

const notFound = (message: string) => Object.assign(new Error(message), { kind: 'not-found' })

export function createHostsHandlers(deps: FeatureDeps, options: HostsServiceOptions): HandlersFor<HostRequests> {
  const { inventory, audit, actor } = deps
  const requireFleet = () => {
    if (!deps.fleet) throw Object.assign(new Error('this Rackside does not connect to hosts'), { kind: 'not-connected' })
    return deps.fleet
  }

  const candidates = async (): Promise<{ hosts: SshConfigCandidate[]; notes: string[] }> => {
    const imported = await importSshConfig(options.sshConfig)
    const existing = new Set(inventory.getSite().hosts.map((h) => h.name))
    return {
      hosts: imported.hosts.map((h) => ({
        name: h.name,
        address: h.address,
        port: h.port,
        user: h.user,
        ...(h.identityFile ? { identityFile: h.identityFile } : {}),
        ...(h.proxyJump ? { proxyJump: h.proxyJump } : {}),
        exists: existing.has(h.name)
      })),
      notes: imported.notes.map((n) => `${n.file}${n.host ? ` (${n.host})` : ''}: ${n.message}`)
    }
  }

  return {
    'hosts.save': async ({ original, host, device }) => {
      const site = inventory.getSite()
      const previousName = original ?? host.name
      if (original !== undefined && !site.hosts.some((h) => h.name === original)) throw notFound(`no host named ${original}`)
      if (original === undefined && site.hosts.some((h) => h.name === host.name)) throw Object.assign(new Error(`a host named ${host.name} already exists`), { kind: 'conflict' })
      const hosts = original === undefined ? [...site.hosts, host] : site.hosts.map((h) => (h.name === original ? host : h))
      const devices = site.devices.map((d) => {
        const linkedHere = d.host === previousName
        if (device === undefined) return linkedHere ? { ...d, host: host.name } : d
        if (d.name === device) return { ...d, host: host.name }
        if (linkedHere) {
          const { host: _unlinked, ...rest } = d
          return rest
        }
        return d
      })
      if (device && !site.devices.some((d) => d.name === device)) throw notFound(`no device named ${device}`)
      const saved = inventory.replaceSite({ ...site, hosts, devices })
      audit.append({ actor, action: original === undefined ? 'host.add' : 'host.edit', target: host.name, result: 'succeeded', detail: `${host.user}@${host.address}:${host.port} roles ${host.roles.join(',')}${device ? ` on ${device}` : ''}` })
      await options.siteChanged(saved)
      return saved
    },
    'hosts.remove': async ({ name }) => {
      const site = inventory.getSite()
      if (!site.hosts.some((h) => h.name === name)) throw notFound(`no host named ${name}`)
      const devices = site.devices.map((d) => {
        if (d.host !== name) return d
        const { host: _unlinked, ...rest } = d
        return rest
      })
      const saved = inventory.replaceSite({ ...site, hosts: site.hosts.filter((h) => h.name !== name), devices })
      await options.secretStore.delete(passwordSecretRef(name))
      audit.append({ actor, action: 'host.remove', target: name, result: 'succeeded' })
      await options.siteChanged(saved)
      return saved
    },
    'hosts.setPassword': async ({ host, password }) => {
      if (!inventory.getSite().hosts.some((h) => h.name === host)) throw notFound(`no host named ${host}`)
      await options.secretStore.set(passwordSecretRef(host), password)
      audit.append({ actor, action: 'host.set-password', target: host, result: 'succeeded' })
      if (deps.fleet) await deps.fleet.pool.reconnect(host).catch(() => undefined)
      return { saved: true }
    },
    'hosts.sshConfigCandidates': candidates,
    'hosts.importSshConfig': async ({ names }) => {
      const { hosts: found } = await candidates()
      const wanted = new Set(names)
      const picked = found.filter((h) => wanted.has(h.name))
      const missing = names.filter((n) => !picked.some((h) => h.name === n))
      if (missing.length > 0) throw notFound(`not in ~/.ssh/config: ${missing.join(', ')}`)
      const site = inventory.getSite()
      const byName = new Map<string, Host>(site.hosts.map((h) => [h.name, h]))
      for (const candidate of picked) {
        const previous = byName.get(candidate.name)
        byName.set(
          candidate.name,
          HostSchema.parse({
            name: candidate.name,
            address: candidate.address,
            port: candidate.port,
            user: candidate.user,
            roles: previous?.roles ?? ['plain'],
            ...(candidate.identityFile ? { identityFile: candidate.identityFile } : {}),
            ...(candidate.proxyJump ? { proxyJump: candidate.proxyJump } : {})
          })
        )
      }
      const saved = inventory.replaceSite({ ...site, hosts: [...byName.values()] })
      audit.append({ actor, action: 'host.import-ssh-config', target: names.join(', '), result: 'succeeded', detail: `${picked.length} host(s) from ~/.ssh/config` })
      await options.siteChanged(saved)
      return saved
    },
    'hosts.reconnect': async ({ name }) => {
      void requireFleet().pool.reconnect(name).catch(() => undefined)
      return { ok: true as const }
    },
    // Only Rackside's own known_hosts changes; the schema demands confirmed: true (the UI's dialog).
    'hosts.forgetHostKey': async ({ name }) => {
      const result = await requireFleet().forgetHostKey(name)
      const still = result.stillKnownIn.length > 0 ? `; still in ${result.stillKnownIn.join(', ')}` : ''
      audit.append({
        actor,
        action: 'host-key.forget',
        target: `${name} (${result.address}:${result.port})`,
        result: 'succeeded',
        detail: `removed ${result.removed} line(s) from ${result.knownHostsPath}${still}`
      })
      return result
    }
  }
}
