// Fan-out of API events from services to every connected renderer, whatever its transport.
import type { ApiEvents, EventTopic } from '../shared/api'

export type EventSink = <T extends EventTopic>(topic: T, payload: ApiEvents[T]) => void

export class EventHub {
  private readonly sinks = new Set<EventSink>()

  publish<T extends EventTopic>(topic: T, payload: ApiEvents[T]): void {
    for (const sink of this.sinks) sink(topic, payload)
  }

  /** Adds a sink; returns the function that removes it. */
  attach(sink: EventSink): () => void {
    this.sinks.add(sink)
    return () => this.sinks.delete(sink)
  }
}
