// Rackside on its demo site as an e2e test meets it: `bin/rackside web` on a fresh data folder, an
// API socket beside the page (to set the scene and to check what was stored), and Chromium with
// one page open on the app, its console errors collected for asserting.
import type { Browser, Page } from 'playwright-core'
import { ApiSocket } from './api-socket'
import { launchChromium, watchPageErrors } from './browser'
import { startRacksideWeb, type RacksideWeb } from './rackside-web'
import { tempDir } from './temp-services'

export interface DemoAppOptions {
  /** The temp data folder's name prefix, so a leftover folder says which test left it. */
  dataDirPrefix: string
  /** The page's height in px; it is always 1440 wide. */
  viewportHeight: number
  /** Runs over the API before the page opens, so the page starts on the changed site. */
  prepare?(api: ApiSocket): Promise<void>
}

export class DemoApp {
  web!: RacksideWeb
  api!: ApiSocket
  page!: Page
  /** Console errors and CSP violations of the current page. */
  errors: string[] = []

  private constructor(
    private readonly dir: { path: string; remove(): void },
    readonly browser: Browser,
    private readonly viewportHeight: number
  ) {}

  static async open(options: DemoAppOptions): Promise<DemoApp> {
    const dir = tempDir(options.dataDirPrefix)
    let app: DemoApp | undefined
    try {
      app = new DemoApp(dir, await launchChromium(), options.viewportHeight)
      await app.start(options.prepare)
      return app
    } catch (error) {
      if (app === undefined) dir.remove()
      else await app.close()
      throw error
    }
  }

  get dataDir(): string {
    return this.dir.path
  }

  /** Stops Rackside and starts it again on the same data folder, with a new API socket, page and error list. */
  async restart(): Promise<void> {
    await this.stop()
    await this.start()
  }

  /** Closes the socket, Chromium and Rackside, and removes the data folder. */
  async close(): Promise<void> {
    await this.stop()
    await this.browser.close()
    this.dir.remove()
  }

  private async start(prepare?: DemoAppOptions['prepare']): Promise<void> {
    this.web = await startRacksideWeb(this.dir.path)
    this.api = await ApiSocket.open(this.web.url)
    await prepare?.(this.api)
    this.page = await this.browser.newPage({ viewport: { width: 1440, height: this.viewportHeight } })
    this.errors = watchPageErrors(this.page)
    await this.page.goto(this.web.url)
  }

  // Parts a failed start never reached are still undefined here.
  private async stop(): Promise<void> {
    this.api?.close()
    await this.page?.close()
    await this.web?.stop()
  }
}
