import type { DomainEvent, Repositories } from '@ocore/core';
import { tracked } from '@trpc/server';
import type { EventBus } from './event-bus.js';

const replayBatch = 500;

async function* replay(events: Repositories['events'], orgIds: string[], afterId: string) {
  let last = afterId;
  for (;;) {
    const batch = await events.listAfter(orgIds, last, replayBatch);
    yield* batch;
    if (batch.length < replayBatch) return;
    last = batch.at(-1)!.id;
  }
}

export interface StreamOptions {
  bus: EventBus;
  events: Repositories['events'];
  organizationIds: string[];
  /** Which of the organizations' events this subscriber may see. */
  accept: (event: DomainEvent) => boolean;
  /** True for an event after which the stream ends (access gone). */
  ends?: (event: DomainEvent) => boolean;
  lastEventId: string | null;
  signal: AbortSignal | undefined;
}

/**
 * Events for a subscriber: listens first, then replays what came after `lastEventId` from
 * the log, then goes on live, each event once, as `tracked(id, event)` for reconnects.
 */
export async function* streamEvents(options: StreamOptions) {
  const live = options.bus.listen(options.signal ?? new AbortController().signal);
  let lastId = options.lastEventId;
  const wanted = (e: DomainEvent) => options.organizationIds.includes(e.organizationId) && options.accept(e);
  if (lastId !== null) {
    for await (const event of replay(options.events, options.organizationIds, lastId)) {
      lastId = event.id;
      if (wanted(event)) yield tracked(event.id, event);
    }
  }
  for await (const event of live) {
    if (!wanted(event) || (lastId !== null && BigInt(event.id) <= BigInt(lastId))) continue;
    lastId = event.id;
    yield tracked(event.id, event);
    if (options.ends?.(event)) return;
  }
}
