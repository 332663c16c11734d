// The Electron binary is never available here, so serveIpc is driven through an object with
// ipcMain's handle() shape; the checks it makes (sender frame, arguments) are the real code.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { EventHub } from '../../../../src/main/event-hub'
import type { Services } from '../../../../src/main/services'
import { requestChannel } from '../../../../src/main/transport/ipc-channels'
import { isTrustedSender, rendererClient, serveIpc } from '../../../../src/main/transport/ipc'
import { requestNames } from '../../../../src/shared/api'
import { tempDir, tempServices } from '../../../helpers/temp-services'

type Handler = (event: unknown, args: unknown) => Promise<unknown>

describe('IPC transport', () => {
  let dir: ReturnType<typeof tempDir>
  let services: Services
  const registered = new Map<string, Handler>()
  beforeEach(async () => {
    dir = tempDir()
    services = await tempServices(dir.path)
    registered.clear()
    serveIpc({ handle: (channel: string, handler: Handler) => void registered.set(channel, handler) } as never, services.handlers, new EventHub(), () => null)
  })
  afterEach(async () => {
    await services.close()
    dir.remove()
  })

  const appFrame = { senderFrame: { url: 'rackside://app/index.html', parent: null }, sender: { id: 7 } }

  it('registers exactly one channel per contract method', () => {
    expect([...registered.keys()].sort()).toEqual(requestNames.map(requestChannel).sort())
  })

  it('answers the app frame and validates its arguments', async () => {
    const ok = await registered.get(requestChannel('inventory.get'))!(appFrame, {})
    expect(ok).toMatchObject({ ok: true })
    const bad = await registered.get(requestChannel('audit.list'))!(appFrame, { limit: 'all' })
    expect(bad).toMatchObject({ ok: false, error: { kind: 'invalid-arguments' } })
  })

  it('refuses sub-frames, foreign pages and missing frames', async () => {
    const senders = [
      { senderFrame: { url: 'https://evil.example/', parent: null } },
      { senderFrame: { url: 'rackside://app/index.html', parent: {} } },
      { senderFrame: { url: 'rackside://application.evil/x', parent: null } },
      { senderFrame: null }
    ]
    for (const sender of senders) {
      expect(isTrustedSender(sender as never)).toBe(false)
      const response = await registered.get(requestChannel('inventory.get'))!(sender, {})
      expect(response).toMatchObject({ ok: false, error: { kind: 'untrusted-sender' } })
    }
  })

  it('sends the window what goes to everybody and what is addressed to it, nothing addressed to another', () => {
    const hub = new EventHub()
    const sent: unknown[] = []
    const window = { id: 7, isDestroyed: () => false, send: (_channel: string, message: unknown) => void sent.push(message) }
    const stop = serveIpc({ handle: () => undefined } as never, services.handlers, hub, () => window as never)
    hub.publish('terminal.exit', { id: 'a', host: 'hv-01' })
    hub.publish('terminal.exit', { id: 'b', host: 'hv-01' }, rendererClient(7))
    hub.publish('terminal.exit', { id: 'c', host: 'hv-01' }, rendererClient(8))
    hub.publish('terminal.exit', { id: 'd', host: 'hv-01' }, 'web:some-tab')
    stop()
    hub.publish('terminal.exit', { id: 'e', host: 'hv-01' })
    expect(sent.map((m) => (m as { payload: { id: string } }).payload.id)).toEqual(['a', 'b'])
  })
})
