import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { CabinetElevation, type CabinetElevationProps } from '../../../../src/renderer/src/features/racks/cabinet-elevation'
import { brickBadges, bricksByDevice } from '../../../../src/renderer/src/features/storage/brick-badge-model'
import { cageSite } from '../site-fixture'
import { B1, factsWithDeadBrick } from '../storage/gluster-facts-fixture'

function render(props: Partial<CabinetElevationProps> = {}): string {
  const site = cageSite()
  const cabinet = site.cabinets[1]
  if (cabinet === undefined) throw new Error('fixture lacks R02')
  return renderToStaticMarkup(createElement(CabinetElevation, { cabinet, devices: site.devices, models: site.models, ...props }))
}

describe('CabinetElevation', () => {
  it('draws a ghost over the target units, and for a full-depth device an outline on the other face', () => {
    const html = render({ ghost: { face: 'front', positionU: 20, heightU: 2, tone: 'warn', label: 'mail-01 → U20–U21', fullDepth: true } })
    expect(html).toContain('data-ghost="R02:20:front"')
    expect(html).toMatch(/class="elev-ghost elev-ghost--warn"/)
    expect(html).toMatch(/class="elev-ghost elev-ghost--warn elev-ghost--through"/)
    expect(html).toContain('▲ mail-01 → U20–U21')
    expect(html.match(/>(▲ )?mail-01 → U20–U21</g)).toHaveLength(2)
    // 2U from U20: the top edge is U21's, 20 px head + (46 − 21) × 14 px.
    expect(html).toContain('y="371"')
  })

  it('draws no ghost and no drop targets unless asked', () => {
    const html = render()
    expect(html).not.toContain('elev-ghost')
    expect(html).not.toContain('elev-drop')
  })

  it('fades the device being moved and puts live CPU use in its tooltip', () => {
    const html = render({ liftedDevice: 'hv-01', cpuByDevice: { 'hv-01': 0.42 } })
    expect(html).toMatch(/class="elev-device role-server elev-device--lifted" data-device="hv-01"/)
    expect(html).toContain('CPU 42 % (live)')
    expect(html).not.toMatch(/elev-device--lifted" data-device="hv-02"/)
  })

  it('hands each face box to the drop target hook', () => {
    const faces: string[] = []
    const html = render({
      renderFaceTarget: (face, box) => {
        faces.push(`${face}:${box.x},${box.y},${box.width}x${box.height}`)
        return null
      }
    })
    expect(faces).toEqual(['front:24,20,164x644', 'rear:212,20,164x644'])
    // Unit stripes as one patterned rect per face, numbers in three gutters.
    expect(html.match(/class="elev-face__slots"/g)).toHaveLength(2)
    expect(html.match(/class="elev-unum"/g)).toHaveLength(3)
    expect(html.match(/<tspan x="12" y="\d+">\d+<\/tspan>/g)).toHaveLength(46)
  })

  it('draws one badge per brick on the devices that host bricks, its state in class, glyph and tooltip', () => {
    const site = cageSite()
    const bricks = bricksByDevice(site, brickBadges(site, factsWithDeadBrick(), 'vmstore'))
    const html = render({ bricksByDevice: bricks })
    expect(html.match(/class="elev-brick /g)).toHaveLength(3)
    expect(html).toContain(`data-brick="hv-02:${B1}" data-volume="vmstore" data-state="offline" data-selected="true"`)
    expect(html).toMatch(/class="elev-brick elev-brick--offline elev-brick--selected"[^>]*><title>hv-02:\/data\/glusterfs\/vmstore\/brick1\/brick — vmstore, offline<\/title>.*?>✕<\/text>/)
    expect(html).toMatch(/class="elev-brick elev-brick--healing elev-brick--selected"[^>]*><title>[^<]*healing: 8 heal entries pending<\/title>.*?>↻<\/text>/)
    // The device holding a brick of the highlighted volume is outlined, and its tooltip lists the bricks.
    expect(html).toMatch(/class="elev-device role-server elev-device--volume" data-device="hv-02"/)
    expect(html).toContain(`brick hv-02:${B1} — vmstore, offline`)
    expect(render({ bricksByDevice: bricks, bricksStale: true })).toContain('class="elev-bricks elev-bricks--stale"')
    expect(render()).not.toContain('elev-brick')
  })
})

