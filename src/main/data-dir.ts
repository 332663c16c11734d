// Where Rackside keeps its data: --data DIR, else RACKSIDE_DATA, else the same folder Electron's
// app.getPath('userData') gives for an app named Rackside, so the CLI and the app share it.
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'

export function resolveDataDir(explicit?: string, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (explicit) return resolve(explicit)
  if (env.RACKSIDE_DATA) return resolve(env.RACKSIDE_DATA)
  const home = homedir()
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Rackside')
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Rackside')
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'Rackside')
}
