// Locates the installed app's folders, whether code runs from src/ under tsx or bundled in out/.
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

let cachedRoot: string | undefined

export function appRoot(): string {
  if (cachedRoot) return cachedRoot
  let dir = __dirname
  for (;;) {
    const manifest = join(dir, 'package.json')
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'rackside') return (cachedRoot = dir)
    const parent = dirname(dir)
    if (parent === dir) throw new Error(`cannot find Rackside's package.json above ${__dirname}`)
    dir = parent
  }
}

export const resourcesDir = () => join(appRoot(), 'resources')
export const rendererDir = () => join(appRoot(), 'out', 'renderer')
export const appVersion = () => (JSON.parse(readFileSync(join(appRoot(), 'package.json'), 'utf8')) as { version: string }).version
