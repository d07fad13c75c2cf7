import {
  authorizeMonitoring,
  getInstanceMetrics,
  instanceMetricsInput,
  instanceMetricsSchema,
  monitoringEvents,
} from '@ocore/core';
import { z } from 'zod';
import { guardedStream } from '../events/guarded-stream.js';
import { streamEventsOf } from '../events/stream-events-of.js';
import { orgProcedure, router } from '../trpc/trpc.js';

const tags = ['Monitoring'];

const liveInput = z
  .object({
    /** Only this instance's points. */
    instanceId: z.uuid({ message: 'must be a UUID' }).optional(),
    lastEventId: z.string().regex(/^\d+$/).nullish(),
  })
  .optional();

export const instanceMonitoringRouter = router({
  metrics: orgProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/instances/{id}/metrics',
        tags,
        protect: true,
        summary:
          'CPU, memory, network, disk and health of the instance over a range (the last hour unless from/to), with its uptime (view:instances; featureMonitoring for client members)',
      },
    })
    .input(instanceMetricsInput)
    .output(instanceMetricsSchema)
    .query(({ ctx, input }) => getInstanceMetrics(ctx.deps, ctx.actor, input)),
  /**
   * New points of the organization's instances (or of `instanceId`), live: `instance.metrics` (every 10 s while it runs) and
   * `instance.threshold` (memory over 90 % of its limit, health failing: raised and cleared).
   * Ends with the error REST would answer once access is gone, `featureMonitoring` included.
   */
  onSample: orgProcedure.input(liveInput).subscription(({ ctx, input, signal }) => {
    return guardedStream(ctx, {
      authorize: (actor) => authorizeMonitoring(ctx.deps, actor),
      // The events come through tRPC here (no socket): the guard above ends the stream when needed.
      open: (aborted) =>
        Promise.resolve(
          streamEventsOf({ ...ctx, socket: undefined }, [monitoringEvents.sample, monitoringEvents.threshold], {
            organizationIds: [ctx.actor.organizationId],
            accept: (e) => !input?.instanceId || e.payload.targetId === input.instanceId,
            lastEventId: input?.lastEventId ?? null,
            signal: aborted,
          }),
        ),
      signal,
    });
  }),
});
