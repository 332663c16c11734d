// virsh 9.0 output for the demo hypervisors: vshTable layout for lists, the %-15s label
// columns of dominfo/nodeinfo/domjobinfo, key=value domstats, and domain XML.
import type { SimHost } from './fleet-model'
import { domainCounters, domainMemoryKiB, type CompletedJob, type Domain } from './hypervisor-model'
import type { MigrationProgress } from './migration-model'

/** virsh's vshTable: one leading space per cell, columns padded to the widest cell + 2, dashes = Σ(width + 3). */
export function vshTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: string[]) =>
    cells.map((cell, i) => (i < cells.length - 1 ? ` ${cell}${' '.repeat((widths[i] ?? 0) - cell.length + 2)}` : ` ${cell}`)).join('') + '\n'
  const dashes = '-'.repeat(widths.reduce((sum, w) => sum + w + 3, 0))
  return line(header) + `${dashes}\n` + rows.map(line).join('')
}

export function virshList(host: SimHost, all: boolean): string {
  const domains = (host.hypervisor?.list() ?? []).filter((d) => all || d.id !== null)
  return vshTable(
    ['Id', 'Name', 'State'],
    domains.map((d) => [d.id === null ? '-' : String(d.id), d.spec.name, d.state])
  )
}

export function virshDominfo(domain: Domain, tMs: number): string {
  const counters = domainCounters(domain, tMs)
  const rows: [string, string][] = [
    ['Id:', domain.id === null ? '-' : String(domain.id)],
    ['Name:', domain.spec.name],
    ['UUID:', domain.uuid],
    ['OS Type:', 'hvm'],
    ['State:', domain.state],
    ['CPU(s):', String(domain.spec.vcpus)]
  ]
  if (domain.id !== null) rows.push(['CPU time:', `${(counters.cpuTimeNs / 1e9).toFixed(1)}s`])
  rows.push(
    ['Max memory:', `${domainMemoryKiB(domain)} KiB`],
    ['Used memory:', `${domainMemoryKiB(domain)} KiB`],
    ['Persistent:', domain.persistent ? 'yes' : 'no'],
    ['Autostart:', domain.autostart ? 'enable' : 'disable'],
    ['Managed save:', 'no'],
    ['Security model:', 'none'],
    ['Security DOI:', '0']
  )
  return rows.map(([label, value]) => `${label.padEnd(15)} ${value}`).join('\n') + '\n'
}

export function virshNodeinfo(host: SimHost): string {
  const hw = host.hardware
  const rows: [string, string][] = [
    ['CPU model:', 'x86_64'],
    ['CPU(s):', String(hw.cpus)],
    ['CPU frequency:', `${hw.mhz} MHz`],
    ['CPU socket(s):', String(hw.sockets)],
    ['Core(s) per socket:', String(hw.coresPerSocket)],
    ['Thread(s) per core:', String(hw.threadsPerCore)],
    ['NUMA cell(s):', '1'],
    ['Memory size:', `${hw.memTotalKiB} KiB`]
  ]
  return rows.map(([label, value]) => `${label.padEnd(20)} ${value}`).join('\n') + '\n'
}

