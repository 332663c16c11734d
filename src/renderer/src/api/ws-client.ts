// The API over the loopback WebSocket that `rackside web` serves. The token comes from the URL
// fragment (never sent to a server), is kept for this tab only, and rides as a subprotocol.
import { ApiError, type ApiClient, type ApiEvents, type EventTopic, type WireResponse } from '../../../shared/api'

const TOKEN_KEY = 'rackside.token'

export function tokenFromLocation(): string | null {
  const match = /(?:^|[#&])token=([^&]+)/.exec(window.location.hash)
  if (match?.[1]) {
    sessionStorage.setItem(TOKEN_KEY, match[1])
    history.replaceState(null, '', window.location.pathname + window.location.search)
    return match[1]
  }
  return sessionStorage.getItem(TOKEN_KEY)
}

export type ConnectionListener = (state: 'open' | 'closed') => void

export function createWebSocketClient(token: string, onConnection: ConnectionListener): ApiClient {
  let socket: WebSocket | null = null
  let nextId = 1
  let opened: Promise<WebSocket> | null = null
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>()
  const listeners = new Map<EventTopic, Set<(payload: unknown) => void>>()

  const connect = (): Promise<WebSocket> => {
    if (opened) return opened
    opened = new Promise((resolve, reject) => {
      const url = `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/api`
      const ws = new WebSocket(url, ['rackside.v1', `rackside-token.${token}`])
      socket = ws
      ws.onopen = () => {
        onConnection('open')
        resolve(ws)
      }
      ws.onerror = () => reject(new ApiError('transport', 'cannot reach the Rackside service (is `rackside web` still running?)'))
      ws.onclose = () => {
        onConnection('closed')
        opened = null
        socket = null
        for (const { reject: fail } of pending.values()) fail(new ApiError('transport', 'connection to the Rackside service was lost'))
        pending.clear()
        setTimeout(() => void connect().catch(() => undefined), 2000)
      }
      ws.onmessage = (message) => {
        const data = JSON.parse(String(message.data)) as { id?: number; response?: WireResponse; event?: EventTopic; payload?: unknown }
        if (data.event) {
          for (const listener of listeners.get(data.event) ?? []) listener(data.payload)
          return
        }
        if (typeof data.id !== 'number' || !data.response) return
        const call = pending.get(data.id)
        pending.delete(data.id)
        if (!call) return
        if (data.response.ok) call.resolve(data.response.result)
        else call.reject(new ApiError(data.response.error.kind, data.response.error.message))
      }
    })
    return opened
  }
  void connect().catch(() => undefined)

  return {
    async call(method, args) {
      const ws = socket?.readyState === WebSocket.OPEN ? socket : await connect()
      const id = nextId++
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject })
        ws.send(JSON.stringify({ id, method, args }))
      })
    },
    on(topic, listener) {
      const set = listeners.get(topic) ?? new Set()
      listeners.set(topic, set)
      const wrapped = listener as (payload: unknown) => void
      set.add(wrapped)
      return () => set.delete(wrapped)
    }
  }
}

export type { ApiEvents }
