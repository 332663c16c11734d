import { parseVirshDomblklist } from './virsh-domblklist'
import { parseVirshDominfo } from './virsh-dominfo'
import { parseVirshDomjobinfo } from './virsh-domjobinfo'
import { parseVirshDomstats } from './virsh-domstats'
import { parseVirshDumpxml } from './virsh-dumpxml'
import { parseVirshList } from './virsh-list'
import { parseVirshNodeinfo } from './virsh-nodeinfo'

export type LibvirtParseKind =
  | 'virsh-list'
  | 'virsh-dominfo'
  | 'virsh-domstats'
  | 'virsh-nodeinfo'
  | 'virsh-domjobinfo'
  | 'virsh-domblklist'
  | 'virsh-dumpxml'

/** Parsers by their `rackside parse KIND` name. */
export const libvirtParsers: Record<LibvirtParseKind, (text: string) => unknown> = {
  'virsh-list': parseVirshList,
  'virsh-dominfo': parseVirshDominfo,
  'virsh-domstats': parseVirshDomstats,
  'virsh-nodeinfo': parseVirshNodeinfo,
  'virsh-domjobinfo': parseVirshDomjobinfo,
  'virsh-domblklist': parseVirshDomblklist,
  'virsh-dumpxml': parseVirshDumpxml
}

export * from './virsh-domblklist'
export * from './virsh-dominfo'
export * from './virsh-domjobinfo'
export * from './virsh-domstats'
export * from './virsh-dumpxml'
export * from './virsh-list'
export * from './virsh-nodeinfo'
export * from './virsh-output'
