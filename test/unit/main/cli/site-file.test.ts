import { describe, expect, it } from 'vitest'
import { memoryIo } from '../../../../src/main/cli/cli-io'
import { printSiteErrors, readSiteFile } from '../../../../src/main/cli/site-file'

const good = [
  'site: { name: t }',
  'cabinets:',
  '  - { name: C1, maxWeightKg: 500, coolingWatts: 3000, feeds: [{ name: A, volts: 230, amps: 16 }] }'
].join('\n')

describe('readSiteFile', () => {
  it('reads and validates a site file through the CLI io', async () => {
    const result = await readSiteFile(memoryIo('', { 's.yaml': good }), 's.yaml')
    expect(result.ok && result.site.cabinets[0]?.heightU).toBe(46)
  })

  it('turns a missing file into an error value', async () => {
    const result = await readSiteFile(memoryIo(), 'nope.yaml')
    expect(result).toEqual({ ok: false, errors: [{ file: 'nope.yaml', line: null, path: '', message: expect.stringContaining('ENOENT') as string }] })
  })

  it('rejects bytes that are not UTF-8', async () => {
    const result = await readSiteFile(memoryIo('', { 'bin.yaml': Buffer.from([0x73, 0x69, 0xff, 0xfe, 0x3a]) }), 'bin.yaml')
    expect(result).toEqual({ ok: false, errors: [{ file: 'bin.yaml', line: null, path: '', message: 'the site file is not UTF-8 text' }] })
  })

  it('prints one stderr line per error', async () => {
    const io = memoryIo('', { 's.yaml': good.replace('volts: 230', 'volts: -230').replace('amps: 16', 'amps: "16"') })
    const result = await readSiteFile(io, 's.yaml')
    if (result.ok) throw new Error('the bad file was accepted')
    printSiteErrors(io, result)
    expect(io.err).toBe(
      's.yaml:3: cabinets[0].feeds[0].volts: volts must be above 0\n' + 's.yaml:3: cabinets[0].feeds[0].amps: Invalid input: expected number, received string\n'
    )
  })
})
