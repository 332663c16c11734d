// Rackside pointed at the lab's real hypervisors: a site inventory for hv-01..03 (root over SSH with
// the lab's key and known_hosts), and a guest of the test's own on the Gluster volume, so these
// tests never move the lab's vm1/vm2 from under another test.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createServices, type Services } from '../../../src/main/services'
import { labHosts, labPaths, labRun, labSsh, labSshText, labVmstoreMount, type LabHostName, type LabVirtType } from '../../lab/lab'
import { resourcesDir } from '../../helpers/temp-services'

export const LAB_HYPERVISORS: readonly LabHostName[] = ['hv-01', 'hv-02', 'hv-03']

export function labAddress(host: LabHostName): string {
  const found = labHosts.find((h) => h.name === host)
  if (found === undefined) throw new Error(`no lab host ${host}`)
  return found.address
}

/** One cabinet, three small hypervisors linked to their lab hosts. */
export function labSiteYaml(): string {
  const key = labPaths().privateKey
  return [
    'site: { name: Rackside lab }',
    'cabinets:',
    '  - { name: L01, heightU: 46, maxWeightKg: 800, coolingWatts: 6000, feeds: [{ name: A, volts: 230, amps: 16 }, { name: B, volts: 230, amps: 16 }] }',
    'models:',
    '  - { name: Lab hypervisor 1U, heightU: 1, watts: { nameplate: 200, typical: 40, idle: 25, peak: 90 }, weightKg: 8, cores: 2, ramGiB: 8 }',
    'devices:',
    ...LAB_HYPERVISORS.map((h, i) => `  - { name: ${h}, model: Lab hypervisor 1U, cabinet: L01, positionU: ${40 - i}, feeds: [A, B], host: ${h} }`),
    'hosts:',
    ...LAB_HYPERVISORS.map((h) => `  - { name: ${h}, address: ${labAddress(h)}, user: root, roles: [hypervisor], identityFile: ${JSON.stringify(key)} }`),
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

/** Creates a guest like the lab's own (busy boot sector, disk on the Gluster volume) and starts it on `host`. */
export async function createLabGuest(name: string, host: LabHostName, virtType: LabVirtType): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'rackside-lab-guest-'))
  try {
    const disk = join(work, `${name}.qcow2`)
    const made = await labRun('bash', [join(__dirname, '..', '..', 'lab', 'lib', 'make-guest-disk.sh'), disk, '64M'])
    if (made.exitCode !== 0) throw new Error(`make-guest-disk.sh failed: ${made.stderr}`)
    const xml = readFileSync(join(__dirname, '..', '..', 'lab', 'lib', 'vm.xml'), 'utf8')
      .replaceAll('@NAME@', name)
      .replaceAll('@TYPE@', virtType)
      .replaceAll('@MEM@', '64')
      .replaceAll('@DISK@', `${labVmstoreMount}/${name}.qcow2`)
    writeFileSync(join(work, `${name}.xml`), xml)
    // The hosts share this machine's /tmp: the files are read from there inside the host.
    await labSshText(host, `cp ${disk} ${labVmstoreMount}/${name}.qcow2 && virsh -q define ${join(work, `${name}.xml`)} && virsh -q start ${name}`)
  } finally {
    rmSync(work, { recursive: true, force: true })
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

/** Stops and removes the guest wherever it is, and its disk. */
export async function removeLabGuest(name: string): Promise<void> {
  for (const host of LAB_HYPERVISORS) {
    await labSsh(host, `virsh -q destroy ${name} >/dev/null 2>&1; virsh -q undefine ${name} >/dev/null 2>&1; true`)
  }
  await labSsh('hv-01', `rm -f ${labVmstoreMount}/${name}.qcow2`)
}
