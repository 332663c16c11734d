import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { dispatchRequest } from '../../../../src/main/transport/dispatch'
import type { Services } from '../../../../src/main/services'
import { tempDir, tempServices } from '../../../helpers/temp-services'

describe('dispatchRequest: the one entry point of both transports', () => {
  let dir: ReturnType<typeof tempDir>
  let services: Services
  beforeEach(async () => {
    dir = tempDir()
    services = await tempServices(dir.path)
  })
  afterEach(async () => {
    await services.close()
    dir.remove()
  })

  it('refuses a method that is not in the contract, including prototype names', async () => {
    for (const method of ['shell.exec', 'constructor', '__proto__', 'toString', 42, null]) {
      const response = await dispatchRequest(services.handlers, method, {})
      expect(response).toMatchObject({ ok: false, error: { kind: 'unknown-method' } })
    }
  })

  it('validates arguments before any handler runs', async () => {
    const bad = [
      ['inventory.moveDevice', { device: 'hv-01', cabinet: 'R02', positionU: 'ten', face: 'front' }],
      ['inventory.moveDevice', { device: 'hv-01', cabinet: 'R02', positionU: 10, face: 'side' }],
      ['inventory.moveDevice', { device: 'hv-01', cabinet: 'R02', positionU: 10, face: 'front', extra: 'x' }],
      ['inventory.importYaml', { text: 42, fileName: 'a.yaml' }],
      ['audit.list', { limit: -1 }],
      ['app.info', { sneaky: true }]
    ] as const
    for (const [method, args] of bad) {
      const response = await dispatchRequest(services.handlers, method, args)
      expect(response, `${method} ${JSON.stringify(args)}`).toMatchObject({ ok: false, error: { kind: 'invalid-arguments' } })
    }
    // Nothing moved: the device is where the demo site put it.
    expect(services.inventory.getSite().devices.find((d) => d.name === 'hv-01')).toMatchObject({ cabinet: 'R02', positionU: 40 })
  })

  it('runs a valid request and returns its result', async () => {
    const response = await dispatchRequest(services.handlers, 'inventory.get', {})
    expect(response.ok).toBe(true)
    const site = (response as { result: { cabinets: { name: string }[] } }).result
    expect(site.cabinets.map((c) => c.name)).toEqual(['R01', 'R02'])
  })

  it('turns a handler failure into an error value with its kind', async () => {
    const response = await dispatchRequest(services.handlers, 'inventory.moveDevice', { device: 'nope', cabinet: 'R01', positionU: 1, face: 'front' })
    expect(response).toEqual({ ok: false, error: { kind: 'not-found', message: 'no device named nope' } })
  })
})
