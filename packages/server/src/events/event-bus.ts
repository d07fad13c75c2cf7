import type { DomainEvent, EventPublisher } from '@ocore/core';
import { isEventAfter } from './event-id.js';

/**
 * Fans stored events out to this process's live subscribers. Each subscriber gets its own
 * queue, so a slow one never holds up the others.
 */
export interface EventBus extends EventPublisher {
  /** Every event published from now on, until `signal` aborts. */
  listen(signal: AbortSignal): AsyncIterableIterator<DomainEvent>;
  /** The same, as a subscription to read from in batches. */
  subscribe(signal: AbortSignal): BusSubscription;
  subscriberCount(): number;
  /**
   * Calls `watcher` synchronously with every event, before any subscriber hears of it: for
   * caches that must drop what an event changed. Returns the function that stops watching.
   */
  watch(watcher: (event: DomainEvent) => void): () => void;
  /**
   * Tells the watchers only, not the subscribers. The PostgreSQL relay calls it with this
   * process's own events as they commit, so its caches are fresh before the caller hears
   * back; the subscribers get them (and the watchers again) when the NOTIFY comes round.
   */
  tellWatchers(events: readonly DomainEvent[]): void;
  /**
   * The newest event id this process has heard of (published, or committed here and told to
   * the watchers), or null. A stream that starts without `lastEventId` starts after it: on
   * PostgreSQL an event committed before the stream opened may reach the bus only afterwards,
   * through the relay's NOTIFY, and is not news to that stream.
   */
  latestEventId(): string | null;
}

/** One subscriber's events, from the moment it subscribed until its signal aborts or it closes. */
export interface BusSubscription {
  /** The events published since the last take, oldest first. */
  take(): DomainEvent[];
  /** Resolves once there is something to take, or the subscription is closed. */
  ready(): Promise<void>;
  readonly closed: boolean;
  close(): void;
}

/**
 * One subscriber: a class, not an object of closures, as there may be ten thousand of them
 * idle at a time; it is its own listener of the abort signal (`handleEvent`).
 */
class Subscription implements BusSubscription {
  queue: DomainEvent[] = [];
  /** Resolves the read waiting for the next event, if one waits. */
  wake: (() => void) | null = null;
  /** In the list of subscribers to wake at a later turn of the event loop. */
  wakeQueued = false;
  closed = false;

  constructor(
    private readonly subscribers: Set<Subscription>,
    private readonly signal: AbortSignal,
  ) {
    if (signal.aborted) this.close();
    else {
      subscribers.add(this);
      signal.addEventListener('abort', this, { once: true });
    }
  }

  take(): DomainEvent[] {
    const batch = this.queue;
    this.queue = [];
    return batch;
  }

  ready(): Promise<void> {
    return this.queue.length > 0 || this.closed
      ? Promise.resolve()
      : new Promise<void>((resolve) => (this.wake = resolve));
  }

  /** The signal aborted. */
  handleEvent(): void {
    this.close();
  }

  close(): void {
    this.signal.removeEventListener('abort', this);
    this.subscribers.delete(this);
    this.closed = true;
    this.queue = [];
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}

/**
 * How many waiting subscribers one turn of the event loop wakes. A woken subscriber runs its
 * whole path to its socket in microtasks, which no I/O can interrupt: woken all at once, ten
 * thousand of them held the process for most of a second (the request that made the change
 * answered only then, and every other request waited). In slices, timers and I/O get a turn
 * between slices; the last subscriber gets the event no later than before.
 */
export const busWakeSlice = 256;

/**
 * A plain array per subscriber: `events.on()` preallocates two 2,048-slot queues for each
 * one (about 35 KB), which with ten thousand idle subscribers is most of the process's heap.
 */
export function createEventBus(onError: (error: unknown) => void = () => undefined): EventBus {
  const subscribers = new Set<Subscription>();
  const watchers = new Set<(event: DomainEvent) => void>();
  let toWake: Subscription[] = [];
  let woken = 0;
  let latest: string | null = null;

  const wakeSome = () => {
    const end = Math.min(woken + busWakeSlice, toWake.length);
    for (; woken < end; woken++) {
      const subscriber = toWake[woken];
      if (!subscriber) break;
      subscriber.wakeQueued = false;
      const wake = subscriber.wake;
      subscriber.wake = null;
      wake?.();
    }
    if (woken < toWake.length) setImmediate(wakeSome);
    else {
      toWake = [];
      woken = 0;
    }
  };

  const tellWatchers = (events: readonly DomainEvent[]) => {
    for (const event of events) {
      if (isEventAfter(event.id, latest)) latest = event.id;
      for (const watcher of watchers) {
        try {
          watcher(event);
        } catch (error) {
          onError(error);
        }
      }
    }
  };

  const queueWake = (subscriber: Subscription): boolean => {
    if (subscriber.wakeQueued) return false;
    subscriber.wakeQueued = true;
    toWake.push(subscriber);
    return toWake.length === 1;
  };

  const subscribe = (signal: AbortSignal): BusSubscription => new Subscription(subscribers, signal);

  return {
    publish(events) {
      if (events.length === 0) return;
      tellWatchers(events);
      let startSlicing = false;
      for (const subscriber of subscribers) {
        subscriber.queue.push(...events);
        if (subscriber.wake) startSlicing = queueWake(subscriber) || startSlicing;
      }
      // The first slice now; a slicing already under way goes on at its own pace.
      if (startSlicing) wakeSome();
    },
    subscribe,
    listen(signal) {
      // Subscribed now, not at the first read, so nothing published in between is missed.
      const subscription = subscribe(signal);
      return (async function* () {
        try {
          for (;;) {
            const batch = subscription.take();
            for (const event of batch) {
              if (subscription.closed) return;
              yield event;
            }
            if (batch.length > 0) continue;
            if (subscription.closed) return;
            await subscription.ready();
          }
        } finally {
          subscription.close();
        }
      })();
    },
    subscriberCount: () => subscribers.size,
    watch(watcher) {
      watchers.add(watcher);
      return () => void watchers.delete(watcher);
    },
    tellWatchers,
    latestEventId: () => latest,
  };
}
