import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { Services } from '../../../src/main/services'
import { startWebServer, type RunningWebServer } from '../../../src/main/transport/web-server'
import { tempDir, tempServices } from '../../helpers/temp-services'

function openSocket(server: RunningWebServer, opts: { token?: string; origin?: string; host?: string } = {}): Promise<WebSocket> {
  const protocols = ['rackside.v1', `rackside-token.${opts.token ?? server.token}`]
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api`, protocols, {
    origin: opts.origin ?? `http://127.0.0.1:${server.port}`,
    ...(opts.host ? { headers: { host: opts.host } } : {})
  })
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws))
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)))
    ws.once('error', reject)
  })
}

function call(ws: WebSocket, id: number, method: string, args: unknown): Promise<unknown> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const message = JSON.parse(data.toString()) as { id?: number; response?: unknown }
      if (message.id === id) {
        ws.off('message', onMessage)
        resolve(message.response)
      }
    }
    ws.on('message', onMessage)
    ws.send(JSON.stringify({ id, method, args }))
  })
}

function httpGet(port: number, path: string, host = `127.0.0.1:${port}`): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
      let body = ''
      res.on('data', (chunk) => (body += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

describe('loopback WebSocket transport (rackside web)', () => {
  const dir = tempDir()
  let services: Services
  let server: RunningWebServer
  beforeAll(async () => {
    services = await tempServices(join(dir.path, 'data'))
    const renderer = join(dir.path, 'renderer')
    mkdirSync(join(renderer, 'assets'), { recursive: true })
    writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Rackside</title><meta name="rackside-style-nonce" content="__RACKSIDE_STYLE_NONCE__">')
    writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log(1)')
    writeFileSync(join(dir.path, 'secret.txt'), 'do not serve')
    server = await startWebServer({ handlers: services.handlers, events: services.events, rendererDir: renderer })
  })
  afterAll(async () => {
    await server.close()
    await services.close()
    dir.remove()
  })

  it('prints a loopback URL carrying a random token in the fragment', () => {
    expect(server.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/#token=[A-Za-z0-9_-]{32}$`))
  })

  it('accepts the right token from the same origin and answers contract calls', async () => {
    const ws = await openSocket(server)
    const response = (await call(ws, 1, 'inventory.get', {})) as { ok: boolean; result: { site: { name: string } } }
    expect(response.ok).toBe(true)
    expect(response.result.site.name).toBe('Demo colocation cage')
    const unknown = await call(ws, 2, 'process.exit', {})
    expect(unknown).toMatchObject({ ok: false, error: { kind: 'unknown-method' } })
    const invalid = await call(ws, 3, 'audit.list', { limit: 'lots' })
    expect(invalid).toMatchObject({ ok: false, error: { kind: 'invalid-arguments' } })
    ws.close()
  })

  it('rejects a wrong or missing token with 401', async () => {
    await expect(openSocket(server, { token: 'wrong' })).rejects.toThrow('HTTP 401')
    // One character off (never the same character: a random token may end in any letter).
    const last = server.token.slice(-1)
    await expect(openSocket(server, { token: `${server.token.slice(0, -1)}${last === 'x' ? 'y' : 'x'}` })).rejects.toThrow('HTTP 401')
  })

  it('rejects a foreign Origin with 403, even with the right token', async () => {
    await expect(openSocket(server, { origin: 'http://evil.example' })).rejects.toThrow('HTTP 403')
    await expect(openSocket(server, { origin: `http://127.0.0.1:${server.port + 1}` })).rejects.toThrow('HTTP 403')
  })

  it('rejects a rebinding Host header', async () => {
    await expect(openSocket(server, { host: `evil.example:${server.port}` })).rejects.toThrow('HTTP 421')
    expect((await httpGet(server.port, '/', `evil.example:${server.port}`)).status).toBe(421)
  })

  it('pushes events to connected clients', async () => {
    const ws = await openSocket(server)
    const event = new Promise<{ event: string; payload: { devices: { name: string; positionU: number }[] } }>((resolve) =>
      ws.on('message', (data) => {
        const message = JSON.parse(data.toString()) as { event?: string }
        if (message.event) resolve(message as never)
      })
    )
    const moved = await call(ws, 1, 'inventory.moveDevice', { device: 'hv-05', cabinet: 'R02', positionU: 30, face: 'front' })
    expect(moved).toMatchObject({ ok: true })
    const pushed = await event
    expect(pushed.event).toBe('inventory.changed')
    expect(pushed.payload.devices.find((d) => d.name === 'hv-05')?.positionU).toBe(30)
    ws.close()
  })

  it('serves the renderer with a strict CSP and refuses paths outside it', async () => {
    const index = await httpGet(server.port, '/')
    expect(index.status).toBe(200)
    const csp = String(index.headers['content-security-policy'])
    expect(csp).toContain("default-src 'none'")
    expect(csp).toContain("script-src 'self'")
    const scriptSrc = csp.split(';').find((d) => d.trim().startsWith('script-src')) ?? ''
    expect(scriptSrc.trim()).toBe("script-src 'self'")
    expect(csp).not.toContain('unsafe-eval')
    // <style> elements only with this response's nonce; 'unsafe-inline' only for style attributes.
    const nonce = /style-src 'self' 'nonce-([A-Za-z0-9+/=]{24})'(;|$)/.exec(csp)?.[1]
    expect(nonce).toBeDefined()
    expect(index.body).toContain(`<meta name="rackside-style-nonce" content="${nonce}">`)
    expect(csp.split(';').filter((d) => d.includes('unsafe-inline')).map((d) => d.trim())).toEqual(["style-src-attr 'unsafe-inline'"])
    const again = await httpGet(server.port, '/index.html')
    expect(again.body).not.toContain(nonce)
    expect(String(again.headers['content-security-policy'])).not.toContain(nonce)
    expect((await httpGet(server.port, '/assets/app.js')).status).toBe(200)
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt']) {
      const response = await httpGet(server.port, path)
      expect(response.body).not.toContain('do not serve')
    }
    // An encoded slash survives URL normalisation and must be caught by the server itself.
    expect((await httpGet(server.port, '/..%2fsecret.txt')).status).toBe(403)
  })
})