// KVM's per-vCPU and per-VM statistics (libvirt 9 passes them through as `*.sum`/`.cur`/`.max`),
// in the order virsh prints them, with a weight per unit of guest CPU time.
const KVM_VCPU_STATS: [string, number][] = [
  ['halt_poll_invalid.sum', 0],
  ['req_event.sum', 8e-7],
  ['irq_exits.sum', 2e-7],
  ['irq_injections.sum', 8e-8],
  ['preemption_other.sum', 4e-8],
  ['irq_window_exits.sum', 1.5e-8],
  ['pf_emulate.sum', 0],
  ['pf_fixed.sum', 3e-7],
  ['pf_spurious.sum', 0],
  ['directed_yield_attempted.sum', 0],
  ['hypercalls.sum', 2e-8],
  ['pf_fast.sum', 5e-8],
  ['pf_mmio_spte_created.sum', 0],
  ['halt_poll_success_ns.sum', 0.002],
  ['nested_run.sum', 0],
  ['invlpg.sum', 0],
  ['exits.sum', 7e-6],
  ['signal_exits.sum', 2e-9],
  ['request_irq_exits.sum', 0],
  ['insn_emulation.sum', 3e-6],
  ['nmi_injections.sum', 0],
  ['pf_park_timeouts.sum', 0],
  ['halt_exits.sum', 8e-8],
  ['halt_attempted_poll.sum', 4e-8],
  ['fpu_reload.sum', 3.6e-6],
  ['io_exits.sum', 6e-7],
  ['preemption_reported.sum', 0],
  ['pf_parked.sum', 0],
  ['tlb_flush.sum', 3e-9],
  ['directed_yield_successful.sum', 0],
  ['nmi_window_exits.sum', 0],
  ['mmio_exits.sum', 1e-7],
  ['host_state_reload.sum', 9e-7],
  ['pf_guest.sum', 0],
  ['pf_taken.sum', 4e-8],
  ['halt_poll_fail_ns.sum', 0.001],
  ['insn_emulation_fail.sum', 0],
  ['l1d_flush.sum', 0],
  ['halt_wait_ns.sum', 3.4]
]
const KVM_VCPU_FLAGS = ['blocking.cur', 'guest_mode.cur']
const KVM_VCPU_TAIL: [string, number][] = [
  ['notify_window_exits.sum', 0],
  ['halt_wakeup.sum', 6e-8],
  ['halt_successful_poll.sum', 2e-8]
]
const KVM_VM_STATS: [string, number][] = [
  ['mmu_kicks_spared.sum', 0],
  ['mmu_pte_write.sum', 0],
  ['mmu_cache_miss.sum', 1e-9],
  ['pages_2m.cur', 0],
  ['max_mmu_page_hash_collisions.max', 0],
  ['pages_4k.cur', 0],
  ['nx_lpage_splits.cur', 0],
  ['mmu_unsync.cur', 0],
  ['remote_tlb_flush_requests.sum', 3e-9],
  ['mmu_shadow_zapped.sum', 2e-8],
  ['max_mmu_rmap_size.max', 0],
  ['mmu_pde_zapped.sum', 0],
  ['remote_tlb_flush.sum', 0],
  ['mmu_recycled.sum', 0],
  ['mmu_flooded.sum', 0],
  ['pages_1g.cur', 0]
]

/**
 * `virsh domstats --raw` for one domain, followed by the blank line virsh prints. `prefixes` are
 * the key prefixes of the stat groups asked for (`cpu` for --cpu-total, `net` for --interface);
 * null means every group, as virsh gives without a group option. Only those lines are built: a
 * 500-host fleet is polled every 5 s.
 */
