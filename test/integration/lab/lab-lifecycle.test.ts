/**
 * The lab's own contract: a cold lab-up within its time budget, every host a separate machine over
 * ssh, storage and mail answering, then a lab-down within 10 s that leaves nothing behind.
 * It takes the shared lab down; test/lab/global-setup.ts restores the state the run started with.
 */
import { readFileSync, statSync } from 'node:fs'
import { connect } from 'node:net'
import { describe, expect, it } from 'vitest'
import {
  labDown,
  labHosts,
  labLeftovers,
  labNonRootUser,
  labPaths,
  labPidFiles,
  labSshText,
  labStatus,
  labUp,
  labVms,
  labVolume
} from '../../lab/lab'
import type { LabPidFile } from '../../lab/lab'
import { requireLab } from '../../lab/require-lab'

/** Send IMAP lines to mail-01 and collect what Dovecot answers until the last tagged reply. */
function imapExchange(address: string, lines: string[], doneTag: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: address, port: 143 })
    let received = ''
    const timer = setTimeout(() => {
      socket.destroy()
      reject(new Error(`IMAP on ${address}: no reply within 10 s; got ${JSON.stringify(received)}`))
    }, 10_000)
    socket.setEncoding('utf8')
    socket.on('data', (chunk: string) => {
      const first = received === ''
      received += chunk
      if (first) socket.write(lines.map((l) => `${l}\r\n`).join(''))
      if (new RegExp(`^${doneTag} (OK|NO|BAD)`, 'm').test(received)) {
        clearTimeout(timer)
        socket.end()
        resolve(received)
      }
    })
    socket.on('error', (e) => {
      clearTimeout(timer)
      reject(e)
    })
  })
}

function kvmMode(): string | null {
  try {
    const s = statSync('/dev/kvm')
    return `${s.uid}:${s.gid}:${(s.mode & 0o777).toString(8)}`
  } catch {
    return null
  }
}

describe('lab lifecycle: up, every host answers, down, nothing left', () => {
  requireLab({ up: false })

  it('comes up cold within budget, works, and goes down clean within 10 s', async () => {
    await labDown()
    const kvmBefore = kvmMode()

    const up = await labUp()
    expect(up.alreadyUp).toBe(false)
    expect(up.seconds).toBeLessThan(up.virtType === 'kvm' ? 30 : 60)

    const again = await labUp()
    expect(again.alreadyUp).toBe(true)
    expect(again.seconds).toBeLessThan(5)

    // Every host is its own machine: own hostname, own host key, no default route; root and the
    // non-root user (login shell /bin/sh) both log in with the lab key.
    for (const h of labHosts) {
      expect(await labSshText(h.name, 'hostname')).toBe(`${h.name}\n`)
      expect(await labSshText(h.name, 'echo "$(id -un) $0"', { user: labNonRootUser })).toBe(`${labNonRootUser} sh\n`)
      expect(await labSshText(h.name, 'ip -4 -o addr show dev eth0')).toContain(` ${h.address}/24 `)
      expect(await labSshText(h.name, 'ip route')).not.toMatch(/^default/m)
    }
    const keyscan = await labSshText('hv-01', `ssh-keyscan -t ed25519 ${labHosts.map((h) => h.address).join(' ')} 2>/dev/null`)
    const hostKeys = keyscan.split('\n').filter((l) => l.trim() !== '').map((l) => l.split(' ')[2] ?? '')
    expect(new Set(hostKeys).size).toBe(labHosts.length)
    const knownHosts = readFileSync(labPaths().knownHosts, 'utf8')
    for (const key of hostKeys) expect(knownHosts).toContain(key)

    // Gluster: 3 bricks online in the replica-3 volume, seen from every hypervisor.
    for (const h of labHosts.filter((x) => x.role === 'hypervisor')) {
      const xml = await labSshText(h.name, `gluster --xml volume status ${labVolume}`)
      const bricks = [...xml.matchAll(/<node>([\s\S]*?)<\/node>/g)].map((m) => m[1] ?? '')
        .filter((n) => n.includes('<path>/srv/gluster/'))
      expect(bricks, `${h.name} sees 3 bricks`).toHaveLength(3)
      expect(bricks.every((n) => n.includes('<status>1</status>')), `${h.name}: all bricks online`).toBe(true)
    }

    // The guests run on hv-01 with the virt type lab-up chose.
    const running = (await labSshText('hv-01', 'virsh list --name')).split('\n').filter((l) => l !== '')
    expect(running).toEqual([...labVms])
    expect(await labSshText('hv-01', 'virsh dumpxml vm1')).toContain(`<domain type='${up.virtType}'`)

    // Dovecot answers IMAP on mail-01 and lets a lab user in; Postfix holds a deferred message.
    const mail = labHosts.find((h) => h.role === 'mail')
    if (!mail) throw new Error('no mail host in labHosts')
    const imap = await imapExchange(mail.address, ['a LOGIN alice@lab.test alice-pw', 'b LOGOUT'], 'b')
    expect(imap).toMatch(/^\* OK .*Dovecot/m)
    expect(imap).toMatch(/^a OK /m)
    expect(await labSshText(mail.name, 'grep -c "imap-login: Info: Login: user=<alice@lab.test>" /var/log/mail.log')).not.toBe('0\n')
    await labSshText(mail.name, 'printf "Subject: lab\\n\\nhello\\n" | sendmail -f app@lab.test someone@example.net')
    let queue = ''
    for (let i = 0; i < 50 && !queue.includes('"queue_name": "deferred"'); i++) {
      queue = await labSshText(mail.name, 'postqueue -j')
      await new Promise((r) => setTimeout(r, 300))
    }
    expect(queue).toContain('"queue_name": "deferred"')
    expect(queue).toContain('Connection refused')

    const pids: LabPidFile[] = labPidFiles()
    expect(pids.filter((p) => p.file.endsWith('keeper.pid'))).toHaveLength(labHosts.length)
    expect(pids.length).toBeGreaterThan(20)
    expect((await labStatus()).up).toBe(true)

    const down = await labDown()
    expect(down.seconds).toBeLessThan(10)
    expect(await labLeftovers(pids)).toEqual([])
    expect((await labStatus()).up).toBe(false)
    expect(kvmMode()).toBe(kvmBefore)

    const downAgain = await labDown()
    expect(downAgain.seconds).toBeLessThan(5)
  }, 180_000)
})
