// Electron glue, kept thin: a locked-down window, the app:// protocol that serves the built
// renderer with a strict CSP, the IPC transport, and the PDF printer the services' app.printToPdf
// calls. Everything else lives in services.
import { app, BrowserWindow, dialog, ipcMain, net, protocol, safeStorage, session, shell } from 'electron'
import { writeFile } from 'node:fs/promises'
import { join, normalize, sep } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { PrintToPdfResult } from '../shared/api'
import { appVersion, rendererDir, resourcesDir } from './app-paths'
import { resolveDataDir } from './data-dir'
import { launchDemoFleet } from './fleet/demo-launcher'
import { createServices } from './services'
import { MemorySecretStore, openEncryptedSecretStore, type SecretStore } from './ssh/secret-store'
import { contentSecurityPolicy, pageWithStyleNonce } from './transport/content-security-policy'
import { APP_ORIGIN, rendererClient, serveIpc } from './transport/ipc'

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
    if (!file.endsWith('.html') || !response.ok) {
      headers.set('Content-Security-Policy', contentSecurityPolicy())
      return new Response(response.body, { status: response.status, headers })
    }
    const page = pageWithStyleNonce(await response.text())
    headers.set('Content-Security-Policy', page.csp)
    headers.delete('Content-Length')
    return new Response(page.html, { status: response.status, headers })
  })
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))

  const dataDir = resolveDataDir(argValue('--data'))
  const secrets = openSecrets(dataDir)
  const services = await createServices({
    dataDir,
    resourcesDir: resourcesDir(),
    version: appVersion(),
    connectFleet: true,
    launchDemoFleet,
    secretStore: secrets.store,
    secretStoreKind: secrets.kind,
    ...(secrets.warning ? { secretStoreWarning: secrets.warning } : {}),
    printToPdf
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
  // A reload or a crashed renderer leaves its terminals without a screen: their shells are closed.
  const rendererGone = () => services.events.clientGone(rendererClient(contents.id))
  contents.on('did-start-navigation', (details) => {
    if (details.isMainFrame && !details.isSameDocument) rendererGone()
  })
  contents.on('render-process-gone', rendererGone)
  await mainWindow.loadURL(`${APP_ORIGIN}/index.html`)

  app.on('window-all-closed', () => {
    void services.close().finally(() => app.quit())
  })
}

/** The page as its print styles lay it out (one A4 landscape sheet per cabinet), saved where the user picks. */
async function printToPdf(fileName: string): Promise<PrintToPdfResult> {
  if (!mainWindow) throw Object.assign(new Error('no window to print'), { kind: 'not-available' })
  const choice = await dialog.showSaveDialog(mainWindow, { defaultPath: join(app.getPath('documents'), fileName), filters: [{ name: 'PDF', extensions: ['pdf'] }] })
  if (choice.canceled || !choice.filePath) return { saved: false }
  const pdf = await mainWindow.webContents.printToPDF({ preferCSSPageSize: true, printBackground: true })
  await writeFile(choice.filePath, pdf)
  return { saved: true, path: choice.filePath }
}

/** Saved passwords: encrypted by the OS keychain, or kept in memory for this run when there is none. */
function openSecrets(dataDir: string): { store: SecretStore; kind: 'os-keychain' | 'memory'; warning?: string } {
  const cipher = {
    isEncryptionAvailable: () => safeStorage.isEncryptionAvailable(),
    encryptString: (text: string) => safeStorage.encryptString(text),
    decryptString: (data: Buffer) => safeStorage.decryptString(data),
    ...(process.platform === 'linux' ? { backend: safeStorage.getSelectedStorageBackend() } : {})
  }
  try {
    const opened = openEncryptedSecretStore(join(dataDir, 'secrets.json'), cipher)
    return { store: opened.store, kind: 'os-keychain', ...(opened.warning ? { warning: opened.warning.message } : {}) }
  } catch (error) {
    return { store: new MemorySecretStore(), kind: 'memory', warning: `${(error as Error).message}; passwords are kept in memory for this run only` }
  }
}

function argValue(flag: string): string | undefined {
  const index = process.argv.indexOf(flag)
  return index >= 0 ? process.argv[index + 1] : undefined
}

start().catch((error: unknown) => {
  console.error(error)
  app.exit(1)
})
