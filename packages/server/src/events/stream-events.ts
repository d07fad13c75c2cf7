import type { DomainEvent, Repositories } from '@ocore/core';
import { tracked, type TrackedEnvelope } from '@trpc/server';
import { WebSocket } from 'ws';
import { claimStartedMessage, trackedDataMessage, type SubscriptionAddress } from '../trpc/ws-encoder.js';
import { directConnection, sendSharedText } from '../trpc/ws-frames.js';
import type { Context } from '../trpc/context.js';
import type { BusSubscription } from './event-bus.js';
import { isEventAfter } from './event-id.js';

const replayBatch = 500;

async function* replay(events: Repositories['events'], orgIds: string[], afterId: string) {
  let last = afterId;
  for (;;) {
    const batch = await events.listAfter(orgIds, last, replayBatch);
    yield* batch;
    const tail = batch.at(-1);
    if (batch.length < replayBatch || !tail) return;
    last = tail.id;
  }
}

export interface StreamOptions {
  organizationIds: string[];
  /** Which of the organizations' events this subscriber may see. */
  accept: (event: DomainEvent) => boolean;
  /** True for an event after which the stream ends (access gone). */
  ends?: (event: DomainEvent) => boolean;
  lastEventId: string | null;
  signal: AbortSignal | undefined;
}

/** What a stream takes from the subscription's context: the bus, the event log, and the socket if any. */
type StreamContext = Pick<Context, 'deps' | 'socket'>;

type Tracked = TrackedEnvelope<DomainEvent>;
const finished: IteratorReturnResult<undefined> = { done: true, value: undefined };

/**
 * Events for a subscriber: listens first, then replays what came after `lastEventId` from
 * the log, then goes on live, each event once, as `tracked(id, event)` for reconnects.
 *
 * Live events over a WebSocket skip tRPC. Through tRPC, every event costs every subscriber a
 * round of promises (its iterator, a race with the abort signal, the response objects) and a
 * message of its own; with ten thousand subscribers that, and the garbage it leaves, was most
 * of the time to deliver one change. Once the replay and everything kept are out, the stream
 * learns its subscription id (`claimStartedMessage`), leaves tRPC's `next()` waiting, and the
 * bus hands it each event as published: it writes the very message tRPC would have written,
 * made once per event and id for all subscribers. tRPC still starts, stops and ends it.
 */
export function streamEvents(ctx: StreamContext, options: StreamOptions): AsyncIterableIterator<Tracked> {
  return new EventStream(
    ctx.deps.bus.subscribe(options.signal ?? new AbortController().signal),
    ctx.deps.store.events,
    ctx.socket,
    options,
  );
}

class EventStream implements AsyncIterableIterator<Tracked> {
  private replaying: AsyncGenerator<DomainEvent> | null;
  private lastId: string | null;
  private kept: DomainEvent[] = [];
  private keptAt = 0;
  private started = false;
  private ended = false;
  private address: SubscriptionAddress | null = null;
  /** tRPC's `next()`, left waiting while the live events go straight to the socket. */
  private parked: ((result: IteratorResult<Tracked>) => void) | null = null;

  /** `subscription` is taken before the replay starts, so nothing published meanwhile is missed. */
  constructor(
    private readonly subscription: BusSubscription,
    events: Repositories['events'],
    private readonly socket: WebSocket | undefined,
    private readonly options: StreamOptions,
  ) {
    this.lastId = options.lastEventId;
    this.replaying = this.lastId === null ? null : replay(events, options.organizationIds, this.lastId);
  }

  [Symbol.asyncIterator]() {
    return this;
  }

  async next(): Promise<IteratorResult<Tracked>> {
    if (!this.started) {
      this.started = true;
      if (this.socket) {
        claimStartedMessage((address) => (this.address = address));
        // tRPC sends `started` as soon as this first call returns its promise: let it.
        await Promise.resolve();
      }
    }
    for (;;) {
      if (this.ended) return finished;
      if (this.replaying) {
        const next = await this.replaying.next();
        if (next.done) this.replaying = null;
        else {
          this.lastId = next.value.id;
          if (this.wanted(next.value)) return { done: false, value: tracked(next.value.id, next.value) };
        }
        continue;
      }
      if (this.keptAt === this.kept.length) {
        this.kept = this.subscription.take();
        this.keptAt = 0;
      }
      const event = this.kept[this.keptAt];
      if (event) {
        this.keptAt++;
        if (this.isNew(event)) return { done: false, value: this.pass(event) };
        continue;
      }
      if (this.subscription.closed) return this.end();
      const socket = this.socket;
      if (this.address && socket?.readyState === WebSocket.OPEN) return this.goDirect(socket, this.address);
      await this.subscription.ready();
    }
  }

  return(): Promise<IteratorResult<Tracked>> {
    const replaying = this.replaying;
    this.replaying = null;
    this.end();
    return (replaying?.return(undefined) ?? Promise.resolve()).then(() => finished);
  }

  private wanted(event: DomainEvent): boolean {
    return this.options.organizationIds.includes(event.organizationId) && this.options.accept(event);
  }

  private isNew(event: DomainEvent): boolean {
    return this.wanted(event) && isEventAfter(event.id, this.lastId);
  }

  /** An event for tRPC to send, as its tracked value, noted as delivered. */
  private pass(event: DomainEvent): Tracked {
    this.note(event);
    return tracked(event.id, event);
  }

  /** Notes an event as delivered; the stream ends after it when it ends access. */
  private note(event: DomainEvent): void {
    this.lastId = event.id;
    if (this.options.ends?.(event)) this.end();
  }

  private goDirect(socket: WebSocket, address: SubscriptionAddress): Promise<IteratorResult<Tracked>> {
    return new Promise((resolve) => {
      this.parked = resolve;
      const connection = directConnection(socket);
      this.subscription.deliverDirectly((events) => {
        for (const event of events) {
          if (this.ended) return;
          if (!this.isNew(event)) continue;
          this.note(event);
          sendSharedText(socket, trackedDataMessage(address, event), connection);
        }
      });
    });
  }

  /** Ends the stream: tRPC's waiting `next()` returns done, and tRPC sends `stopped`. */
  private end(): IteratorReturnResult<undefined> {
    this.ended = true;
    this.subscription.close();
    const parked = this.parked;
    this.parked = null;
    parked?.(finished);
    return finished;
  }
}
