// Serves the API contract over Electron IPC. Each method gets its own handler; calls from any
// frame other than the app's own top frame are refused before arguments are even looked at.
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron'
import { requestNames, type ApiHandlers, type WireResponse } from '../../shared/api'
import type { EventHub } from '../event-hub'
import { dispatchRequest } from './dispatch'
import { EVENT_CHANNEL, requestChannel } from './ipc-channels'

/** The app's pages load from this origin (see index.ts's protocol handler). */
export const APP_ORIGIN = 'rackside://app'

export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'senderFrame'>, expectedOrigin = APP_ORIGIN): boolean {
  const frame = event.senderFrame
  if (!frame || frame.parent !== null) return false
  // Node's URL gives custom schemes the origin "null", so compare the prefix instead.
  return frame.url === expectedOrigin || frame.url.startsWith(`${expectedOrigin}/`)
}

/** The client name of one window's renderer; a reload keeps the id, so the shell tells the hub when it navigates. */
export const rendererClient = (webContentsId: number) => `renderer:${webContentsId}`

export function serveIpc(ipcMain: Pick<IpcMain, 'handle'>, handlers: ApiHandlers, events: EventHub, target: () => WebContents | null): () => void {
  for (const name of requestNames) {
    ipcMain.handle(requestChannel(name), async (event, args: unknown): Promise<WireResponse> => {
      if (!isTrustedSender(event)) return { ok: false, error: { kind: 'untrusted-sender', message: 'request from an untrusted frame refused' } }
      return dispatchRequest(handlers, name, args, { client: rendererClient(event.sender.id) })
    })
  }
  return events.attach((topic, payload, to) => {
    const contents = target()
    if (!contents || contents.isDestroyed()) return
    if (to === undefined || to === rendererClient(contents.id)) contents.send(EVENT_CHANNEL, { topic, payload })
  })
}
