// The everyday commands every demo host answers: cat of /proc files, hostname, nproc,
// uptime, vmstat (one-shot and streaming), free, ss, tail -F of the mail log, and the sh
// basics (printf, echo, true, false, sleep) used to test quoting.
import { sleep } from './abortable-sleep'
import type { CommandContext, CommandHandler } from './command-router'
import { freeText, procCpuinfo, procLoadavg, procMeminfo, procPressure, procStat, procUptime, uptimeLine, VMSTAT_HEADER, vmstatLine, vmstatSample } from './format-proc'
import { matchesFilter, parseSsFilter, ssTable, type SocketRow } from './format-ss'
import { mailLogLines, mailLogTail } from './mail-log'
import { hash32 } from './seeded-random'

const OS_RELEASE = `PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
VERSION="12 (bookworm)"
VERSION_CODENAME=bookworm
ID=debian
HOME_URL="https://www.debian.org/"
SUPPORT_URL="https://www.debian.org/support"
BUG_REPORT_URL="https://bugs.debian.org/"
`
const KERNEL = '6.1.0-28-amd64'
const KERNEL_VERSION = '#1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22)'
export const MAIL_LOG = '/var/log/mail.log'

const VMSTORE_MOUNT = '/var/lib/libvirt/images/vmstore'

/** A Debian host's mounts; hypervisors also mount the vmstore Gluster volume where VM disks live. */
function procMounts(host: CommandContext['host']): string {
  const lines = [
    'sysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0',
    'proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0',
    'udev /dev devtmpfs rw,nosuid,relatime,size=8123456k,nr_inodes=2030864,mode=755,inode64 0 0',
    'tmpfs /run tmpfs rw,nosuid,nodev,noexec,relatime,size=1626044k,mode=755,inode64 0 0',
    '/dev/sda2 / ext4 rw,relatime,errors=remount-ro 0 0',
    '/dev/sda1 /boot/efi vfat rw,relatime,fmask=0077,dmask=0077,codepage=437,iocharset=ascii,shortname=mixed,utf8,errors=remount-ro 0 0'
  ]
  if (host.roles.includes('gluster')) lines.push('/dev/sdb1 /srv/gluster xfs rw,relatime,attr2,inode64,logbufs=8,logbsize=32k,noquota 0 0')
  if (host.roles.includes('hypervisor')) {
    lines.push(`${host.roles.includes('gluster') ? host.name : 'hv-01'}:/vmstore ${VMSTORE_MOUNT} fuse.glusterfs rw,relatime,user_id=0,group_id=0,default_permissions,allow_other,max_read=131072 0 0`)
  }
  return `${lines.join('\n')}\n`
}

function fileText(path: string, ctx: CommandContext, tMs: number): string | null {
  const host = ctx.host
  switch (path) {
    case '/proc/loadavg':
      return procLoadavg(host, tMs)
    case '/proc/meminfo':
      return procMeminfo(host, tMs)
    case '/proc/stat':
      return procStat(host, tMs)
    case '/proc/uptime':
      return procUptime(host, tMs)
    case '/proc/pressure/cpu':
      return procPressure(host, tMs, 'cpu')
    case '/proc/pressure/io':
      return procPressure(host, tMs, 'io')
    case '/proc/pressure/memory':
      return procPressure(host, tMs, 'memory')
    case '/proc/cpuinfo':
      return procCpuinfo(host)
    case '/etc/hostname':
    case '/proc/sys/kernel/hostname':
      return `${host.name}\n`
    case '/etc/os-release':
    case '/usr/lib/os-release':
      return OS_RELEASE
    case '/etc/debian_version':
      return '12.8\n'
    case '/proc/sys/kernel/osrelease':
      return `${KERNEL}\n`
    case '/proc/mounts':
      return procMounts(host)
    case MAIL_LOG:
      return host.mail ? mailLogLines(host.mail, tMs - 3_600_000, tMs).map((l) => `${l.line}\n`).join('') : null
    default:
      return null
  }
}

const cat: CommandHandler = (argv, ctx, io) => {
  const tMs = ctx.fleet.now()
  let status = 0
  for (const path of argv.filter((a) => a !== '--')) {
    const text = fileText(path, ctx, tMs)
    if (text === null) {
      io.stderr(`cat: ${path}: No such file or directory\n`)
      status = 1
    } else io.stdout(text)
  }
  return status
}

