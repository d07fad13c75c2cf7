import type { DomainEvent } from '@ocore/core';
import { z } from 'zod';
import { orgProcedure, router } from '../trpc/trpc.js';
import { streamEvents } from './stream-events.js';

/** True when this event ends the subscriber's access to the organization. */
function endsAccess(event: DomainEvent, userId: string): boolean {
  return (
    event.type === 'organization.deleted' || (event.type === 'member.removed' && event.payload['targetId'] === userId)
  );
}

export const lastEventIdInput = z.object({ lastEventId: z.string().regex(/^\d+$/).nullish() }).optional();

export const eventsRouter = router({
  /**
   * Every change in the current organization, live. A first connection starts from now; a
   * reconnection with `lastEventId` catches up from the log and misses nothing.
   */
  onOrgEvent: orgProcedure.input(lastEventIdInput).subscription(({ ctx, input, signal }) =>
    streamEvents(ctx, {
      organizationIds: [ctx.actor.organizationId],
      accept: () => true,
      ends: (event) => endsAccess(event, ctx.actor.userId),
      lastEventId: input?.lastEventId ?? null,
      signal,
    }),
  ),
});
