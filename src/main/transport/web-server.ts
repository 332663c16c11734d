// `rackside web`: serves the built renderer and the API over one loopback HTTP server.
// The API is a WebSocket that demands the per-run token (as a subprotocol, so it never lands
// in a URL or a log) and a same-origin page; Host is checked against DNS rebinding.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { extname, join, normalize, sep } from 'node:path'
import type { AddressInfo } from 'node:net'
import { WebSocketServer, type WebSocket } from 'ws'
import type { ApiHandlers } from '../../shared/api'
import type { EventHub } from '../event-hub'
import { dispatchRequest } from './dispatch'
import { contentSecurityPolicy, pageWithStyleNonce } from './content-security-policy'

export const TOKEN_PROTOCOL_PREFIX = 'rackside-token.'
export const API_PROTOCOL = 'rackside.v1'
const MAX_MESSAGE_BYTES = 16 * 1024 * 1024

export interface WebServerOptions {
  handlers: ApiHandlers
  events: EventHub
  rendererDir: string
  port?: number
  /** Fixed token for tests; a random one otherwise. */
  token?: string
}

export interface RunningWebServer {
  url: string
  port: number
  token: string
  close(): Promise<void>
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json'
}

export async function startWebServer(options: WebServerOptions): Promise<RunningWebServer> {
  const token = options.token ?? randomBytes(24).toString('base64url')
  let port = 0
  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`])
  const allowedOrigins = () => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`])

  const server = createServer((req, res) => {
    if (!allowedHosts().has(req.headers.host ?? '')) return void reply(res, 421, 'wrong Host header')
    if (req.method !== 'GET' && req.method !== 'HEAD') return void reply(res, 405, 'method not allowed')
    void serveStatic(options.rendererDir, req, res, port)
  })

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES,
    handleProtocols: (protocols) => (protocols.has(API_PROTOCOL) ? API_PROTOCOL : false)
  })

  server.on('upgrade', (req, socket, head) => {
    const refusal = refuseUpgrade(req, token, allowedHosts(), allowedOrigins())
    if (refusal) {
      socket.end(`HTTP/1.1 ${refusal.status} ${refusal.reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => serveApi(ws, options))
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  port = (server.address() as AddressInfo).port

  return {
    url: `http://127.0.0.1:${port}/#token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate()
        wss.close()
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

function refuseUpgrade(req: IncomingMessage, token: string, hosts: Set<string>, origins: Set<string>): { status: number; reason: string } | null {
  if (new URL(req.url ?? '/', 'http://x').pathname !== '/api') return { status: 404, reason: 'Not Found' }
  if (!hosts.has(req.headers.host ?? '')) return { status: 421, reason: 'Misdirected Request' }
  if (!origins.has(req.headers.origin ?? '')) return { status: 403, reason: 'Forbidden' }
  const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim())
  const presented = offered.find((p) => p.startsWith(TOKEN_PROTOCOL_PREFIX))?.slice(TOKEN_PROTOCOL_PREFIX.length) ?? ''
  if (!sameSecret(presented, token)) return { status: 401, reason: 'Unauthorized' }
  if (!offered.includes(API_PROTOCOL)) return { status: 400, reason: 'Bad Request' }
  return null
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && timingSafeEqual(left, right)
}

function serveApi(ws: WebSocket, options: WebServerOptions): void {
  // Each socket is one client: its terminals' output goes to it alone and closes with it.
  const caller = { client: `web:${randomUUID()}` }
  const detach = options.events.attachClient(caller.client, (topic, payload) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ event: topic, payload }))
  })
  ws.on('close', detach)
  ws.on('message', (data, isBinary) => {
    if (isBinary) return void ws.close(1003, 'binary frames are not part of the protocol')
    let message: { id?: unknown; method?: unknown; args?: unknown }
    try {
      message = JSON.parse(data.toString()) as typeof message
    } catch {
      return void ws.send(JSON.stringify({ id: null, response: { ok: false, error: { kind: 'malformed-message', message: 'message is not JSON' } } }))
    }
    if (typeof message !== 'object' || message === null || typeof message.id !== 'number') {
      return void ws.send(JSON.stringify({ id: null, response: { ok: false, error: { kind: 'malformed-message', message: 'message needs a numeric id' } } }))
    }
    const id = message.id
    void dispatchRequest(options.handlers, message.method, message.args, caller).then((response) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id, response }))
    })
  })
}

async function serveStatic(root: string, req: IncomingMessage, res: ServerResponse, port: number): Promise<void> {
  const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)
  const relative = pathname === '/' ? 'index.html' : pathname.slice(1)
  const file = normalize(join(root, relative))
  if (!file.startsWith(normalize(root) + sep)) return void reply(res, 403, 'forbidden')
  let body: Buffer
  try {
    body = await readFile(file)
  } catch {
    return void reply(res, 404, 'not found')
  }
  const connectSources = `ws://127.0.0.1:${port} ws://localhost:${port}`
  let csp = contentSecurityPolicy(connectSources)
  if (extname(file) === '.html') {
    const page = pageWithStyleNonce(body.toString('utf8'), connectSources)
    body = Buffer.from(page.html)
    csp = page.csp
  }
  res.writeHead(200, {
    'Content-Type': contentTypes[extname(file)] ?? 'application/octet-stream',
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cache-Control': 'no-store'
  })
  res.end(req.method === 'HEAD' ? undefined : body)
}

function reply(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' })
  res.end(text)
}
