// `ps -eo FIELDS [--sort=±pcpu]` on a demo host: the daemons every Debian server runs plus
// what its role adds (a qemu process per running VM, Dovecot's per-session processes, the
// Gluster daemons), with %CPU as ps computes it (CPU time over the process's lifetime).
import type { CommandHandler } from './command-router'
import type { SimHost } from './fleet-model'
import { domainCounters } from './hypervisor-model'
import { hash32 } from './seeded-random'

interface Process {
  pid: number
  ppid: number
  user: string
  cpuPercent: number
  memPercent: number
  elapsedS: number
  comm: string
  args: string
}

interface Column {
  header: string
  /** Right-aligned to this width; left-aligned columns pad to it unless last. */
  width: number
  right: boolean
  cell(p: Process): string
}

// Debian's pid_max (4194304) makes ps print PIDs 7 wide.
const PID_WIDTH = 7

/** ps prints %CPU/%MEM with one decimal below 100 and as a whole number above. */
function percent(value: number): string {
  return value < 99.95 ? value.toFixed(1) : String(Math.round(value))
}

const COLUMNS: Record<string, Column> = {
  pid: { header: 'PID', width: PID_WIDTH, right: true, cell: (p) => String(p.pid) },
  ppid: { header: 'PPID', width: PID_WIDTH, right: true, cell: (p) => String(p.ppid) },
  user: { header: 'USER', width: 8, right: false, cell: (p) => (p.user.length > 8 ? `${p.user.slice(0, 7)}+` : p.user) },
  pcpu: { header: '%CPU', width: 4, right: true, cell: (p) => percent(p.cpuPercent) },
  pmem: { header: '%MEM', width: 4, right: true, cell: (p) => percent(p.memPercent) },
  etimes: { header: 'ELAPSED', width: 7, right: true, cell: (p) => String(Math.floor(p.elapsedS)) },
  comm: { header: 'COMMAND', width: 15, right: false, cell: (p) => p.comm.slice(0, 15) },
  args: { header: 'COMMAND', width: 27, right: false, cell: (p) => p.args },
  cmd: { header: 'CMD', width: 27, right: false, cell: (p) => p.args }
}

