// Fan-out of API events from services to the connected renderers, whatever their transport.
// Most events go to every client; a terminal's output goes only to the client that opened it,
// and when a client goes away the services that hold things for it (shells) are told.
import type { ApiEvents, EventTopic } from '../shared/api'

/** Receives every event with its addressee; `to` absent means every client. */
export type EventSink = <T extends EventTopic>(topic: T, payload: ApiEvents[T], to?: string) => void
export type ClientSend = <T extends EventTopic>(topic: T, payload: ApiEvents[T]) => void

export class EventHub {
  private readonly sinks = new Set<EventSink>()
  private readonly goneListeners = new Set<(client: string) => void>()

  publish<T extends EventTopic>(topic: T, payload: ApiEvents[T], to?: string): void {
    for (const sink of this.sinks) sink(topic, payload, to)
  }

  /** Adds a sink that sees every event and filters by addressee itself; returns its removal. */
  attach(sink: EventSink): () => void {
    this.sinks.add(sink)
    return () => this.sinks.delete(sink)
  }

  /**
   * Adds one client: it gets what goes to everybody and what is addressed to it. The returned
   * function removes it and tells the services that the client has gone.
   */
  attachClient(client: string, send: ClientSend): () => void {
    const detach = this.attach((topic, payload, to) => {
      if (to === undefined || to === client) send(topic, payload)
    })
    return () => {
      detach()
      this.clientGone(client)
    }
  }

  /** A client has gone (tab closed, window reloaded): what it held should be released. */
  clientGone(client: string): void {
    for (const listener of this.goneListeners) listener(client)
  }

  onClientGone(listener: (client: string) => void): () => void {
    this.goneListeners.add(listener)
    return () => this.goneListeners.delete(listener)
  }
}
