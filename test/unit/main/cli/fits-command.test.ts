import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ExitCode, memoryIo } from '../../../../src/main/cli/cli-io'
import { runFitsCommand } from '../../../../src/main/cli/fits-command'

const demoText = readFileSync(join(__dirname, '../../../../resources/demo-site.yaml'), 'utf8')
const files = { 'demo.yaml': demoText }

describe('rackside fits', () => {
  it('prints the public JSON answer: one more Xeon fits R01, power binds', async () => {
    const io = memoryIo('', files)
    expect(await runFitsCommand(['--site', 'demo.yaml', '--cabinet', 'R01', '--model', 'Xeon E5-2637 v3 1U', '--json'], io)).toBe(ExitCode.ok)
    // power (2944 − 2400) / 380 = 1; cooling (3500 − 2400) / 380 = 2; weight (1000 − 150) / 18 = 47; 34 free units
    expect(JSON.parse(io.out)).toEqual({ count: 1, limitedBy: 'power', byLimit: { rackUnits: 34, power: 1, cooling: 2, weight: 47 } })
    expect(io.err).toBe('')
  })

  it('prints a readable answer without --json', async () => {
    const io = memoryIo('', files)
    expect(await runFitsCommand(['--site', 'demo.yaml', '--cabinet', 'R02', '--model', 'Atom C2550 1U'], io)).toBe(ExitCode.ok)
    expect(io.out.split('\n')[0]).toBe('R02 fits 86 more Atom C2550 1U (limited by rack-units)')
    expect(io.out).toContain('  power (failover-safe): 139')
  })

  it('exits 1 for an unknown cabinet or model, one line each', async () => {
    const io = memoryIo('', files)
    expect(await runFitsCommand(['--site', 'demo.yaml', '--cabinet', 'R09', '--model', 'Cray-1'], io)).toBe(ExitCode.failed)
    expect(io.out).toBe('')
    expect(io.err).toBe(
      'rackside fits: demo.yaml has no cabinet named R09 (it has: R01, R02)\n' +
        'rackside fits: demo.yaml has no model named Cray-1 (it has: Xeon E5-2637 v3 1U, Xeon E5-2637 v3 2U, Atom C2550 1U, Switch 48x1G 1U)\n'
    )
  })

  it('exits 1 for an invalid site file, naming line and field', async () => {
    const bad = demoText.replace('positionU: 20, face: front', 'positionU: 46, face: front')
    const line = bad.split('\n').findIndex((l) => l.includes('name: backup-01')) + 1
    const io = memoryIo('', { 'bad.yaml': bad })
    expect(await runFitsCommand(['--site', 'bad.yaml', '--cabinet', 'R01', '--model', 'Atom C2550 1U'], io)).toBe(ExitCode.failed)
    expect(io.err).toBe(`bad.yaml:${line}: devices[7].positionU: U46–U47 is outside R01 (46U)\n`)
  })

  it('exits 2 when a required option is missing', async () => {
    const io = memoryIo('', files)
    expect(await runFitsCommand(['--site', 'demo.yaml', '--json'], io)).toBe(ExitCode.usage)
    expect(io.err).toBe('rackside fits: --cabinet, --model required (usage: rackside fits --site FILE.yaml --cabinet NAME --model NAME [--json])\n')
    const io2 = memoryIo('', files)
    expect(await runFitsCommand(['--site', 'demo.yaml', '--cabinet', 'R01', '--model', 'x', '--count', '3'], io2)).toBe(ExitCode.usage)
  })
})