function processes(host: SimHost, tMs: number): Process[] {
  const uptimeS = host.metrics.uptimeS(tMs)
  const memTotal = host.hardware.memTotalKiB
  const list: Process[] = []
  const add = (pid: number, ppid: number, user: string, comm: string, args: string, startedS: number, cpuSeconds: number, rssKiB: number) => {
    const elapsedS = Math.max(1, uptimeS - startedS)
    list.push({ pid, ppid, user, comm, args, elapsedS, cpuPercent: (cpuSeconds / elapsedS) * 100, memPercent: (rssKiB / memTotal) * 100 })
  }
  const base = (name: string) => 300 + (hash32(host.name, name) % 700)
  add(1, 0, 'root', 'systemd', '/sbin/init', 0, uptimeS * 0.0004, 12_000)
  add(base('journald'), 1, 'root', 'systemd-journal', '/lib/systemd/systemd-journald', 1, uptimeS * 0.0006, 40_000)
  add(base('rsyslogd'), 1, 'root', 'rsyslogd', '/usr/sbin/rsyslogd -n -iNONE', 3, uptimeS * 0.0003, 6_000)
  add(base('cron'), 1, 'root', 'cron', '/usr/sbin/cron -f', 3, uptimeS * 0.00002, 2_800)
  add(base('sshd'), 1, 'root', 'sshd', 'sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups', 3, uptimeS * 0.00005, 9_000)

  const hv = host.hypervisor
  if (hv) {
    const libvirtd = base('libvirtd')
    add(libvirtd, 1, 'root', 'libvirtd', '/usr/sbin/libvirtd --timeout 120', 5, uptimeS * 0.004, 48_000)
    add(base('virtlogd'), 1, 'root', 'virtlogd', '/usr/sbin/virtlogd', 5, uptimeS * 0.00005, 14_000)
    for (const domain of hv.list()) {
      if (domain.id === null) continue
      const pid = 10_000 + (hash32(host.name, domain.spec.name, domain.qemuStartMs) % 2_000_000)
      const cpu = domainCounters(domain, tMs).cpuTimeNs / 1e9
      const startedS = Math.max(0, (domain.qemuStartMs - host.bootMs) / 1000)
      const args = `/usr/bin/qemu-system-x86_64 -name guest=${domain.spec.name},debug-threads=on -S -machine pc-q35-7.2,usb=off -accel kvm -cpu host -m ${domain.spec.memoryGiB * 1024} -smp ${domain.spec.vcpus} -uuid ${domain.uuid}`
      add(pid, 1, 'libvirt-qemu', 'qemu-system-x86', args, startedS, cpu, domain.spec.memoryGiB * 1_048_576 * domain.rssFraction)
    }
  }
  if (host.isGlusterNode) {
    add(base('glusterd'), 1, 'root', 'glusterd', '/usr/sbin/glusterd -p /var/run/glusterd.pid --log-level INFO', 6, uptimeS * 0.002, 30_000)
    add(base('glusterfs'), 1, 'root', 'glusterfs', '/usr/sbin/glusterfs --process-name fuse --volfile-server=localhost --volfile-id=/vmstore /var/lib/libvirt/images/vmstore', 8, uptimeS * 0.03, 90_000)
  }
  const mail = host.mail
  if (mail) {
    const master = mail.masterPid
    add(master, 1, 'root', 'dovecot', '/usr/sbin/dovecot -F', 10, uptimeS * 0.0008, 4_000)
    for (const daemon of mail.daemons(tMs)) add(daemon.pid, master, daemon.name.endsWith('-login') ? 'dovenull' : daemon.name === 'auth' ? 'dovecot' : 'root', daemon.name, `dovecot/${daemon.name}`, 12, uptimeS * 0.0005, 6_000)
    for (const session of mail.activeSessions(tMs)) {
      const name = session.kind === 'brute' ? (session.proto === 'smtp' ? 'smtpd' : `${session.proto}-login`) : session.proto
      const elapsedS = Math.max(1, (tMs - session.startMs) / 1000)
      const busy = session.kind === 'busy' ? 0.22 : session.kind === 'pop3-storm' ? 0.35 : session.kind === 'brute' ? 0.01 : 0.002
      const user = name === 'smtpd' ? 'postfix' : name.endsWith('-login') ? 'dovenull' : 'vmail'
      add(session.pid, master, user, name, name === 'smtpd' ? 'smtpd -n submission -t inet -u -o stress=' : `dovecot/${name}`, uptimeS - elapsedS, elapsedS * busy, 5_500)
    }
    const postfix = base('postfix-master')
    add(postfix, 1, 'root', 'master', '/usr/lib/postfix/sbin/master -w', 10, uptimeS * 0.0002, 4_600)
    add(mail.masterPid + 402, postfix, 'postfix', 'qmgr', 'qmgr -l -t unix -u', 10, uptimeS * 0.0001, 4_200)
    add(mail.masterPid + 411, postfix, 'postfix', 'cleanup', 'cleanup -z -t unix -u -c', uptimeS - 40, 0.05, 4_100)
  }
  return list
}

/** `ps -eo FIELD,... [--sort=-pcpu|pcpu|pid]`. */
export const psCommand: CommandHandler = (argv, ctx, io) => {
  let fields = ['pid', 'user', 'pcpu', 'comm']
  let sort: string | null = null
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? ''
    if (arg === '-e' || arg === '-A' || arg === 'ax' || arg === '-ax') continue
    if (arg === '-eo' || arg === '-o') fields = (argv[++i] ?? '').split(',')
    else if (arg.startsWith('--sort=')) sort = arg.slice(7)
    else if (arg === '--sort') sort = argv[++i] ?? null
    else {
      io.stderr(`error: unsupported option (the demo fleet knows -e, -o FIELDS and --sort): ${arg}\n`)
      return 1
    }
  }
  const unknown = fields.find((f) => !(f in COLUMNS))
  if (unknown !== undefined) {
    io.stderr(`error: unknown user-defined format specifier "${unknown}"\n`)
    return 1
  }
  const rows = processes(ctx.host, ctx.fleet.now())
  if (sort !== null) {
    const key = sort.replace(/^[-+]/, '')
    const sign = sort.startsWith('-') ? -1 : 1
    const value = (p: Process) => (key === 'pcpu' ? p.cpuPercent : key === 'pmem' ? p.memPercent : key === 'etimes' ? p.elapsedS : p.pid)
    rows.sort((a, b) => sign * (value(a) - value(b)) || a.pid - b.pid)
  } else rows.sort((a, b) => a.pid - b.pid)
  const columns = fields.map((f) => COLUMNS[f] as Column)
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => {
        const column = columns[i] as Column
        if (column.right) return cell.padStart(column.width)
        return i === cells.length - 1 ? cell : cell.padEnd(column.width)
      })
      .join(' ')
  io.stdout(`${[line(columns.map((c) => c.header)), ...rows.map((p) => line(columns.map((c) => c.cell(p))))].join('\n')}\n`)
  return 0
}
