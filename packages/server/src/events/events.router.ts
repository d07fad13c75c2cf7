import type { DomainEvent, Repositories } from '@ocore/core';
import { tracked } from '@trpc/server';
import { z } from 'zod';
import { orgProcedure, router } from '../trpc/trpc.js';

const replayBatch = 500;

/** Stored events after `afterId`, oldest first, in batches. */
async function* replay(events: Repositories['events'], orgIds: string[], afterId: string | null) {
  let last = afterId;
  for (;;) {
    const batch = await events.listAfter(orgIds, last, replayBatch);
    yield* batch;
    if (batch.length < replayBatch) return;
    last = batch.at(-1)!.id;
  }
}

function isAfter(event: DomainEvent, lastId: string | null): boolean {
  return lastId === null || BigInt(event.id) > BigInt(lastId);
}

/** True when this event ends the subscriber's access to the organization. */
function endsAccess(event: DomainEvent, userId: string): boolean {
  return event.type === 'organization.deleted' || (event.type === 'member.removed' && event.payload['targetId'] === userId);
}

export const eventsRouter = router({
  /**
   * Every change in the current organization, live. Listens first, then replays what came
   * after `lastEventId`, so a reconnecting client misses nothing and sees nothing twice.
   */
  onOrgEvent: orgProcedure
    .input(z.object({ lastEventId: z.string().regex(/^\d+$/).nullish() }).optional())
    .subscription(async function* ({ ctx, input, signal }) {
      const orgId = ctx.actor.organizationId;
      const live = ctx.deps.bus.listen(signal ?? new AbortController().signal);
      let lastId = input?.lastEventId ?? null;
      // A first connection starts from now; a reconnection catches up from its last id.
      if (lastId !== null) {
        for await (const event of replay(ctx.deps.store.events, [orgId], lastId)) {
          lastId = event.id;
          yield tracked(event.id, event);
        }
      }
      for await (const event of live) {
        if (event.organizationId !== orgId || !isAfter(event, lastId)) continue;
        lastId = event.id;
        yield tracked(event.id, event);
        if (endsAccess(event, ctx.actor.userId)) return;
      }
    }),
});
