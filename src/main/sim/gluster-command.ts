// `gluster` on a demo Gluster node: volume info/status/heal/start/list, peer status and
// pool list, in --xml (what Rackside's probes use) and in plain text for the terminal.
import type { CommandHandler } from './command-router'
import {
  healInfoMissingXml,
  healInfoText,
  healInfoXml,
  peerStatusText,
  peerStatusXml,
  poolListText,
  volumeInfoText,
  volumeInfoXml,
  volumeMissingInfoXml,
  volumeMissingStatusXml,
  volumeStatusXml
} from './format-gluster'
import { VOLUME_NAME } from './gluster-model'

const GLOBAL_OPTION = /^--(mode|glusterd-sock|log-file|log-level|remote-host|timeout|inet6)(=.*)?$/

export const glusterCommand: CommandHandler = (argv, ctx, io) => {
  const g = ctx.fleet.gluster
  const local = ctx.host.name
  const xml = argv.includes('--xml')
  const words = argv.filter((a) => a !== '--xml' && !GLOBAL_OPTION.test(a))
  const now = ctx.fleet.now()
  const out = (text: string) => {
    io.stdout(text)
    return 0
  }
  const usage = (position: number) => {
    io.stderr(`unrecognized word: ${words[position] ?? ''} (position ${position})\n`)
    return 1
  }
  if (!g) {
    io.stderr('Connection failed. Please check if gluster daemon is operational.\n')
    return 1
  }
  if (words[0] === '--version') return out('glusterfs 10.3\nRepository revision: git://git.gluster.org/glusterfs.git\n')
  const [area, verb, ...rest] = words
  if (area === 'peer' && verb === 'status') return out(xml ? peerStatusXml(ctx.fleet, g, local, false) : peerStatusText(ctx.fleet, g, local))
  if (area === 'pool' && verb === 'list') return out(xml ? peerStatusXml(ctx.fleet, g, local, true) : poolListText(ctx.fleet, g, local))
  if (area !== 'volume') return usage(0)

  const volume = rest[0]
  const known = volume === VOLUME_NAME
  switch (verb) {
    case 'list':
      return out(`${VOLUME_NAME}\n`)
    case 'info':
      if (volume === undefined || volume === 'all' || known) return out(xml ? volumeInfoXml(g) : volumeInfoText(g))
      if (xml) return out(volumeMissingInfoXml())
      io.stderr(`Volume ${volume} does not exist\n`)
      return 1
    case 'status': {
      const detail = rest.includes('detail')
      if (volume !== undefined && volume !== 'all' && volume !== 'detail' && !known) {
        if (xml) return out(volumeMissingStatusXml(volume))
        io.stderr(`Volume ${volume} does not exist\n`)
        return 1
      }
      if (!xml) {
        io.stderr('the demo fleet prints volume status with --xml only\n')
        return 1
      }
      return out(volumeStatusXml(ctx.fleet, g, local, detail, now))
    }
    case 'heal': {
      const [, action, mode] = rest
      if (!known) {
        if (xml) return out(healInfoMissingXml(volume ?? ''))
        io.stderr(`Volume ${volume ?? ''} does not exist\nVolume heal failed.\n`)
        return 1
      }
      if (action === 'info') {
        const summary = mode === 'summary'
        if (mode !== undefined && mode !== 'summary' && mode !== 'split-brain') return usage(4)
        if (mode === 'split-brain') return out(xml ? healInfoXml(g, false, now).replace(/<file gfid="[^"]*">[^<]*<\/file>\n/g, '').replace(/<numberOfEntries>\d+</g, '<numberOfEntries>0<') : healInfoText(g, false, now))
        return out(xml ? healInfoXml(g, summary, now) : healInfoText(g, summary, now))
      }
      if (action === undefined || action === 'full') {
        return out(`Launching heal operation to perform ${action === 'full' ? 'full' : 'index'} self heal on volume ${VOLUME_NAME} has been successful \nUse heal info commands to check status.\n`)
      }
      return usage(3)
    }
    case 'start': {
      if (!known) {
        io.stderr(`volume start: ${volume ?? ''}: failed: Volume ${volume ?? ''} does not exist\n`)
        return 1
      }
      if (rest[1] !== 'force') {
        io.stderr(`volume start: ${VOLUME_NAME}: failed: Volume ${VOLUME_NAME} already started\n`)
        return 1
      }
      ctx.fleet.restartBricks()
      return out(`volume start: ${VOLUME_NAME}: success\n`)
    }
    default:
      return usage(1)
  }
}
