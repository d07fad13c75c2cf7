import { EventEmitter, on } from 'node:events';
import type { DomainEvent, EventPublisher } from '@ocore/core';

/**
 * Fans stored events out to this process's live subscribers. Each subscriber gets its own
 * buffered iterator, so a slow one never holds up the others.
 */
export interface EventBus extends EventPublisher {
  /** Every event published from now on, until `signal` aborts. */
  listen(signal: AbortSignal): AsyncIterableIterator<DomainEvent>;
  subscriberCount(): number;
}

export function createEventBus(): EventBus {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    publish(events) {
      for (const event of events) emitter.emit('event', event);
    },
    listen(signal) {
      // Attached now, not at the first read, so nothing published in between is missed.
      const tuples = on(emitter, 'event', { signal }) as AsyncIterableIterator<[DomainEvent]>;
      return (async function* () {
        try {
          for await (const [event] of tuples) yield event;
        } catch (error) {
          if (!signal.aborted) throw error;
        }
      })();
    },
    subscriberCount: () => emitter.listenerCount('event'),
  };
}
