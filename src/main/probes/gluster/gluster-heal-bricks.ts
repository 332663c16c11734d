// The <healInfo><bricks> list shared by `volume heal VOL info` and `... info summary`.
import type { GlusterXml, XmlObject } from './gluster-xml'

export interface HealBrickRow {
  node: XmlObject
  host: string
  path: string
  /** gluster's words: "Connected", "Transport endpoint is not connected", … */
  status: string | null
  connected: boolean
}

export function healBrickRows(xml: GlusterXml, payload: XmlObject | '', countTag: string): HealBrickRow[] {
  const bricksNode = payload === '' ? undefined : xml.container(payload, 'bricks')
  if (bricksNode === undefined) throw xml.fail('<healInfo> has no <bricks>', '<healInfo>')
  const seen = new Set<string>()
  return xml.list(bricksNode, 'brick').map((node) => {
    const name = xml.requiredText(node, 'name', 'a heal <brick>')
    if (seen.has(name)) throw xml.fail(`brick ${name} is listed twice`, `<name>${name}</name>`)
    seen.add(name)
    const status = xml.text(node, 'status') ?? null
    // Without a status line (older glfsheal), a brick that reports a count was reachable.
    const connected = status === null ? /^\d+$/.test(xml.text(node, countTag) ?? '') : status === 'Connected'
    return { node, ...xml.brickName(name), status, connected }
  })
}

/**
 * An entry count: null for gluster's '-' or when the brick was not reachable (no count was taken).
 * A reachable brick without the count is the wrong output (info vs info summary), not a zero.
 */
export function healCount(xml: GlusterXml, row: HealBrickRow, tag: string, command: string): number | null {
  if (!row.connected) return null
  const value = xml.int(row.node, tag, { nullTokens: ['-', ''] })
  if (value === undefined) throw xml.fail(`brick ${row.host}:${row.path} has no <${tag}> (is this the output of '${command}'?)`, `<name>${row.host}:${row.path}</name>`)
  if (value !== null && value < 0) throw xml.fail(`brick ${row.host}:${row.path}: <${tag}> is negative`, `<${tag}>${value}`)
  return value
}
