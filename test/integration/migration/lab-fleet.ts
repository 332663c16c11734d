// Rackside pointed at the lab's real hypervisors: a site inventory for hv-01..03 (root over SSH with
// the lab's key and known_hosts), and a guest of the test's own on the Gluster volume, so these
// tests never move the lab's vm1/vm2 from under another test.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createServices, type Services } from '../../../src/main/services'
import { labPaths, labRun, labSsh, labSshText, labVmstoreMount, type LabHostName, type LabVirtType } from '../../lab/lab'
import { labHostYaml } from '../../helpers/lab-web'
import { resourcesDir } from '../../helpers/temp-services'

export const LAB_HYPERVISORS: readonly LabHostName[] = ['hv-01', 'hv-02', 'hv-03']

/** Each lab host has its own private copy of this directory: a disk here is local to its host. */
export const LAB_LOCAL_IMAGES = '/var/lib/libvirt/images'

export interface LabSiteOptions {
  /**
   * A fourth hypervisor in the cabinet that is down: its address is 127.0.0.1 port 1, where nothing
   * listens, so every connection is refused at once and no traffic leaves the machine.
   */
  downHypervisor?: string
}

/** One cabinet, three small hypervisors linked to their lab hosts (and a down one, when asked). */
export function labSiteYaml(options: LabSiteOptions = {}): string {
  const key = JSON.stringify(labPaths().privateKey)
  const down = options.downHypervisor
  return [
    'site: { name: Rackside lab }',
    'cabinets:',
    '  - { name: L01, heightU: 46, maxWeightKg: 800, coolingWatts: 6000, feeds: [{ name: A, volts: 230, amps: 16 }, { name: B, volts: 230, amps: 16 }] }',
    'models:',
    '  - { name: Lab hypervisor 1U, heightU: 1, watts: { nameplate: 200, typical: 40, idle: 25, peak: 90 }, weightKg: 8, cores: 2, ramGiB: 8 }',
    'devices:',
    ...[...LAB_HYPERVISORS, ...(down === undefined ? [] : [down])].map((h, i) => `  - { name: ${h}, model: Lab hypervisor 1U, cabinet: L01, positionU: ${40 - i}, feeds: [A, B], host: ${h} }`),
    'hosts:',
    ...LAB_HYPERVISORS.map((h) => labHostYaml(h, ['hypervisor'])),
    ...(down === undefined ? [] : [`  - { name: ${down}, address: 127.0.0.1, port: 1, user: root, roles: [hypervisor], identityFile: ${key} }`]),
    ''
  ].join('\n')
}

/** The app's services on a fresh data folder, with the lab as its site, polled as the app polls. */
export async function labServices(dataDir: string, vmsIntervalMs = 2_000): Promise<Services> {
  const services = await createServices({
    dataDir,
    resourcesDir,
    version: '0.0.0-lab',
    secretStoreKind: 'memory',
    connectFleet: true,
    fleet: { userKnownHostsPaths: [labPaths().knownHosts], poller: { intervals: { vmsMs: vmsIntervalMs } } }
  })
  const imported = await services.handlers['inventory.importYaml']({ text: labSiteYaml(), fileName: 'lab-site.yaml' })
  if (!imported.ok) throw new Error(`lab site rejected: ${JSON.stringify(imported.errors)}`)
  return services
}

/**
 * Creates a guest like the lab's own (busy boot sector, disk on the Gluster volume) and starts it
 * on `host`; with `localDisk` its disk lies in the host's private image directory instead.
 */
export async function createLabGuest(name: string, host: LabHostName, virtType: LabVirtType, options: { localDisk?: boolean } = {}): Promise<void> {
  const imageDir = options.localDisk === true ? LAB_LOCAL_IMAGES : labVmstoreMount
  const work = mkdtempSync(join(tmpdir(), 'rackside-lab-guest-'))
  try {
    const disk = join(work, `${name}.qcow2`)
    const made = await labRun('bash', [join(__dirname, '..', '..', 'lab', 'lib', 'make-guest-disk.sh'), disk, '64M'])
    if (made.exitCode !== 0) throw new Error(`make-guest-disk.sh failed: ${made.stderr}`)
    const xml = readFileSync(join(__dirname, '..', '..', 'lab', 'lib', 'vm.xml'), 'utf8')
      .replaceAll('@NAME@', name)
      .replaceAll('@TYPE@', virtType)
      .replaceAll('@MEM@', '64')
      .replaceAll('@DISK@', `${imageDir}/${name}.qcow2`)
    writeFileSync(join(work, `${name}.xml`), xml)
    // The hosts share this machine's /tmp: the files are read from there inside the host.
    await labSshText(host, `cp ${disk} ${imageDir}/${name}.qcow2 && virsh -q define ${join(work, `${name}.xml`)} && virsh -q start ${name}`)
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

/** Resolves once the condition holds (checked every 250 ms); usable in hooks, where expect.poll is not. */
export async function waitUntil(what: string, condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}

/** Which lab hypervisors have the guest defined, and in what state. */
export async function guestStates(name: string): Promise<Record<string, string>> {
  const states: Record<string, string> = {}
  for (const host of LAB_HYPERVISORS) {
    const r = await labSsh(host, `virsh domstate ${name}`)
    if (r.exitCode === 0) states[host] = r.stdout.trim()
  }
  return states
}

/** Stops and removes the guest wherever it is, and its disk (on the volume or local to any host). */
export async function removeLabGuest(name: string): Promise<void> {
  for (const host of LAB_HYPERVISORS) {
    await labSsh(host, `virsh -q destroy ${name} >/dev/null 2>&1; virsh -q undefine ${name} >/dev/null 2>&1; rm -f ${LAB_LOCAL_IMAGES}/${name}.qcow2; true`)
  }
  await labSsh('hv-01', `rm -f ${labVmstoreMount}/${name}.qcow2`)
}