export function virshDomstats(domain: Domain, tMs: number, prefixes: ReadonlySet<string> | null = null): string {
  const lines = [`Domain: '${domain.spec.name}'`]
  const wants = (prefix: string) => prefixes === null || prefixes.has(prefix)
  const add = (key: string, value: string | number) => {
    if (wants(key.slice(0, key.indexOf('.')))) lines.push(`  ${key}=${value}`)
  }
  const memKiB = domainMemoryKiB(domain)
  if (domain.id === null) {
    // The only way a demo domain is shut off: migrated away without --undefinesource.
    add('state.state', 5)
    add('state.reason', 4)
    add('balloon.current', memKiB)
    add('balloon.maximum', memKiB)
    add('vcpu.current', domain.spec.vcpus)
    add('vcpu.maximum', domain.spec.vcpus)
    add('net.count', 0)
    addBlocks(domain, add, null)
    return `${lines.join('\n')}\n\n`
  }
  const c = domainCounters(domain, tMs)
  const paused = domain.state === 'paused'
  // Reasons as libvirt numbers them: paused for migration, running booted or migrated.
  add('state.state', paused ? 3 : 1)
  add('state.reason', paused ? 2 : domain.completedJob?.operation === 'Incoming migration' ? 2 : 1)
  add('cpu.time', c.cpuTimeNs)
  add('cpu.user', c.cpuUserNs)
  add('cpu.system', c.cpuSystemNs)
  add('cpu.cache.monitor.count', 0)
  add('cpu.haltpoll.success.time', 0)
  add('cpu.haltpoll.fail.time', 0)
  add('balloon.current', memKiB)
  add('balloon.maximum', memKiB)
  add('balloon.last-update', 0)
  add('balloon.rss', Math.round(memKiB * (paused ? 0.3 : domain.rssFraction)) + 184_320)
  add('vcpu.current', domain.spec.vcpus)
  add('vcpu.maximum', domain.spec.vcpus)
  if (wants('vcpu')) {
    c.vcpuTimeNs.forEach((time, i) => {
      add(`vcpu.${i}.state`, paused ? 0 : 1)
      add(`vcpu.${i}.time`, time)
      add(`vcpu.${i}.wait`, 0)
      add(`vcpu.${i}.delay`, Math.round(time * 0.004))
      for (const [name, weight] of KVM_VCPU_STATS) add(`vcpu.${i}.${name}`, Math.round(time * weight))
      for (const name of KVM_VCPU_FLAGS) add(`vcpu.${i}.${name}`, 'no')
      for (const [name, weight] of KVM_VCPU_TAIL) add(`vcpu.${i}.${name}`, Math.round(time * weight))
    })
  }
  add('net.count', 1)
  add('net.0.name', `vnet${domain.vnet ?? 0}`)
  add('net.0.rx.bytes', c.netRxBytes)
  add('net.0.rx.pkts', c.netRxPackets)
  add('net.0.rx.errs', 0)
  add('net.0.rx.drop', 0)
  add('net.0.tx.bytes', c.netTxBytes)
  add('net.0.tx.pkts', c.netTxPackets)
  add('net.0.tx.errs', 0)
  add('net.0.tx.drop', 0)
  addBlocks(domain, add, c)
  add('dirtyrate.calc_status', 0)
  add('dirtyrate.calc_start_time', 0)
  add('dirtyrate.calc_period', 0)
  add('dirtyrate.calc_mode', 'page-sampling')
  if (wants('vm')) for (const [name, weight] of KVM_VM_STATS) add(`vm.${name}`, Math.round(c.cpuTimeNs * weight))
  return `${lines.join('\n')}\n\n`
}

function addBlocks(domain: Domain, add: (key: string, value: string | number) => void, c: ReturnType<typeof domainCounters> | null): void {
  add('block.count', domain.disks.length)
  domain.disks.forEach((disk, i) => {
    // The data disks see a third of the system disk's traffic share each.
    const share = i === 0 ? 1 : 0.35
    const p = `block.${i}`
    add(`${p}.name`, disk.target)
    add(`${p}.path`, disk.path)
    if (c) {
      add(`${p}.backingIndex`, 1)
      add(`${p}.rd.reqs`, Math.round(c.diskReadReqs * share))
      add(`${p}.rd.bytes`, Math.round(c.diskReadBytes * share))
      add(`${p}.rd.times`, Math.round(c.diskReadReqs * share * 310_000))
      add(`${p}.wr.reqs`, Math.round(c.diskWriteReqs * share))
      add(`${p}.wr.bytes`, Math.round(c.diskWriteBytes * share))
      add(`${p}.wr.times`, Math.round(c.diskWriteReqs * share * 520_000))
      add(`${p}.fl.reqs`, Math.round(c.diskFlushReqs * share))
      add(`${p}.fl.times`, Math.round(c.diskFlushReqs * share * 2_100_000))
    }
    add(`${p}.allocation`, disk.allocationBytes)
    add(`${p}.capacity`, disk.capacityBytes)
    add(`${p}.physical`, disk.allocationBytes)
  })
}

/** vshPrettyCapacity: the largest binary unit below the value, printed with 3 decimals. */
export function prettyCapacity(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return `${value.toFixed(3)} ${units[unit]}`
}

const label = (text: string) => text.padEnd(17)
const num = (value: number, suffix: string) => `${String(Math.round(value)).padEnd(12)} ${suffix}`