const hostname: CommandHandler = (argv, ctx, io) => {
  const flag = argv[0]
  if (flag === '-I' || flag === '--all-ip-addresses') io.stdout(`${ctx.host.ipAddress} \n`)
  else if (flag === '-i' || flag === '--ip-address') io.stdout(`${ctx.host.ipAddress}\n`)
  else if (flag === '-f' || flag === '--fqdn' || flag === '--long') io.stdout(`${ctx.host.name}.demo\n`)
  else if (flag === undefined || flag === '-s' || flag === '--short') io.stdout(`${ctx.host.name}\n`)
  else {
    io.stderr(`hostname: invalid option -- '${flag.replace(/^-+/, '')}'\n`)
    return 1
  }
  return 0
}

const nproc: CommandHandler = (_argv, ctx, io) => {
  io.stdout(`${ctx.host.hardware.cpus}\n`)
  return 0
}

const uptime: CommandHandler = (argv, ctx, io) => {
  const tMs = ctx.fleet.now()
  if (argv[0] === '-s' || argv[0] === '--since') {
    const boot = new Date(ctx.host.bootMs + ctx.fleet.utcOffsetMinutes * 60_000).toISOString()
    io.stdout(`${boot.slice(0, 10)} ${boot.slice(11, 19)}\n`)
  } else if (argv[0] === '-p' || argv[0] === '--pretty') {
    const upS = Math.floor(ctx.host.metrics.uptimeS(tMs))
    const parts: string[] = []
    const weeks = Math.floor(upS / 604_800)
    const days = Math.floor((upS % 604_800) / 86_400)
    const hours = Math.floor((upS % 86_400) / 3600)
    const minutes = Math.floor((upS % 3600) / 60)
    const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`
    if (weeks) parts.push(unit(weeks, 'week'))
    if (days) parts.push(unit(days, 'day'))
    if (hours) parts.push(unit(hours, 'hour'))
    if (minutes || parts.length === 0) parts.push(unit(minutes, 'minute'))
    io.stdout(`up ${parts.join(', ')}\n`)
  } else io.stdout(uptimeLine(ctx.host, tMs, ctx.fleet.utcOffsetMinutes))
  return 0
}

const vmstat: CommandHandler = async (argv, ctx, io) => {
  let moreHeaders = true
  const numbers: number[] = []
  for (const arg of argv) {
    if (arg === '-n' || arg === '--one-header') moreHeaders = false
    else if (/^\d+$/.test(arg)) numbers.push(Number(arg))
    else {
      io.stderr(`vmstat: invalid option -- '${arg.replace(/^-+/, '')}'\n`)
      return 1
    }
  }
  const [delayS, count] = numbers
  if (delayS === 0) {
    io.stderr('vmstat: delay must be positive integer\n')
    return 1
  }
  io.stdout(VMSTAT_HEADER)
  let previous = vmstatSample(ctx.host, ctx.fleet.now())
  io.stdout(vmstatLine(ctx.host, previous, null))
  if (delayS === undefined) return 0
  // Without a terminal, vmstat repeats its header every 21 lines (24 rows - 3) unless -n.
  for (let line = 1; count === undefined || line < count; line++) {
    if (!(await sleep(delayS * 1000, io.signal))) return 0
    if (moreHeaders && line % 21 === 0) io.stdout(VMSTAT_HEADER)
    const current = vmstatSample(ctx.host, ctx.fleet.now())
    io.stdout(vmstatLine(ctx.host, current, previous))
    previous = current
  }
  return 0
}

const free: CommandHandler = (argv, ctx, io) => {
  let unit: 'b' | 'k' | 'm' | 'g' = 'k'
  for (const arg of argv) {
    if (arg === '-b' || arg === '--bytes') unit = 'b'
    else if (arg === '-k' || arg === '--kibi') unit = 'k'
    else if (arg === '-m' || arg === '--mebi') unit = 'm'
    else if (arg === '-g' || arg === '--gibi') unit = 'g'
    else {
      io.stderr(`free: invalid option -- '${arg.replace(/^-+/, '')}'\n`)
      return 1
    }
  }
  io.stdout(freeText(ctx.host, ctx.fleet.now(), unit))
  return 0
}

/** dash's printf: %s %d %i %u %x %%, backslash escapes, the format reused while arguments remain. */
const printf: CommandHandler = (argv, _ctx, io) => {
  const [format, ...args] = argv
  if (format === undefined) {
    io.stderr('printf: usage: printf format [arg ...]\n')
    return 2
  }
  let out = ''
  let index = 0
  let status = 0
  do {
    let consumed = false
    out += format.replace(/%(-?\d*)([sdiux%])|\\([\\nt'"abfrv0]|$)/g, (match, width: string | undefined, conv: string | undefined, esc: string | undefined) => {
      if (esc !== undefined) return ({ n: '\n', t: '\t', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', r: '\r', v: '\v', '0': '\0', '': '\\' } as Record<string, string>)[esc] ?? match
      if (conv === '%') return '%'
      consumed = true
      const arg = args[index++] ?? ''
      let text = arg
      if (conv !== 's') {
        const n = arg === '' ? 0 : Number(arg)
        if (!Number.isFinite(n)) {
          io.stderr(`printf: ${arg}: expected numeric value\n`)
          status = 1
        }
        text = conv === 'x' ? Math.trunc(n || 0).toString(16) : String(Math.trunc(n || 0))
      }
      const w = Number(width ?? '')
      if (width && width.startsWith('-')) return text.padEnd(-w)
      return width ? text.padStart(w) : text
    })
    if (!consumed) break
  } while (index < args.length)
  io.stdout(out)
  return status
}

const echo: CommandHandler = (argv, _ctx, io) => {
  const noNewline = argv[0] === '-n'
  const words = noNewline ? argv.slice(1) : argv
  let text = words.join(' ')
  const cut = text.indexOf('\\c')
  const stop = cut >= 0
  if (stop) text = text.slice(0, cut)
  text = text.replace(/\\([\\nt])/g, (_m, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : '\\'))
  io.stdout(noNewline || stop ? text : `${text}\n`)
  return 0
}

const sleepCommand: CommandHandler = async (argv, _ctx, io) => {
  const seconds = Number((argv[0] ?? '').replace(/s$/, ''))
  if (!Number.isFinite(seconds) || seconds < 0) {
    io.stderr(`sleep: invalid time interval '${argv[0] ?? ''}'\n`)
    return 1
  }
  await sleep(seconds * 1000, io.signal)
  return 0
}

const uname: CommandHandler = (argv, ctx, io) => {
  const flags = argv.join('').replace(/-/g, '') || 's'
  const parts: string[] = []
  const all = flags.includes('a')
  if (all || flags.includes('s')) parts.push('Linux')
  if (all || flags.includes('n')) parts.push(ctx.host.name)
  if (all || flags.includes('r')) parts.push(KERNEL)
  if (all || flags.includes('v')) parts.push(KERNEL_VERSION)
  if (all || flags.includes('m')) parts.push('x86_64')
  if (all || flags.includes('o')) parts.push('GNU/Linux')
  io.stdout(`${parts.join(' ')}\n`)
  return 0
}

/** The established TCP connections of a host, derived from its models. */
export function hostSockets(ctx: CommandContext, tMs: number): SocketRow[] {
  const host = ctx.host
  const rows: SocketRow[] = [
    {
      localAddress: host.ipAddress,
      localPort: 22,
      peerAddress: '10.20.255.10',
      peerPort: 40_000 + (hash32(host.name, 'admin-port') % 20_000),
      process: `users:(("sshd",pid=${1500 + (hash32(host.name, 'sshd') % 4000)},fd=4))`
    }
  ]
  if (host.mail) {
    for (const s of host.mail.activeSessions(tMs)) {
      const name = s.kind === 'brute' ? (s.proto === 'smtp' ? 'smtpd' : `${s.proto}-login`) : s.proto
      const fd = s.kind === 'brute' ? 17 : name === 'smtpd' ? 6 : 7
      // A session streaming a big FETCH keeps bytes in its send queue.
      const sendQueue = s.kind === 'busy' ? 20_000 + (hash32(s.sessionId, Math.floor(tMs / 1000)) % 60_000) : 0
      rows.push({ localAddress: host.ipAddress, localPort: s.localPort, peerAddress: s.ip, peerPort: s.remotePort, process: `users:(("${name}",pid=${s.pid},fd=${fd}))`, sendQueue })
    }
  }
  const gluster = ctx.fleet.gluster
  if (gluster && host.isGlusterNode) {
    const peers = gluster.nodes.filter((n) => n.host !== host.name && ctx.fleet.host(n.host)?.reachability === 'up').slice(0, 4)
    for (const peer of peers) {
      const peerHost = ctx.fleet.host(peer.host)
      if (!peerHost) continue
      rows.push({
        localAddress: host.ipAddress,
        localPort: 49_150 - (hash32(host.name, peer.host) % 100),
        peerAddress: peerHost.ipAddress,
        peerPort: 24_007,
        process: `users:(("glusterd",pid=${gluster.node(host.name)?.shdPid ?? 0},fd=${11 + peers.indexOf(peer)}))`
      })
    }
    for (const brick of gluster.bricks.filter((b) => b.replicaSet === 0 && gluster.isOnline(b))) {
      const brickHost = ctx.fleet.host(brick.host)
      if (!brickHost) continue
      rows.push({
        localAddress: host.ipAddress,
        localPort: 49_000 - (hash32(host.name, brick.path, brick.host) % 1000),
        peerAddress: brickHost.ipAddress,
        peerPort: brick.port,
        process: `users:(("glusterfs",pid=${gluster.node(host.name)?.shdPid ?? 0},fd=${20 + brick.index}))`
      })
    }
  }
  for (const migration of ctx.fleet.migrations.all()) {
    if (migration.status !== 'running') continue
    const source = ctx.fleet.host(migration.source)
    const target = ctx.fleet.host(migration.target)
    if (!source || !target) continue
    const port = 35_000 + (hash32(migration.id) % 20_000)
    if (host === source) rows.push({ localAddress: source.ipAddress, localPort: port, peerAddress: target.ipAddress, peerPort: 49_152, process: 'users:(("qemu-system-x86",pid=4242,fd=31))' })
    if (host === target) rows.push({ localAddress: target.ipAddress, localPort: 49_152, peerAddress: source.ipAddress, peerPort: port, process: 'users:(("qemu-system-x86",pid=5151,fd=24))' })
  }
  return rows.sort((a, b) => hash32(a.peerAddress, a.peerPort) - hash32(b.peerAddress, b.peerPort))
}

const ss: CommandHandler = (argv, ctx, io) => {
  let header = true
  let processes = false
  let rest = [...argv]
  while (rest[0]?.startsWith('-')) {
    const flag = rest.shift() ?? ''
    if (flag === '--no-header') header = false
    else if (flag === '--processes') processes = true
    else if (flag === '--tcp' || flag === '--numeric') continue
    else if (/^-[Htnp4]+$/.test(flag)) {
      if (flag.includes('H')) header = false
      if (flag.includes('p')) processes = true
    } else {
      io.stderr(`ss: invalid option -- '${flag.replace(/^-+/, '')}'\n`)
      return 1
    }
  }
  if (rest[0] === 'state') {
    if (rest[1] !== 'established' && rest[1] !== 'connected') {
      io.stderr(`ss: the demo fleet only knows established connections, not '${rest[1] ?? ''}'\n`)
      return 1
    }
    rest = rest.slice(2)
  } else {
    io.stderr("ss: the demo fleet answers 'ss -tn state established [FILTER]' only\n")
    return 1
  }
  const filter = parseSsFilter(rest)
  if (typeof filter === 'string') {
    io.stderr(`ss: bad filter: ${filter}\n`)
    return 1
  }
  const rows = hostSockets(ctx, ctx.fleet.now()).filter((r) => matchesFilter(r, filter))
  io.stdout(ssTable(rows, { header, processes }))
  return 0
}

/** `tail [-n N] [-f|-F] /var/log/mail.log`: the mail log, followed once a second. */
const tail: CommandHandler = async (argv, ctx, io) => {
  let count = 10
  let follow = false
  const files: string[] = []
  let optionsDone = false
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? ''
    if (optionsDone || !arg.startsWith('-')) files.push(arg)
    else if (arg === '--') optionsDone = true
    else if (arg === '-F' || arg === '-f' || arg.startsWith('--follow')) follow = true
    else if (arg === '--retry' || arg === '-q') continue
    else if (arg === '-n' || arg === '--lines') count = Number(argv[++i])
    else if (/^-n\d+$/.test(arg)) count = Number(arg.slice(2))
    else if (/^--lines=\d+$/.test(arg)) count = Number(arg.slice(8))
    else if (/^-\d+$/.test(arg)) count = Number(arg.slice(1))
    else if (/^-[fF]+$/.test(arg)) follow = true
    else {
      io.stderr(`tail: invalid option -- '${arg.replace(/^-+/, '')}'\n`)
      return 1
    }
  }
  if (!Number.isInteger(count) || count < 0) {
    io.stderr('tail: invalid number of lines\n')
    return 1
  }
  const file = files[0]
  if (file !== MAIL_LOG || !ctx.host.mail) {
    io.stderr(`tail: cannot open '${file ?? '-'}' for reading: No such file or directory\n`)
    if (follow && file) io.stderr(`tail: no files remaining\n`)
    return 1
  }
  const mail = ctx.host.mail
  let last = ctx.fleet.now()
  for (const line of mailLogTail(mail, last, count)) io.stdout(`${line.line}\n`)
  if (!follow) return 0
  while (await sleep(1000, io.signal)) {
    const now = ctx.fleet.now()
    const lines = mailLogLines(mail, last, now)
    last = now
    if (lines.length > 0) io.stdout(lines.map((l) => `${l.line}\n`).join(''))
  }
  return 0
}

export const linuxCommands: Record<string, CommandHandler> = {
  cat,
  hostname,
  nproc,
  uptime,
  vmstat,
  free,
  printf,
  echo,
  true: () => 0,
  false: () => 1,
  sleep: sleepCommand,
  uname,
  ss,
  tail
}

