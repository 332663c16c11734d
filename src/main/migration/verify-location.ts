// Where is the VM after a migration ended — whichever way it ended? `virsh list --all` on both
// hosts; exactly one of them must have it active, anything else is an alarm with the facts.
import type { MigrationVerification } from '../../shared/api-parts/vms-api'
import { parseVirshList, virshListCommand } from '../probes/libvirt'
import { execText, type HostExec } from './host-exec'

// States in which a domain holds its memory and could be running somewhere: not 'shut off' or 'crashed'.
const INACTIVE = new Set(['shut off', 'crashed'])

export interface VerifyOptions {
  exec: HostExec
  now(): number
  connectUri?: string
  timeoutMs?: number
  /** A host that could not be asked is asked again this many times (the link may come back). */
  attempts?: number
  retryDelayMs?: number
  sleep?: (ms: number) => Promise<void>
}

async function askHost(options: VerifyOptions, host: string, vm: string): Promise<{ host: string; state: string | null; error?: string }> {
  const attempts = Math.max(1, options.attempts ?? 3)
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))
  let lastError = ''
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const list = parseVirshList(await execText(options.exec, host, virshListCommand(options.connectUri), options.timeoutMs ?? 15_000))
      const domain = list.domains.find((d) => d.name === vm)
      return { host, state: domain?.state ?? null }
    } catch (error) {
      lastError = (error as Error).message
      if (attempt < attempts) await sleep(options.retryDelayMs ?? 2_000)
    }
  }
  return { host, state: null, error: lastError }
}

export async function verifyLocation(options: VerifyOptions, vm: string, from: string, to: string): Promise<MigrationVerification> {
  const hosts = await Promise.all([askHost(options, from, vm), askHost(options, to, vm)])
  const activeOn = hosts.filter((h) => h.state !== null && !INACTIVE.has(h.state)).map((h) => h.host)
  const unanswered = hosts.some((h) => h.error !== undefined)
  let verdict: MigrationVerification['verdict']
  if (activeOn.length === 2) verdict = 'both'
  else if (unanswered) verdict = 'unknown'
  else if (activeOn.length === 0) verdict = 'nowhere'
  else verdict = activeOn[0] === to ? 'on-target' : 'on-source'
  return { atMs: options.now(), hosts, activeOn, verdict }
}

/** The verification in words, and the alarm when the VM is not on exactly one known host. */
export function describeVerification(v: MigrationVerification, vm: string): { message: string; alarm?: string } {
  const where = v.hosts.map((h) => (h.error !== undefined ? `${h.host}: could not ask (${h.error})` : `${h.host}: ${h.state ?? 'not defined'}`)).join('; ')
  switch (v.verdict) {
    case 'on-target':
    case 'on-source':
      return { message: `${vm} runs on ${v.activeOn[0]} (verified: ${where})` }
    case 'both':
      return { message: `${vm} is active on both hosts`, alarm: `${vm} is active on BOTH ${v.activeOn.join(' and ')} (${where}): two copies may write to the same disks — pause or destroy one now` }
    case 'nowhere':
      return { message: `${vm} runs on neither host`, alarm: `${vm} runs on NEITHER host after the migration (${where}): start it again where its disks are` }
    case 'unknown':
      return {
        message: `where ${vm} runs could not be verified`,
        alarm: `${vm}: could not verify where it runs (${where})${v.activeOn.length === 1 ? ` — ${v.activeOn[0]} has it active, the other host did not answer` : ''}; check with virsh list --all on both hosts`
      }
  }
}
