// Picks the transport once at start-up; everything else sees only ApiClient.
import type { ApiClient } from '../../../shared/api'
import { createIpcClient } from './ipc-client'
import { createWebSocketClient, tokenFromLocation, type ConnectionListener } from './ws-client'

export function createApiClient(onConnection: ConnectionListener): ApiClient {
  if (window.rackside) {
    onConnection('open')
    return createIpcClient(window.rackside)
  }
  const token = tokenFromLocation()
  if (!token) throw new Error('No access token: open the URL that `rackside web` printed (it ends in #token=…).')
  return createWebSocketClient(token, onConnection)
}
