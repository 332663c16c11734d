import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { formatSiteError, formatSitePath, loadSiteYaml, type SiteFileError } from '../../../src/shared/site-yaml'

const demoText = readFileSync(join(__dirname, '../../../resources/demo-site.yaml'), 'utf8')

/** The demo file with one line changed; returns the text and that line's 1-based number. */
function demoWith(find: string, replace: string): { text: string; line: number } {
  const lines = demoText.split('\n')
  const index = lines.findIndex((l) => l.includes(find))
  if (index < 0) throw new Error(`demo-site.yaml has no line with ${find}`)
  lines[index] = lines[index]!.replace(find, replace)
  return { text: lines.join('\n'), line: index + 1 }
}

function errorsOf(text: string): SiteFileError[] {
  const result = loadSiteYaml(text, 'site.yaml')
  if (result.ok) throw new Error('the site file was accepted')
  return result.errors
}

const minimal = (cabinetLines: string[]) =>
  ['site:', '  name: t', 'cabinets:', '  - name: C1', '    maxWeightKg: 500', '    coolingWatts: 3000', ...cabinetLines].join('\n')

describe('loadSiteYaml', () => {
  it('accepts the demo site with its defaults applied', () => {
    const result = loadSiteYaml(demoText, 'demo-site.yaml')
    if (!result.ok) throw new Error(result.errors.map(formatSiteError).join('\n'))
    expect(result.site.cabinets.map((c) => c.name)).toEqual(['R01', 'R02'])
    expect(result.site.devices).toHaveLength(14)
    expect(result.site.hosts[0]?.roles).toEqual(['mail'])
  })

  it('rejects feeds with zero volts or negative amps, naming line and field', () => {
    const text = minimal(['    feeds:', '      - { name: A, volts: 230, amps: 16 }', '      - name: B', '        volts: 0', '        amps: -16'])
    expect(errorsOf(text)).toEqual([
      { file: 'site.yaml', line: 10, path: 'cabinets[0].feeds[1].volts', message: 'volts must be above 0' },
      { file: 'site.yaml', line: 11, path: 'cabinets[0].feeds[1].amps', message: 'amps must be above 0' }
    ])
  })

  it('rejects a device outside its cabinet with the device line', () => {
    const { text, line } = demoWith('name: db-01, model: Xeon E5-2637 v3 2U, cabinet: R01, positionU: 35', 'name: db-01, model: Xeon E5-2637 v3 2U, cabinet: R01, positionU: 46')
    const errors = errorsOf(text)
    expect(errors).toEqual([{ file: 'site.yaml', line, path: 'devices[4].positionU', message: 'U46–U47 is outside R01 (46U)' }])
    expect(formatSiteError(errors[0]!)).toBe(`site.yaml:${line}: devices[4].positionU: U46–U47 is outside R01 (46U)`)
  })

  it('rejects a model whose peak is below idle', () => {
    const { text, line } = demoWith('nameplate: 200, typical: 14, idle: 9, peak: 20', 'nameplate: 200, typical: 9, idle: 9, peak: 5')
    // typical can no longer lie between idle and peak either: both are reported on the same line
    expect(errorsOf(text)).toEqual([
      { file: 'site.yaml', line, path: 'models[2].watts.peak', message: 'peak (5 W) is below idle (9 W)' },
      { file: 'site.yaml', line, path: 'models[2].watts.typical', message: 'typical (9 W) must lie between idle and peak' }
    ])
  })

  it('rejects wrong types field by field', () => {
    const text = minimal(['    heightU: tall', '    feeds:', '      - { name: A, volts: "230", amps: 16, phases: 2 }'])
    expect(errorsOf(text)).toEqual([
      { file: 'site.yaml', line: 7, path: 'cabinets[0].heightU', message: 'Invalid input: expected number, received string' },
      { file: 'site.yaml', line: 9, path: 'cabinets[0].feeds[0].volts', message: 'Invalid input: expected number, received string' },
      { file: 'site.yaml', line: 9, path: 'cabinets[0].feeds[0].phases', message: expect.stringContaining('Invalid input') as string }
    ])
    const { text: notAList, line } = demoWith('feeds: [A, B], host: mail-01', 'feeds: A, host: mail-01')
    expect(errorsOf(notAList)).toEqual([{ file: 'site.yaml', line, path: 'devices[2].feeds', message: 'Invalid input: expected array, received string' }])
  })

  it('blames a missing field on the mapping that lacks it', () => {
    const text = minimal(['    feeds:', '      - name: A', '        amps: 16'])
    expect(errorsOf(text)).toEqual([{ file: 'site.yaml', line: 8, path: 'cabinets[0].feeds[0].volts', message: 'missing field (expected number)' }])
  })

  it('rejects an unknown field, which would otherwise be dropped silently', () => {
    const text = minimal(['    contractWats: 2000', '    feeds: [{ name: A, volts: 230, amps: 16 }]'])
    expect(errorsOf(text)).toEqual([
      {
        file: 'site.yaml',
        line: 7,
        path: 'cabinets[0].contractWats',
        message: 'unknown field (expected one of: name, heightU, maxWeightKg, coolingWatts, contractWatts, feeds)'
      }
    ])
  })

  it('reports cross-site rules with their lines', () => {
    const { text, line } = demoWith('name: hv-02, model: Atom C2550 1U, cabinet: R02, positionU: 39, face: front, feeds: [B]', 'name: hv-02, model: Atom C2550 1U, cabinet: R02, positionU: 40, face: front, feeds: [C]')
    expect(errorsOf(text).map(formatSiteError)).toEqual([
      `site.yaml:${line}: devices[10].feeds[0]: cabinet R02 has no feed C (it has A, B)`,
      `site.yaml:${line}: devices[10].positionU: U40 front is taken by hv-01`
    ])
  })

  it('reports YAML syntax errors with their line', () => {
    expect(errorsOf('site:\n  name: t\ncabinets: [\n')).toEqual([{ file: 'site.yaml', line: 4, path: '', message: expect.stringContaining('Flow sequence') as string }])
    expect(errorsOf('site: { name: a }\nsite: { name: b }\n')).toEqual([{ file: 'site.yaml', line: 2, path: '', message: 'Map keys must be unique' }])
  })

  it('rejects an empty file and a document that is not a mapping', () => {
    expect(errorsOf('')).toEqual([{ file: 'site.yaml', line: null, path: '', message: 'the site file is empty' }])
    expect(formatSiteError(errorsOf('# nothing\n')[0]!)).toBe('site.yaml: the site file is empty')
    expect(errorsOf('- 1\n- 2\n')).toEqual([{ file: 'site.yaml', line: 1, path: '', message: 'Invalid input: expected object, received array' }])
  })
})

describe('formatSitePath', () => {
  it('writes indices in brackets and keys with dots', () => {
    expect(formatSitePath(['devices', 3, 'positionU'])).toBe('devices[3].positionU')
    expect(formatSitePath(['cabinets', 0, 'feeds', 1, 'name'])).toBe('cabinets[0].feeds[1].name')
    expect(formatSitePath([])).toBe('')
  })
})
