import { isAgencyEventForClients } from '@ocore/core';
import { z } from 'zod';
import { orgProcedure, router } from '../trpc/trpc.js';
import { streamEvents } from './stream-events.js';

export const lastEventIdInput = z.object({ lastEventId: z.string().regex(/^\d+$/).nullish() }).optional();

export const eventsRouter = router({
  /**
   * Every change in the current organization, live, and in a client organization the changes
   * of its portal by its agency (branding, feature switches), so an open portal follows them.
   * A first connection starts from now; a reconnection with `lastEventId` catches up from the
   * log and misses nothing.
   */
  onOrgEvent: orgProcedure.input(lastEventIdInput).subscription(({ ctx, input, signal }) => {
    const { organizationId, agencyOrganizationId } = ctx.actor;
    return streamEvents(ctx, {
      organizationIds: [organizationId, ...(agencyOrganizationId ? [agencyOrganizationId] : [])],
      accept: (event) => event.organizationId === organizationId || isAgencyEventForClients(event),
      lastEventId: input?.lastEventId ?? null,
      signal,
    });
  }),
});