/** `virsh domjobinfo` while a migration runs on the source (Job type: Unbounded). */
export function virshJobActive(progress: MigrationProgress, setupMs: number): string {
  const lines = [
    `${label('Job type:')} ${'Unbounded'.padEnd(12)}`,
    `${label('Operation:')} Outgoing migration`,
    `${label('Time elapsed:')} ${num(progress.elapsedMs, 'ms')}`,
    `${label('Data processed:')} ${prettyCapacity(progress.processedBytes)}`,
    `${label('Data remaining:')} ${prettyCapacity(progress.remainingBytes)}`,
    `${label('Data total:')} ${prettyCapacity(progress.totalBytes)}`,
    `${label('Memory processed:')} ${prettyCapacity(progress.processedBytes)}`,
    `${label('Memory remaining:')} ${prettyCapacity(progress.remainingBytes)}`,
    `${label('Memory total:')} ${prettyCapacity(progress.totalBytes)}`,
    `${label('Memory bandwidth:')} ${prettyCapacity(progress.bandwidthBytesPerS)}/s`,
    `${label('Dirty rate:')} ${num(progress.fraction > 0 ? 1800 : 0, 'pages/s')}`,
    `${label('Page size:')} ${num(4096, 'bytes')}`,
    `${label('Iteration:')} ${String(progress.iteration).padEnd(12)}`,
    `${label('Postcopy requests:')} ${String(0).padEnd(12)}`,
    `${label('Constant pages:')} ${String(progress.constantPages).padEnd(12)}`,
    `${label('Normal pages:')} ${String(progress.normalPages).padEnd(12)}`,
    `${label('Normal data:')} ${prettyCapacity(progress.normalBytes)}`,
    `${label('Expected downtime:')} ${num(300, 'ms')}`,
    `${label('Setup time:')} ${num(setupMs, 'ms')}`
  ]
  return `${lines.join('\n')}\n`
}

export function virshJobNone(): string {
  return `${label('Job type:')} ${'None'.padEnd(12)}\n`
}

const JOB_TYPES: Record<CompletedJob['status'], string> = { completed: 'Completed', failed: 'Failed', cancelled: 'Cancelled' }

/** `virsh domjobinfo --completed`, in the layout of the captured incoming-migration job. */
export function virshJobCompleted(job: CompletedJob): string {
  const networkMs = Math.max(1, job.elapsedMs - 1)
  const lines = [
    `${label('Job type:')} ${JOB_TYPES[job.status].padEnd(12)}`,
    `${label('Operation:')} ${job.operation}`,
    `${label('Time elapsed:')} ${num(job.elapsedMs, 'ms')}`,
    `${label('Time elapsed w/o network:')} ${num(networkMs, 'ms')}`,
    `${label('Data processed:')} ${prettyCapacity(job.dataProcessedBytes)}`,
    `${label('Data remaining:')} ${prettyCapacity(job.dataRemainingBytes)}`,
    `${label('Data total:')} ${prettyCapacity(job.dataTotalBytes)}`,
    `${label('Memory processed:')} ${prettyCapacity(job.dataProcessedBytes)}`,
    `${label('Memory remaining:')} ${prettyCapacity(job.dataRemainingBytes)}`,
    `${label('Memory total:')} ${prettyCapacity(job.dataTotalBytes)}`,
    `${label('Memory bandwidth:')} ${prettyCapacity(job.bandwidthBytesPerS)}/s`,
    `${label('Dirty rate:')} ${num(0, 'pages/s')}`,
    `${label('Page size:')} ${num(4096, 'bytes')}`,
    `${label('Iteration:')} ${String(job.iterations).padEnd(12)}`,
    `${label('Postcopy requests:')} ${String(0).padEnd(12)}`,
    `${label('Constant pages:')} ${String(job.constantPages).padEnd(12)}`,
    `${label('Normal pages:')} ${String(job.normalPages).padEnd(12)}`,
    `${label('Normal data:')} ${prettyCapacity(job.normalBytes)}`
  ]
  if (job.status === 'completed') {
    lines.push(`${label('Total downtime:')} ${num(job.downtimeMs, 'ms')}`, `${label('Downtime w/o network:')} ${num(Math.max(1, job.downtimeMs - 1), 'ms')}`)
  }
  lines.push(`${label('Setup time:')} ${num(job.setupMs, 'ms')}`)
  return `${lines.join('\n')}\n`
}

