// The Electron binary is never available to tests, so the built bundles are checked as files:
// a sandboxed preload may require nothing but electron, and main must point at the files built.
// `npm test` builds before it runs vitest.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { repoRoot } from '../../helpers/temp-services'

const out = join(repoRoot, 'out')
const requires = (file: string) => [...readFileSync(file, 'utf8').matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1])

describe('Electron bundles', () => {
  it('the preload requires only electron (a sandboxed preload can load nothing else)', () => {
    const preload = join(out, 'preload', 'index.js')
    expect(existsSync(preload), 'run `npm run build` first').toBe(true)
    expect(new Set(requires(preload))).toEqual(new Set(['electron']))
    // The preload exposes the contract's methods: their names are in the bundle.
    expect(readFileSync(preload, 'utf8')).toContain('inventory.moveDevice')
  })

  it('main loads the preload and the renderer that the build produced', () => {
    const main = readFileSync(join(out, 'main', 'index.js'), 'utf8')
    expect(main).toContain('../preload/index.js')
    expect(existsSync(join(out, 'renderer', 'index.html'))).toBe(true)
    // Security settings of the window are in the shipped code, not only in the source.
    for (const setting of ['contextIsolation: true', 'sandbox: true', 'nodeIntegration: false']) expect(main).toContain(setting)
  })
})
