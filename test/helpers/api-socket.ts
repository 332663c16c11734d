// A second API client beside the page, as a script would be: the token from the URL that
// `rackside web` printed, the page's own origin. E2E tests use it to inject demo failures and
// to check state behind the UI.
import WebSocket from 'ws'

export class ApiSocket {
  private nextId = 1
  private constructor(private readonly ws: WebSocket) {}

  static async open(pageUrl: string): Promise<ApiSocket> {
    const url = new URL(pageUrl)
    const token = /token=([^&]+)/.exec(url.hash)?.[1]
    if (!token) throw new Error(`no token in ${pageUrl}`)
    const ws = new WebSocket(`ws://${url.host}/api`, ['rackside.v1', `rackside-token.${token}`], { origin: url.origin })
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve())
      ws.once('error', reject)
    })
    return new ApiSocket(ws)
  }

  call<T>(method: string, args: unknown): Promise<T> {
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      const onMessage = (data: WebSocket.RawData) => {
        const message = JSON.parse(data.toString()) as { id?: number; response?: { ok: boolean; result?: unknown; error?: { message: string } } }
        if (message.id !== id || !message.response) return
        this.ws.off('message', onMessage)
        if (message.response.ok) resolve(message.response.result as T)
        else reject(new Error(`${method}: ${message.response.error?.message ?? 'failed'}`))
      }
      this.ws.on('message', onMessage)
      this.ws.send(JSON.stringify({ id, method, args }))
    })
  }

  /** Calls `listener` with every event pushed to this client; returns the unsubscribe. */
  onEvent(listener: (topic: string, payload: unknown) => void): () => void {
    const onMessage = (data: WebSocket.RawData) => {
      const message = JSON.parse(data.toString()) as { event?: string; payload?: unknown }
      if (message.event) listener(message.event, message.payload)
    }
    this.ws.on('message', onMessage)
    return () => this.ws.off('message', onMessage)
  }

  close(): void {
    this.ws.close()
  }
}
