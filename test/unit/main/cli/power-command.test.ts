import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ExitCode, memoryIo } from '../../../../src/main/cli/cli-io'
import { runPowerCommand } from '../../../../src/main/cli/power-command'

const demoText = readFileSync(join(__dirname, '../../../../resources/demo-site.yaml'), 'utf8')

describe('rackside power', () => {
  it('prints the public JSON budget of every demo cabinet', async () => {
    const io = memoryIo('', { 'demo.yaml': demoText })
    expect(await runPowerCommand(['--site', 'demo.yaml', '--json'], io)).toBe(ExitCode.ok)
    expect(io.err).toBe('')
    const out = JSON.parse(io.out) as { cabinets: Record<string, unknown>[] }
    expect(out.cabinets).toHaveLength(2)
    // R01: budget 230 × 16 × 0.8 = 2944 W; peak 2 × 60 + 6 × 380 = 2400 W; headroom 544 W
    // failover per feed: 2280 W dual-fed + 60 W switch = 2340 W; heat 2400 × 3.412 = 8188.8 BTU/h
    expect(out.cabinets[0]).toMatchObject({
      name: 'R01',
      heightU: 46,
      usedU: 12,
      budgetWatts: 2944,
      drawWatts: { nameplate: 4400, typical: 1390, peak: 2400 },
      headroomWatts: 544,
      feeds: [
        { name: 'A', capacityWatts: 2944, failoverLoadWatts: 2340 },
        { name: 'B', capacityWatts: 2944, failoverLoadWatts: 2340 }
      ],
      heatBtuPerHour: 8188.8,
      coolingBtuPerHour: 11942,
      weightKg: 150,
      maxWeightKg: 1000,
      verdict: 'warn',
      bindingLimit: 'power'
    })
    // R02: 60 W switch + 5 Atoms × 20 W = 160 W peak
    expect(out.cabinets[1]).toMatchObject({ name: 'R02', drawWatts: { peak: 160 }, headroomWatts: 2784, verdict: 'ok' })
  })

  it('prints a readable table without --json', async () => {
    const io = memoryIo('', { 'demo.yaml': demoText })
    expect(await runPowerCommand(['--site', 'demo.yaml'], io)).toBe(ExitCode.ok)
    const lines = io.out.split('\n')
    expect(lines[0]).toBe('Demo colocation cage')
    expect(lines.find((l) => l.startsWith('R01'))?.split(/\s+/)).toEqual(['R01', '12/46', '2944', '2400', '1390', '544', '8189', '11942', '150/1000', 'warn', 'power'])
    expect(io.out).toContain('R01 feed A: capacity 2944 W, normal 1200 W, on failover 2340 W (79 %, ok)')
  })

  it('exits 1 with one line per error for an invalid site file', async () => {
    const bad = demoText.replace('{ name: A, volts: 230, amps: 16, phases: 1, deratePercent: 80 }', '{ name: A, volts: 0, amps: -1, phases: 1, deratePercent: 80 }')
    const line = bad.split('\n').findIndex((l) => l.includes('volts: 0')) + 1
    const io = memoryIo('', { 'bad.yaml': bad })
    expect(await runPowerCommand(['--site', 'bad.yaml', '--json'], io)).toBe(ExitCode.failed)
    expect(io.out).toBe('')
    expect(io.err).toBe(`bad.yaml:${line}: cabinets[0].feeds[0].volts: volts must be above 0\nbad.yaml:${line}: cabinets[0].feeds[0].amps: amps must be above 0\n`)
  })

  it('exits 1 when the file cannot be read', async () => {
    const io = memoryIo()
    expect(await runPowerCommand(['--site', 'missing.yaml'], io)).toBe(ExitCode.failed)
    expect(io.err).toMatch(/^missing\.yaml: cannot read the site file: ENOENT.*\n$/)
  })

  it('exits 2 on usage mistakes', async () => {
    for (const args of [[], ['--json'], ['--site'], ['--site', 'x.yaml', '--bogus'], ['--site', 'x.yaml', 'extra']]) {
      const io = memoryIo()
      expect(await runPowerCommand(args, io), args.join(' ')).toBe(ExitCode.usage)
      expect(io.err.trimEnd().split('\n')).toHaveLength(1)
      expect(io.err).toContain('usage: rackside power --site FILE.yaml [--json]')
    }
  })
})
