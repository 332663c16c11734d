// The API through Electron's preload bridge: one function per contract method, nothing more.
import { ApiError, type ApiClient, type ApiEvents, type EventTopic, type RequestName, type WireResponse } from '../../../shared/api'

/** What src/preload exposes on window.rackside. */
export interface PreloadBridge {
  requests: Record<RequestName, (args: unknown) => Promise<WireResponse>>
  on(topic: EventTopic, listener: (payload: unknown) => void): () => void
}

declare global {
  interface Window {
    rackside?: PreloadBridge
  }
}

export function createIpcClient(bridge: PreloadBridge): ApiClient {
  return {
    async call(method, args) {
      const response = await bridge.requests[method](args)
      if (!response.ok) throw new ApiError(response.error.kind, response.error.message)
      return response.result as never
    },
    on<T extends EventTopic>(topic: T, listener: (payload: ApiEvents[T]) => void) {
      return bridge.on(topic, listener as (payload: unknown) => void)
    }
  }
}
