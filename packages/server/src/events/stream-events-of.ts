import { isEventOf, type DomainEvent, type DomainEventType } from '@ocore/core';
import type { TrackedEnvelope } from '@trpc/server';
import { streamEvents, type StreamOptions } from './stream-events.js';

type StreamContext = Parameters<typeof streamEvents>[0];

/** What a stream of some event types takes: `accept` sees those types only, with their payloads. */
export interface TypedStreamOptions<T extends DomainEventType> extends Omit<StreamOptions, 'accept'> {
  accept?: (event: DomainEvent<T>) => boolean;
}

/**
 * `streamEvents` for the given event types only, typed by them: a subscription made with it
 * yields `DomainEvent<T>`, so its clients read the payload's fields without casts.
 */
export function streamEventsOf<T extends DomainEventType>(
  ctx: StreamContext,
  types: readonly T[],
  options: TypedStreamOptions<T>,
): AsyncIterableIterator<TrackedEnvelope<DomainEvent<T>>> {
  const { accept, ...rest } = options;
  const stream = streamEvents(ctx, {
    ...rest,
    accept: (event) => isEventOf(event, types) && (!accept || accept(event)),
  });
  // Only events of `types` pass `accept`, so the stream yields nothing else.
  return stream as AsyncIterableIterator<TrackedEnvelope<DomainEvent<T>>>;
}