export function virshDomblklist(domain: Domain, details: boolean): string {
  if (details) return vshTable(['Type', 'Device', 'Target', 'Source'], domain.disks.map((d) => ['file', 'disk', d.target, d.path]))
  return vshTable(['Target', 'Source'], domain.disks.map((d) => [d.target, d.path]))
}

export function virshDumpxml(domain: Domain): string {
  const running = domain.id !== null
  const memKiB = domainMemoryKiB(domain)
  const alias = (name: string) => (running ? [`      <alias name='${name}'/>`] : [])
  const disks = domain.disks.flatMap((disk, i) => [
    "    <disk type='file' device='disk'>",
    "      <driver name='qemu' type='qcow2' cache='none' io='native' discard='unmap'/>",
    `      <source file='${disk.path}'${running ? ` index='${domain.disks.length - i}'` : ''}/>`,
    ...(running ? ['      <backingStore/>'] : []),
    `      <target dev='${disk.target}' bus='virtio'/>`,
    ...alias(`virtio-disk${i}`),
    `      <address type='pci' domain='0x0000' bus='0x0${4 + i}' slot='0x00' function='0x0'/>`,
    '    </disk>'
  ])
  const lines = [
    `<domain type='kvm'${running ? ` id='${domain.id}'` : ''}>`,
    `  <name>${domain.spec.name}</name>`,
    `  <uuid>${domain.uuid}</uuid>`,
    `  <memory unit='KiB'>${memKiB}</memory>`,
    `  <currentMemory unit='KiB'>${memKiB}</currentMemory>`,
    `  <vcpu placement='static'>${domain.spec.vcpus}</vcpu>`,
    ...(running ? ['  <resource>', '    <partition>/machine</partition>', '  </resource>'] : []),
    '  <os>',
    "    <type arch='x86_64' machine='pc-q35-7.2'>hvm</type>",
    "    <boot dev='hd'/>",
    '  </os>',
    '  <features>',
    '    <acpi/>',
    '    <apic/>',
    '  </features>',
    "  <cpu mode='host-model' check='partial'/>",
    "  <clock offset='utc'>",
    "    <timer name='rtc' tickpolicy='catchup'/>",
    "    <timer name='pit' tickpolicy='delay'/>",
    "    <timer name='hpet' present='no'/>",
    '  </clock>',
    '  <on_poweroff>destroy</on_poweroff>',
    '  <on_reboot>restart</on_reboot>',
    '  <on_crash>destroy</on_crash>',
    '  <devices>',
    '    <emulator>/usr/bin/qemu-system-x86_64</emulator>',
    ...disks,
    "    <interface type='bridge'>",
    `      <mac address='${domain.macAddress}'/>`,
    "      <source bridge='br0'/>",
    ...(running ? [`      <target dev='vnet${domain.vnet ?? 0}'/>`] : []),
    "      <model type='virtio'/>",
    ...alias('net0'),
    "      <address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>",
    '    </interface>',
    "    <serial type='pty'>",
    ...(running ? [`      <source path='/dev/pts/${(domain.vnet ?? 0) + 1}'/>`] : []),
    "      <target type='isa-serial' port='0'>",
    "        <model name='isa-serial'/>",
    '      </target>',
    ...alias('serial0'),
    '    </serial>',
    "    <memballoon model='virtio'>",
    ...alias('balloon0'),
    "      <address type='pci' domain='0x0000' bus='0x03' slot='0x00' function='0x0'/>",
    '    </memballoon>',
    '  </devices>',
    ...(running ? ["  <seclabel type='none' model='none'/>"] : []),
    '</domain>'
  ]
  return `${lines.join('\n')}\n`
}
