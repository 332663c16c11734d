// Electron glue, kept thin: a locked-down window, the app:// protocol that serves the built
// renderer with a strict CSP, and the IPC transport. Everything else lives in services.
import { app, BrowserWindow, ipcMain, net, protocol, safeStorage, session, shell } from 'electron'
import { join, normalize, sep } from 'node:path'
import { pathToFileURL } from 'node:url'
import { appVersion, rendererDir, resourcesDir } from './app-paths'
import { resolveDataDir } from './data-dir'
import { launchDemoFleet } from './fleet/demo-launcher'
import { createServices } from './services'
import { contentSecurityPolicy } from './transport/content-security-policy'
import { APP_ORIGIN, serveIpc } from './transport/ipc'

protocol.registerSchemesAsPrivileged([{ scheme: 'rackside', privileges: { standard: true, secure: true, supportFetchAPI: true } }])

let mainWindow: BrowserWindow | null = null

async function start(): Promise<void> {
  await app.whenReady()
  const root = rendererDir()
  protocol.handle('rackside', async (request) => {
    const pathname = decodeURIComponent(new URL(request.url).pathname)
    const file = normalize(join(root, pathname === '/' ? 'index.html' : pathname))
    if (!file.startsWith(normalize(root) + sep)) return new Response('forbidden', { status: 403 })
    const response = await net.fetch(pathToFileURL(file).toString())
    const headers = new Headers(response.headers)
    headers.set('Content-Security-Policy', contentSecurityPolicy())
    return new Response(response.body, { status: response.status, headers })
  })
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))

  const backend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : 'os'
  const services = await createServices({
    dataDir: resolveDataDir(argValue('--data')),
    resourcesDir: resourcesDir(),
    version: appVersion(),
    connectFleet: true,
    launchDemoFleet,
    secretStoreKind: safeStorage.isEncryptionAvailable() ? 'os-keychain' : 'memory',
    ...(backend === 'basic_text' ? { secretStoreWarning: 'the OS keychain is not available: Electron would store secrets with a hard-coded key, so Rackside keeps them in memory only' } : {})
  })
  serveIpc(ipcMain, services.handlers, services.events, () => mainWindow?.webContents ?? null)

  mainWindow = new BrowserWindow({
    width: 1440,
    height: 900,
    title: 'Rackside',
    webPreferences: {
      preload: join(__dirname, '../preload/index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false
    }
  })
  const contents = mainWindow.webContents
  contents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url)
    return { action: 'deny' }
  })
  contents.on('will-navigate', (event, url) => {
    if (!url.startsWith(`${APP_ORIGIN}/`)) event.preventDefault()
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
  await mainWindow.loadURL(`${APP_ORIGIN}/index.html`)

  app.on('window-all-closed', () => {
    void services.close().finally(() => app.quit())
  })
}

function argValue(flag: string): string | undefined {
  const index = process.argv.indexOf(flag)
  return index >= 0 ? process.argv[index + 1] : undefined
}

start().catch((error: unknown) => {
  console.error(error)
  app.exit(1)
})
