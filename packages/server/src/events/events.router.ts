import { z } from 'zod';
import { orgProcedure, router } from '../trpc/trpc.js';
import { streamEvents } from './stream-events.js';

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
      lastEventId: input?.lastEventId ?? null,
      signal,
    }),
  ),
});
